import LinkIcon from '@mui/icons-material/Link';
import { SourceCreate } from './SourceCreate';
import { SourceEdit } from './SourceEdit';
import { SourceList } from './SourceList';

export default {
  icon: LinkIcon,
  list: SourceList,
  edit: SourceEdit,
  create: SourceCreate,
  recordRepresentation: 'title',
  options: { label: 'Sources' },
};
