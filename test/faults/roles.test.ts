import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client.ts';
import { appRoleName, dropDatabaseAndAppRole, ensureAppRole } from '../../db/roles.ts';
import { PrivateCluster } from './cluster.ts';
import { postGraphQL, recordFigures, startServer, type Figure } from './harness.ts';

// Least privilege on PostgreSQL: migrations run as the owner, the server connects as an application
// role that may read and write catalog rows and append to the audit trail, and nothing more. Both
// ways of starting are checked: one owner URL (the server creates `<database>_app`), and an owner URL
// beside the URL of a role made beforehand.
let cluster: PrivateCluster;
let owner: postgres.Sql;

beforeAll(async () => {
  cluster = await PrivateCluster.withDatabase('sourced');
  owner = postgres(cluster.url('sourced'), { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await owner?.end();
  await cluster?.destroy();
});

/** Statements the application role must be refused (SQLSTATE 42501). DML says `where false`, so a
 * wrongly granted privilege fails the test without changing a row. */
const refused: [string, string][] = [
  ['update the audit trail', `update audit_events set action = action where false`],
  ['delete from the audit trail', `delete from audit_events where false`],
  ['truncate the audit trail', `truncate audit_events`],
  ['delete catalog rows', `delete from models where false`],
  ['delete sources', `delete from sources where false`],
  ['delete users', `delete from users where false`],
  ['truncate a catalog table', `truncate scores`],
  ['create a table', `create table probe (id int)`],
  ['create a temporary table', `create temporary table probe (id int)`],
  ['create a schema', `create schema probe`],
  ['alter a table', `alter table models add column probe int`],
  ['drop a table', `drop table prices`],
  ['drop a trigger', `drop trigger audit_events_no_update_delete on audit_events`],
  ['switch off the methodology triggers', `alter table scores disable trigger all`],
  ['create a function', `create function probe() returns int language sql as 'select 1'`],
  ['rewrite the migration journal', `delete from drizzle.__drizzle_migrations where false`],
  ['become the owner', `set role postgres`],
];

/** What the server does need. */
const allowed: [string, string][] = [
  ['read the catalog', `select count(*) from models`],
  ['update catalog rows', `update models set name = name where false`],
  ['append to the audit trail', `select 1 from audit_events limit 1`],
  ['end sessions', `delete from sessions where false`],
  ['rebuild compareWith suggestions', `delete from model_similarities where false`],
];

async function probe(role: string) {
  const app = postgres(cluster.url('sourced', role), { max: 1, onnotice: () => {} });
  try {
    const refusals: { what: string; code: string | undefined }[] = [];
    for (const [what, statement] of refused) {
      const code = await app.unsafe(statement).then(
        () => undefined,
        (error: { code?: string }) => error.code,
      );
      refusals.push({ what, code });
    }
    const failures: { what: string; error: string }[] = [];
    for (const [what, statement] of allowed) {
      await app.unsafe(statement).catch((error: Error) => failures.push({ what, error: error.message }));
    }
    const [attributes] = await owner<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolbypassrls: boolean }[]>`
      select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls from pg_roles where rolname = ${role}`;
    return { refusals, failures, attributes: attributes! };
  } finally {
    await app.end();
  }
}

describe('the application role', () => {
  const figures: Figure[] = [];
  afterAll(() => recordFigures('least privilege', figures));

  for (const setup of ['one owner URL', 'owner URL and app URL'] as const) {
    it(`the server connects as it, and it may do only what the server needs (${setup})`, async () => {
      // One role per database (`sourced_app` here), never one per owner shared across the cluster.
      let role = appRoleName('sourced');
      const env: Record<string, string> = { SEED_DEMO: 'false', RESPONSE_CACHE: 'false', DB_POOL_SIZE: '2' };
      if (setup === 'one owner URL') {
        env.DATABASE_URL = cluster.url('sourced');
      } else {
        role = 'sourced_web';
        await owner.unsafe(`create role ${role} login`);
        await owner.unsafe(`grant connect on database sourced to ${role}`);
        env.DATABASE_OWNER_URL = cluster.url('sourced');
        env.DATABASE_URL = cluster.url('sourced', role);
      }
      const server = await startServer(env);
      try {
        const read = await postGraphQL(server.url, '{ providers { slug } }');
        expect(read.body, server.output()).toEqual({ data: { providers: [] } });
        const connections = await owner<{ usename: string }[]>`
          select usename from pg_stat_activity where datname = 'sourced' and application_name = 'sourced'`;
        expect(connections.length).toBeGreaterThan(0);
        expect(new Set(connections.map((row) => row.usename))).toEqual(new Set([role]));

        const { refusals, failures, attributes } = await probe(role);
        expect(refusals.filter((refusal) => refusal.code !== '42501'), 'statements not refused with 42501').toEqual([]);
        expect(failures, 'statements the server needs').toEqual([]);
        expect(attributes).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
        figures.push(
          { name: `${setup}: server connections as ${role}`, value: `${connections.length} of ${connections.length}`, goal: 'all', met: true },
          { name: `${setup}: owner-only statements refused`, value: `${refusals.length} of ${refused.length}`, goal: 'all', met: true },
        );
      } finally {
        await server.stop();
      }
    });
  }
});

describe('one application role per database', () => {
  it('is named after the database: short, unique, and a plain identifier', () => {
    expect(appRoleName('sourced')).toBe('sourced_app');
    const long = 'x'.repeat(63);
    for (const name of [long, `${long}y`, 'My-DB', '1st', 'my_db']) {
      expect(appRoleName(name), name).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
    }
    expect(appRoleName(long)).not.toBe(appRoleName(`${long}y`));
    expect(appRoleName('My-DB')).not.toBe(appRoleName('my_db'));
  });

  it('two databases on one cluster (two checkouts) get two roles; setting up one leaves the other working', async () => {
    await owner.unsafe('create database sourced_other');
    const first = await createDatabase({ url: cluster.url('sourced'), maxConnections: 1 });
    const second = await createDatabase({ url: cluster.url('sourced_other'), maxConnections: 1 });
    try {
      const a = await ensureAppRole(first, cluster.url('sourced'));
      const b = await ensureAppRole(second, cluster.url('sourced_other'));
      expect([a.role, b.role]).toEqual(['sourced_app', 'sourced_other_app']);
      // The second set-up did not touch the first role: it still signs in with its password.
      const asFirst = postgres(a.url, { max: 1, onnotice: () => {} });
      try {
        expect(await asFirst`select current_user as role`).toEqual([{ role: 'sourced_app' }]);
      } finally {
        await asFirst.end();
      }
    } finally {
      await first.close();
      await second.close();
    }
    // Whoever made a database drops its role with it.
    await dropDatabaseAndAppRole((statement) => owner.unsafe(statement), 'sourced_other');
    expect(await owner`select rolname from pg_roles where rolname = 'sourced_other_app'`).toEqual([]);
    expect(await owner`select datname from pg_database where datname = 'sourced_other'`).toEqual([]);
  });
});
