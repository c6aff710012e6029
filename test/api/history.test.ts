import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, type Session, smallCatalog } from '../helpers/editor.ts';

// The history of a number is readable by the editor who entered it (what happened to their work: who
// rejected it, when, why); the rest of the audit trail stays with reviewers and admins.

let app: TestApp;
let author: Session;
let otherEditor: Session;
let reviewer: Session;
let modelId: number;
let sourceId: number;
let scoreId: string;

const history = `query History($entityId: ID, $action: String) {
  auditEvents(first: 20, entityId: $entityId, action: $action) { edges { node { id action at actor { email } diff } } }
}`;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const small = await smallCatalog(db);
    modelId = small.modelId;
    await insertUser(db, 'author@example.com', 'EDITOR');
    await insertUser(db, 'other@example.com', 'EDITOR');
    await insertUser(db, 'reviewer@example.com', 'REVIEWER');
    sourceId = small.sourceId;
  });
  author = await login(app, 'author@example.com');
  otherEditor = await login(app, 'other@example.com');
  reviewer = await login(app, 'reviewer@example.com');
  const created = await app.gql(
    op('CreateScore'),
    { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 71.5, setting: '0-shot', citation: { sourceId: globalId('Source', sourceId), locator: 'Table 2' }, submitForReview: true } },
    author.headers,
  );
  const score = created.data!.createScore.score;
  scoreId = score.id;
  const rejected = await app.gql(op('RejectScore'), { id: score.id, reason: 'Table 2 says 70.5', expectedVersion: score.version }, reviewer.headers);
  expect(rejected.data!.rejectScore.__typename).toBe('RejectScoreSuccess');
});
afterAll(() => app?.close());

describe("an entry's history", () => {
  it('is readable by the editor who entered it: who rejected it, when and why', async () => {
    const answer = await app.gql(history, { entityId: scoreId }, author.headers);
    expect(answer.errors).toBeUndefined();
    const events = answer.data!.auditEvents.edges.map((edge: any) => edge.node);
    expect(events.map((event: any) => event.action)).toEqual(['REJECT', 'CREATE']);
    expect(events[0]).toMatchObject({ actor: { email: 'reviewer@example.com' }, diff: { rejectionReason: { before: null, after: 'Table 2 says 70.5' } } });
    expect(Date.parse(events[0].at)).not.toBeNaN();
    // The author's own question "who rejected it" in one event.
    const reject = await app.gql(history, { entityId: scoreId, action: 'REJECT' }, author.headers);
    expect(reject.data!.auditEvents.edges).toHaveLength(1);
  });

  it('is refused to another editor, and so is the whole trail or the history of a model', async () => {
    for (const variables of [{ entityId: scoreId }, {}, { entityId: globalId('Model', modelId) }, { action: 'REJECT' }]) {
      const answer = await app.gql(history, variables, otherEditor.headers);
      expect(answer.data).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // The author too reads only their entries' history, not the trail at large.
    const all = await app.gql(history, {}, author.headers);
    expect(all.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('stays out of node() for editors, and whole for reviewers', async () => {
    const trail = await app.gql(history, {}, reviewer.headers);
    const eventId = trail.data!.auditEvents.edges[0].node.id;
    expect(trail.data!.auditEvents.edges.length).toBeGreaterThan(1);
    const byNode = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: eventId }, author.headers);
    expect(byNode.data?.node).toBeNull();
    const anonymous = await app.gql(history, { entityId: scoreId });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
