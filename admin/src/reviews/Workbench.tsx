import { Box, Paper, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useListContext, useNotify, usePermissions, type Identifier } from 'react-admin';
import { can } from '../authProvider';
import { BulkReview, type BulkOutcome } from './BulkReview';
import { quoteLink } from './describe';
import { QueueCards, QueueTable } from './QueueRows';
import { ReviewPanel } from './ReviewPanel';
import { SourceBatches } from './SourceBatches';
import { queueKeysHelp, useQueueKeys } from './useQueueKeys';
import { usePublishedValues } from './usePublishedValues';

/** The element of a queued number (its table row or card). */
const rowOf = (id: Identifier) => document.querySelector<HTMLElement>(`[data-review-id="${CSS.escape(String(id))}"]`);

/** Clicks the selected number's own Verify or Reject button (the same checks and dialogs as a click), or says why it cannot. */
function press(action: 'verify' | 'reject', notify: ReturnType<typeof useNotify>) {
  const button = document.querySelector<HTMLButtonElement>(`[data-testid="review-panel"] [data-action="${action}"]`);
  if (!button) return;
  if (button.disabled) {
    const refusal = button.dataset.refusal;
    if (refusal) notify(refusal, { type: 'warning' });
    return;
  }
  button.click();
}

/**
 * The reviewer's workbench inside the queue's list: the queue (a table, or cards on a narrow screen),
 * the selected number's panel beside it, batches by source, bulk verify/reject, and the keyboard.
 */
export const Workbench = ({ onOutcome }: { onOutcome: (outcome: BulkOutcome) => void }) => {
  const { data = [], total, page, perPage, isPending, selectedIds, onToggleItem, onSelect, filterValues, setFilters } = useListContext();
  const { permissions } = usePermissions();
  const reviewer = can.review(permissions);
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('lg'));
  const notify = useNotify();
  const published = usePublishedValues(data);
  const [chosenId, setChosenId] = useState<Identifier | undefined>(undefined);
  // When the selected number leaves the queue (verified, rejected), the one that takes its place is selected.
  const lastIndex = useRef(0);
  const found = data.findIndex((record) => record.id === chosenId);
  const index = found >= 0 ? found : Math.min(lastIndex.current, data.length - 1);
  const current = index >= 0 ? data[index] : undefined;
  useEffect(() => {
    if (index >= 0) lastIndex.current = index;
  }, [index]);

  const choose = (id: Identifier) => {
    setChosenId(id);
    requestAnimationFrame(() => rowOf(id)?.scrollIntoView({ block: 'nearest' }));
  };
  useQueueKeys(
    {
      move: (delta) => {
        if (!data.length) return;
        const next = data[Math.max(0, Math.min(data.length - 1, index + delta))]!;
        choose(next.id);
      },
      verify: () => press('verify', notify),
      reject: () => press('reject', notify),
      toggle: () => current && onToggleItem(current.id),
      open: () => {
        const link = current && quoteLink(current);
        if (link) window.open(link, '_blank', 'noopener,noreferrer');
      },
    },
    reviewer && data.length > 0,
  );

  const selectAll = (all: boolean) => {
    const ids = data.map((record) => record.id);
    onSelect(all ? [...new Set([...selectedIds, ...ids])] : selectedIds.filter((id) => !ids.includes(id)));
  };
  const position = current ? `${(page - 1) * perPage + index + 1} of ${total ?? data.length}` : '';
  const onlyThisSource =
    current?.citation?.sourceId && filterValues.sourceId !== current.citation.sourceId
      ? () => setFilters({ ...filterValues, sourceId: current.citation.sourceId }, undefined, false)
      : undefined;
  const panel = current && (
    <ReviewPanel key={current.id} record={current} published={published.get(current.id)} position={position} onlyThisSource={reviewer ? onlyThisSource : undefined} />
  );
  const rows = { records: data, published, currentId: current?.id, onCurrent: choose, selectedIds, onToggle: onToggleItem, onSelectAll: selectAll };

  return (
    <>
      {reviewer && <SourceBatches />}
      {reviewer && <Box sx={{ px: 1 }}><BulkReview onOutcome={onOutcome} /></Box>}
      {!isPending && !data.length ? (
        <Typography sx={{ p: 2 }}>Nothing of this kind or source is waiting for review.</Typography>
      ) : narrow ? (
        <QueueCards {...rows} panel={panel && <Box sx={{ borderTop: 1, borderColor: 'divider' }}>{panel}</Box>} />
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 320px', alignItems: 'start' }}>
          <Box sx={{ minWidth: 0 }}>
            <QueueTable {...rows} />
          </Box>
          <Paper variant="outlined" square sx={{ position: 'sticky', top: 64, maxHeight: 'calc(100vh - 80px)', overflowY: 'auto', borderTop: 0, borderRight: 0, borderBottom: 0 }}>
            {panel}
          </Paper>
        </Box>
      )}
      {reviewer && (
        <Typography variant="caption" color="text.secondary" component="p" sx={{ px: 1, py: 0.5 }} data-testid="queue-keys">
          {queueKeysHelp}
        </Typography>
      )}
    </>
  );
};
