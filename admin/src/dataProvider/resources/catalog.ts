import type { Identifier, RaRecord } from 'react-admin';
import { runMutation } from '../operations';
import { withConflictDetails } from './conflicts';

/** The four mutations of one catalog type, e.g. `{ create: CreateModel, update: UpdateModel, … }` from ../documents. */
export interface CatalogDocuments {
  create: string;
  update: string;
  publish: string;
  retire: string;
}

/** The create/update/publish/retire mutations every catalog type (provider, family, model, benchmark) has alike. */
export function catalogMutations(options: { key: string; documents: CatalogDocuments; toRecord?: (record: any) => RaRecord }) {
  const { key, documents } = options;
  const toRecord = options.toRecord ?? ((record: any) => record);
  const lifecycle = (document: string, withReason = false) => (id: Identifier, previousData: RaRecord, reason?: string) =>
    withConflictDetails(id, async () =>
      toRecord(await runMutation({ document, key, values: { id, expectedVersion: previousData.version, ...(withReason ? { reason: reason ?? null } : {}) } })),
    );
  return {
    async create(input: Record<string, unknown>) {
      return toRecord(await runMutation({ document: documents.create, key, values: { input } }));
    },
    async update(id: Identifier, patch: Record<string, unknown>, previousData: RaRecord) {
      return withConflictDetails(id, async () =>
        toRecord(await runMutation({ document: documents.update, key, values: { id, expectedVersion: previousData.version, patch } })),
      );
    },
    publish: lifecycle(documents.publish),
    retire: lifecycle(documents.retire, true),
  };
}
