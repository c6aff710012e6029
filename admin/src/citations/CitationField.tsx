import { Box, Link, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';

interface Citation {
  locator?: string;
  retrievedAt?: string;
  source?: { id?: string; url?: string; title?: string; kind?: string; linkStatus?: string } | null;
}

const valueAt = (record: Record<string, any> | undefined, path: string) =>
  path.split('.').reduce<any>((value, key) => (value == null ? undefined : value[key]), record);

/** The source link (opens in a new tab) and where in it the number appears. */
export const CitationField = ({ source = 'citation', label: _label }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const citation = valueAt(record, source) as Citation | undefined;
  if (!citation?.source) {
    return (
      <Typography variant="body2" color="error">
        No citation
      </Typography>
    );
  }
  const broken = citation.source.linkStatus === 'BROKEN' || citation.source.linkStatus === 'UNREACHABLE';
  return (
    <Box sx={{ maxWidth: 360 }}>
      <Link href={citation.source.url} target="_blank" rel="noopener noreferrer" variant="body2" onClick={(e) => e.stopPropagation()}
        sx={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: broken ? 'error.main' : undefined }}
        title={citation.source.url}>
        {citation.source.title || citation.source.url}
      </Link>
      {citation.locator && (
        <Typography variant="caption" color="text.secondary">
          {citation.locator}
          {citation.retrievedAt ? ` · retrieved ${citation.retrievedAt}` : ''}
        </Typography>
      )}
    </Box>
  );
};
