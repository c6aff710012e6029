import { AutocompleteInput, ReferenceInput, required } from 'react-admin';
import { CitationInput } from '../citations/CitationInput';
import { scoreToCheck } from '../evidence/valuesToCheck';
import { FormSection, Row } from '../shared';
import { ScoreValueInput } from './BenchmarkScaleInput';
import { RunByInput } from './RunByInput';
import { ScoreConditionsInputs } from './ScoreConditionsInputs';
import { UncertaintyInputs } from './UncertaintyInputs';

/**
 * Model and benchmark pickers, the value checked against the benchmark's scale, how it was obtained
 * (and the board that makes it join), the citation, who ran it and how sure it is.
 */
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
    <FormSection title="How it was obtained" hint="As the source states it; leave blank what it does not say. Results are ranked only with results obtained the same way.">
      <ScoreConditionsInputs />
    </FormSection>
    <FormSection title="Citation">
      <CitationInput evidence={scoreToCheck} />
    </FormSection>
    <FormSection title="Who ran it, and how sure it is">
      <RunByInput />
      <UncertaintyInputs />
    </FormSection>
  </>
);
