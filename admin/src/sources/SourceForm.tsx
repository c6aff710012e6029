import { DateInput, SelectInput, TextInput, required } from 'react-admin';
import { sourceKinds } from '../citations/methodology';
import { Row, urlRule } from '../shared';

export const SourceFields = () => (
  <>
    <TextInput source="url" label="URL" validate={[required(), urlRule]} fullWidth />
    <TextInput source="title" validate={required()} fullWidth />
    <Row>
      <TextInput source="publisher" validate={required()} />
      <SelectInput source="kind" choices={sourceKinds} validate={required()} />
    </Row>
    <Row>
      <DateInput source="publishedAt" label="Published on" />
      <DateInput source="retrievedAt" label="Retrieved on" validate={required()} />
    </Row>
    <TextInput source="archivedUrl" label="Archived copy URL" validate={urlRule} fullWidth helperText="e.g. a Wayback Machine snapshot" />
  </>
);
