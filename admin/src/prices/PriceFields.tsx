import { AutocompleteInput, DateInput, NumberInput, ReferenceInput, SelectInput, minValue, required, type Validator } from 'react-admin';
import { CitationInput } from '../citations/CitationInput';
import { priceToCheck } from '../evidence/valuesToCheck';
import { FormSection, Row } from '../shared';
import { priceKinds } from './priceKinds';

const notInFuture: Validator = (value) => (value && value > new Date().toISOString().slice(0, 10) ? 'A price cannot take effect in the future' : undefined);

export const PriceFields = ({ locked = false }: { locked?: boolean }) => (
  <>
    <Row>
      <ReferenceInput source="modelId" reference="models">
        <AutocompleteInput label="Model" validate={required('Pick the model this price is for.')} disabled={locked} filterToQuery={(q: string) => ({ q })} />
      </ReferenceInput>
      <SelectInput source="kind" choices={priceKinds} validate={required()} disabled={locked} />
    </Row>
    <Row>
      {/* No HTML min: the browser's own bubble would stop the save before our messages (and the
          missing-citation notice) could show. */}
      <NumberInput source="usdPerMillionTokens" label="USD per 1M tokens" validate={[required(), minValue(0, 'A price cannot be negative')]} step="any" />
      <NumberInput source="tierMinTokens" label="Applies above (tokens)" validate={minValue(0, 'Cannot be negative')} helperText="0 for the base tier" />
      <DateInput source="effectiveFrom" label="Effective from" validate={[required(), notInFuture]} />
    </Row>
    <FormSection title="Citation">
      <CitationInput evidence={priceToCheck} />
    </FormSection>
  </>
);
