import type { GetListParams } from 'react-admin';
import { CreateSource, RetireSource, SourceCursors, SourceNode, SourceNodes, Sources, UpdateSource } from '../documents';
import { listFromConnection } from '../lists';
import { changedFields, fetchNode, fetchNodes, runMutation } from '../operations';
import type { ResourceHandler } from '../types';
import { withConflictDetails } from './conflicts';

const editable = ['url', 'title', 'publisher', 'kind', 'publishedAt', 'retrievedAt', 'archivedUrl'];

/** The columns the API orders sources by; others fall back to the order they were added in. */
const orderFields: Record<string, string> = { linkStatus: 'LINK_STATUS', title: 'TITLE', id: 'ADDED' };

function variables(params: GetListParams) {
  const { q, kind, linkStatus, deadLink, cited, samePageAs } = params.filter ?? {};
  return {
    filter: {
      search: q || undefined,
      kind: kind || undefined,
      linkStatus: linkStatus || undefined,
      deadLink: typeof deadLink === 'boolean' ? deadLink : undefined,
      cited: typeof cited === 'boolean' ? cited : undefined,
      // The source of the page a URL names, however spelled (trailing slash, tracking parameters…).
      samePageAs: samePageAs || undefined,
    },
    orderBy: { field: orderFields[params.sort?.field ?? ''] ?? 'ADDED', direction: params.sort?.order === 'DESC' ? 'DESC' : 'ASC' },
  };
}

/** Signed-in editors see every source (the public sees those cited by published numbers). */
export const sources: ResourceHandler = {
  getList: (params) =>
    listFromConnection('sources', params, {
      query: Sources,
      cursorQuery: SourceCursors,
      variables: variables(params),
      pick: (data) => data.sources,
    }),
  getOne: (id) => fetchNode(SourceNode, id),
  getMany: (ids) => fetchNodes(SourceNodes, ids),
  create: (data) =>
    runMutation({ document: CreateSource, key: 'source', values: { input: changedFields(data, {}, editable) } }),
  update: (id, data, previousData) =>
    withConflictDetails(id, () =>
      runMutation({
        document: UpdateSource,
        key: 'source',
        values: { id, expectedVersion: previousData.version, patch: changedFields(data, previousData, editable) },
      }),
    ),
  retire: (id, record, reason) =>
    withConflictDetails(id, () =>
      runMutation({
        document: RetireSource,
        key: 'source',
        values: { id, expectedVersion: record.version, reason: reason ?? '' },
      }),
    ),
};
