import { useEffect, useRef } from 'react';
import { SelectInput, useGetOne, useRecordContext } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { sourceKinds } from '../citations/methodology';
import { runByChoices, runByOfSource } from './conditions';

/**
 * Who ran the evaluation. A new score takes the default from the kind of page cited (a vendor's page:
 * the maker; a leaderboard: an independent evaluator), shown as such; the editor may change it.
 */
export const RunByInput = () => {
  const record = useRecordContext();
  const creating = !record?.id;
  const sourceId = useWatch({ name: 'citation.sourceId' });
  const runBy = useWatch({ name: 'runBy' });
  const { data: source } = useGetOne('sources', { id: sourceId }, { enabled: !!sourceId });
  const { setValue } = useFormContext();
  const chosen = useRef(false);
  const suggested = source ? runByOfSource(source.kind) : null;

  useEffect(() => {
    if (creating && suggested && !chosen.current) setValue('runBy', suggested);
  }, [creating, suggested, setValue]);

  const kind = sourceKinds.find((k) => k.id === source?.kind)?.name.toLowerCase();
  const defaultName = runByChoices.find((c) => c.id === suggested)?.name;
  const helperText = !suggested
    ? 'By default from the kind of source cited'
    : runBy === suggested
      ? `Default for a ${kind ?? 'source of this kind'}: change it if someone else ran the evaluation`
      : `The default for a ${kind ?? 'source of this kind'} would be: ${defaultName}`;
  return (
    <SelectInput
      source="runBy"
      label="Who ran it"
      choices={runByChoices}
      emptyText="As the source's kind says"
      parse={(value: unknown) => (value === '' ? null : value)}
      onChange={() => {
        chosen.current = true;
      }}
      helperText={helperText}
      sx={{ maxWidth: 440, width: '100%' }}
    />
  );
};
