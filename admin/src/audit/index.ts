import HistoryIcon from '@mui/icons-material/History';
import { AuditList } from './AuditList';

export default {
  icon: HistoryIcon,
  list: AuditList,
  options: { label: 'Audit trail' },
};
