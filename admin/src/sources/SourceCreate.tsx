import { Create, SimpleForm } from 'react-admin';
import { today } from '../citations/today';
import { SourceFields } from './SourceForm';
import { FormGuard } from '../forms/FormGuard';

export const SourceCreate = () => (
  <Create redirect="edit">
    <SimpleForm defaultValues={{ kind: 'VENDOR_MODEL_CARD', retrievedAt: today() }}>
      <FormGuard />
      <SourceFields />
    </SimpleForm>
  </Create>
);
