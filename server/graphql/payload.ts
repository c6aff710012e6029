import { builder } from './builder.ts';

/** A mutation's success type: one field holding the changed record, e.g. CreateScoreSuccess { score }. */
export function payload<Key extends string>(name: string, key: Key, type: object) {
  return builder.objectRef<Record<Key, any>>(name).implement({
    fields: (t) => ({ [key]: t.field({ type: type as never, resolve: (parent) => parent[key] as never }) }) as never,
  });
}
