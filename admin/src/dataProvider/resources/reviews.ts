import type { GetListParams } from 'react-admin';
import { fetchMe } from '../../authProvider';
import { MyEntries, MyEntryCursors, ReviewQueue, ReviewQueueCursors } from '../documents';
import { listFromConnection } from '../lists';
import type { ResourceHandler } from '../types';
import { claimRecord } from './fields';

/**
 * Reviewers see everyone's pending entries (reviewQueue); an editor, whom the API does not show the
 * queue, sees their own entries waiting there (myEntries with status PENDING_REVIEW).
 */
async function queue(params: GetListParams) {
  const me = await fetchMe();
  const reviewer = me?.role === 'REVIEWER' || me?.role === 'ADMIN';
  const result = await listFromConnection(reviewer ? 'reviewQueue' : 'myPending', params, {
    query: reviewer ? ReviewQueue : MyEntries,
    cursorQuery: reviewer ? ReviewQueueCursors : MyEntryCursors,
    variables: reviewer ? {} : { status: 'PENDING_REVIEW' },
    pick: (data) => data.queue,
    map: (node) => claimRecord(node),
  });
  const kind = params.filter?.kind;
  return kind ? { ...result, data: result.data.filter((record) => record.resource === kind) } : result;
}

export const reviews: ResourceHandler = { getList: queue };
