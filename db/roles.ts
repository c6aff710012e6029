import { createHmac } from 'node:crypto';
import type { DatabaseHandle } from './client.ts';

/** Tables the application may only read and append to: history is never rewritten. */
export const appendOnlyTables = ['audit_events'];

const identifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain role name: ${name}`);
  return `"${name}"`;
};

/**
 * Grants the application role exactly what the server needs: read and write catalog rows, append to
 * the audit trail, use sequences. No DDL (it owns nothing), no UPDATE/DELETE/TRUNCATE on append-only
 * tables. Run as the owner after every migration, so new tables are covered.
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
    statements.push(
      appendOnlyTables.includes(table)
        ? `grant select, insert on ${quoted} to ${role}`
        : `grant select, insert, update, delete on ${quoted} to ${role}`,
    );
  }
  for (const statement of statements) await owner.raw.query(statement);
}

/**
 * The application role for a database set up from one owner URL: `<owner>_app`, created when
 * missing, with a password derived from the owner's (so nothing new has to be stored).
 */
export async function ensureAppRole(owner: DatabaseHandle, ownerUrl: string): Promise<{ url: string; role: string }> {
  const url = new URL(ownerUrl);
  const ownerName = decodeURIComponent(url.username || 'postgres');
  const role = `${ownerName.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_app`.slice(0, 63);
  const password = createHmac('sha256', decodeURIComponent(url.password) || ownerUrl).update('sourced app role').digest('base64url');
  const [existing] = await owner.raw.query<{ exists: boolean }>(`select exists (select 1 from pg_roles where rolname = $1) as exists`, [role]);
  // A password cannot be a bind parameter in DDL; it is base64url, so it quotes safely.
  if (!existing?.exists) {
    await owner.raw.query(`create role ${identifier(role)} login password '${password}' nosuperuser nocreatedb nocreaterole noinherit`);
  } else {
    await owner.raw.query(`alter role ${identifier(role)} login password '${password}'`);
  }
  const [database] = await owner.raw.query<{ name: string }>(`select current_database() as name`);
  await owner.raw.query(`grant connect on database "${database!.name}" to ${identifier(role)}`);
  url.username = role;
  url.password = password;
  return { url: url.toString(), role };
}
