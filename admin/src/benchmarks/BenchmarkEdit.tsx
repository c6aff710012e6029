import { PublishableEdit } from '../workflow/PublishableEdit';
import { BenchmarkFields } from './BenchmarkForm';

export const BenchmarkEdit = () => (
  <PublishableEdit>
    <BenchmarkFields />
  </PublishableEdit>
);
