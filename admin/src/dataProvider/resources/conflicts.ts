import type { Identifier } from 'react-admin';
import { LastChange } from '../documents';
import { graphql } from '../graphqlClient';
import { ConflictHttpError } from '../payload';

/**
 * A ConflictError says the version moved on; the audit trail says who moved it and when. Editors
 * may not read the trail, so for them the message goes without (the API's ConflictError could carry it).
 */
export async function withConflictDetails<T>(id: Identifier, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (!(error instanceof ConflictHttpError) || error.conflict.changedBy) throw error;
    try {
      const data = await graphql<{ auditEvents: { edges: { node: { at: string; actor: { email: string } | null } }[] } }>(
        LastChange,
        { id },
      );
      const last = data.auditEvents.edges[0]?.node;
      if (last) throw new ConflictHttpError({ ...error.conflict, changedBy: last.actor?.email ?? 'the system', changedAt: last.at });
    } catch (enriched) {
      if (enriched instanceof ConflictHttpError) throw enriched;
    }
    throw error;
  }
}
