import { AutocompleteInput, ReferenceInput, TextInput, required } from 'react-admin';
import { Row, SlugInput } from '../shared';

export const FamilyFields = () => (
  <>
    <Row>
      <TextInput source="name" validate={required()} />
      <SlugInput />
      <ReferenceInput source="providerId" reference="providers">
        <AutocompleteInput label="Provider" validate={required()} />
      </ReferenceInput>
    </Row>
    <TextInput source="description" multiline minRows={2} fullWidth />
  </>
);
