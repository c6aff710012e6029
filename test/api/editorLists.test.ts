import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { insertUser, login, smallCatalog, type Session } from '../helpers/editor.ts';

// The filters behind the admin's lists: each one the UI offers narrows the API's answer.
let app: TestApp;
let editor: Session;
let reviewer: Session;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const { catalog, modelId, benchmarkId, sourceId } = await smallCatalog(db);
    await catalog.price(modelId, 'INPUT', 1.1, sourceId);
    await catalog.price(modelId, 'OUTPUT', 4.4, sourceId);
    await catalog.price(modelId, 'CACHED_INPUT', 0.275, sourceId);
    await catalog.score(modelId, benchmarkId, 81.4, sourceId);
    const editorId = await insertUser(db, 'editor@sourced.test', 'EDITOR');
    const reviewerId = await insertUser(db, 'Reviewer@Sourced.test', 'REVIEWER');
    for (const [actor, type, id] of [[editorId, 'Model', modelId], [editorId, 'Source', sourceId], [reviewerId, 'Model', modelId]] as const) {
      await db.raw.query(`insert into audit_events (actor_id, action, entity_type, entity_id, diff) values ($1, 'UPDATE', $2, $3, '{}')`, [actor, type, String(id)]);
    }
  });
  editor = await login(app, 'editor@sourced.test');
  reviewer = await login(app, 'Reviewer@Sourced.test');
});
afterAll(() => app?.close());

describe('entries(filter: { priceKind })', () => {
  const entries = `query($filter: EntryFilter) { entries(first: 50, filter: $filter) { totalCount edges { node { __typename ... on Price { kind } } } } }`;

  it('lists the prices of one kind only', async () => {
    const output = await app.gql(entries, { filter: { kind: 'PRICE', priceKind: 'OUTPUT' } }, editor.headers);
    expect(output.errors).toBeUndefined();
    expect(output.data!.entries.totalCount).toBe(1);
    expect(output.data!.entries.edges.map((edge: any) => edge.node.kind)).toEqual(['OUTPUT']);
    const all = await app.gql(entries, { filter: { kind: 'PRICE' } }, editor.headers);
    expect(all.data!.entries.totalCount).toBe(3);
  });

  it('rules out scores and facts, which have no price kind', async () => {
    const result = await app.gql(entries, { filter: { priceKind: 'INPUT' } }, editor.headers);
    expect(result.data!.entries.edges.map((edge: any) => edge.node.__typename)).toEqual(['Price']);
  });
});

describe('auditEvents(entityType, actorEmail)', () => {
  const trail = `query($entityType: String, $actorEmail: String) {
    auditEvents(first: 50, entityType: $entityType, actorEmail: $actorEmail) { edges { node { entityType actor { email } } } }
  }`;
  const rows = (result: any) => result.data!.auditEvents.edges.map((edge: any) => `${edge.node.entityType} by ${edge.node.actor?.email}`);

  it('narrows the trail to a type of record, to a person (any letter case), or to both', async () => {
    expect(rows(await app.gql(trail, { entityType: 'Model' }, reviewer.headers))).toEqual(['Model by Reviewer@Sourced.test', 'Model by editor@sourced.test']);
    // Newest first: signing in is on the trail too.
    expect(rows(await app.gql(trail, { actorEmail: ' EDITOR@sourced.test ' }, reviewer.headers))).toEqual([
      'User by editor@sourced.test',
      'Source by editor@sourced.test',
      'Model by editor@sourced.test',
    ]);
    expect(rows(await app.gql(trail, { entityType: 'Source', actorEmail: 'reviewer@sourced.test' }, reviewer.headers))).toEqual([]);
  });

  it('stays closed to editors', async () => {
    const result = await app.gql(trail, { entityType: 'Model' }, editor.headers);
    expect(result.data?.auditEvents ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toBeTruthy();
  });
});
