import { useState } from 'react';
import { Create, SelectArrayInput, SimpleForm, TextInput, maxLength, required, useRedirect, type RaRecord, type Validator } from 'react-admin';
import { changeKinds } from './changeKinds';
import { SecretDialog } from './SecretDialog';
import { FormGuard } from '../forms/FormGuard';

/** A first check in the browser; the API checks again, and refuses private addresses with its own message. */
const httpAddress = (): Validator => (value: unknown) => {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'Enter an http(s) address, like https://example.com/hooks/sourced.';
  } catch {
    return 'Enter a full address, like https://example.com/hooks/sourced.';
  }
};

export const WebhookCreate = () => {
  const redirect = useRedirect();
  const [created, setCreated] = useState<RaRecord | null>(null);
  return (
    <>
      {/* Saving shows the secret instead of leaving the page: it is in this answer only. */}
      <Create title="Create a webhook" redirect={false} mutationMode="pessimistic" mutationOptions={{ onSuccess: (record: RaRecord) => setCreated(record) }}>
        <SimpleForm defaultValues={{ kinds: [] }}>
          <FormGuard />
          <TextInput source="url" label="URL" type="url" fullWidth validate={[required(), httpAddress(), maxLength(2000)]}
            helperText="Where each public change is POSTed, e.g. https://example.com/hooks/sourced (a public address)" />
          <SelectArrayInput source="kinds" label="Kinds of change" choices={changeKinds} sx={{ minWidth: 240, maxWidth: '100%' }}
            helperText="None chosen: every kind" />
          <TextInput source="description" fullWidth multiline validate={maxLength(500)} helperText="What it is for, who runs the receiver" />
        </SimpleForm>
      </Create>
      {created && <SecretDialog url={String(created.url)} secret={String(created.secret)} onDone={() => redirect('show', 'webhooks', created.id)} />}
    </>
  );
};
