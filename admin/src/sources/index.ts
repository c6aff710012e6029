import LinkIcon from '@mui/icons-material/Link';
import { lazyScreen } from '../layout/lazyScreen';

const SourceCreate = lazyScreen(() => import('./SourceCreate'), 'SourceCreate');
const SourceEdit = lazyScreen(() => import('./SourceEdit'), 'SourceEdit');
const SourceList = lazyScreen(() => import('./SourceList'), 'SourceList');

export default {
  icon: LinkIcon,
  list: SourceList,
  edit: SourceEdit,
  create: SourceCreate,
  recordRepresentation: 'title',
  options: { label: 'Sources' },
};
