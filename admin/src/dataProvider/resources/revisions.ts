import type { Identifier, RaRecord } from 'react-admin';
import type { ResourceHandler } from '..';
import { graphql } from '../graphqlClient';
import { runMutation } from '../operations';

/** What the queue shows of a proposed change to a public record: what, by whom, and each field before → after. */
export const revisionFields =
  'id version status entityType entityId entityLabel stale canApprove proposedBy proposedAt reviewedBy rejectionReason changes { field before after }';

/**
 * Changes to public records (a published model's text, a provider's API address, a cited source's URL…)
 * waiting for a second person. The API lists at most 100 a page; the queue shows the oldest 100.
 */
export const revisions: ResourceHandler = {
  async getList() {
    const data = await graphql<{ revisions: { totalCount: number; edges: { node: RaRecord }[] } }>(
      `query PendingRevisions { revisions(first: 100) { totalCount edges { node { ${revisionFields} } } } }`,
    );
    return { data: data.revisions.edges.map((edge) => edge.node), total: data.revisions.totalCount };
  },
  // Approving is this queue's "verify": a second person lets the change through.
  async verify(id: Identifier, record?: RaRecord) {
    return runMutation({
      name: 'approveRevision',
      variables: '$id: ID!, $expectedVersion: Int!',
      args: 'id: $id, expectedVersion: $expectedVersion',
      key: 'revision',
      fields: revisionFields,
      values: { id, expectedVersion: record?.version },
    });
  },
  async reject(id: Identifier, record: RaRecord | undefined, reason: string) {
    return runMutation({
      name: 'rejectRevision',
      variables: '$id: ID!, $expectedVersion: Int!, $reason: String!',
      args: 'id: $id, expectedVersion: $expectedVersion, reason: $reason',
      key: 'revision',
      fields: revisionFields,
      values: { id, expectedVersion: record?.version, reason },
    });
  },
};
