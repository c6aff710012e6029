import type { GetListParams } from 'react-admin';
import type { ResourceHandler } from '..';
import { listFromConnection } from '../lists';

const query = (selection: string) => `query AuditTrail($first: Int, $after: String, $entityId: ID, $actorId: ID, $action: String, $entityType: String, $actorEmail: String) {
  auditEvents(first: $first, after: $after, entityId: $entityId, actorId: $actorId, action: $action, entityType: $entityType, actorEmail: $actorEmail) {
    pageInfo { hasNextPage endCursor } ${selection}
  }
}`;

function variables(params: GetListParams) {
  const { entityId, actorId, action, entityType, actor } = params.filter ?? {};
  return {
    entityId: entityId || null,
    actorId: actorId || null,
    action: action ? String(action).trim().toUpperCase() : null,
    entityType: entityType || null,
    actorEmail: actor ? String(actor).trim() : null,
  };
}

/** The trail is newest first and has no total: react-admin pages it with next/previous only. */
export const auditEvents: ResourceHandler = {
  getList: (params) =>
    listFromConnection('auditEvents', params, {
      query: query('edges { node { id at action entityType entityId diff requestId actor { id email } } }'),
      cursorQuery: query(''),
      variables: variables(params),
      pick: (data) => data.auditEvents,
    }),
};
