import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, smallCatalog, type Session } from '../helpers/editor.ts';

// A source that should no longer be cited is retired, not deleted: what cites it keeps its citation
// and history, and no new number cites it.
let app: TestApp;
let editor: Session;
let reviewer: Session;
let ids: Awaited<ReturnType<typeof smallCatalog>>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    await ids.catalog.score(ids.modelId, ids.benchmarkId, 81.4, ids.sourceId);
    await insertUser(db, 'editor@sourced.test', 'EDITOR');
    await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
  });
  editor = await login(app, 'editor@sourced.test');
  reviewer = await login(app, 'reviewer@sourced.test');
});
afterAll(() => app?.close());

const retire = `mutation($id: ID!, $v: Int!, $reason: String!) {
  retireSource(id: $id, expectedVersion: $v, reason: $reason) {
    __typename
    ... on RetireSourceSuccess { source { version retiredAt retirementReason } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { currentVersion }
  }
}`;

const createScore = `mutation($input: CreateScoreInput!) {
  createScore(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } }
}`;

describe('retireSource', () => {
  it('asks why, then retires the source with an audit event (a verified number cites it: a reviewer does)', async () => {
    const source = globalId('Source', ids.sourceId);
    const byEditor = await app.gql(retire, { id: source, v: 1, reason: 'Gone.' }, editor.headers);
    expect(byEditor.data!.retireSource).toEqual({ __typename: 'NotAuthorizedError' });
    const noReason = await app.gql(retire, { id: source, v: 1, reason: '  ' }, reviewer.headers);
    expect(noReason.data!.retireSource).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ message: 'Say why the source should no longer be cited.' }] });

    const stale = await app.gql(retire, { id: source, v: 7, reason: 'Gone.' }, reviewer.headers);
    expect(stale.data!.retireSource).toEqual({ __typename: 'ConflictError', currentVersion: 1 });

    const done = await app.gql(retire, { id: source, v: 1, reason: 'The page was taken down; the card moved.' }, reviewer.headers);
    expect(done.data!.retireSource.__typename).toBe('RetireSourceSuccess');
    expect(done.data!.retireSource.source).toMatchObject({ version: 2, retirementReason: 'The page was taken down; the card moved.' });
    expect(Date.parse(done.data!.retireSource.source.retiredAt)).toBeGreaterThan(Date.now() - 600_000); // set during this test (with room for a busy machine)

    const [event] = await app.db.raw.query<{ action: string; diff: Record<string, unknown> }>(
      `select action, diff from audit_events where entity_type = 'Source' and entity_id = $1`,
      [String(ids.sourceId)],
    );
    expect(event!.action).toBe('RETIRE');
    expect(Object.keys(event!.diff).sort()).toEqual(['retiredAt', 'retirementReason']);

    const again = await app.gql(retire, { id: source, v: 2, reason: 'Again.' }, reviewer.headers);
    expect(again.data!.retireSource).toMatchObject({ __typename: 'ValidationError', message: expect.stringContaining('already retired') });
  });

  it('keeps the published number that cites it, and refuses a new citation, in the API and in the database', async () => {
    const page = await app.gql('{ model(slug: "o4-mini") { scores { value citation { source { url retiredAt } } } } }');
    expect(page.data!.model.scores).toHaveLength(1);
    expect(page.data!.model.scores[0].citation.source.retiredAt).not.toBeNull();

    const cited = await app.gql(
      createScore,
      { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 80, setting: 'again', citation: { sourceId: globalId('Source', ids.sourceId), locator: 'Table 2' } } },
      editor.headers,
    );
    expect(cited.data!.createScore).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'citation.sourceId', message: 'This source is retired: cite the page where the number is published now.' }],
    });
    await expect(
      app.db.raw.query(
        `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
         values ($1, $2, 79, 'raw', $3, 'Table', '2026-11-01', 'DRAFT', 'IMPORT')`,
        [ids.modelId, ids.benchmarkId, ids.sourceId],
      ),
    ).rejects.toThrow(/source \d+ is retired/);
  });
});
