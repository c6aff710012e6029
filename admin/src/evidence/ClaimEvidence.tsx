import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Box, Link, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { EvidenceStatusChip } from './EvidenceStatusChip';
import { HighlightedExcerpt, Instant, spanInExcerpt } from './HighlightedExcerpt';

interface StoredEvidence {
  status: string;
  checkedAt?: string | null;
  excerpt?: string | null;
  explanation?: string | null;
  snapshot?: { fetchedAt?: string | null } | null;
}

/** A saved number's evidence: its status, the page's words around it, when the page was captured, and a link to the quote. */
export const ClaimEvidence = ({ label: _label }: { label?: string }) => {
  const record = useRecordContext();
  const citation = record?.citation as { evidence?: StoredEvidence; quoteUrl?: string; lastConfirmedAt?: string | null } | undefined;
  const evidence = citation?.evidence;
  if (!evidence) return null;
  return (
    <Box sx={{ minWidth: 200, maxWidth: 420 }} data-testid="claim-evidence" aria-label="Evidence on the page" role="group">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <EvidenceStatusChip status={evidence.status} />
        <Typography variant="caption" color="text.secondary">
          {evidence.snapshot?.fetchedAt ? (
            <>
              captured <Instant value={evidence.snapshot.fetchedAt} />
            </>
          ) : (
            'never captured'
          )}
        </Typography>
      </Stack>
      {evidence.excerpt ? (
        <HighlightedExcerpt excerpt={evidence.excerpt} highlight={spanInExcerpt(evidence.excerpt, evidence.explanation)} />
      ) : (
        evidence.explanation && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>
            {evidence.explanation}
          </Typography>
        )
      )}
      {citation?.quoteUrl && (
        <Link href={citation.quoteUrl} target="_blank" rel="noopener noreferrer" variant="body2" onClick={(event) => event.stopPropagation()}
          sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
          open at the quote <OpenInNewIcon sx={{ fontSize: 14 }} aria-hidden />
        </Link>
      )}
    </Box>
  );
};
