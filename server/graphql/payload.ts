import type { RevisionPending } from '../catalog/revisions.ts';
import { builder } from './builder.ts';

// What every mutation's answer is built from.

/** A mutation's success type: one field holding the changed record, e.g. CreateScoreSuccess { score }. */
export function payload<Key extends string>(name: string, key: Key, type: object) {
  return builder.objectRef<Record<Key, any>>(name).implement({
    fields: (t) => ({ [key]: t.field({ type: type as never, resolve: (parent) => parent[key] as never }) }) as never,
  });
}

/** The arguments of a change to one record: its global ID and the version the client loaded. */
export const versionArgs = (t: any): { id: any; expectedVersion: any } => ({
  id: t.arg.id({ required: true }),
  expectedVersion: t.arg.int({ required: true, description: 'The version you loaded; a newer one answers ConflictError.' }),
});

export const sentForReview =
  'Once it is public (published; a source: cited by a verified number) the change is not applied but answered RevisionPending: a second person approves it (approveRevision).';

/** An update's answer: the changed record, or the revision waiting for a second person (a result, not a failure). */
export function appliedOrPending(field: string, result: { applied: Record<string, unknown> } | { pending: RevisionPending }) {
  return ('applied' in result ? { [field]: result.applied } : result.pending) as never;
}
