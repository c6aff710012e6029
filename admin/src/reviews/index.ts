import FactCheckIcon from '@mui/icons-material/FactCheck';
import { ReviewQueue } from './ReviewQueue';

export default {
  icon: FactCheckIcon,
  list: ReviewQueue,
  options: { label: 'Review queue' },
};
