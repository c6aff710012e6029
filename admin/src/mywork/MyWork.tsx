import BuildIcon from '@mui/icons-material/Build';
import { Alert, Box, Button, Card, CardContent, Chip, List, ListItem, ListItemText, Skeleton, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Title, useCreatePath } from 'react-admin';
import { Link } from 'react-router-dom';
import { myEntries, myWorkKey, rejectionOf, type WorkEntry, type WorkState } from './api';
import { FixFactDialog } from './FixFactDialog';

export const when = (at?: string | null) => (at ? new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

const sections: { status: WorkState; title: string; empty: string; last: number }[] = [
  { status: 'REJECTED', title: 'Rejected — to fix', empty: 'Nothing of yours was rejected.', last: 50 },
  { status: 'PENDING_REVIEW', title: 'Waiting for review', empty: 'Nothing of yours waits for a reviewer.', last: 50 },
  { status: 'DRAFT', title: 'Drafts', empty: 'No drafts: what you save without submitting waits here.', last: 50 },
  { status: 'VERIFIED', title: 'Recently verified', empty: 'None of your numbers is verified yet.', last: 10 },
];

const useEntryPath = () => {
  const createPath = useCreatePath();
  return (entry: WorkEntry) =>
    entry.resource === 'modelFacts'
      ? `${createPath({ resource: 'models', id: entry.model.id, type: 'edit' })}/facts`
      : createPath({ resource: entry.resource, id: entry.id, type: 'edit' });
};

/** "Rejected by reviewer@… on 6 Dec 2026, 16:40": read from the entry's history, which its author may read. */
const Rejection = ({ entry }: { entry: WorkEntry }) => {
  const { data, isPending } = useQuery({ queryKey: [...myWorkKey, 'rejection', entry.id, entry.version], queryFn: () => rejectionOf(entry.id) });
  return (
    <Typography variant="body2" component="span" display="block" color="error.main">
      Rejected{isPending ? '' : data ? ` by ${data.by ?? 'the system'} on ${when(data.at)}` : ''}: {entry.rejectionReason || 'no reason given'}
    </Typography>
  );
};

const EntryItem = ({ entry, onFixFact }: { entry: WorkEntry; onFixFact: (entry: WorkEntry) => void }) => {
  const pathOf = useEntryPath();
  const secondary = (
    <>
      {entry.status === 'REJECTED' && <Rejection entry={entry} />}
      <Typography variant="caption" component="span" color="text.secondary">
        {entry.status === 'VERIFIED' ? `Verified${entry.verifiedBy ? ` by ${entry.verifiedBy}` : ''} ${when(entry.verifiedAt)}` : `Entered ${when(entry.enteredAt)}`}
        {entry.sourceTitle ? ` · cites ${entry.sourceTitle}${entry.locator ? `, ${entry.locator}` : ''}` : ''}
      </Typography>
    </>
  );
  let action = (
    <Button size="small" component={Link} to={pathOf(entry)}>
      Open
    </Button>
  );
  if (entry.status === 'REJECTED') {
    action =
      entry.resource === 'modelFacts' ? (
        <Button size="small" variant="contained" startIcon={<BuildIcon />} onClick={() => onFixFact(entry)}>
          Fix and resubmit
        </Button>
      ) : (
        <Button size="small" variant="contained" startIcon={<BuildIcon />} component={Link} to={pathOf(entry)}>
          Fix and resubmit
        </Button>
      );
  }
  return (
    <ListItem divider secondaryAction={action} sx={{ pr: 22 }} data-testid="my-work-entry">
      <ListItemText
        primary={
          <>
            <strong>{entry.value}</strong> — {entry.what}
          </>
        }
        secondary={secondary}
        slotProps={{ secondary: { component: 'div' } }}
      />
    </ListItem>
  );
};

const Section = ({ status, title, empty, last, onFixFact }: (typeof sections)[number] & { onFixFact: (entry: WorkEntry) => void }) => {
  const { data, error } = useQuery({ queryKey: [...myWorkKey, status], queryFn: () => myEntries(status, last) });
  const headingId = `my-work-${status.toLowerCase()}`;
  return (
    <Card variant="outlined" component="section" aria-labelledby={headingId} data-testid={`my-work-${status}`}>
      <CardContent>
        <Stack direction="row" spacing={1} alignItems="center">
          <Typography variant="h6" component="h2" id={headingId}>
            {title}
          </Typography>
          {data && <Chip size="small" label={data.total} color={status === 'REJECTED' && data.total ? 'error' : 'default'} />}
        </Stack>
        {error && <Alert severity="warning">This list could not be loaded: {(error as Error).message}</Alert>}
        {!data && !error && <Skeleton height={48} />}
        {data && data.entries.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {empty}
          </Typography>
        )}
        {data && data.total > data.entries.length && (
          <Typography variant="caption" color="text.secondary">
            The newest {data.entries.length} of {data.total}.
          </Typography>
        )}
        {data && data.entries.length > 0 && (
          <List dense aria-labelledby={headingId}>
            {data.entries.map((entry) => (
              <EntryItem key={entry.id} entry={entry} onFixFact={onFixFact} />
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
};

/** An editor's own work: what was rejected (why, by whom, when), what waits, drafts, and what was verified lately. */
export const MyWorkSections = () => {
  const [fixing, setFixing] = useState<WorkEntry | null>(null);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="my-work">
      {sections.map((section) => (
        <Section key={section.status} {...section} onFixFact={setFixing} />
      ))}
      {fixing && <FixFactDialog entry={fixing} onClose={() => setFixing(null)} />}
    </Box>
  );
};

/** The "My work" page (first in the menu). */
export const MyWork = () => (
  <Box sx={{ mt: 2 }}>
    {/* The app bar's h1 says "My work"; each section below is an h2. */}
    <Title title="My work" />
    <MyWorkSections />
  </Box>
);
