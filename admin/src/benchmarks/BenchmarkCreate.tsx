import { Create, SimpleForm } from 'react-admin';
import { BenchmarkFields } from './BenchmarkForm';
import { FormGuard } from '../forms/FormGuard';

export const BenchmarkCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ scaleMin: 0, scaleMax: 100, unit: 'PERCENT', higherIsBetter: true, category: 'OTHER' }}>
      <FormGuard />
      <BenchmarkFields />
    </SimpleForm>
  </Create>
);
