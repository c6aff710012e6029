import { Alert, Box, Button, LinearProgress, Link, Stack, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get, useWatch } from 'react-hook-form';
import { CheckEvidence } from '../dataProvider/documents';
import { graphql, retryWhenTransient } from '../dataProvider/graphqlClient';
import { CaptureButton } from './CaptureButton';
import { EvidenceStatusChip } from './EvidenceStatusChip';
import { HighlightedExcerpt, Instant } from './HighlightedExcerpt';

/** The number to look for, as the API's ValueToCheck takes it (exactly one kind). */
export type ValueToCheck =
  | { score: { benchmark: string; value: number } }
  | { usdPerMillionTokens: number }
  | { fact: { fact: string; value: string } };

/** Reads the number to check from the form's values; null while there is none to check yet. */
export type ValueOfForm = (values: Record<string, any>) => ValueToCheck | null;

interface EvidenceCheck {
  status: string;
  excerpt: string | null;
  highlight: { start: number; end: number } | null;
  explanation: string;
  renderings: string[];
  quoteUrl: string;
  snapshot: { sha256: string | null; fetchedAt: string; httpStatus: number | null } | null;
}

/** `value`, settled for `delay` ms: one check per pause in typing, not one per key. */
function useSettled<T>(value: T, delay: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the value.
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [key, delay]);
  return settled;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * Below a citation's inputs: whether the cited page (its latest capture) says the number where the
 * locator or quote points, checked as the editor types and before anything is saved.
 */
export const EvidencePanel = ({ source = 'citation', readValue }: { source?: string; readValue: ValueOfForm }) => {
  const values = useWatch() as Record<string, any>;
  const sourceId = text(get(values, `${source}.sourceId`));
  const value = readValue(values);
  const wanted = sourceId && value ? { source: sourceId, value, locator: text(get(values, `${source}.locator`)) || null, quote: text(get(values, `${source}.quote`)) || null } : null;
  const variables = useSettled(wanted, 400);
  const { data, error, isFetching, refetch } = useQuery({
    queryKey: ['evidence', 'check', variables],
    queryFn: async () => (await graphql<{ check: EvidenceCheck }>(CheckEvidence, variables!)).check,
    enabled: variables !== null,
    placeholderData: keepPreviousData,
    ...retryWhenTransient,
  });

  return (
    <Box component="section" aria-label="Evidence" data-testid="evidence-panel" sx={{ mt: 1, mb: 2, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, maxWidth: 720 }}>
      <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
        Evidence on the page
      </Typography>
      {variables === null || (!data && !error) ? (
        <Typography variant="body2" color="text.secondary">
          {wanted === null ? 'Pick the source and enter the number: it is looked for in the latest capture of the page as you type.' : 'Checking the page…'}
        </Typography>
      ) : error ? (
        <Alert
          severity="warning"
          variant="outlined"
          action={
            <Button color="inherit" size="small" disabled={isFetching} onClick={() => void refetch()}>
              Check again
            </Button>
          }
        >
          Cannot check this yet: {error.message}
        </Alert>
      ) : data ? (
        <Box role="status" aria-live="polite">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
            <EvidenceStatusChip status={data.status} />
            <Typography variant="caption" color="text.secondary">
              {data.snapshot ? (
                <>
                  Captured <Instant value={data.snapshot.fetchedAt} />
                </>
              ) : (
                'The page has never been captured.'
              )}
            </Typography>
          </Stack>
          {data.excerpt && <HighlightedExcerpt excerpt={data.excerpt} highlight={data.highlight} />}
          <Typography variant="body2" data-testid="evidence-explanation" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>
            {data.explanation}
          </Typography>
          {data.status !== 'FOUND' && data.renderings.length > 0 && (
            <Typography variant="caption" color="text.secondary" component="p">
              Looked for: {data.renderings.join(', ')}
            </Typography>
          )}
          <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
            {!data.snapshot && <CaptureButton sourceId={sourceId} />}
            {data.status === 'UNREACHABLE' && <CaptureButton sourceId={sourceId} label="Capture again" />}
            <Link href={data.quoteUrl} target="_blank" rel="noopener noreferrer" variant="body2">
              Open the page{variables.quote ? ' at the quote' : ''}
            </Link>
          </Stack>
        </Box>
      ) : null}
      {isFetching && <LinearProgress aria-label="Checking the page" sx={{ mt: 1 }} />}
    </Box>
  );
};
