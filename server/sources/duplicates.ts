import { GraphQLError } from 'graphql';
import { and, asc, ne, sql } from 'drizzle-orm';
import type { Transaction } from '../../db/client.ts';
import { sources } from '../../db/schema/index.ts';
import type { FieldError } from '../errors.ts';

// A source whose page is already in the catalog is refused with the source that has it, so the
// editor can cite that one (rather than returned silently: its title, kind or dates may differ from
// what the editor typed, and they should see which page they are citing).

export interface ExistingSource {
  id: number;
  url: string;
  title: string;
  retiredAt: string | null;
}

export class DuplicateSourceError extends GraphQLError {
  readonly fieldErrors: FieldError[];
  constructor(readonly existing: ExistingSource) {
    const retired = existing.retiredAt ? ' It is retired: cite another page.' : ' Cite that one.';
    const message = `This page is already in the catalog as "${existing.title}" (${existing.url}).${retired}`;
    super(message, { extensions: { code: 'BAD_USER_INPUT' } });
    this.name = 'DuplicateSourceError';
    this.fieldErrors = [{ path: 'url', message }];
  }
}

/** Condition: the source names the same page as `url` (any spelling; see sourceUrls.ts). */
export const samePageAs = (url: string, table: typeof sources = sources) => sql`${table.normalizedUrl} = source_url_key(${url})`;

/** The source already holding this page (the page's own one before a kept duplicate), if any. */
export async function sourceOfPage(tx: Pick<Transaction, 'select'>, url: string, exceptId?: number): Promise<ExistingSource | null> {
  const [row] = await tx
    .select({ id: sources.id, url: sources.url, title: sources.title, retiredAt: sources.retiredAt })
    .from(sources)
    .where(and(samePageAs(url), exceptId === undefined ? undefined : ne(sources.id, exceptId)))
    .orderBy(sql`${sources.duplicateOf} is not null`, asc(sources.id))
    .limit(1);
  return row ?? null;
}

/** Throws DuplicateSourceError when another source has this page already. */
export async function refuseDuplicateSource(tx: Pick<Transaction, 'select'>, url: string, exceptId?: number): Promise<void> {
  const existing = await sourceOfPage(tx, url, exceptId);
  if (existing) throw new DuplicateSourceError(existing);
}
