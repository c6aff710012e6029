import CheckIcon from '@mui/icons-material/Check';
import { Button, Tooltip } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useNotify, useRecordContext, useRefresh, useResourceContext } from 'react-admin';
import type { SourcedDataProvider } from '../dataProvider';
import { contradictingStatuses, evidenceStatuses } from '../evidence/EvidenceStatusChip';
import { verifiedMessage } from '../workflow/correction';
import { ReasonDialog } from '../workflow/ReasonDialog';
import { useReviewRules } from '../workflow/useReviewRules';

/**
 * Verifies a pending number; disabled, with the reason in a tooltip, for one's own entries. When its
 * evidence speaks against it (not found on the page, or the page changed) the reviewer says why it
 * is right anyway, and that reason is sent and audited.
 */
export const VerifyButton = ({ resource: given }: { resource?: string }) => {
  const record = useRecordContext();
  const contextResource = useResourceContext();
  const resource = given ?? record?.resource ?? contextResource;
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canReview, reason } = useReviewRules(record);
  const [asking, setAsking] = useState<string | null>(null);
  const status: string | undefined = record?.citation?.evidence?.status;
  const { mutate, isPending } = useMutation({
    mutationFn: (evidenceOverride?: string) => dataProvider.verify(resource!, record!, evidenceOverride),
    onSuccess: (verified) => {
      notify(verifiedMessage(verified), { type: 'success', autoHideDuration: 8_000 });
      setAsking(null);
      refresh();
    },
    onError: (error: Error & { body?: { errors?: Record<string, unknown> } }) => {
      // A record loaded without its evidence: the API says a reason is needed, so ask for it.
      const needed = error.body?.errors?.evidenceOverride;
      if (typeof needed === 'string' && asking === null) setAsking(needed);
      else notify(error.message, { type: 'error' });
    },
  });
  if (!record) return null;
  const contradicted = status !== undefined && contradictingStatuses.has(status);
  return (
    <>
      <Tooltip title={reason ?? (contradicted ? 'The evidence speaks against it: verify with a reason' : 'Checked against the source: publish it')}>
        <span>
          <Button size="small" color="success" variant="contained" startIcon={<CheckIcon />} disabled={!canReview || isPending}
            data-action="verify" data-refusal={reason ?? undefined}
            onClick={(event) => {
              event.stopPropagation();
              if (contradicted) setAsking(`${evidenceStatuses[status]!.name}: ${record.citation?.evidence?.explanation ?? evidenceStatuses[status]!.hint}`);
              else mutate(undefined);
            }}>
            Verify
          </Button>
        </span>
      </Tooltip>
      {asking !== null && (
        <ReasonDialog open title="Verify against the evidence"
          text={`${asking} Say why the number is right anyway (for example, where else the source gives it); your reason is kept in the audit log.`}
          action="Verify anyway" color="warning" pending={isPending} onClose={() => setAsking(null)} onConfirm={(override) => mutate(override)} />
      )}
    </>
  );
};
