import AddIcon from '@mui/icons-material/Add';
import { Box, Button, List, ListItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { KindChip, ModelAndCitation } from './parts';
import type { Candidate } from './types';

// A bulk import can make a week's candidates run into hundreds: a filter and a page at a time.
const pageSize = 25;

/** The week's changes worth an item; one without a citation cannot be added, and says why. */
export const CandidateList = ({ candidates, chosen, onAdd }: { candidates: Candidate[]; chosen: Set<string>; onAdd: (candidate: Candidate) => void }) => {
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(pageSize);
  const words = search.trim().toLowerCase();
  const matching = words
    ? candidates.filter((candidate) => `${candidate.headline} ${candidate.model.name} ${candidate.model.slug}`.toLowerCase().includes(words))
    : candidates;
  return (
    <Box component="section" aria-labelledby="digest-candidates" sx={{ minWidth: 0 }}>
      <Typography id="digest-candidates" variant="h6" component="h2">
        Candidates ({candidates.length})
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        The week’s new models, moves into a top 10 and price drops of 10% or more, each with the number it cites.
      </Typography>
      {candidates.length > pageSize && (
        <TextField label="Filter candidates" size="small" fullWidth value={search} onChange={(event) => setSearch(event.target.value)} />
      )}
      {candidates.length === 0 && <Typography sx={{ mt: 1 }}>No change this week is worth an item yet.</Typography>}
      <List aria-label="Candidates" disablePadding>
        {matching.slice(0, shown).map((candidate) => {
          const added = chosen.has(candidate.change.id);
          return (
            <ListItem key={candidate.change.id} divider disableGutters sx={{ display: 'block', py: 1 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
                <Box sx={{ minWidth: 0 }}>
                  <KindChip kind={candidate.kind} />
                  <Typography sx={{ mt: 0.5, overflowWrap: 'anywhere' }}>{candidate.headline}</Typography>
                  <ModelAndCitation model={candidate.model} citation={candidate.citation} />
                  {!candidate.citation && (
                    <Typography variant="body2" color="warning.dark">
                      Cannot be added: {candidate.model.name} has no verified number to cite yet.
                    </Typography>
                  )}
                </Box>
                <Button size="small" variant="outlined" startIcon={<AddIcon />} disabled={added || !candidate.citation}
                  aria-label={`${added ? 'Added' : 'Add'}: ${candidate.headline}`} onClick={() => onAdd(candidate)} sx={{ flexShrink: 0 }}>
                  {added ? 'Added' : 'Add'}
                </Button>
              </Stack>
            </ListItem>
          );
        })}
      </List>
      {matching.length > shown && (
        <Button onClick={() => setShown(shown + pageSize)} sx={{ mt: 1 }}>
          Show more ({matching.length - shown} left)
        </Button>
      )}
    </Box>
  );
};
