import PeopleIcon from '@mui/icons-material/People';
import { lazyScreen } from '../layout/lazyScreen';

const UserCreate = lazyScreen(() => import('./UserCreate'), 'UserCreate');
const UserEdit = lazyScreen(() => import('./UserEdit'), 'UserEdit');
const UserList = lazyScreen(() => import('./UserList'), 'UserList');

export default {
  icon: PeopleIcon,
  list: UserList,
  edit: UserEdit,
  create: UserCreate,
  recordRepresentation: 'email',
  options: { label: 'Users' },
};
