import type { Identifier, RaRecord } from 'react-admin';
import { ApproveRevision, PendingRevisions, RejectRevision } from '../documents';
import { graphql } from '../graphqlClient';
import { runMutation } from '../operations';
import type { ResourceHandler } from '../types';

/**
 * Changes to public records (a published model's text, a provider's API address, a cited source's URL…)
 * waiting for a second person. The API lists at most 100 a page; the queue shows the oldest 100.
 */
export const revisions: ResourceHandler = {
  async getList() {
    const data = await graphql<{ revisions: { totalCount: number; edges: { node: RaRecord }[] } }>(PendingRevisions);
    return { data: data.revisions.edges.map((edge) => edge.node), total: data.revisions.totalCount };
  },
  // Approving is this queue's "verify": a second person lets the change through.
  async verify(id: Identifier, record?: RaRecord) {
    return runMutation({ document: ApproveRevision, key: 'revision', values: { id, expectedVersion: record?.version } });
  },
  async reject(id: Identifier, record: RaRecord | undefined, reason: string) {
    return runMutation({ document: RejectRevision, key: 'revision', values: { id, expectedVersion: record?.version, reason } });
  },
};
