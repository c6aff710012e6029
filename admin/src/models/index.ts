import SmartToyIcon from '@mui/icons-material/SmartToy';
import { lazyScreen } from '../layout/lazyScreen';

const ModelCreate = lazyScreen(() => import('./ModelCreate'), 'ModelCreate');
const ModelEdit = lazyScreen(() => import('./ModelEdit'), 'ModelEdit');
const ModelList = lazyScreen(() => import('./ModelList'), 'ModelList');

export default {
  icon: SmartToyIcon,
  list: ModelList,
  edit: ModelEdit,
  create: ModelCreate,
  recordRepresentation: 'name',
  options: { label: 'Models' },
};
