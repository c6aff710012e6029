import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { sources } from '../../db/schema/index.ts';
import { isRowId } from '../editing/input.ts';
import type { Context } from './builder.ts';

/** A source is public once a published number cites it (the same rule for lists and node lookups). */
export const publicSourceCondition = (sourceId: SQL | typeof sources.id) => sql`(
  exists (select 1 from scores c join models m on m.id = c.model_id
          where c.source_id = ${sourceId} and c.status = 'VERIFIED' and m.publication = 'PUBLISHED')
  or exists (select 1 from prices c join models m on m.id = c.model_id
          where c.source_id = ${sourceId} and c.status = 'VERIFIED' and m.publication = 'PUBLISHED')
  or exists (select 1 from model_facts c join models m on m.id = c.model_id
          where c.source_id = ${sourceId} and c.status = 'VERIFIED' and m.publication = 'PUBLISHED'))`;

// What an anonymous reader may fetch by global ID: the same rules as the lists and lookups.
const publicRowSql: Record<string, (id: number) => ReturnType<typeof sql>> = {
  Model: (id) => sql`select 1 from models where id = ${id} and publication = 'PUBLISHED'`,
  Provider: (id) => sql`select 1 from providers where id = ${id} and publication = 'PUBLISHED'`,
  ModelFamily: (id) => sql`select 1 from model_families where id = ${id} and publication = 'PUBLISHED'`,
  Benchmark: (id) => sql`select 1 from benchmarks where id = ${id} and publication = 'PUBLISHED'`,
  Score: (id) => sql`select 1 from scores s join models m on m.id = s.model_id
    where s.id = ${id} and s.status = 'VERIFIED' and m.publication = 'PUBLISHED'`,
  Price: (id) => sql`select 1 from prices p join models m on m.id = p.model_id
    where p.id = ${id} and p.status = 'VERIFIED' and m.publication = 'PUBLISHED'`,
  Source: (id) => sql`select 1 from sources s where s.id = ${id} and ${publicSourceCondition(sql`s.id`)}`,
};

// Signed-in editors may fetch drafts and every other row of the catalog; the audit trail is for
// reviewers and admins (the AuditEvent type checks that again).
const editorTables: Record<string, string> = {
  Model: 'models',
  Provider: 'providers',
  ModelFamily: 'model_families',
  Benchmark: 'benchmarks',
  Score: 'scores',
  Price: 'prices',
  ModelFact: 'model_facts',
  Source: 'sources',
  User: 'users',
  AuditEvent: 'audit_events',
};

/** Whether the node with this global ID may be shown to the viewer; unknown types never are. */
export async function isNodeVisible(ctx: Context, typename: string, id: string): Promise<boolean> {
  const numericId = Number(id);
  // Audit events have bigint ids; every other row an integer id.
  if (!(typename === 'AuditEvent' ? Number.isSafeInteger(numericId) && numericId > 0 : isRowId(numericId))) return false;
  if (ctx.viewer && editorTables[typename]) {
    if (typename === 'AuditEvent' && ctx.viewer.role === 'EDITOR') return false;
    const rows = await ctx.db.execute(sql`select 1 from ${sql.raw(editorTables[typename])} where id = ${numericId}`);
    return rowsOf(rows).length > 0;
  }
  const query = publicRowSql[typename];
  if (!query) return false;
  const rows = await ctx.db.execute(query(numericId));
  return rowsOf(rows).length > 0;
}
