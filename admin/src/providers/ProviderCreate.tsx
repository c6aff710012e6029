import { Create, SimpleForm } from 'react-admin';
import { ProviderFields } from './ProviderForm';

export const ProviderCreate = () => (
  <Create redirect="edit" mutationOptions={{ meta: {} }}>
    <SimpleForm>
      <ProviderFields />
    </SimpleForm>
  </Create>
);
