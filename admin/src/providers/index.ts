import BusinessIcon from '@mui/icons-material/Business';
import { lazyScreen } from '../layout/lazyScreen';

const ProviderCreate = lazyScreen(() => import('./ProviderCreate'), 'ProviderCreate');
const ProviderEdit = lazyScreen(() => import('./ProviderEdit'), 'ProviderEdit');
const ProviderList = lazyScreen(() => import('./ProviderList'), 'ProviderList');

export default {
  icon: BusinessIcon,
  list: ProviderList,
  edit: ProviderEdit,
  create: ProviderCreate,
  recordRepresentation: 'name',
  options: { label: 'Providers' },
};
