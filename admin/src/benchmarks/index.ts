import SpeedIcon from '@mui/icons-material/Speed';
import { lazyScreen } from '../layout/lazyScreen';

const BenchmarkCreate = lazyScreen(() => import('./BenchmarkCreate'), 'BenchmarkCreate');
const BenchmarkEdit = lazyScreen(() => import('./BenchmarkEdit'), 'BenchmarkEdit');
const BenchmarkList = lazyScreen(() => import('./BenchmarkList'), 'BenchmarkList');

export default {
  icon: SpeedIcon,
  list: BenchmarkList,
  edit: BenchmarkEdit,
  create: BenchmarkCreate,
  recordRepresentation: 'name',
  options: { label: 'Benchmarks' },
};
