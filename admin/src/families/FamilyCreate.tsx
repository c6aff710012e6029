import { Create, SimpleForm } from 'react-admin';
import { FamilyFields } from './FamilyForm';

export const FamilyCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <FamilyFields />
    </SimpleForm>
  </Create>
);
