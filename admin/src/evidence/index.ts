import PlaylistRemoveIcon from '@mui/icons-material/PlaylistRemove';
import { DriftQueueList } from './DriftQueueList';

/** The drift queue: verified numbers whose evidence no longer holds (reviewers). */
export default {
  icon: PlaylistRemoveIcon,
  list: DriftQueueList,
  options: { label: 'Drift queue' },
};
