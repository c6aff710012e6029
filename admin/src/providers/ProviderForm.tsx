import { TextInput, required } from 'react-admin';
import { FormSection, Row, SlugInput, urlRule } from '../shared';

export const ProviderFields = () => (
  <>
    <Row>
      <TextInput source="name" validate={required()} />
      <SlugInput />
    </Row>
    <Row>
      <TextInput source="website" validate={urlRule} />
      <TextInput source="docsUrl" label="Docs URL" validate={urlRule} />
    </Row>
    <FormSection title="API facts" hint="Code snippets on model pages are built from these.">
      <Row>
        <TextInput source="api.baseUrl" label="API base URL" validate={urlRule} />
        <TextInput source="api.apiKeyEnv" label="API key variable" helperText="e.g. OPENAI_API_KEY" />
      </Row>
      <Row>
        <TextInput source="api.npmPackage" label="npm package" />
        <TextInput source="api.pythonPackage" label="Python package" />
      </Row>
    </FormSection>
  </>
);
