import { HttpError, type GetListParams, type GetListResult, type Identifier, type RaRecord } from 'react-admin';
import type { ResourceHandler } from '..';
import { graphql } from '../graphqlClient';
import { listFromArray, listFromConnection } from '../lists';
import { fetchNode, runMutation } from '../operations';
import { citationChanged, citationInput, claimRecord } from './fields';
import { withConflictDetails } from './conflicts';

/** What differs between the kinds of sourced numbers: their type, fields and inputs. */
export interface ClaimKind {
  type: 'Score' | 'Price' | 'ModelFact';
  key: 'score' | 'price' | 'fact';
  fields: string;
  /** The model's list of these entries in every state (`scoreEntries`…). */
  entriesField: 'scoreEntries' | 'priceEntries' | 'factEntries';
  /** Fields of the update patch besides the citation. */
  editable: string[];
  createInput(data: Record<string, any>): Promise<Record<string, unknown>>;
}

const workflow = (kind: ClaimKind, action: 'verify' | 'reject' | 'retire', extra = '') => (id: Identifier, version?: number, reason?: string) =>
  withConflictDetails(id, async () =>
    claimRecord(
      await runMutation({
        name: `${action}${kind.type}`,
        // Verify and reject confirm the version the reviewer looked at (required by the API).
        variables: `$id: ID!, $expectedVersion: Int${action === 'retire' ? '' : '!'}${extra ? ', $reason: String!' : ''}`,
        args: `id: $id, expectedVersion: $expectedVersion${extra ? ', reason: $reason' : ''}`,
        key: kind.key,
        fields: kind.fields,
        values: { id, expectedVersion: version ?? null, ...(extra ? { reason } : {}) },
      }),
    ),
  );

/** Every entry of one model (the API lists them per model), filtered and sorted here. */
async function entriesOfModel(kind: ClaimKind, modelId: Identifier, params: GetListParams): Promise<GetListResult> {
  const data = await graphql<{ node: any }>(
    `query Entries($id: ID!) { node(id: $id) { id ... on Model { slug name ${kind.entriesField} { __typename ${kind.fields} } } } }`,
    { id: modelId },
  );
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
  const query = (selection: string) => `query Entries($first: Int, $after: String, $filter: EntryFilter, $newestFirst: Boolean) {
    entries(first: $first, after: $after, filter: $filter, newestFirst: $newestFirst) { totalCount pageInfo { hasNextPage endCursor } ${selection} }
  }`;
  return listFromConnection(`entries:${kind.type}`, params, {
    query: query(`edges { node { __typename ... on ${kind.type} { ${kind.fields} } } }`),
    cursorQuery: query(''),
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
      const claim = await fetchNode(kind.type, `__typename ${kind.fields}`, id);
      return claim && claimRecord(claim);
    },
    async create(data) {
      return claimRecord(
        await runMutation({
          name: `create${kind.type}`,
          variables: `$input: Create${kind.type}Input!`,
          args: 'input: $input',
          key: kind.key,
          fields: `__typename ${kind.fields}`,
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
            name: `update${kind.type}`,
            variables: `$id: ID!, $expectedVersion: Int!, $patch: Update${kind.type}Input!`,
            args: 'id: $id, expectedVersion: $expectedVersion, patch: $patch',
            key: kind.key,
            fields: `__typename ${kind.fields}`,
            values: { id, expectedVersion: previousData.version, patch },
            renames: formPaths,
          }),
        ),
      );
    },
    verify: (id, record) => workflow(kind, 'verify')(id, record?.version),
    reject: (id, record, reason) => workflow(kind, 'reject', 'reason')(id, record?.version, reason),
    retire: (id, record, reason) => workflow(kind, 'retire', 'reason')(id, record?.version, reason),
    submitForReview: (id, record) => submitForReview(id, record?.version),
  };
}

export async function submitForReview(id: Identifier, version?: number): Promise<RaRecord> {
  const claim = await withConflictDetails(id, () =>
    runMutation<any>({
      name: 'submitForReview',
      variables: '$id: ID!, $expectedVersion: Int',
      args: 'id: $id, expectedVersion: $expectedVersion',
      key: 'claim',
      fields: '__typename ... on Score { id status version } ... on Price { id status version } ... on ModelFact { id status version }',
      values: { id, expectedVersion: version ?? null },
    }),
  );
  if (!claim) throw new HttpError('The API did not return the submitted entry.', 500);
  return claimRecord(claim);
}
