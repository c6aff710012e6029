import SaveIcon from '@mui/icons-material/Save';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { CandidateList } from './CandidateList';
import { ChosenItems } from './ChosenItems';
import { ConflictDialog } from './ConflictDialog';
import { LeaveGuard } from './LeaveGuard';
import { PreviewDialog } from './PreviewDialog';
import { PublishControl } from './PublishControl';
import type { Candidate, Draft } from './types';
import { useDigestForm } from './useDigestForm';

/** A week's digest being assembled: title, intro, items picked from the candidates, save, preview, publish. */
export const DigestEditor = ({ draft, onPublished }: { draft: Draft; onPublished: (recipients: number) => void }) => {
  const digest = useDigestForm(draft);
  const { form, setForm, errors, setErrors, unsaved } = digest;
  const [previewing, setPreviewing] = useState(false);
  const add = (candidate: Candidate) =>
    setForm({ ...form, items: [...form.items, { change: candidate.change.id, kind: candidate.kind, headline: candidate.headline, note: '', model: candidate.model, citation: candidate.citation }] });
  const status = digest.version === null ? 'Not saved yet.' : `Draft, version ${digest.version}.`;
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="digest-status">
        {status} {unsaved ? 'You have unsaved changes.' : digest.version !== null ? 'All changes saved.' : ''}
      </Typography>
      <TextField label="Title" required fullWidth margin="normal" value={form.title} error={!!errors.title}
        helperText={errors.title ?? 'The email’s subject, at most 200 characters.'}
        onChange={(event) => {
          setForm({ ...form, title: event.target.value });
          setErrors({ ...errors, title: undefined });
        }} />
      <TextField label="Intro" fullWidth multiline minRows={2} margin="normal" value={form.intro} error={!!errors.intro}
        helperText={errors.intro ?? 'A few sentences above the items.'}
        onChange={(event) => {
          setForm({ ...form, intro: event.target.value });
          setErrors({ ...errors, intro: undefined });
        }} />
      {errors.other.map((message) => (
        <Alert key={message} severity="error" sx={{ mb: 1 }}>
          {message}
        </Alert>
      ))}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', my: 2 }}>
        <Button variant="contained" startIcon={<SaveIcon />} disabled={!unsaved || digest.saving} onClick={digest.save}>
          Save
        </Button>
        <Button disabled={!unsaved || digest.saving} onClick={digest.undo}>
          Undo changes
        </Button>
        <Button variant="outlined" onClick={() => setPreviewing(true)}>
          Preview email
        </Button>
        <PublishControl draft={draft} unsaved={unsaved} onPublished={onPublished} />
      </Stack>
      <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 1fr) minmax(0, 1fr)' } }}>
        <ChosenItems items={form.items} errors={errors.items}
          onChange={(items, edited) => {
            setForm({ ...form, items });
            if (edited) setErrors({ ...errors, items: { ...errors.items, [edited.change]: { ...errors.items[edited.change], [edited.field]: '' } } });
          }} />
        <CandidateList candidates={draft.candidates} chosen={new Set(form.items.map((item) => item.change))} onAdd={add} />
      </Box>
      <PreviewDialog preview={draft.preview} unsaved={unsaved} open={previewing} onClose={() => setPreviewing(false)} />
      <ConflictDialog conflict={digest.conflict} onKeepMine={digest.keepMine} onLoadTheirs={digest.loadTheirs} onClose={digest.closeConflict} />
      <LeaveGuard unsaved={unsaved} />
    </Box>
  );
};
