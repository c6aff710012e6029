import { Alert, Box, Typography } from '@mui/material';
import { AutocompleteInput, DateInput, ReferenceInput, TextInput, required, useGetOne } from 'react-admin';
import { get, useFormState, useWatch } from 'react-hook-form';
import { EvidencePanel, type ValueOfForm } from '../evidence/EvidencePanel';
import { CreateSourceInline } from './CreateSourceInline';
import { citationRequired, locatorRequired, methodologyFor } from './methodology';
import { today } from './today';

const sourceOption = (source: { title?: string; url?: string } | undefined) =>
  source ? `${source.title ?? ''} — ${source.url ?? ''}` : '';

/** After a refused save, says in words why the number was not saved when its citation is missing. */
const CitationNotice = ({ source, compact }: { source: string; compact: boolean }) => {
  const { errors, submitCount } = useFormState();
  // The banner fits the source picked: a paper or a pricing page is not a vendor's model card.
  const sourceId = useWatch({ name: `${source}.sourceId` }) as string | undefined;
  const { data: picked } = useGetOne('sources', { id: sourceId! }, { enabled: !!sourceId && !compact });
  const missing = submitCount > 0 && (get(errors, `${source}.sourceId`) || get(errors, `${source}.locator`));
  if (missing) {
    return (
      <Alert severity="error" sx={{ mb: 2 }} data-testid="citation-missing">
        <strong>Not saved: this number has no citation.</strong> Every number we publish needs its source: pick the page it comes from (or
        add it) and say where in it the number appears. {methodologyFor(null)}
      </Alert>
    );
  }
  if (compact) return null;
  return (
    <Alert severity="info" variant="outlined" sx={{ mb: 2 }} data-testid="methodology">
      <Typography variant="body2" component="span">
        <strong>Citation required.</strong> {methodologyFor(sourceId ? picked?.kind : null)}
      </Typography>
    </Alert>
  );
};

/**
 * The citation every sourced number needs: an existing source found by URL or title (or one added
 * here), where in it the number appears, and when it was read. Without one the form cannot be saved.
 * Given `evidence` (how to read the number from the form), the page's latest capture is searched for
 * it as the editor types.
 */
export const CitationInput = ({ source = 'citation', compact = false, evidence }: { source?: string; compact?: boolean; evidence?: ValueOfForm }) => (
  <Box sx={{ width: '100%', maxWidth: 720 }}>
    <CitationNotice source={source} compact={compact} />
    <ReferenceInput source={`${source}.sourceId`} reference="sources" perPage={20}>
      <AutocompleteInput
        label="Source"
        optionText={sourceOption}
        filterToQuery={(q: string) => ({ q })}
        validate={required(citationRequired)}
        create={<CreateSourceInline retrievedAtField={`${source}.retrievedAt`} />}
        createLabel="Add a new source…"
        createItemLabel="Add a new source: %{item}"
        helperText="Search by URL or title, or add the page if it is new"
        fullWidth
      />
    </ReferenceInput>
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
      <TextInput
        source={`${source}.locator`}
        label="Where in the source"
        validate={required(locatorRequired)}
        helperText="Table, section or a short quote"
        sx={{ flex: 2, minWidth: 260 }}
      />
      {/* Asked once, here: a source added inline takes this date as its own (the API's citation date
          defaults to its source's; a number read again later from a known page gets its own day). */}
      <DateInput source={`${source}.retrievedAt`} label="Retrieved on" defaultValue={today()} sx={{ flex: 1, minWidth: 180 }}
        helperText="When you read the number on the page" />
    </Box>
    <TextInput
      source={`${source}.quote`}
      label="Quote"
      helperText="Optional: the exact words around the number on the page, so the check finds it there"
      multiline
      fullWidth
    />
    {evidence && <EvidencePanel source={source} readValue={evidence} />}
  </Box>
);
