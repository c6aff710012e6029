import type { GetListParams } from 'react-admin';
import type { ResourceHandler } from '..';
import { listFromConnection } from '../lists';
import { changedFields, fetchNode, fetchNodes, runMutation } from '../operations';
import { withConflictDetails } from './conflicts';

export const sourceFields =
  'id url title publisher kind publishedAt retrievedAt archivedUrl linkStatus linkHttpStatus linkCheckedAt retiredAt retirementReason citationCount version';
const editable = ['url', 'title', 'publisher', 'kind', 'publishedAt', 'retrievedAt', 'archivedUrl'];

const listQuery = (selection: string) => `query Sources($first: Int, $after: String, $filter: SourceFilter, $orderBy: SourceOrder) {
  sources(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } ${selection} }
}`;

/** The columns the API orders sources by; others fall back to the order they were added in. */
const orderFields: Record<string, string> = { linkStatus: 'LINK_STATUS', title: 'TITLE', id: 'ADDED' };

function variables(params: GetListParams) {
  const { q, kind, linkStatus, deadLink, cited } = params.filter ?? {};
  return {
    filter: {
      search: q || undefined,
      kind: kind || undefined,
      linkStatus: linkStatus || undefined,
      deadLink: typeof deadLink === 'boolean' ? deadLink : undefined,
      cited: typeof cited === 'boolean' ? cited : undefined,
    },
    orderBy: { field: orderFields[params.sort?.field ?? ''] ?? 'ADDED', direction: params.sort?.order === 'DESC' ? 'DESC' : 'ASC' },
  };
}

/** Signed-in editors see every source (the public sees those cited by published numbers). */
export const sources: ResourceHandler = {
  getList: (params) =>
    listFromConnection('sources', params, {
      query: listQuery(`edges { node { ${sourceFields} } }`),
      cursorQuery: listQuery(''),
      variables: variables(params),
      pick: (data) => data.sources,
    }),
  getOne: (id) => fetchNode('Source', sourceFields, id),
  getMany: (ids) => fetchNodes('Source', sourceFields, ids),
  create: (data) =>
    runMutation({
      name: 'createSource',
      variables: '$input: CreateSourceInput!',
      args: 'input: $input',
      key: 'source',
      fields: sourceFields,
      values: { input: changedFields(data, {}, editable) },
    }),
  update: (id, data, previousData) =>
    withConflictDetails(id, () =>
      runMutation({
        name: 'updateSource',
        variables: '$id: ID!, $expectedVersion: Int!, $patch: UpdateSourceInput!',
        args: 'id: $id, expectedVersion: $expectedVersion, patch: $patch',
        key: 'source',
        fields: sourceFields,
        values: { id, expectedVersion: previousData.version, patch: changedFields(data, previousData, editable) },
      }),
    ),
  retire: (id, record, reason) =>
    withConflictDetails(id, () =>
      runMutation({
        name: 'retireSource',
        variables: '$id: ID!, $expectedVersion: Int!, $reason: String!',
        args: 'id: $id, expectedVersion: $expectedVersion, reason: $reason',
        key: 'source',
        fields: sourceFields,
        values: { id, expectedVersion: record.version, reason: reason ?? '' },
      }),
    ),
};
