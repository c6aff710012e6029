import { DisagreementCursors, Disagreements } from '../documents';
import { listFromConnection } from '../lists';
import type { ResourceHandler } from '../types';

/** Groups have no id of their own: model, benchmark and setting make one. */
export const disagreements: ResourceHandler = {
  getList: (params) =>
    listFromConnection('disagreements', params, {
      query: Disagreements,
      cursorQuery: DisagreementCursors,
      variables: {},
      pick: (data) => data.disagreements,
      map: (node) => ({ ...node, id: `${node.model.id}|${node.benchmark.id}|${node.setting ?? ''}` }),
    }),
};
