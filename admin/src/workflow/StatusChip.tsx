import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { linkStatuses } from '../citations/methodology';
import { claimStatuses, publicationStates } from './statuses';

const colors: Record<string, ChipProps['color']> = {
  DRAFT: 'default',
  PENDING_REVIEW: 'warning',
  VERIFIED: 'success',
  PUBLISHED: 'success',
  REJECTED: 'error',
  SUPERSEDED: 'default',
  RETIRED: 'default',
  OK: 'success',
  REDIRECTED: 'info',
  BROKEN: 'error',
  UNREACHABLE: 'error',
  UNCHECKED: 'default',
};

const labels = Object.fromEntries([...claimStatuses, ...publicationStates, ...linkStatuses].map((s) => [s.id, s.name]));

/** A workflow or link status as a coloured chip. */
export const StatusChip = ({ source = 'status', label: _label }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const value = record?.[source] as string | undefined;
  if (!value) return null;
  // Verified, but its model (or benchmark) is not published: not public yet, whatever "verified" suggests.
  const unpublished = [record?.model?.publication, record?.benchmark?.publication].some((state) => state && state !== 'PUBLISHED');
  if (source === 'status' && value === 'VERIFIED' && unpublished) {
    const waiting = record?.model?.publication && record.model.publication !== 'PUBLISHED' ? 'model' : 'benchmark';
    return <Chip size="small" color="info" label={`Verified (public once its ${waiting} is published)`} />;
  }
  return <Chip size="small" color={colors[value] ?? 'default'} label={labels[value] ?? value.replace(/_/g, ' ').toLowerCase()} />;
};
