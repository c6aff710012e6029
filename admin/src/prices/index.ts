import AttachMoneyIcon from '@mui/icons-material/AttachMoney';
import { PriceCreate } from './PriceCreate';
import { PriceEdit } from './PriceEdit';
import { PriceList } from './PriceList';

export default {
  icon: AttachMoneyIcon,
  list: PriceList,
  edit: PriceEdit,
  create: PriceCreate,
  recordRepresentation: (record: any) => `${record.model?.name ?? ''} ${record.kind}: $${record.usdPerMillionTokens}`,
  options: { label: 'Prices' },
};
