import { Create, SimpleForm } from 'react-admin';
import { FamilyFields } from './FamilyForm';
import { FormGuard } from '../forms/FormGuard';

export const FamilyCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <FormGuard />
      <FamilyFields />
    </SimpleForm>
  </Create>
);
