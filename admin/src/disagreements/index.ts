import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import { lazyScreen } from '../layout/lazyScreen';

const DisagreementList = lazyScreen(() => import('./DisagreementList'), 'DisagreementList');

export default {
  icon: CompareArrowsIcon,
  list: DisagreementList,
  options: { label: 'Disagreements' },
};
