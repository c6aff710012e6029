import { Button, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { Form, SaveButton, TextInput, required, regex, useDataProvider, useNotify, useRefresh, type RaRecord } from 'react-admin';
import { CitationInput } from '../citations/CitationInput';
import { factToCheck } from '../evidence/valuesToCheck';
import type { SourcedDataProvider } from '../dataProvider';
import type { FactKind } from './modelChoices';
import { DialogFormDirty, GuardedDialog } from '../forms/GuardedDialog';

const patterns = {
  date: regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'A date as YYYY-MM or YYYY-MM-DD'),
  tokens: regex(/^[1-9]\d{0,9}$/, 'A whole number of tokens, e.g. 200000'),
};

/** A new value for one quick fact, with its citation; it goes to the review queue. */
export const ProposeFactDialog = ({ model, fact, onClose }: { model: RaRecord; fact: FactKind; onClose: () => void }) => {
  const dataProvider = useDataProvider<SourcedDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const save = async (values: Record<string, any>) => {
    try {
      await dataProvider.proposeFact(model.id, fact.id, { value: String(values.value).trim(), citation: values.citation });
      notify(`${fact.name} sent for review.`, { type: 'info' });
      refresh();
      onClose();
    } catch (error: any) {
      if (error?.body?.errors) return error.body.errors;
      notify(error?.message ?? 'The value could not be saved.', { type: 'error' });
    }
  };
  return (
    <GuardedDialog open onClose={onClose} fullWidth maxWidth="md">
      {/* Stops the submit from bubbling (through the portal) to the model's own form. */}
      <div onSubmit={(event) => event.stopPropagation()}>
        <Form onSubmit={save} record={{ value: model[fact.field]?.value ?? '' }}>
          <DialogFormDirty />
          <DialogTitle>
            {fact.name} of {model.name}
          </DialogTitle>
          <DialogContent>
            <TextInput source="value" label={fact.name} helperText={fact.hint} validate={[required(), patterns[fact.kind]]} />
            <CitationInput evidence={factToCheck(fact)} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <SaveButton label="Send for review" />
          </DialogActions>
        </Form>
      </div>
    </GuardedDialog>
  );
};
