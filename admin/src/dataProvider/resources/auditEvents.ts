import type { GetListParams } from 'react-admin';
import { referencedIds, resolveReferences } from '../../history/references';
import { AuditTrail, AuditTrailCursors } from '../documents';
import { listFromConnection } from '../lists';
import type { ResourceHandler } from '../types';

function variables(params: GetListParams) {
  const { entityId, actorId, action, actions, entityType, actor } = params.filter ?? {};
  const several = Array.isArray(actions) ? actions.map((one) => String(one).trim().toUpperCase()).filter(Boolean) : [];
  return {
    entityId: entityId || null,
    actorId: actorId || null,
    action: action ? String(action).trim().toUpperCase() : null,
    actions: several.length ? several : null,
    entityType: entityType || null,
    actorEmail: actor ? String(actor).trim() : null,
  };
}

/**
 * The trail is newest first and has no total: react-admin pages it with next/previous only. Each page
 * comes with the names of the records it mentions (`references`, by global ID), asked in one request.
 */
export const auditEvents: ResourceHandler = {
  getList: async (params) => {
    const page = await listFromConnection('auditEvents', params, {
      query: AuditTrail,
      cursorQuery: AuditTrailCursors,
      variables: variables(params),
      pick: (data) => data.auditEvents,
    });
    const references = await resolveReferences(page.data.flatMap(referencedIds));
    const data = page.data.map((event) => ({ ...event, references }));
    // On the last page the count is known: "1-2 of 2" rather than react-admin's "1-50 of 50".
    if (page.pageInfo && !page.pageInfo.hasNextPage) {
      const { page: number = 1, perPage = 50 } = params.pagination ?? {};
      return { data, total: (number - 1) * perPage + data.length };
    }
    return { ...page, data };
  },
};
