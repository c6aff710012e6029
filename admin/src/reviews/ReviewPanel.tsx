import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Box, Button, Chip, Divider, Link, Stack, Typography } from '@mui/material';
import { RecordContextProvider, type RaRecord } from 'react-admin';
import { ClaimEvidence } from '../evidence/ClaimEvidence';
import { StatusChip } from '../workflow/StatusChip';
import { change, describeEntry, entryValue, formatValue, kindLabel, quoteLink, sourceKindName } from './describe';
import { RejectButton } from './RejectButton';
import type { Published } from './usePublishedValues';
import { VerifyButton } from './VerifyButton';

const day = (value: string | null | undefined) => (value ? new Date(value).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : null);

/** "68.1 %, was 64 % (+4.1)": the pending value beside what the public sees now in its place. */
const Change = ({ record, published }: { record: RaRecord; published: Published | undefined }) => {
  const now = entryValue(record);
  if (!published || published.state === 'loading') return <Typography data-testid="published-change">{now}; looking up the published value…</Typography>;
  if (published.state === 'error') return <Typography data-testid="published-change" color="error">{now}; the published value could not be read: {published.message}</Typography>;
  if (published.state === 'none') {
    return (
      <Typography data-testid="published-change">
        {now}, new: nothing is verified in its place yet.
      </Typography>
    );
  }
  const value = record.resource === 'prices' ? record.usdPerMillionTokens : record.value;
  const delta = change(record, value, published.value);
  return (
    <>
      <Typography data-testid="published-change">
        {String(value) === String(published.value) ? `${now}, the same as published` : `${now}, was ${formatValue(record, published.value)}`}
        {delta && <strong>{` (${delta})`}</strong>}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p">
        Published value{published.effectiveFrom ? ` in force from ${published.effectiveFrom}` : ''}
        {published.verifiedAt ? `, verified ${day(published.verifiedAt)}` : ''}
        {published.sourceTitle ? `, from ${published.sourceTitle}` : ''}. Verifying this one replaces it.
      </Typography>
    </>
  );
};

/**
 * The queued number in full beside the queue: its value and the published one it would replace, who
 * entered it, the source (kind, link status), where in it the number is (locator, quote), what the
 * latest capture of the page says there, a link opening the page at the quote, and the decision.
 */
export const ReviewPanel = ({ record, published, position, onlyThisSource }: {
  record: RaRecord;
  published: Published | undefined;
  /** "3 of 12". */
  position: string;
  /** Narrows the queue to this number's source, when it is not already. */
  onlyThisSource?: () => void;
}) => {
  const citation = record.citation ?? {};
  const source = citation.source as { id: string; url: string; title: string; kind?: string; linkStatus?: string } | undefined;
  const link = quoteLink(record);
  return (
    <RecordContextProvider value={record}>
      <Box component="section" aria-label="Selected number" data-testid="review-panel" sx={{ p: 2, overflowWrap: 'anywhere' }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
          <Chip size="small" label={kindLabel[record.resource] ?? record.resource} />
          <Typography variant="caption" color="text.secondary">{position}</Typography>
        </Stack>
        <Typography variant="h6" component="h2" sx={{ lineHeight: 1.3 }}>
          {describeEntry(record)}
        </Typography>
        {record.resource === 'scores' && record.benchmark && (
          <Typography variant="caption" color="text.secondary" component="p">
            Scale {record.benchmark.scaleMin}–{record.benchmark.scaleMax}
            {record.benchmark.unit === 'PERCENT' ? ' %' : ''}
          </Typography>
        )}
        <Box sx={{ my: 1 }}>
          <Change record={record} published={published} />
        </Box>
        <Typography variant="body2" color="text.secondary">
          {record.enteredBy?.email ? `Entered by ${record.enteredBy.email}` : 'From the catalog import'}
          {record.enteredAt ? `, ${day(record.enteredAt)}` : ''}
        </Typography>
        {record.note && <Typography variant="body2" sx={{ mt: 0.5 }}>Note: {record.note}</Typography>}

        <Divider sx={{ my: 1.5 }} />
        <Typography variant="subtitle2" component="h3">
          Source
        </Typography>
        {source ? (
          <>
            <Link href={source.url} target="_blank" rel="noopener noreferrer" variant="body2">
              {source.title || source.url}
            </Link>
            <Stack direction="row" spacing={1} sx={{ mt: 0.5, alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
              <Chip size="small" variant="outlined" label={sourceKindName(source.kind)} data-testid="source-kind" />
              <Box data-testid="link-status" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
                <Typography variant="caption">Link</Typography>
                <RecordContextProvider value={source}>
                  <StatusChip source="linkStatus" />
                </RecordContextProvider>
              </Box>
              {citation.retrievedAt && <Typography variant="caption" color="text.secondary">retrieved {citation.retrievedAt}</Typography>}
            </Stack>
          </>
        ) : (
          <Typography variant="body2" color="error">No citation</Typography>
        )}
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="locator">
          <strong>Where:</strong> {citation.locator || '—'}
        </Typography>
        {citation.quote && (
          <Box component="blockquote" data-testid="quote" sx={{ m: 0, mt: 0.5, pl: 1.5, borderLeft: 3, borderColor: 'divider', fontSize: 14 }}>
            “{citation.quote}”
          </Box>
        )}
        <Box sx={{ mt: 1 }}>
          <ClaimEvidence />
        </Box>
        {link && (
          <Button size="small" href={link} target="_blank" rel="noopener noreferrer" endIcon={<OpenInNewIcon />} sx={{ mt: 1, px: 0 }}>
            {citation.quote ? 'Open the page at the quote' : 'Open the page'}
          </Button>
        )}

        <Divider sx={{ my: 1.5 }} />
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          <VerifyButton />
          <RejectButton />
          {onlyThisSource && source && (
            <Button size="small" onClick={onlyThisSource}>
              Only this source
            </Button>
          )}
        </Stack>
      </Box>
    </RecordContextProvider>
  );
};
