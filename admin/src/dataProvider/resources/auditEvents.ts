import type { GetListParams } from 'react-admin';
import { AuditTrail, AuditTrailCursors } from '../documents';
import { listFromConnection } from '../lists';
import type { ResourceHandler } from '../types';

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
      query: AuditTrail,
      cursorQuery: AuditTrailCursors,
      variables: variables(params),
      pick: (data) => data.auditEvents,
    }),
};
