import { createHash, createHmac } from 'node:crypto';
import type { DatabaseHandle } from './client.ts';

/** Tables the application may only read and append to: history is never rewritten. */
export const appendOnlyTables = ['audit_events', 'snapshot_bodies', 'source_snapshots', 'catalog_changes'];

/**
 * The only tables the application deletes rows from: sessions end (logout, expiry, a disabled
 * account) and compareWith suggestions are derived rows, rebuilt around a changed model. Catalog rows
 * are retired, rejected or superseded, never deleted, so the role may not delete them.
 */
export const deletableTables = ['model_similarities', 'sessions', 'webhooks', 'webhook_deliveries', 'digest_items', 'subscribers'];

/**
 * Tables the application only reads: the catalog version is set by the commit-time trigger (as the
 * owner), never by the server, so a compromised server cannot move it back and revive old pages.
 */
export const readOnlyTables = ['catalog_version'];

const identifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain role name: ${name}`);
  return `"${name}"`;
};

/**
 * Grants the application role exactly what the server needs: read, insert and update catalog rows,
 * append to the audit trail, delete only from `deletableTables`, use sequences. No DDL (it owns
 * nothing), no TRUNCATE, no temporary tables. Run as the owner after every migration, so new tables
 * are covered.
 */
export async function grantAppRole(owner: DatabaseHandle, appRole: string): Promise<void> {
  const role = identifier(appRole);
  const tables = (
    await owner.raw.query<{ name: string }>(
      `select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    )
  ).map((row) => row.name);
  const statements = [
    `revoke create on schema public from public`,
    `grant usage on schema public to ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    `grant usage on schema drizzle to ${role}`,
    `grant select on all tables in schema drizzle to ${role}`,
  ];
  for (const table of tables) {
    const quoted = `"${table}"`;
    statements.push(`revoke all on ${quoted} from ${role}`);
    const privileges = readOnlyTables.includes(table)
      ? 'select'
      : appendOnlyTables.includes(table)
        ? 'select, insert'
        : deletableTables.includes(table)
          ? 'select, insert, update, delete'
          : 'select, insert, update';
    statements.push(`grant ${privileges} on ${quoted} to ${role}`);
  }
  // Every role may create temporary tables by default (through PUBLIC); the server never does. Only
  // the database's owner (or a superuser) can take that away; other owners leave it as it is.
  const [database] = await owner.raw.query<{ name: string; mayRevoke: boolean }>(
    `select d.datname as name,
            pg_has_role(current_user, d.datdba, 'USAGE') or (select rolsuper from pg_roles where rolname = current_user) as "mayRevoke"
       from pg_database d where d.datname = current_database()`,
  );
  if (database?.mayRevoke) {
    statements.push(`revoke temporary on database "${database.name}" from public`);
    statements.push(`revoke temporary on database "${database.name}" from ${role}`);
  }
  for (const statement of statements) await owner.raw.query(statement);
}

/**
 * The application role's name for one database: `<database>_app`. One role per database, so two
 * checkouts (or two projects) on one cluster never share a role, nor reset each other's password.
 * A name that is not a plain lower-case identifier, or that would pass PostgreSQL's 63 bytes, is
 * shortened and given 8 hex digits of the database name's SHA-256, so it stays unique.
 */
export function appRoleName(database: string): string {
  const plain = `${database}_app`;
  if (/^[a-z_][a-z0-9_]*$/.test(database) && plain.length <= 63) return plain;
  const hash = createHash('sha256').update(database).digest('hex').slice(0, 8);
  let base = database.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  if (!/^[a-z_]/.test(base)) base = `db_${base}`;
  return `${base.slice(0, 63 - '_'.length - hash.length - '_app'.length)}_${hash}_app`;
}

/**
 * The application role for a database set up from one owner URL: `appRoleName(<database>)`, created
 * when missing, with a password derived from the owner's (so nothing new has to be stored).
 */
export async function ensureAppRole(owner: DatabaseHandle, ownerUrl: string): Promise<{ url: string; role: string }> {
  const url = new URL(ownerUrl);
  const [database] = await owner.raw.query<{ name: string }>(`select current_database() as name`);
  const role = appRoleName(database!.name);
  const password = createHmac('sha256', decodeURIComponent(url.password) || ownerUrl).update('sourced app role').digest('base64url');
  const [existing] = await owner.raw.query<{ exists: boolean }>(`select exists (select 1 from pg_roles where rolname = $1) as exists`, [role]);
  // A password cannot be a bind parameter in DDL; it is base64url, so it quotes safely.
  if (!existing?.exists) {
    await owner.raw.query(`create role ${identifier(role)} login password '${password}' nosuperuser nocreatedb nocreaterole noinherit`);
  } else {
    await owner.raw.query(`alter role ${identifier(role)} login password '${password}'`);
  }
  await owner.raw.query(`grant connect on database "${database!.name.replace(/"/g, '""')}" to ${identifier(role)}`);
  url.username = role;
  url.password = password;
  return { url: url.toString(), role };
}

/**
 * Drops a database and its application role (`appRoleName`), for whoever created both: tests and
 * CI. The role holds privileges only inside its database, so it can go once the database has.
 * `query` runs one statement as a role allowed to drop them, connected to another database.
 */
export async function dropDatabaseAndAppRole(query: (sql: string) => Promise<unknown>, database: string): Promise<void> {
  await query(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`);
  await query(`drop role if exists ${identifier(appRoleName(database))}`);
}
