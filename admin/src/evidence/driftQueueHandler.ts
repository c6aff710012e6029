import { DriftQueue, DriftQueueCursors } from '../dataProvider/documents';
import { listFromConnection } from '../dataProvider/lists';
import { claimRecord } from '../dataProvider/resources/fields';
import type { ResourceHandler } from '../dataProvider/types';

/** Verified numbers whose evidence no longer holds, or whose re-check is due, oldest first (reviewers). */
export const driftQueue: ResourceHandler = {
  getList: (params) =>
    listFromConnection('driftQueue', params, {
      query: DriftQueue,
      cursorQuery: DriftQueueCursors,
      variables: {},
      pick: (data) => data.queue,
      map: (node) => claimRecord(node),
    }),
};
