import { Create, SimpleForm } from 'react-admin';
import { today } from '../citations/today';
import { SourceFields } from './SourceForm';

export const SourceCreate = () => (
  <Create redirect="edit">
    <SimpleForm defaultValues={{ kind: 'VENDOR_MODEL_CARD', retrievedAt: today() }}>
      <SourceFields />
    </SimpleForm>
  </Create>
);
