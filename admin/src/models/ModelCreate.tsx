import { Create, SimpleForm } from 'react-admin';
import { ModelFields } from './ModelFields';
import { FormGuard } from '../forms/FormGuard';

export const ModelCreate = () => (
  <Create redirect="edit">
    <SimpleForm defaultValues={{ status: 'ACTIVE', license: { name: 'Proprietary', openWeights: false }, strengths: [], weaknesses: [] }}>
      <FormGuard />
      <ModelFields />
    </SimpleForm>
  </Create>
);
