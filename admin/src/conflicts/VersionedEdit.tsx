import { useState, type ReactNode } from 'react';
import {
  Edit,
  SaveButton,
  Toolbar,
  useGetRecordRepresentation,
  useNotify,
  useRecordContext,
  useRefresh,
  useResourceContext,
  type EditProps,
  type HttpError,
} from 'react-admin';
import { isConflict, isRevisionPending } from '../dataProvider/payload';
import { ConflictDialog, type ConflictState } from './ConflictDialog';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields the editor changed, nested ones by their dotted path (`api.apiKeyEnv`), leaves only. */
function changedFields(data: Record<string, unknown> = {}, previous: Record<string, unknown> = {}, prefix = ''): [string, unknown][] {
  return Object.entries(data).flatMap(([field, value]): [string, unknown][] => {
    if (!prefix && (field === 'id' || field === 'version')) return [];
    const before = previous?.[field];
    const path = `${prefix}${field}`;
    if (isPlainObject(value) && (isPlainObject(before) || before == null)) return changedFields(value, (before ?? {}) as Record<string, unknown>, `${path}.`);
    return JSON.stringify(value ?? null) === JSON.stringify(before ?? null) ? [] : [[path, value]];
  });
}

const singular: Record<string, string> = {
  models: 'Model',
  providers: 'Provider',
  families: 'Family',
  benchmarks: 'Benchmark',
  sources: 'Source',
  scores: 'Score',
  prices: 'Price',
};

/** "Provider: OpenAI" rather than react-admin's "Providers OpenAI". */
const RecordTitle = () => {
  const resource = useResourceContext() ?? '';
  const record = useRecordContext();
  const represent = useGetRecordRepresentation(resource);
  const kind = singular[resource] ?? resource;
  return <span>{record ? `${kind}: ${String(represent(record))}` : kind}</span>;
};

/** Catalog records are retired (kept, with their history), never deleted: the toolbar only saves. */
export const SaveToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/**
 * Edit that waits for the server (so field errors land on the form) and, when the record changed
 * under the editor, says who changed it and when and offers to reload instead of overwriting.
 */
export const VersionedEdit = ({ children, ...props }: EditProps & { children: ReactNode }) => {
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const notify = useNotify();
  const refresh = useRefresh();

  const onError = (error: unknown, variables: any) => {
    // A public record: nothing changed yet, the change waits in the review queue for a second person.
    if (isRevisionPending(error)) {
      notify(error.message, { type: 'info', autoHideDuration: 10_000 });
      refresh();
      return;
    }
    if (isConflict(error)) {
      setConflict({ ...error.conflict, attempted: changedFields(variables?.data, variables?.previousData) });
      return;
    }
    const validation = (error as HttpError)?.body?.errors;
    // Field errors are shown on the form, and its summary by react-admin's invalid-form notice.
    if (validation && Object.keys(validation).length > 0) return;
    notify((error as Error)?.message || 'The change could not be saved.', { type: 'error' });
  };

  return (
    <Edit mutationMode="pessimistic" title={<RecordTitle />} {...props} mutationOptions={{ ...props.mutationOptions, onError }}>
      {children}
      <ConflictDialog
        conflict={conflict}
        onClose={() => setConflict(null)}
        onReload={() => {
          setConflict(null);
          refresh();
        }}
      />
    </Edit>
  );
};
