import { BooleanInput, SelectInput, TabbedForm, TextInput, required } from 'react-admin';
import { SaveToolbar, VersionedEdit } from '../conflicts/VersionedEdit';
import { RecordHistory } from '../history/RecordHistory';
import { roles } from '../workflow/statuses';
import { FormGuard } from '../forms/FormGuard';

export const UserEdit = () => (
  <VersionedEdit>
    <TabbedForm toolbar={<SaveToolbar />}>
      <TabbedForm.Tab label="Account">
        <FormGuard />
        <TextInput source="email" disabled />
        <TextInput source="name" />
        <SelectInput source="role" choices={roles} validate={required()} />
        <BooleanInput source="disabled" label="Disabled (signs the person out and refuses their logins)" />
      </TabbedForm.Tab>
      <TabbedForm.Tab label="History" path="history">
        <RecordHistory />
      </TabbedForm.Tab>
    </TabbedForm>
  </VersionedEdit>
);
