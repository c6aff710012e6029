import EditNoteIcon from '@mui/icons-material/EditNote';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { Link } from 'react-router-dom';
import { RejectButton } from '../reviews/RejectButton';
import { SubmitForReviewButton } from '../reviews/SubmitForReviewButton';
import { VerifyButton } from '../reviews/VerifyButton';
import { correctionPath } from './correction';
import { RetireClaimButton } from './RetireClaimButton';
import { StatusChip } from './StatusChip';

const when = (at?: string | null) => (at ? new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : null);

/** Where a sourced number stands in the four-eyes workflow, and what can be done next. */
export const ClaimWorkflowPanel = ({ resource }: { resource: 'scores' | 'prices' }) => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%', maxWidth: 720, mb: 2 }}>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1, flexWrap: 'wrap' }}>
        <StatusChip />
        <Typography variant="body2" color="text.secondary">
          Entered by {record.enteredBy?.email ?? 'the catalog import'}
          {record.verifiedBy?.email ? ` · verified by ${record.verifiedBy.email}${record.verifiedAt ? ` on ${when(record.verifiedAt)}` : ''}` : ''}
        </Typography>
        <Box sx={{ flex: 1 }} />
        {record.status === 'DRAFT' && <SubmitForReviewButton resource={resource} />}
        {record.status === 'PENDING_REVIEW' && (
          <>
            <VerifyButton resource={resource} />
            <RejectButton resource={resource} />
          </>
        )}
        {record.status === 'VERIFIED' && (
          <Button size="small" variant="contained" startIcon={<EditNoteIcon />} component={Link} to={correctionPath(resource, record)}>
            Enter a correction
          </Button>
        )}
        <RetireClaimButton resource={resource} />
      </Stack>
      {record.status === 'REJECTED' && record.rejectionReason && (
        <Alert severity="error" variant="outlined">
          Rejected: {record.rejectionReason}
        </Alert>
      )}
      {record.status === 'VERIFIED' && (
        <Alert severity="success" variant="outlined">
          Verified: read-only. A correction is entered as a new number citing its source (“Enter a correction” starts one from this
          number); once verified it supersedes this one, which stays in the history.
        </Alert>
      )}
    </Box>
  );
};
