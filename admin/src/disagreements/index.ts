import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import { DisagreementList } from './DisagreementList';

export default {
  icon: CompareArrowsIcon,
  list: DisagreementList,
  options: { label: 'Disagreements' },
};
