import { useMemo, useState, type ReactNode } from 'react';
import {
  Edit,
  SaveButton,
  Toolbar,
  useDataProvider,
  useGetRecordRepresentation,
  useNotify,
  useRecordContext,
  useRedirect,
  useRefresh,
  useResourceContext,
  type EditProps,
  type HttpError,
} from 'react-admin';
import { isTransient } from '../dataProvider/graphqlClient';
import { isConflict, isRevisionPending } from '../dataProvider/payload';
import { ConflictContext, type Reapply } from './ConflictContext';
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
 * under the editor, says who changed it and when, shows field by field what they typed against what
 * is saved now, and offers to re-apply it to the latest version or to reload (saying what is lost).
 * The form puts the values back through `<FormGuard />` (admin/src/forms), which it must contain.
 */
export const VersionedEdit = ({ children, ...props }: EditProps & { children: ReactNode }) => {
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const [conflicted, setConflicted] = useState(false);
  const [reapply, setReapply] = useState<Reapply | null>(null);
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider();
  const resourceFromContext = useResourceContext();
  const resource = props.resource ?? resourceFromContext ?? '';

  const onError = (error: unknown, variables: any) => {
    // A public record: nothing changed yet, the change waits in the review queue for a second person.
    if (isRevisionPending(error)) {
      notify(error.message, { type: 'info', autoHideDuration: 10_000 });
      refresh();
      return;
    }
    if (isConflict(error)) {
      const opened = variables?.previousData as Record<string, unknown> | undefined;
      setConflict({ ...error.conflict, attempted: changedFields(variables?.data, opened), opened });
      setConflicted(true);
      // What is saved now, for the field-by-field comparison and the version to re-apply to.
      dataProvider
        .getOne(resource, { id: variables?.id ?? opened?.id })
        .then(({ data }) => data, () => null)
        .then((latest) => setConflict((current) => (current ? { ...current, latest } : current)));
      return;
    }
    const validation = (error as HttpError)?.body?.errors;
    // Field errors are shown on the form, and its summary by react-admin's invalid-form notice.
    if (validation && Object.keys(validation).length > 0) return;
    notify((error as Error)?.message || 'The change could not be saved.', { type: 'error' });
  };

  // react-admin's default sends the editor to the list on any failed load, a refresh after a conflict
  // included: a moment of overload would throw away a half-typed form. A transient failure is asked
  // again, then reported with the form kept; only a record that is gone or hidden leaves the page.
  const redirect = useRedirect();
  const queryOptions = {
    retry: (failures: number, error: unknown) => failures < 3 && isTransient(error),
    retryDelay: (failures: number) => 500 * 2 ** failures,
    ...props.queryOptions,
    onError: (error: unknown) => {
      if (isTransient(error)) {
        notify('The record could not be loaded just now (the server is busy or out of reach). What you typed is kept: try again in a moment.', { type: 'warning' });
        return;
      }
      notify((error as Error)?.message || 'ra.notification.item_doesnt_exist', { type: 'error' });
      redirect('list', resource);
    },
  };

  const context = useMemo(() => ({ conflicted, reapply, reapplied: () => setReapply(null) }), [conflicted, reapply]);

  return (
    <Edit mutationMode="pessimistic" title={<RecordTitle />} {...props} queryOptions={queryOptions} mutationOptions={{ ...props.mutationOptions, onError }}>
      <ConflictContext.Provider value={context}>
        {children}
        <ConflictDialog
          conflict={conflict}
          onClose={() => setConflict(null)}
          onReload={() => {
            setConflict(null);
            setConflicted(false);
            refresh();
          }}
          onReapply={() => {
            const version = Number(conflict?.latest?.version ?? conflict?.currentVersion);
            if (conflict && Number.isFinite(version)) setReapply({ version, values: conflict.attempted });
            setConflict(null);
            setConflicted(false);
            refresh();
          }}
        />
      </ConflictContext.Provider>
    </Edit>
  );
};
