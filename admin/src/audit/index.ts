import HistoryIcon from '@mui/icons-material/History';
import { lazyScreen } from '../layout/lazyScreen';

const AuditList = lazyScreen(() => import('./AuditList'), 'AuditList');

export default {
  icon: HistoryIcon,
  list: AuditList,
  options: { label: 'Audit trail' },
};
