import { Button, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useCreate, useCreateSuggestionContext, useNotify } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { today } from './today';
import { sourceKinds } from './methodology';
import { GuardedDialog } from '../forms/GuardedDialog';
import { SamePageNotice, useSourceOfPage } from './SamePageNotice';

const looksLikeUrl = (text: string) => /^https?:\/\//i.test(text.trim());

/**
 * Adds a source without leaving the form; the new source becomes the selected one. A URL whose page
 * is already in the catalog (however spelled) offers that source instead. The retrieval date is the
 * citation's (asked once, in the citation), so the dialog does not ask it again.
 */
export const CreateSourceInline = ({ retrievedAtField = 'citation.retrievedAt' }: { retrievedAtField?: string }) => {
  const { filter, onCancel, onCreate } = useCreateSuggestionContext();
  const citationRetrievedAt = useWatch({ name: retrievedAtField }) as string | undefined;
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const [values, setValues] = useState({
    url: looksLikeUrl(filter ?? '') ? filter!.trim() : '',
    title: looksLikeUrl(filter ?? '') ? '' : (filter ?? ''),
    publisher: '',
    kind: 'VENDOR_MODEL_CARD',
  });
  const existing = useSourceOfPage(values.url);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    // The dialog is rendered in a portal, but React still bubbles submit to the enclosing form.
    event.preventDefault();
    event.stopPropagation();
    create(
      'sources',
      { data: { ...values, retrievedAt: citationRetrievedAt || today() } },
      {
        onSuccess: (record: unknown) => onCreate(record),
        onError: (error: any) => {
          const fieldErrors = error?.body?.errors ?? {};
          setErrors(Object.fromEntries(Object.entries(fieldErrors).filter(([, v]) => typeof v === 'string')) as Record<string, string>);
          notify(error?.message ?? 'The source could not be added.', { type: 'error' });
        },
        returnPromise: false,
      } as any,
    );
  };

  return (
    <GuardedDialog dirty={!!(values.url || values.title || values.publisher)} open onClose={onCancel} fullWidth maxWidth="sm">
      <form onSubmit={submit} aria-label="New source">
        <DialogTitle>Add a source</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          <TextField label="URL" name="url" value={values.url} onChange={set('url')} required autoFocus type="url"
            error={!!errors.url} helperText={errors.url ?? 'The page the number is published on'} />
          <SamePageNotice existing={existing} onPick={(source) => onCreate(source)} />
          <TextField label="Title" name="title" value={values.title} onChange={set('title')} required error={!!errors.title} helperText={errors.title} />
          <TextField label="Publisher" name="publisher" value={values.publisher} onChange={set('publisher')} required
            error={!!errors.publisher} helperText={errors.publisher ?? 'e.g. OpenAI, Epoch AI'} />
          <TextField select label="Kind" name="kind" value={values.kind} onChange={set('kind')} error={!!errors.kind} helperText={errors.kind}>
            {sourceKinds.map((kind) => (
              <MenuItem key={kind.id} value={kind.id}>
                {kind.name}
              </MenuItem>
            ))}
          </TextField>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={isPending || !!existing}>
            Add source
          </Button>
        </DialogActions>
      </form>
    </GuardedDialog>
  );
};
