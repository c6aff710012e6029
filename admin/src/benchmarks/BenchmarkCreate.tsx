import { Create, SimpleForm } from 'react-admin';
import { BenchmarkFields } from './BenchmarkForm';

export const BenchmarkCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ scaleMin: 0, scaleMax: 100, unit: 'PERCENT', higherIsBetter: true, category: 'OTHER' }}>
      <BenchmarkFields />
    </SimpleForm>
  </Create>
);
