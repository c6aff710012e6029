import EditNoteIcon from '@mui/icons-material/EditNote';
import { Box, Button, Card, CardContent, Checkbox, FormControlLabel, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { ChangeLines, FieldValue } from './ChangeLines';
import { type AuditEventRecord, describeAction, differingFields, fieldName, versionsOf } from './format';
import { kindOf, type References } from './references';
import { reEnterPath } from './reEnter';

type Version = ReturnType<typeof versionsOf>[number];

const when = (at: string) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const who = (event: AuditEventRecord) => event.actor?.email ?? (event.action === 'IMPORT' ? 'catalog:import' : 'the system');

/** Two versions side by side: each field that differs, the older version on the left. */
const VersionCompare = ({ older, newer, references }: { older: Version; newer: Version; references: References }) => {
  const fields = differingFields(older.state, newer.state);
  const entityType = newer.event.entityType;
  return (
    <Card variant="outlined" sx={{ borderColor: 'primary.main' }} data-testid="version-compare">
      <CardContent sx={{ '&:last-child': { pb: 1.5 } }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          Version {older.number} and version {newer.number} side by side
        </Typography>
        {fields.length === 0 ? (
          <Typography variant="body2">The two versions hold the same values.</Typography>
        ) : (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" sx={{ '& td, & th': { py: 0.5, verticalAlign: 'top', overflowWrap: 'anywhere' } }}>
              <TableHead>
                <TableRow>
                  <TableCell component="th" scope="col">Field</TableCell>
                  <TableCell component="th" scope="col">Version {older.number} ({who(older.event)}, {when(older.event.at)})</TableCell>
                  <TableCell component="th" scope="col">Version {newer.number} ({who(newer.event)}, {when(newer.event.at)})</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {fields.map((field) => (
                  <TableRow key={field}>
                    <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>{fieldName(field)}</TableCell>
                    <TableCell sx={{ bgcolor: '#fdecea' }}><FieldValue field={field} value={older.state[field]} entityType={entityType} references={references} /></TableCell>
                    <TableCell sx={{ bgcolor: '#e8f5e9' }}><FieldValue field={field} value={newer.state[field]} entityType={entityType} references={references} /></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

/**
 * A record's versions, newest first: who did what and when, each change in words. Tick two versions
 * to see them side by side; "Re-enter this value" opens a new entry holding an old version's value.
 */
export const HistoryVersions = ({ events, record }: { events: AuditEventRecord[]; record: Record<string, any> }) => {
  const [picked, setPicked] = useState<string[]>([]);
  const versions = versionsOf(events);
  const references: References = (events[0] as { references?: References } | undefined)?.references ?? {};
  const chosen = versions.filter((version) => picked.includes(version.event.id));
  const toggle = (id: string) => setPicked((now) => (now.includes(id) ? now.filter((one) => one !== id) : [...now, id].slice(-2)));
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, width: '100%' }} data-testid="record-history">
      <Typography variant="body2" color="text.secondary">
        {versions.length > 1 ? 'Tick two versions to compare them side by side.' : 'One recorded version.'}
      </Typography>
      {chosen.length === 2 && <VersionCompare older={chosen[0]!} newer={chosen[1]!} references={references} />}
      {[...versions].reverse().map((version) => {
        const { event } = version;
        const reEnter = reEnterPath(event.entityType, version.state, record);
        return (
          <Card key={event.id} variant="outlined" data-testid="history-version">
            <CardContent sx={{ '&:last-child': { pb: 1 } }}>
              <Typography variant="body2" sx={{ mb: 1 }}>
                <strong>Version {version.number}</strong> · <strong>{who(event)}</strong> {describeAction(event.action)} this {kindOf(event.entityType)} on {when(event.at)}
              </Typography>
              <ChangeLines diff={event.diff} entityType={event.entityType} references={references} />
              <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, mt: 0.5 }}>
                {versions.length > 1 && (
                  <FormControlLabel
                    control={<Checkbox size="small" checked={picked.includes(event.id)} onChange={() => toggle(event.id)} />}
                    label={`Compare version ${version.number}`}
                    slotProps={{ typography: { variant: 'body2' } }}
                  />
                )}
                {reEnter && (
                  <Button component={RouterLink} to={reEnter} size="small" startIcon={<EditNoteIcon />} aria-label={`Re-enter this value (version ${version.number})`}>
                    Re-enter this value
                  </Button>
                )}
              </Box>
            </CardContent>
          </Card>
        );
      })}
    </Box>
  );
};
