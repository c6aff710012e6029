import { Chip, Link, Typography } from '@mui/material';
import type { Citation, ModelRef } from './types';

// Small pieces the candidates, the chosen items and the published digest share.

const kindNames: Record<string, string> = {
  MODEL_PUBLISHED: 'New model',
  LEADERBOARD_MOVE: 'Leaderboard move',
  PRICE_CHANGED: 'Price drop',
};

export const kindName = (kind: string) => kindNames[kind] ?? kind.charAt(0) + kind.slice(1).toLowerCase().replace(/_/g, ' ');

const kindColors: Record<string, 'success' | 'info' | 'warning'> = { MODEL_PUBLISHED: 'success', LEADERBOARD_MOVE: 'info', PRICE_CHANGED: 'warning' };

export const KindChip = ({ kind }: { kind: string }) => (
  <Chip size="small" variant="outlined" label={kindName(kind)} color={kindColors[kind] ?? 'default'} sx={{ fontWeight: 500 }} />
);

/** The model, and the number the item cites as a link to its source (a new tab: the form stays). */
export const ModelAndCitation = ({ model, citation }: { model: ModelRef; citation: Citation | null }) => (
  <Typography variant="body2" color="text.secondary" component="div" sx={{ overflowWrap: 'anywhere' }}>
    {model.name}
    {citation && (
      <>
        {' · Source: '}
        <Link href={citation.source.url} target="_blank" rel="noopener noreferrer">
          {citation.source.title || citation.source.url}
        </Link>
        {citation.locator ? ` (${citation.locator})` : ''}
      </>
    )}
  </Typography>
);
