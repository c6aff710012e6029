import FactCheckIcon from '@mui/icons-material/FactCheck';
import { lazyScreen } from '../layout/lazyScreen';

const ReviewQueue = lazyScreen(() => import('./ReviewQueue'), 'ReviewQueue');

export default {
  icon: FactCheckIcon,
  list: ReviewQueue,
  options: { label: 'Review queue' },
};
