import SmartToyIcon from '@mui/icons-material/SmartToy';
import { ModelCreate } from './ModelCreate';
import { ModelEdit } from './ModelEdit';
import { ModelList } from './ModelList';

export default {
  icon: SmartToyIcon,
  list: ModelList,
  edit: ModelEdit,
  create: ModelCreate,
  recordRepresentation: 'name',
  options: { label: 'Models' },
};
