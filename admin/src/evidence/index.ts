import PlaylistRemoveIcon from '@mui/icons-material/PlaylistRemove';
import { lazyScreen } from '../layout/lazyScreen';

const DriftQueueList = lazyScreen(() => import('./DriftQueueList'), 'DriftQueueList');

/** The drift queue: verified numbers whose evidence no longer holds (reviewers). */
export default {
  icon: PlaylistRemoveIcon,
  list: DriftQueueList,
  options: { label: 'Drift queue' },
};
