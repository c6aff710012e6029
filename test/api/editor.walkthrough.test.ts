import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, password, rowId, smallCatalog, type Session } from '../helpers/editor.ts';

// The story of the issue, through the editor contract's own operations over real HTTP.
let app: TestApp;
let ids: Awaited<ReturnType<typeof smallCatalog>>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    await insertUser(db, 'admin@sourced.test', 'ADMIN');
  });
});
afterAll(() => app?.close());

const publicScores = async () =>
  (await app.gql('{ model(slug: "o4-mini") { scores { value setting citation { locator source { url } } } } }')).data!.model.scores;

describe('an admin creates accounts; an editor enters a cited score; a different reviewer verifies it', () => {
  let admin: Session;
  let editor: Session;
  let reviewer: Session;
  let sourceId: string;
  let scoreId: string;

  it('the admin logs in and creates an editor and a reviewer', async () => {
    admin = await login(app, 'admin@sourced.test');
    const me = await app.gql(op('Me'), {}, admin.headers);
    expect(me.data!.me).toMatchObject({ email: 'admin@sourced.test', role: 'ADMIN' });
    for (const [email, role] of [
      ['editor@sourced.test', 'EDITOR'],
      ['reviewer@sourced.test', 'REVIEWER'],
    ]) {
      const created = await app.gql(op('CreateUser'), { input: { email, password, role } }, admin.headers);
      expect(created.data!.createUser).toMatchObject({ __typename: 'CreateUserSuccess', user: { email, role } });
    }
    editor = await login(app, 'editor@sourced.test');
    reviewer = await login(app, 'reviewer@sourced.test');
  });

  it('the editor adds a source, then a score citing it, which stays private', async () => {
    const source = await app.gql(
      op('CreateSource'),
      {
        input: {
          url: 'https://openai.com/index/introducing-o3-and-o4-mini/',
          title: 'Introducing o3 and o4-mini',
          publisher: 'OpenAI',
          kind: 'VENDOR_MODEL_CARD',
          retrievedAt: '2025-04-16',
        },
      },
      editor.headers,
    );
    expect(source.data!.createSource).toMatchObject({ __typename: 'CreateSourceSuccess', source: { kind: 'VENDOR_MODEL_CARD' } });
    sourceId = source.data!.createSource.source.id;

    const score = await app.gql(
      op('CreateScore'),
      {
        input: {
          model: 'o4-mini',
          benchmark: 'gpqa-diamond',
          value: 81.4,
          setting: 'pass@1, no tools',
          citation: { sourceId, locator: 'Benchmarks table, GPQA Diamond row' },
        },
      },
      editor.headers,
    );
    expect(score.data!.createScore).toMatchObject({
      __typename: 'CreateScoreSuccess',
      score: { value: 81.4, status: 'DRAFT', version: 1, citation: { locator: 'Benchmarks table, GPQA Diamond row', source: { id: sourceId } } },
    });
    scoreId = score.data!.createScore.score.id;

    expect(await publicScores()).toEqual([]);
    const node = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: scoreId });
    expect(node.data!.node).toBeNull();
    const asEditor = await app.gql('query($id: ID!) { node(id: $id) { ... on Score { status enteredBy { email } } } }', { id: scoreId }, editor.headers);
    expect(asEditor.data!.node).toEqual({ status: 'DRAFT', enteredBy: { email: 'editor@sourced.test' } });
  });

  it('the editor cannot verify their own score; it waits in the review queue', async () => {
    const own = await app.gql(op('VerifyScore'), { id: scoreId, expectedVersion: 1 }, editor.headers);
    expect(own.data!.verifyScore.__typename).toBe('NotAuthorizedError');

    const submitted = await app.gql(
      'mutation($id: ID!) { submitForReview(id: $id) { __typename ... on SubmitForReviewSuccess { claim { ... on Score { status version } } } } }',
      { id: scoreId },
      editor.headers,
    );
    expect(submitted.data!.submitForReview).toEqual({ __typename: 'SubmitForReviewSuccess', claim: { status: 'PENDING_REVIEW', version: 2 } });

    const queue = await app.gql(op('ReviewQueue'), { first: 10 }, reviewer.headers);
    expect(queue.data!.reviewQueue.totalCount).toBe(1);
    expect(queue.data!.reviewQueue.edges[0].node).toMatchObject({
      __typename: 'Score',
      id: scoreId,
      value: 81.4,
      status: 'PENDING_REVIEW',
      model: { slug: 'o4-mini' },
      benchmark: { slug: 'gpqa-diamond' },
      enteredBy: { email: 'editor@sourced.test' },
      citation: { source: { url: 'https://openai.com/index/introducing-o3-and-o4-mini/' } },
    });
    expect(await publicScores()).toEqual([]);
  });

  it('a different person, the reviewer, verifies it: then the public API shows it with its citation', async () => {
    const verified = await app.gql(op('VerifyScore'), { id: scoreId, expectedVersion: 2 }, reviewer.headers);
    expect(verified.data!.verifyScore).toEqual({
      __typename: 'VerifyScoreSuccess',
      score: { id: scoreId, status: 'VERIFIED', verifiedBy: { email: 'reviewer@sourced.test' } },
    });
    expect(await publicScores()).toEqual([
      {
        value: 81.4,
        setting: 'pass@1, no tools',
        citation: { locator: 'Benchmarks table, GPQA Diamond row', source: { url: 'https://openai.com/index/introducing-o3-and-o4-mini/' } },
      },
    ]);
    const node = await app.gql('query($id: ID!) { node(id: $id) { ... on Score { value } } }', { id: scoreId });
    expect(node.data!.node).toEqual({ value: 81.4 });
    const queue = await app.gql(op('ReviewQueue'), { first: 10 }, reviewer.headers);
    expect(queue.data!.reviewQueue.totalCount).toBe(0);
  });

  it('every step is in the audit trail with who, when and what changed', async () => {
    const trail = await app.gql(op('AuditTrail'), { first: 10, entityId: scoreId }, reviewer.headers);
    const events = trail.data!.auditEvents.edges.map((edge: { node: Record<string, any> }) => edge.node);
    expect(events.map((event: { action: string; actor: { email: string } }) => [event.action, event.actor.email])).toEqual([
      ['VERIFY', 'reviewer@sourced.test'],
      ['SUBMIT', 'editor@sourced.test'],
      ['CREATE', 'editor@sourced.test'],
    ]);
    for (const event of events) {
      expect(event.entityType).toBe('Score');
      expect(event.entityId).toBe(scoreId);
      expect(Date.now() - Date.parse(event.at)).toBeLessThan(600_000); // recorded during this test (with room for a busy machine)
    }
    expect(events[0].diff.status).toEqual({ before: 'PENDING_REVIEW', after: 'VERIFIED' });
    expect(events[2].diff.value).toEqual({ before: null, after: 81.4 });
    expect(events[2].diff.locator).toEqual({ before: null, after: 'Benchmarks table, GPQA Diamond row' });

    const all = await app.gql(op('AuditTrail'), { first: 50 }, admin.headers);
    const actions = all.data!.auditEvents.edges.map((edge: { node: { action: string; entityType: string } }) => `${edge.node.action} ${edge.node.entityType}`);
    expect(actions).toContain('CREATE User');
    expect(actions).toContain('CREATE Source');
    expect(actions).toContain('LOGIN User');

    const asEditor = await app.gql(op('AuditTrail'), { first: 10 }, editor.headers);
    expect(asEditor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql(op('AuditTrail'), { first: 10 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a corrected value from the same source supersedes the verified one, which stays in history', async () => {
    const correction = await app.gql(
      op('CreateScore'),
      {
        input: {
          model: 'o4-mini',
          benchmark: 'gpqa-diamond',
          value: 81.6,
          setting: 'pass@1, no tools',
          citation: { sourceId, locator: 'Benchmarks table (revised)' },
        },
      },
      editor.headers,
    );
    const correctionId = correction.data!.createScore.score.id;
    expect((await app.gql(op('VerifyScore'), { id: correctionId, expectedVersion: 1 }, reviewer.headers)).data!.verifyScore.__typename).toBe('VerifyScoreSuccess');
    expect((await publicScores()).map((score: { value: number }) => score.value)).toEqual([81.6]);
    const old = await app.gql('query($id: ID!) { node(id: $id) { ... on Score { status value } } }', { id: scoreId }, editor.headers);
    expect(old.data!.node).toEqual({ status: 'SUPERSEDED', value: 81.4 });
    const rows = await app.db.raw.query<{ status: string; superseded_by: number | null }>(
      'select status, superseded_by from scores order by id',
    );
    expect(rows).toEqual([
      { status: 'SUPERSEDED', superseded_by: rowId(correctionId) },
      { status: 'VERIFIED', superseded_by: null },
    ]);
  });

  it('a reviewer rejects with a reason; a rejected entry is not public', async () => {
    const entry = await app.gql(
      op('CreateScore'),
      { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 12, setting: 'pass@64', citation: { sourceId, locator: 'Appendix' } } },
      editor.headers,
    );
    const id = entry.data!.createScore.score.id;
    const rejected = await app.gql(op('RejectScore'), { id, reason: 'The appendix reports pass@1, not pass@64.', expectedVersion: 1 }, reviewer.headers);
    expect(rejected.data!.rejectScore).toEqual({ __typename: 'RejectScoreSuccess', score: { id, status: 'REJECTED' } });
    const again = await app.gql(op('RejectScore'), { id, reason: 'twice', expectedVersion: 2 }, reviewer.headers);
    expect(again.data!.rejectScore.__typename).toBe('ConflictError');
    expect((await publicScores()).map((score: { value: number }) => score.value)).toEqual([81.6]);
  });

  it('scores from two sources that disagree are listed for reviewers; the public sees the verified one', async () => {
    const other = await app.gql(
      op('CreateSource'),
      { input: { url: 'https://leaderboard.example.test/gpqa', title: 'GPQA leaderboard', publisher: 'Example Lab', kind: 'INDEPENDENT_LEADERBOARD', retrievedAt: '2025-06-01' } },
      editor.headers,
    );
    const otherId = other.data!.createSource.source.id;
    await app.gql(
      op('CreateScore'),
      { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 77.0, setting: 'pass@1, no tools', citation: { sourceId: otherId, locator: 'Row o4-mini' } } },
      editor.headers,
    );
    const result = await app.gql(
      '{ disagreements(first: 5) { totalCount edges { node { model { slug } benchmark { slug } setting scores { value citation { source { url } } } chosen { value } } } } }',
      {},
      reviewer.headers,
    );
    expect(result.data!.disagreements.totalCount).toBe(1);
    const node = result.data!.disagreements.edges[0].node;
    expect(node).toMatchObject({ model: { slug: 'o4-mini' }, benchmark: { slug: 'gpqa-diamond' }, setting: 'pass@1, no tools', chosen: { value: 81.6 } });
    expect(node.scores.map((score: { value: number }) => score.value).sort()).toEqual([77, 81.4, 81.6]);
    expect((await app.gql('{ disagreements(first: 5) { totalCount } }', {}, editor.headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an editor changes a published model: sent for review, a reviewer approves it; a stale version is a conflict that changes nothing', async () => {
    const modelId = globalId('Model', ids.modelId);
    const sent = await app.gql(op('UpdateModel'), { id: modelId, expectedVersion: 1, patch: { tagline: 'Small, fast reasoning' } }, editor.headers);
    expect(sent.data!.updateModel).toEqual({ __typename: 'RevisionPending', message: expect.stringMatching(/^Sent for review/) });
    expect((await app.gql('{ model(slug: "o4-mini") { tagline } }')).data!.model.tagline).toBeNull();
    const queue = await app.gql('{ revisions(first: 5) { edges { node { id version entityId changes { field before after } } } } }', {}, reviewer.headers);
    const revision = queue.data!.revisions.edges[0].node;
    expect(revision).toMatchObject({ entityId: modelId, changes: [{ field: 'tagline', before: null, after: 'Small, fast reasoning' }] });
    const approved = await app.gql(
      'mutation($id: ID!, $v: Int!) { approveRevision(id: $id, expectedVersion: $v) { __typename } }',
      { id: revision.id, v: revision.version },
      reviewer.headers,
    );
    expect(approved.data!.approveRevision.__typename).toBe('ApproveRevisionSuccess');
    const stale = await app.gql(op('UpdateModel'), { id: modelId, expectedVersion: 1, patch: { tagline: 'Other' } }, editor.headers);
    expect(stale.data!.updateModel).toMatchObject({ __typename: 'ConflictError', currentVersion: 2 });
    expect((await app.gql('{ model(slug: "o4-mini") { tagline } }')).data!.model.tagline).toBe('Small, fast reasoning');
  });

  it('drafts and my entries list an editor\'s work; anonymous callers never see drafts', async () => {
    const mine = await app.gql('{ myEntries(first: 20) { totalCount edges { node { ... on Score { value status } } } } }', {}, editor.headers);
    expect(mine.data!.myEntries.totalCount).toBe(4);
    const drafts = await app.gql('{ drafts(first: 20) { totalCount edges { node { __typename ... on Score { value } } } } }', {}, editor.headers);
    expect(drafts.data!.drafts.edges.map((edge: { node: { value: number } }) => edge.node.value)).toEqual([77]);
    const anonymous = await app.gql('{ drafts(first: 5) { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const draftModel = await app.gql('query($id: ID!) { node(id: $id) { ... on Model { slug } } }', { id: globalId('Model', ids.draftModelId) });
    expect(draftModel.data!.node).toBeNull();
    const draftAsEditor = await app.gql('query($id: ID!) { node(id: $id) { ... on Model { slug publication version } } }', { id: globalId('Model', ids.draftModelId) }, editor.headers);
    expect(draftAsEditor.data!.node).toEqual({ slug: 'secret-model', publication: 'DRAFT', version: 1 });
    expect((await app.gql('{ model(slug: "o4-mini") { version } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session in the database: the old cookie no longer works', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...editor.headers },
      body: JSON.stringify({ query: op('Logout') }),
    });
    expect(((await response.json()) as { data: { logout: boolean } }).data.logout).toBe(true);
    expect(response.headers.get('set-cookie')).toMatch(/sourced_session=;.*Max-Age=0/);
    const me = await app.gql(op('Me'), {}, editor.headers);
    expect(me.data!.me).toBeNull();
    const write = await app.gql(op('CreateSource'), { input: { url: 'https://x.test/', title: 'x', publisher: 'x', kind: 'OTHER', retrievedAt: '2025-01-01' } }, editor.headers);
    expect(write.data!.createSource.__typename).toBe('NotAuthorizedError');
  });
});
