import { Alert, Box, Button, Link, Paper, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { KindChip, ModelAndCitation } from './parts';
import { PreviewDialog } from './PreviewDialog';
import type { Draft } from './types';

const when = (at: string | null) => (at ? `${new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC` : '');

/** A published digest no longer changes: shown read-only, with its public page and its email. */
export const PublishedDigest = ({ draft, recipients }: { draft: Draft; recipients: number | null }) => {
  const [previewing, setPreviewing] = useState(false);
  return (
    <Box sx={{ minWidth: 0, mt: 2 }} data-testid="published-digest">
      {recipients !== null && (
        <Alert severity="success" sx={{ mb: 2 }}>
          Published: queued for {recipients} {recipients === 1 ? 'subscriber' : 'subscribers'}.
        </Alert>
      )}
      <Alert severity="info" sx={{ mb: 2 }}>
        Published on {when(draft.publishedAt)}; it no longer changes.
      </Alert>
      <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
        <Link href={`/digest/${draft.week}`} target="_blank" rel="noopener">
          Public page: /digest/{draft.week}
        </Link>
        <Button variant="outlined" onClick={() => setPreviewing(true)}>
          Preview email
        </Button>
      </Stack>
      <Typography variant="h5" component="h2" sx={{ overflowWrap: 'anywhere' }}>
        {draft.title}
      </Typography>
      {draft.intro && <Typography sx={{ whiteSpace: 'pre-line', my: 1 }}>{draft.intro}</Typography>}
      <Box component="ol" aria-label="Items" sx={{ listStyle: 'none', p: 0 }}>
        {draft.items.map((item, index) => (
          <Paper component="li" key={draft.itemChangeIds[index]} variant="outlined" sx={{ p: 1.5, mb: 1 }}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Typography sx={{ fontWeight: 600 }}>{index + 1}.</Typography>
              <KindChip kind={item.kind} />
            </Stack>
            <Typography sx={{ mt: 0.5, fontWeight: 500, overflowWrap: 'anywhere' }}>{item.headline}</Typography>
            {item.note && <Typography sx={{ overflowWrap: 'anywhere' }}>{item.note}</Typography>}
            <ModelAndCitation model={item.model} citation={item.citation} />
          </Paper>
        ))}
      </Box>
      <PreviewDialog preview={draft.preview} unsaved={false} open={previewing} onClose={() => setPreviewing(false)} />
    </Box>
  );
};
