import { HttpError, type GetListParams, type GetListResult, type Identifier, type RaRecord } from 'react-admin';
import { EntryCursors, SubmitForReview } from '../documents';
import { graphql } from '../graphqlClient';
import { listFromArray, listFromConnection } from '../lists';
import { fetchNode, runMutation } from '../operations';
import type { ResourceHandler } from '../types';
import { citationChanged, citationInput, claimRecord } from './fields';
import { withConflictDetails } from './conflicts';

/** The operations of one kind of sourced number, e.g. `{ node: ScoreNode, verify: VerifyScore, … }` from ../documents. */
export interface ClaimDocuments {
  /** One entry by global ID. */
  node: string;
  /** Entries of every editor, paged (EntryCursors asks for the cursors of pages skipped over). */
  entries: string;
  /** Every entry of one model, in `entriesField`. */
  ofModel: string;
  create: string;
  update: string;
  verify: string;
  reject: string;
  retire: string;
}

/** What differs between the kinds of sourced numbers: their type, documents and inputs. */
export interface ClaimKind {
  type: 'Score' | 'Price' | 'ModelFact';
  key: 'score' | 'price' | 'fact';
  documents: ClaimDocuments;
  /** The model's list of these entries in every state (`scoreEntries`…). */
  entriesField: 'scoreEntries' | 'priceEntries' | 'factEntries';
  /** Fields of the update patch besides the citation. */
  editable: string[];
  createInput(data: Record<string, any>): Promise<Record<string, unknown>>;
}

/** Verify, reject or retire: verify and reject confirm the version the reviewer looked at (required by the API). */
const workflow = (kind: ClaimKind, document: string, id: Identifier, values: { expectedVersion?: number; reason?: string; evidenceOverride?: string | null }) =>
  withConflictDetails(id, async () =>
    claimRecord(await runMutation({ document, key: kind.key, values: { id, ...values, expectedVersion: values.expectedVersion ?? null } })),
  );

/** Every entry of one model (the API lists them per model), filtered and sorted here. */
async function entriesOfModel(kind: ClaimKind, modelId: Identifier, params: GetListParams): Promise<GetListResult> {
  const data = await graphql<{ node: any }>(kind.documents.ofModel, { id: modelId });
  const model = data.node;
  const records = (model?.[kind.entriesField] ?? []).map((entry: any) => claimRecord(entry, { id: model.id, slug: model.slug, name: model.name }));
  const { modelId: _ignored, ...filter } = params.filter ?? {};
  return listFromArray(records, { ...params, filter }, ['setting', 'citation.locator', 'benchmark.name']);
}

const entryKinds = { Score: 'SCORE', Price: 'PRICE', ModelFact: 'MODEL_FACT' } as const;

/** The API names the model and benchmark of an entry `model`/`benchmark`; the forms' pickers hold ids. */
const formPaths = { model: 'modelId', benchmark: 'benchmarkId' };

/**
 * Entries of every editor in any state (the API's `entries`), by status, model, benchmark or the
 * source they cite; newest first unless sorted ascending.
 */
async function entries(kind: ClaimKind, params: GetListParams): Promise<GetListResult> {
  const { status, modelId, benchmarkId, sourceId, kind: priceKind } = params.filter ?? {};
  return listFromConnection(`entries:${kind.type}`, params, {
    query: kind.documents.entries,
    cursorQuery: EntryCursors,
    variables: {
      filter: {
        kind: entryKinds[kind.type],
        status: status || null,
        model: modelId || null,
        benchmark: kind.type === 'Score' ? benchmarkId || null : null,
        source: sourceId || null,
        priceKind: kind.type === 'Price' ? priceKind || null : null,
      },
      newestFirst: params.sort?.order !== 'ASC',
    },
    pick: (data) => data.entries,
    map: (node) => claimRecord(node),
  });
}

export function claimHandler(kind: ClaimKind): ResourceHandler {
  return {
    getList: (params) => {
      const { modelId, ...others } = params.filter ?? {};
      // One model's entries come whole and sort on any column; other lists page through the API.
      const onlyModel = modelId && Object.values(others).every((value) => value == null || value === '');
      return onlyModel ? entriesOfModel(kind, modelId, params) : entries(kind, params);
    },
    async getOne(id) {
      const claim = await fetchNode(kind.documents.node, id);
      return claim && claimRecord(claim);
    },
    async create(data) {
      return claimRecord(
        await runMutation({
          document: kind.documents.create,
          key: kind.key,
          values: { input: { ...(await kind.createInput(data)), citation: citationInput(data.citation), submitForReview: data.submitForReview ?? true } },
          renames: formPaths,
        }),
      );
    },
    update(id, data, previousData) {
      const patch: Record<string, unknown> = {};
      for (const field of kind.editable) {
        const now = data[field] === '' ? null : data[field];
        if (JSON.stringify(now ?? null) !== JSON.stringify(previousData[field] ?? null)) patch[field] = now ?? null;
      }
      if (citationChanged(data.citation, previousData.citation)) patch.citation = citationInput(data.citation);
      return withConflictDetails(id, async () =>
        claimRecord(
          await runMutation({
            document: kind.documents.update,
            key: kind.key,
            values: { id, expectedVersion: previousData.version, patch },
            renames: formPaths,
          }),
        ),
      );
    },
    verify: (id, record, evidenceOverride) => workflow(kind, kind.documents.verify, id, { expectedVersion: record?.version, evidenceOverride: evidenceOverride ?? null }),
    reject: (id, record, reason) => workflow(kind, kind.documents.reject, id, { expectedVersion: record?.version, reason }),
    retire: (id, record, reason) => workflow(kind, kind.documents.retire, id, { expectedVersion: record?.version, reason }),
    submitForReview: (id, record) => submitForReview(id, record?.version),
  };
}

export async function submitForReview(id: Identifier, version?: number): Promise<RaRecord> {
  const claim = await withConflictDetails(id, () =>
    runMutation<any>({
      document: SubmitForReview,
      key: 'claim',
      values: { id, expectedVersion: version ?? null },
    }),
  );
  if (!claim) throw new HttpError('The API did not return the submitted entry.', 500);
  return claimRecord(claim);
}
