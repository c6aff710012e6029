import AttachMoneyIcon from '@mui/icons-material/AttachMoney';
import { lazyScreen } from '../layout/lazyScreen';

const PriceCreate = lazyScreen(() => import('./PriceCreate'), 'PriceCreate');
const PriceEdit = lazyScreen(() => import('./PriceEdit'), 'PriceEdit');
const PriceList = lazyScreen(() => import('./PriceList'), 'PriceList');

export default {
  icon: AttachMoneyIcon,
  list: PriceList,
  edit: PriceEdit,
  create: PriceCreate,
  recordRepresentation: (record: any) => `${record.model?.name ?? ''} ${record.kind}: $${record.usdPerMillionTokens}`,
  options: { label: 'Prices' },
};
