import BusinessIcon from '@mui/icons-material/Business';
import { ProviderCreate } from './ProviderCreate';
import { ProviderEdit } from './ProviderEdit';
import { ProviderList } from './ProviderList';

export default {
  icon: BusinessIcon,
  list: ProviderList,
  edit: ProviderEdit,
  create: ProviderCreate,
  recordRepresentation: 'name',
  options: { label: 'Providers' },
};
