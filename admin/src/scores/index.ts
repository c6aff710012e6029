import LeaderboardIcon from '@mui/icons-material/Leaderboard';
import { lazyScreen } from '../layout/lazyScreen';

const ScoreCreate = lazyScreen(() => import('./ScoreCreate'), 'ScoreCreate');
const ScoreEdit = lazyScreen(() => import('./ScoreEdit'), 'ScoreEdit');
const ScoreList = lazyScreen(() => import('./ScoreList'), 'ScoreList');

export default {
  icon: LeaderboardIcon,
  list: ScoreList,
  edit: ScoreEdit,
  create: ScoreCreate,
  recordRepresentation: (record: any) => `${record.model?.name ?? ''} · ${record.benchmark?.name ?? ''}: ${record.value}`,
  options: { label: 'Scores' },
};
