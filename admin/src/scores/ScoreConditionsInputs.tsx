import { Alert } from '@mui/material';
import { useEffect, useRef } from 'react';
import { minValue, NumberInput, SelectInput, TextInput, useRecordContext, type Validator } from 'react-admin';
import { useFormContext, useFormState } from 'react-hook-form';
import { Row } from '../shared';
import { BoardPreviewPanel } from './BoardPreviewPanel';
import { defaultsOf, harnessSuggestions, reasoningEfforts } from './conditions';
import { useBoardPreview } from './useBoardPreview';

const effortChoices = reasoningEfforts.map((effort) => ({ id: effort, name: effort }));
const toolChoices = [
  { id: 'yes', name: 'Yes, with tools' },
  { id: 'no', name: 'No tools' },
];
const toolsFormat = (value: unknown) => (value === true ? 'yes' : value === false ? 'no' : '');
const toolsParse = (value: unknown) => (value === 'yes' ? true : value === 'no' ? false : null);
const blankIsNull = (value: unknown) => (value === '' ? null : value);
const wholeNumber: Validator = (value) => (value == null || value === '' || Number.isInteger(Number(value)) ? undefined : 'A whole number.');

/** The benchmark's declared versions to pick from, else free text. */
const VersionInput = ({ versions }: { versions: string[] }) => {
  const record = useRecordContext();
  const saved = record?.conditions?.benchmarkVersion as string | null | undefined;
  if (versions.length === 0) {
    return <TextInput source="conditions.benchmarkVersion" label="Benchmark version" helperText='The version, subset or split, e.g. "2.1"; empty if not stated' />;
  }
  const choices = [...versions, ...(saved && !versions.includes(saved) ? [saved] : [])].map((version) => ({ id: version, name: version }));
  return (
    <SelectInput source="conditions.benchmarkVersion" label="Benchmark version" choices={choices} emptyText="Not stated" parse={blankIsNull} helperText="One of the versions the benchmark declares" />
  );
};

/**
 * How the score was obtained, as the source states it (blank: not stated), and below it the board
 * the score will join. A new score starts from the benchmark's default setting.
 */
export const ScoreConditionsInputs = () => {
  const record = useRecordContext();
  const creating = !record?.id;
  const { data: preview, error, isFetching, benchmarkSlug } = useBoardPreview();
  const { setValue } = useFormContext();
  const { dirtyFields } = useFormState({ name: 'conditions' });
  const edited = Object.values((dirtyFields as { conditions?: Record<string, boolean> }).conditions ?? {}).some(Boolean);
  const appliedFor = useRef<string | null>(null);

  // A new score starts from its benchmark's default board, until the editor changes a condition.
  useEffect(() => {
    if (!creating || !preview || preview.benchmark !== benchmarkSlug || appliedFor.current === benchmarkSlug || edited) return;
    appliedFor.current = benchmarkSlug;
    const defaults = defaultsOf(preview.defaultConditions);
    for (const [key, value] of Object.entries(defaults)) if (key !== 'harness') setValue(`conditions.${key}`, value);
  }, [creating, preview, benchmarkSlug, edited, setValue]);

  const current = preview && preview.benchmark === benchmarkSlug ? preview : null;
  return (
    <>
      {record?.settingParsed === false && (
        <Alert severity="warning" sx={{ mb: 2, maxWidth: 720 }} data-testid="setting-unread">
          This score’s setting “{record.setting}” could not be read, so it is compared with no other result. State the conditions below (as the
          source gives them) and save.
        </Alert>
      )}
      <Row>
        <VersionInput versions={current?.versions ?? []} />
        <NumberInput source="conditions.shots" label="Shots" validate={[minValue(0, 'Cannot be negative.'), wholeNumber]} helperText="Examples in the prompt; 0 for zero-shot" />
        <NumberInput source="conditions.passAtK" label="pass@k" validate={[minValue(1, 'pass@k starts at k = 1.'), wholeNumber]} helperText="k of pass@k, e.g. 1" />
      </Row>
      <Row>
        <SelectInput source="conditions.tools" label="Tools" choices={toolChoices} emptyText="Not stated" format={toolsFormat} parse={toolsParse} helperText="Could the model use tools?" />
        <SelectInput source="conditions.reasoningEffort" label="Reasoning effort" choices={effortChoices} emptyText="Not stated" parse={blankIsNull} />
        <TextInput
          source="conditions.harness"
          label="Harness"
          helperText="The harness or agent it ran in (reported, not compared)"
          slotProps={{ htmlInput: { list: 'score-harness-suggestions' } }}
        />
        <datalist id="score-harness-suggestions">
          {harnessSuggestions.map((harness) => (
            <option key={harness} value={harness} />
          ))}
        </datalist>
      </Row>
      <TextInput source="metric" label="Metric" helperText='What was measured, as the source names it, e.g. "accuracy" (part of the label, not compared)' />
      <BoardPreviewPanel preview={current} error={error} waiting={isFetching || (!!benchmarkSlug && !current)} />
    </>
  );
};
