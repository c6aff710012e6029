import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type GraphQLResponse, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, rowId, smallCatalog, type Session } from '../helpers/editor.ts';

// Two editors saving the same record: the second gets a conflict, not an overwrite. Here twenty
// saves of one record arrive over HTTP at once, all made from the same loaded version.
const writers = 20;
let app: TestApp;
let ids: Awaited<ReturnType<typeof smallCatalog>>;
let editor: Session;
let reviewer: Session;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    await insertUser(db, 'editor@sourced.test', 'EDITOR');
    await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
  });
  editor = await login(app, 'editor@sourced.test');
  reviewer = await login(app, 'reviewer@sourced.test');
});
afterAll(() => app?.close());

async function auditEventsOf(entityType: string, id: number) {
  return app.db.raw.query<{ action: string; diff: Record<string, { after: unknown }> }>(
    'select action, diff from audit_events where entity_type = $1 and entity_id = $2 order by id',
    [entityType, String(id)],
  );
}

interface Outcome {
  typename: string;
  currentVersion?: number;
  errors?: unknown;
  status: number;
}

/** Sends `count` requests at once (all started before any is awaited) and tallies the answers. */
async function burst(count: number, send: (i: number) => Promise<GraphQLResponse>, field: string) {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  const outcomes: Outcome[] = responses.map((response) => ({
    typename: response.data?.[field]?.__typename ?? 'errors',
    currentVersion: response.data?.[field]?.currentVersion,
    errors: response.errors,
    status: response.status,
  }));
  const tally: Record<string, number> = {};
  for (const outcome of outcomes) tally[outcome.typename] = (tally[outcome.typename] ?? 0) + 1;
  return { outcomes, tally, responses };
}

describe(`${writers} concurrent saves of one record from the same version`, () => {
  it('UpdateModel of a draft model (edited directly): exactly one success, the rest ConflictError with the current version, one audit event', async () => {
    const id = globalId('Model', ids.draftModelId);
    const before = await auditEventsOf('Model', ids.draftModelId);
    const { outcomes, tally, responses } = await burst(
      writers,
      (i) => app.gql(op('UpdateModel'), { id, expectedVersion: 1, patch: { tagline: `Tagline from writer ${i}` } }, editor.headers),
      'updateModel',
    );
    console.log(`UpdateModel × ${writers} at once: ${JSON.stringify(tally)}`);
    expect(outcomes.every((outcome) => outcome.status === 200 && outcome.errors === undefined)).toBe(true);
    expect(tally).toEqual({ UpdateModelSuccess: 1, ConflictError: writers - 1 });
    for (const outcome of outcomes.filter((o) => o.typename === 'ConflictError')) expect(outcome.currentVersion).toBe(2);

    const winner = responses.find((response) => response.data!.updateModel.__typename === 'UpdateModelSuccess')!.data!.updateModel.model;
    expect(winner.version).toBe(2);
    const [row] = await app.db.raw.query<{ version: number; tagline: string }>('select version, tagline from models where id = $1', [ids.draftModelId]);
    expect(row).toEqual({ version: 2, tagline: winner.tagline });
    const after = await auditEventsOf('Model', ids.draftModelId);
    expect(after.length - before.length).toBe(1);
    expect(after.at(-1)!.action).toBe('UPDATE');
    expect(after.at(-1)!.diff.tagline!.after).toBe(winner.tagline);
    console.log(`UpdateModel: version ${row!.version}, ${after.length - before.length} new audit event, tagline "${row!.tagline}"`);
  });

  it('updateScore on a claim: exactly one success, the rest ConflictError, one audit event', async () => {
    const source = await app.gql(
      op('CreateSource'),
      { input: { url: 'https://example.test/concurrency', title: 'Concurrency', publisher: 'Example', kind: 'PAPER', retrievedAt: '2025-01-01' } },
      editor.headers,
    );
    const created = await app.gql(
      op('CreateScore'),
      {
        input: {
          model: 'o4-mini',
          benchmark: 'gpqa-diamond',
          value: 70,
          setting: 'pass@1',
          citation: { sourceId: source.data!.createSource.source.id, locator: 'Table 1' },
        },
      },
      editor.headers,
    );
    const scoreId: string = created.data!.createScore.score.id;
    expect(created.data!.createScore.score.version).toBe(1);
    const before = await auditEventsOf('Score', rowId(scoreId));

    const { outcomes, tally, responses } = await burst(
      writers,
      (i) =>
        app.gql(
          `mutation($id: ID!, $v: Int!, $patch: UpdateScoreInput!) {
            updateScore(id: $id, expectedVersion: $v, patch: $patch) {
              __typename
              ... on UpdateScoreSuccess { score { value version } }
              ... on ConflictError { message currentVersion }
              ... on Error { message }
            }
          }`,
          { id: scoreId, v: 1, patch: { value: 71 + i / 10 } },
          // Half from the editor, half from the reviewer: two people, one record.
          (i % 2 ? reviewer : editor).headers,
        ),
      'updateScore',
    );
    console.log(`updateScore × ${writers} at once: ${JSON.stringify(tally)}`);
    expect(outcomes.every((outcome) => outcome.status === 200 && outcome.errors === undefined)).toBe(true);
    expect(tally).toEqual({ UpdateScoreSuccess: 1, ConflictError: writers - 1 });
    for (const outcome of outcomes.filter((o) => o.typename === 'ConflictError')) expect(outcome.currentVersion).toBe(2);
    const winner = responses.find((response) => response.data!.updateScore.__typename === 'UpdateScoreSuccess')!.data!.updateScore.score;
    const [row] = await app.db.raw.query<{ version: number; value: number }>('select version, value from scores where id = $1', [rowId(scoreId)]);
    expect(row).toEqual({ version: 2, value: winner.value });
    const after = await auditEventsOf('Score', rowId(scoreId));
    expect(after.length - before.length).toBe(1);
    expect(after.at(-1)!.diff.value!.after).toBe(winner.value);
  });

  it('verifyScore of one pending score: one verification, the rest ConflictError, one audit event', async () => {
    const created = await app.gql(
      op('CreateScore'),
      {
        input: {
          model: 'o4-mini',
          benchmark: 'gpqa-diamond',
          value: 80,
          setting: 'verify race',
          submitForReview: true,
          citation: { sourceId: globalId('Source', ids.sourceId), locator: 'Table 2' },
        },
      },
      editor.headers,
    );
    const scoreId: string = created.data!.createScore.score.id;
    const before = await auditEventsOf('Score', rowId(scoreId));
    const { outcomes, tally } = await burst(writers, () => app.gql(op('VerifyScore'), { id: scoreId, expectedVersion: 1 }, reviewer.headers), 'verifyScore');
    console.log(`verifyScore × ${writers} at once: ${JSON.stringify(tally)}`);
    expect(outcomes.every((outcome) => outcome.status === 200 && outcome.errors === undefined)).toBe(true);
    expect(tally).toEqual({ VerifyScoreSuccess: 1, ConflictError: writers - 1 });
    const after = await auditEventsOf('Score', rowId(scoreId));
    expect(after.slice(before.length).map((event) => event.action)).toEqual(['VERIFY']);
    const verified = await app.db.raw.query<{ n: number }>(
      `select count(*)::int as n from scores where model_id = $1 and benchmark_id = $2 and setting = 'verify race' and status = 'VERIFIED'`,
      [ids.modelId, ids.benchmarkId],
    );
    expect(Number(verified[0]!.n)).toBe(1);
  });
});
