import { Create, PasswordInput, SelectInput, SimpleForm, TextInput, minLength, required } from 'react-admin';
import { accountEmail } from './emailAddress';
import { roles } from '../workflow/statuses';
import { FormGuard } from '../forms/FormGuard';

export const UserCreate = () => (
  <Create redirect="list" mutationMode="pessimistic">
    <SimpleForm defaultValues={{ role: 'EDITOR' }}>
      <FormGuard />
      <TextInput source="email" validate={[required(), accountEmail()]} />
      <TextInput source="name" />
      <SelectInput source="role" choices={roles} validate={required()} helperText="Editors enter numbers; reviewers also verify others' entries; admins also manage accounts" />
      <PasswordInput source="password" validate={[required(), minLength(12, 'At least 12 characters')]} helperText="Give it to the person; they can change it later" />
    </SimpleForm>
  </Create>
);
