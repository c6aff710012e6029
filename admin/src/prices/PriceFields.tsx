import { AutocompleteInput, NumberInput, ReferenceInput, SelectInput, minValue, required } from 'react-admin';
import { CitationInput } from '../citations/CitationInput';
import { priceToCheck } from '../evidence/valuesToCheck';
import { FormSection, Row } from '../shared';
import { EffectiveFromInput } from './EffectiveFromInput';
import { priceKinds } from './priceKinds';

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
      <EffectiveFromInput />
    </Row>
    <FormSection title="Citation">
      <CitationInput evidence={priceToCheck} />
    </FormSection>
  </>
);
