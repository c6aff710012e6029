import SpeedIcon from '@mui/icons-material/Speed';
import { BenchmarkCreate } from './BenchmarkCreate';
import { BenchmarkEdit } from './BenchmarkEdit';
import { BenchmarkList } from './BenchmarkList';

export default {
  icon: SpeedIcon,
  list: BenchmarkList,
  edit: BenchmarkEdit,
  create: BenchmarkCreate,
  recordRepresentation: 'name',
  options: { label: 'Benchmarks' },
};
