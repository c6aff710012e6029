import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import { ScoreCreate } from './ScoreCreate';
import { ScoreEdit } from './ScoreEdit';
import { ScoreList } from './ScoreList';

export default {
  icon: LeaderboardIcon,
  list: ScoreList,
  edit: ScoreEdit,
  create: ScoreCreate,
  recordRepresentation: (record: any) => `${record.model?.name ?? ''} · ${record.benchmark?.name ?? ''}: ${record.value}`,
  options: { label: 'Scores' },
};
