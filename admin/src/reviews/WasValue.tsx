import { Typography } from '@mui/material';
import type { RaRecord } from 'react-admin';
import { change, formatValue } from './describe';
import type { Published } from './usePublishedValues';

/** Under a pending value: what it replaces ("was 64 %, +4.1") or that nothing is published there yet. */
export const WasValue = ({ record, published }: { record: RaRecord; published: Published | undefined }) => {
  if (!published || published.state === 'loading') {
    return (
      <Typography variant="caption" color="text.secondary" component="span" sx={{ display: 'block' }}>
        …
      </Typography>
    );
  }
  if (published.state === 'error') {
    return (
      <Typography variant="caption" color="error" component="span" sx={{ display: 'block' }} title={published.message}>
        published value unknown
      </Typography>
    );
  }
  if (published.state === 'none') {
    return (
      <Typography variant="caption" color="text.secondary" component="span" sx={{ display: 'block' }} data-testid="was-value">
        new: nothing published
      </Typography>
    );
  }
  const now = record.resource === 'prices' ? record.usdPerMillionTokens : record.value;
  const delta = change(record, now, published.value);
  const same = String(now) === String(published.value);
  return (
    <Typography variant="caption" color="text.secondary" component="span" sx={{ display: 'block' }} data-testid="was-value">
      {same ? 'same as published' : `was ${formatValue(record, published.value)}`}
      {delta && <strong>{` (${delta})`}</strong>}
    </Typography>
  );
};
