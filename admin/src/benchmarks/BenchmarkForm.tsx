import { BooleanInput, NumberInput, SelectInput, TextInput, required, type Validator } from 'react-admin';
import { FormSection, Row, SlugInput, urlRule } from '../shared';
import { categories, units } from './scale';

const aboveMin: Validator = (value, values) =>
  value != null && values.scaleMin != null && Number(value) <= Number(values.scaleMin) ? 'The top of the scale must be above its bottom' : undefined;

export const BenchmarkFields = () => (
  <>
    <Row>
      <TextInput source="name" validate={required()} />
      <SlugInput />
      <SelectInput source="category" choices={categories} validate={required()} />
    </Row>
    <TextInput source="description" label="What it measures" multiline minRows={2} fullWidth />
    <FormSection title="Scale" hint="Scores outside the scale are refused.">
      <Row>
        <NumberInput source="scaleMin" label="Minimum" validate={required()} />
        <NumberInput source="scaleMax" label="Maximum" validate={[required(), aboveMin]} />
        <SelectInput source="unit" choices={units} validate={required()} />
        <BooleanInput source="higherIsBetter" label="Higher is better" />
      </Row>
    </FormSection>
    <TextInput source="homepage" validate={urlRule} fullWidth />
  </>
);
