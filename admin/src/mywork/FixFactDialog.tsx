import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { Form, SaveButton, TextInput, required, useDataProvider, useNotify } from 'react-admin';
import { CitationInput } from '../citations/CitationInput';
import { factKinds } from '../models/modelChoices';
import { myWorkKey, type WorkEntry } from './api';

/**
 * A rejected quick fact has no page of its own: it is fixed here, and saving sends it back to the
 * review queue (the data provider resubmits a rejected entry it saves).
 */
export const FixFactDialog = ({ entry, onClose }: { entry: WorkEntry; onClose: () => void }) => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const fact = factKinds.find((kind) => kind.id === entry.record.fact);
  const save = async (values: Record<string, any>) => {
    try {
      await dataProvider.update('modelFacts', { id: entry.id, data: { ...values, value: String(values.value).trim() }, previousData: entry.record });
      notify('Fixed and sent back for review.', { type: 'info' });
      await queryClient.invalidateQueries({ queryKey: myWorkKey });
      onClose();
    } catch (error: any) {
      if (error?.body?.errors) return error.body.errors;
      notify(error?.message ?? 'The fix could not be saved.', { type: 'error' });
    }
  };
  return (
    <Dialog open onClose={(_event, reason) => reason !== 'backdropClick' && onClose()} fullWidth maxWidth="md">
      <Form onSubmit={save} record={entry.record}>
        <DialogTitle>Fix {entry.what}</DialogTitle>
        <DialogContent>
          <Alert severity="error" variant="outlined" sx={{ mb: 2 }}>
            Rejected: {entry.rejectionReason || 'no reason given'}
          </Alert>
          <TextInput source="value" label={fact?.name ?? 'Value'} helperText={fact?.hint} validate={required()} />
          <CitationInput />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <SaveButton label="Save and resubmit" />
        </DialogActions>
      </Form>
    </Dialog>
  );
};
