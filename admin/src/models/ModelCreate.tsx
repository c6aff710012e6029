import { Create, SimpleForm } from 'react-admin';
import { ModelFields } from './ModelFields';

export const ModelCreate = () => (
  <Create redirect="edit">
    <SimpleForm defaultValues={{ status: 'ACTIVE', license: { name: 'Proprietary', openWeights: false }, strengths: [], weaknesses: [] }}>
      <ModelFields />
    </SimpleForm>
  </Create>
);
