import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { insertUser, login, smallCatalog, type Session } from '../helpers/editor.ts';

// The audit trail's filters behind the admin's "By (email)" and "Actions" inputs: part of an email
// finds its person (LIKE's wildcards are plain characters there), and several actions at once.
let app: TestApp;
let reviewer: Session;
let editor: Session;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const { modelId, sourceId } = await smallCatalog(db);
    const eddie = await insertUser(db, 'eddie@sourced.test', 'EDITOR');
    const edna = await insertUser(db, 'edna_x@Sourced.test', 'EDITOR');
    const percent = await insertUser(db, '100%pure@elsewhere.test', 'EDITOR');
    await insertUser(db, 'rita@sourced.test', 'REVIEWER');
    const events = [
      [eddie, 'CREATE', 'Model', modelId],
      [eddie, 'UPDATE', 'Model', modelId],
      [edna, 'VERIFY', 'Source', sourceId],
      [edna, 'REJECT', 'Model', modelId],
      [percent, 'RETIRE', 'Source', sourceId],
    ] as const;
    for (const [actor, action, type, id] of events) {
      await db.raw.query(`insert into audit_events (actor_id, action, entity_type, entity_id, diff) values ($1, $2, $3, $4, '{}')`, [actor, action, type, String(id)]);
    }
  });
  reviewer = await login(app, 'rita@sourced.test');
  editor = await login(app, 'eddie@sourced.test');
});
afterAll(() => app?.close());

const trail = `query($actorEmail: String, $action: String, $actions: [String!], $entityType: String) {
  auditEvents(first: 50, actorEmail: $actorEmail, action: $action, actions: $actions, entityType: $entityType) { edges { node { action actor { email } } } }
}`;

/** The trail's events as "ACTION by email", newest first, leaving out the sign-ins of this test. */
async function rows(variables: Record<string, unknown>): Promise<string[]> {
  const result = await app.gql(trail, variables, reviewer.headers);
  expect(result.errors).toBeUndefined();
  return result.data!.auditEvents.edges
    .map((edge: any) => `${edge.node.action} by ${edge.node.actor?.email}`)
    .filter((row: string) => !row.startsWith('LOGIN'));
}

describe('auditEvents(actorEmail:) matches part of an email', () => {
  it('finds a person by any part of their email, in any letter case', async () => {
    expect(await rows({ actorEmail: 'EDD' })).toEqual(['UPDATE by eddie@sourced.test', 'CREATE by eddie@sourced.test']);
    expect(await rows({ actorEmail: ' sourced.TEST ' })).toEqual([
      'REJECT by edna_x@Sourced.test',
      'VERIFY by edna_x@Sourced.test',
      'UPDATE by eddie@sourced.test',
      'CREATE by eddie@sourced.test',
    ]);
    expect(await rows({ actorEmail: 'nobody' })).toEqual([]);
  });

  it('reads %, _ and \\ as themselves, not as LIKE wildcards', async () => {
    expect(await rows({ actorEmail: '_' })).toEqual(['REJECT by edna_x@Sourced.test', 'VERIFY by edna_x@Sourced.test']);
    expect(await rows({ actorEmail: '%' })).toEqual(['RETIRE by 100%pure@elsewhere.test']);
    expect(await rows({ actorEmail: 'ed%x' })).toEqual([]);
    expect(await rows({ actorEmail: 'e_d' })).toEqual([]);
    expect(await rows({ actorEmail: '\\' })).toEqual([]);
  });

  it('lists everyone\'s events for an empty or blank text', async () => {
    expect(await rows({ actorEmail: '  ' })).toHaveLength(5);
  });
});

describe('auditEvents(actions:) takes several actions at once', () => {
  it('lists the events of any of the actions given', async () => {
    expect(await rows({ actions: ['VERIFY', 'REJECT'] })).toEqual(['REJECT by edna_x@Sourced.test', 'VERIFY by edna_x@Sourced.test']);
    expect(await rows({ actions: ['CREATE', 'RETIRE'], entityType: 'Model' })).toEqual(['CREATE by eddie@sourced.test']);
    expect(await rows({ actions: ['UPDATE', 'REJECT'], actorEmail: 'edna' })).toEqual(['REJECT by edna_x@Sourced.test']);
  });

  it('keeps the single `action` working, alone or with `actions` (an event must match both)', async () => {
    expect(await rows({ action: 'UPDATE' })).toEqual(['UPDATE by eddie@sourced.test']);
    expect(await rows({ action: 'UPDATE', actions: ['UPDATE', 'CREATE'] })).toEqual(['UPDATE by eddie@sourced.test']);
    expect(await rows({ action: 'VERIFY', actions: ['UPDATE'] })).toEqual([]);
  });

  it('matches nothing for an empty list, and refuses a list over 100 actions', async () => {
    expect(await rows({ actions: [] })).toEqual([]);
    const tooMany = await app.gql(trail, { actions: Array.from({ length: 101 }, (_, i) => `A${i}`) }, reviewer.headers);
    expect(tooMany.data?.auditEvents).toBeUndefined();
    expect(tooMany.errors?.[0]?.message).toContain('at most 100');
  });

  it('stays closed to editors', async () => {
    const result = await app.gql(trail, { actions: ['CREATE'] }, editor.headers);
    expect(result.data?.auditEvents ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toBeTruthy();
  });
});
