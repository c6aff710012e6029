import { AutocompleteInput, ReferenceInput, TextInput, required } from 'react-admin';
import { CitationInput } from '../citations/CitationInput';
import { scoreToCheck } from '../evidence/valuesToCheck';
import { FormSection, Row } from '../shared';
import { ScoreValueInput } from './BenchmarkScaleInput';

/** Model and benchmark pickers, the value checked against the benchmark's scale, and the citation. */
export const ScoreFields = ({ locked = false }: { locked?: boolean }) => (
  <>
    <Row>
      <ReferenceInput source="modelId" reference="models">
        <AutocompleteInput label="Model" validate={required('Pick the model this score is for.')} disabled={locked} filterToQuery={(q: string) => ({ q })} />
      </ReferenceInput>
      <ReferenceInput source="benchmarkId" reference="benchmarks" perPage={200}>
        <AutocompleteInput label="Benchmark" validate={required('Pick the benchmark.')} disabled={locked} filterToQuery={(q: string) => ({ q })} />
      </ReferenceInput>
    </Row>
    <ScoreValueInput />
    <TextInput source="setting" helperText='How it was obtained, e.g. "pass@1, no tools" (leave empty if the benchmark has one setting)' fullWidth />
    <FormSection title="Citation">
      <CitationInput evidence={scoreToCheck} />
    </FormSection>
  </>
);
