import { Box, Tooltip, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { StatusChip } from '../workflow/StatusChip';

/** The last link check: status chip, HTTP code and when it ran. */
export const LinkStatusField = (_props: { label?: string }) => {
  const record = useRecordContext();
  if (!record) return null;
  const checked = record.linkCheckedAt ? new Date(record.linkCheckedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : null;
  return (
    <Tooltip title={checked ? `Checked ${checked}` : 'Never checked: npm run sources:check'}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <StatusChip source="linkStatus" />
        {record.linkHttpStatus ? (
          <Typography variant="caption" color="text.secondary">
            HTTP {record.linkHttpStatus}
          </Typography>
        ) : null}
      </Box>
    </Tooltip>
  );
};
