import { ArrayInput, AutocompleteInput, BooleanInput, ReferenceInput, SelectInput, SimpleFormIterator, TextInput, required } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { FormSection, Row, SlugInput } from '../shared';
import { modelStatuses } from './modelChoices';

const FamilyInput = () => {
  const providerId = useWatch({ name: 'providerId' });
  return (
    <ReferenceInput source="familyId" reference="families" filter={providerId ? { providerId } : {}}>
      <AutocompleteInput label="Family" helperText="Optional: the provider's line this model belongs to" />
    </ReferenceInput>
  );
};

/** The model's own descriptive fields; its sourced numbers are on the other tabs. */
export const ModelFields = () => (
  <>
    <Row>
      <TextInput source="name" validate={required()} />
      <SlugInput />
      <ReferenceInput source="providerId" reference="providers">
        <AutocompleteInput label="Provider" validate={required()} />
      </ReferenceInput>
      <FamilyInput />
    </Row>
    <TextInput source="tagline" fullWidth helperText="One sentence under the model's name on its page" />
    <TextInput source="about" multiline minRows={4} fullWidth helperText="Markdown" />
    <Row>
      <SelectInput source="status" choices={modelStatuses} validate={required()} />
      <TextInput source="apiModelId" label="API model id" />
    </Row>
    <Row>
      <TextInput source="license.name" label="Licence" helperText='"Proprietary" or the open licence, e.g. Apache 2.0' />
      <BooleanInput source="license.openWeights" label="Open weights" />
    </Row>
    <FormSection title="Capabilities">
      <Row>
        <ArrayInput source="strengths">
          <SimpleFormIterator inline disableReordering>
            <TextInput source="" label="Strength" fullWidth />
          </SimpleFormIterator>
        </ArrayInput>
        <ArrayInput source="weaknesses">
          <SimpleFormIterator inline disableReordering>
            <TextInput source="" label="Weakness" fullWidth />
          </SimpleFormIterator>
        </ArrayInput>
      </Row>
    </FormSection>
  </>
);
