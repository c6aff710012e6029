import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { FamilyCreate } from './FamilyCreate';
import { FamilyEdit } from './FamilyEdit';
import { FamilyList } from './FamilyList';

export default {
  icon: AccountTreeIcon,
  list: FamilyList,
  edit: FamilyEdit,
  create: FamilyCreate,
  recordRepresentation: 'name',
  options: { label: 'Families' },
};
