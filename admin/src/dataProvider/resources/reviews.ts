import type { GetListParams } from 'react-admin';
import { fetchMe } from '../../authProvider';
import { MyEntries, MyEntryCursors, PendingEntries, PendingEntryCursors, ReviewQueue, ReviewQueueCursors } from '../documents';
import { listFromConnection } from '../lists';
import type { ResourceHandler } from '../types';
import { claimRecord } from './fields';

const entryKinds: Record<string, string> = { scores: 'SCORE', prices: 'PRICE', modelFacts: 'MODEL_FACT' };

/**
 * Reviewers see everyone's pending entries (reviewQueue); narrowed to one source (a batch entered
 * from it) or one kind, the API's `entries` pages through those alone. An editor, whom the API does
 * not show the queue, sees their own entries waiting there (myEntries with status PENDING_REVIEW).
 */
async function queue(params: GetListParams) {
  const me = await fetchMe();
  const reviewer = me?.role === 'REVIEWER' || me?.role === 'ADMIN';
  const { kind, sourceId } = params.filter ?? {};
  if (reviewer && (kind || sourceId)) {
    return listFromConnection('pendingEntries', params, {
      query: PendingEntries,
      cursorQuery: PendingEntryCursors,
      variables: { filter: { status: 'PENDING_REVIEW', kind: entryKinds[kind] ?? null, source: sourceId || null } },
      pick: (data) => data.queue,
      map: (node) => claimRecord(node),
    });
  }
  const result = await listFromConnection(reviewer ? 'reviewQueue' : 'myPending', params, {
    query: reviewer ? ReviewQueue : MyEntries,
    cursorQuery: reviewer ? ReviewQueueCursors : MyEntryCursors,
    variables: reviewer ? {} : { status: 'PENDING_REVIEW' },
    pick: (data) => data.queue,
    map: (node) => claimRecord(node),
  });
  const data = result.data.filter((record) => (!kind || record.resource === kind) && (!sourceId || record.citation?.sourceId === sourceId));
  return kind || sourceId ? { ...result, data } : result;
}

export const reviews: ResourceHandler = { getList: queue };
