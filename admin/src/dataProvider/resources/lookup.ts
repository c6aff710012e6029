import { HttpError, type Identifier } from 'react-admin';
import { Slugs } from '../documents';
import { graphql } from '../graphqlClient';

/**
 * The editor API names models, benchmarks, providers and families by slug in its inputs; the forms
 * pick them by global ID. One request turns the ids into slugs.
 */
export async function slugsOf(ids: (Identifier | null | undefined)[]): Promise<(string | null)[]> {
  const wanted = ids.filter((id): id is Identifier => id != null && id !== '');
  if (wanted.length === 0) return ids.map(() => null);
  const data = await graphql<{ nodes: ({ id: string; slug?: string } | null)[] }>(
    Slugs,
    { ids: wanted.map(String) },
  );
  const byId = new Map(data.nodes.filter(Boolean).map((node) => [node!.id, node!.slug ?? null]));
  return ids.map((id) => {
    if (id == null || id === '') return null;
    const slug = byId.get(String(id));
    if (!slug) throw new HttpError('A record picked in the form no longer exists; pick it again.', 404);
    return slug;
  });
}
