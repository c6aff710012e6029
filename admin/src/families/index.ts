import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { lazyScreen } from '../layout/lazyScreen';

const FamilyCreate = lazyScreen(() => import('./FamilyCreate'), 'FamilyCreate');
const FamilyEdit = lazyScreen(() => import('./FamilyEdit'), 'FamilyEdit');
const FamilyList = lazyScreen(() => import('./FamilyList'), 'FamilyList');

export default {
  icon: AccountTreeIcon,
  list: FamilyList,
  edit: FamilyEdit,
  create: FamilyCreate,
  recordRepresentation: 'name',
  options: { label: 'Families' },
};
