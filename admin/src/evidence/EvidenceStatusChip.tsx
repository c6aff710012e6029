import { Chip, type ChipProps } from '@mui/material';

/** The evidence statuses in words, for editors and reviewers (the API's EvidenceStatus). */
export const evidenceStatuses: Record<string, { name: string; color: ChipProps['color']; hint: string }> = {
  FOUND: { name: 'Found on the page', color: 'success', hint: 'The number is in the captured page where the quote or locator points.' },
  NOT_FOUND: { name: 'Not found', color: 'error', hint: 'The page was captured but the number is not where the citation points.' },
  PAGE_CHANGED: { name: 'Page changed', color: 'warning', hint: 'An earlier capture held the number; the latest one does not.' },
  UNREACHABLE: { name: 'Unreachable', color: 'warning', hint: 'The last capture of the page failed.' },
  UNCHECKABLE: { name: 'Uncheckable', color: 'default', hint: 'The captured page has no text to search.' },
  UNCHECKED: { name: 'Not captured yet', color: 'default', hint: 'The page has never been captured.' },
};

/** Statuses under which verifying a number takes a typed reason (the API's evidenceOverride). */
// As the API's rule (server/catalog/claims.ts): verifying these takes a typed reason.
export const contradictingStatuses = new Set(['NOT_FOUND', 'PAGE_CHANGED', 'UNCHECKABLE', 'UNREACHABLE']);

/** An evidence status as a coloured chip, its meaning in the tooltip. */
export const EvidenceStatusChip = ({ status }: { status: string }) => {
  const known = evidenceStatuses[status];
  return (
    <Chip
      size="small"
      color={known?.color ?? 'default'}
      label={known?.name ?? status.replace(/_/g, ' ').toLowerCase()}
      title={known?.hint}
      data-testid="evidence-status"
      data-status={status}
    />
  );
};
