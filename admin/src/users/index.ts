import PeopleIcon from '@mui/icons-material/People';
import { UserCreate } from './UserCreate';
import { UserEdit } from './UserEdit';
import { UserList } from './UserList';

export default {
  icon: PeopleIcon,
  list: UserList,
  edit: UserEdit,
  create: UserCreate,
  recordRepresentation: 'email',
  options: { label: 'Users' },
};
