import { Create, SimpleForm } from 'react-admin';
import { ProviderFields } from './ProviderForm';
import { FormGuard } from '../forms/FormGuard';

export const ProviderCreate = () => (
  <Create redirect="edit" mutationOptions={{ meta: {} }}>
    <SimpleForm>
      <FormGuard />
      <ProviderFields />
    </SimpleForm>
  </Create>
);
