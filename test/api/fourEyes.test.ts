import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, type Session } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// Methodology rule 3: no public change without a second person. A change to anything already public
// (a published provider, family, model or benchmark; a source a verified number cites; the
// methodology) is a pending revision until another reviewer approves it; a draft is edited directly.
// And whoever changed a number or what it cites is not the second person who verifies it.
let app: TestApp;
let editor: Session;
let editor2: Session;
let reviewer: Session;
let reviewer2: Session;
let admin: Session;
const ids = {} as Record<'provider' | 'draftProvider' | 'model' | 'draftModel' | 'benchmark' | 'citedSource' | 'freshSource' | 'otherSource', number>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    ids.provider = await catalog.provider('acme', 'Acme');
    ids.draftProvider = await catalog.provider('draftco', 'DraftCo');
    await db.raw.query(`update providers set publication = 'DRAFT' where id = $1`, [ids.draftProvider]);
    ids.model = await catalog.model('acme-one', ids.provider);
    ids.draftModel = await catalog.model('acme-draft', ids.provider, { publication: 'DRAFT' });
    ids.benchmark = await catalog.benchmark('bench-a');
    ids.citedSource = await catalog.source('https://acme.test/card');
    ids.freshSource = await catalog.source('https://acme.test/fresh');
    ids.otherSource = await catalog.source('https://acme.test/other');
    await catalog.score(ids.model, ids.benchmark, 80, ids.citedSource);
    const models = [];
    for (const slug of ['acme-two', 'acme-three']) models.push(await catalog.model(slug, ids.provider));
    await catalog.score(models[0]!, ids.benchmark, 60, ids.citedSource);
    await catalog.score(models[1]!, ids.benchmark, 40, ids.citedSource);
    await db.raw.query(`insert into site_texts (key, body) values ('methodology', 'We cite.') on conflict (key) do nothing`);
    await insertUser(db, 'editor@sourced.test', 'EDITOR');
    await insertUser(db, 'editor2@sourced.test', 'EDITOR');
    await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
    await insertUser(db, 'reviewer2@sourced.test', 'REVIEWER');
    await insertUser(db, 'admin@sourced.test', 'ADMIN');
  });
  editor = await login(app, 'editor@sourced.test');
  editor2 = await login(app, 'editor2@sourced.test');
  reviewer = await login(app, 'reviewer@sourced.test');
  reviewer2 = await login(app, 'reviewer2@sourced.test');
  admin = await login(app, 'admin@sourced.test');
});
afterAll(() => app?.close());

const revisionFields = 'id version status entityType entityId entityLabel stale canApprove proposedBy reviewedBy rejectionReason changes { field before after }';
const update = (type: string, success: string, key: string, fields: string) =>
  `mutation($id: ID!, $v: Int!, $patch: Update${type}Input!) { result: update${type}(id: $id, expectedVersion: $v, patch: $patch) {
    __typename ... on ${success} { ${key} { id version ${fields} } }
    ... on RevisionPending { message revision { ${revisionFields} } }
    ... on ConflictError { currentVersion } ... on ValidationError { fieldErrors { path message } } ... on Error { message } } }`;
const approve = `mutation($id: ID!, $v: Int!) { result: approveRevision(id: $id, expectedVersion: $v) {
  __typename ... on ApproveRevisionSuccess { revision { ${revisionFields} } } ... on ConflictError { currentVersion } ... on Error { message } } }`;
const reject = `mutation($id: ID!, $v: Int!, $reason: String!) { result: rejectRevision(id: $id, expectedVersion: $v, reason: $reason) {
  __typename ... on RejectRevisionSuccess { revision { ${revisionFields} } } ... on ValidationError { fieldErrors { path } } ... on Error { message } } }`;

async function version(table: string, id: number): Promise<number> {
  const [row] = await app.db.raw.query<{ version: number }>(`select version from ${table} where id = $1`, [id]);
  return row!.version;
}

describe('a change to a public record waits for a second person', () => {
  it('re-pointing a source a verified number cites: pending, the public still sees the old URL; another reviewer approves it', async () => {
    const id = globalId('Source', ids.citedSource);
    const v = await version('sources', ids.citedSource);
    const sent = await app.gql(update('Source', 'UpdateSourceSuccess', 'source', 'url'), { id, v, patch: { url: 'https://evil.test/card', publisher: 'Evil', kind: 'OTHER' } }, editor.headers);
    expect(sent.data!.result).toMatchObject({
      __typename: 'RevisionPending',
      message: expect.stringMatching(/^Sent for review/),
      revision: { status: 'PENDING', entityType: 'Source', entityId: id, canApprove: false, proposedBy: 'editor@sourced.test' },
    });
    const changes = sent.data!.result.revision.changes;
    expect(changes).toEqual(
      expect.arrayContaining([
        { field: 'url', before: 'https://acme.test/card', after: 'https://evil.test/card' },
        { field: 'publisher', before: 'Example', after: 'Evil' },
        { field: 'kind', before: 'VENDOR_DOCS', after: 'OTHER' },
      ]),
    );
    const [row] = await app.db.raw.query<{ url: string; version: number }>('select url, version from sources where id = $1', [ids.citedSource]);
    expect(row).toEqual({ url: 'https://acme.test/card', version: v });
    const publicView = await app.gql(`{ source(id: "${id}") { url publisher } }`);
    expect(publicView.data!.source).toEqual({ url: 'https://acme.test/card', publisher: 'Example' });

    // The proposer cannot approve it, even as a reviewer; an editor cannot approve at all.
    const revision = sent.data!.result.revision;
    expect((await app.gql(approve, { id: revision.id, v: revision.version }, editor.headers)).data!.result.__typename).toBe('NotAuthorizedError');
    const approved = await app.gql(approve, { id: revision.id, v: revision.version }, reviewer.headers);
    expect(approved.data!.result).toMatchObject({ __typename: 'ApproveRevisionSuccess', revision: { status: 'APPROVED', reviewedBy: 'reviewer@sourced.test' } });
    const [after] = await app.db.raw.query<{ url: string; version: number; link_status: string }>('select url, version, link_status from sources where id = $1', [ids.citedSource]);
    expect(after).toEqual({ url: 'https://evil.test/card', version: v + 1, link_status: 'UNCHECKED' });
    const [event] = await app.db.raw.query<{ action: string; actor: string; diff: any }>(
      `select a.action, u.email as actor, a.diff from audit_events a join users u on u.id = a.actor_id
        where a.entity_type = 'Source' and a.entity_id = $1 order by a.id desc limit 1`,
      [String(ids.citedSource)],
    );
    expect(event).toMatchObject({ action: 'APPROVE', actor: 'reviewer@sourced.test', diff: { url: { before: 'https://acme.test/card', after: 'https://evil.test/card' } } });
  });

  it("a provider's API address (the snippet's host) changes only when approved; the proposer's own approval is refused", async () => {
    const id = globalId('Provider', ids.provider);
    const v = await version('providers', ids.provider);
    const snippet = async () => (await app.gql('{ model(slug: "acme-one") { snippet(language: CURL) } provider(slug: "acme") { api { baseUrl } } }')).data!;
    const before = await snippet();
    const sent = await app.gql(update('Provider', 'UpdateProviderSuccess', 'provider', 'slug'), { id, v, patch: { apiBaseUrl: 'https://keys.evil.test/v1' } }, reviewer.headers);
    expect(sent.data!.result.__typename).toBe('RevisionPending');
    expect(await snippet()).toEqual(before);
    const revision = sent.data!.result.revision;
    const own = await app.gql(approve, { id: revision.id, v: revision.version }, reviewer.headers);
    expect(own.data!.result).toMatchObject({ __typename: 'NotAuthorizedError', message: expect.stringMatching(/Nobody approves their own change/) });
    expect(await snippet()).toEqual(before);
    const approved = await app.gql(approve, { id: revision.id, v: revision.version }, admin.headers);
    expect(approved.data!.result.__typename).toBe('ApproveRevisionSuccess');
    expect((await snippet()).provider.api.baseUrl).toBe('https://keys.evil.test/v1');
  });

  it("flipping a benchmark's direction does not invert its leaderboard until approved; a rejection needs a reason", async () => {
    const id = globalId('Benchmark', ids.benchmark);
    const v = await version('benchmarks', ids.benchmark);
    const board = async () => (await app.gql('{ benchmark(slug: "bench-a") { higherIsBetter } }')).data!.benchmark;
    const sent = await app.gql(update('Benchmark', 'UpdateBenchmarkSuccess', 'benchmark', 'higherIsBetter'), { id, v, patch: { higherIsBetter: false, scaleMax: 1000 } }, editor.headers);
    expect(sent.data!.result.__typename).toBe('RevisionPending');
    expect(await board()).toEqual({ higherIsBetter: true });
    const revision = sent.data!.result.revision;
    const blank = await app.gql(reject, { id: revision.id, v: revision.version, reason: '  ' }, reviewer.headers);
    expect(blank.data!.result.__typename).toBe('ValidationError');
    const rejected = await app.gql(reject, { id: revision.id, v: revision.version, reason: 'The paper says higher is better.' }, reviewer.headers);
    expect(rejected.data!.result).toMatchObject({ __typename: 'RejectRevisionSuccess', revision: { status: 'REJECTED', rejectionReason: 'The paper says higher is better.' } });
    expect(await board()).toEqual({ higherIsBetter: true });
    expect(await version('benchmarks', ids.benchmark)).toBe(v);
    // A rejected revision is not approved afterwards.
    const late = await app.gql(approve, { id: revision.id, v: revision.version + 1 }, admin.headers);
    expect(late.data!.result.__typename).toBe('ConflictError');
    expect(await board()).toEqual({ higherIsBetter: true });
  });

  it("a published model's text and licence: pending (the FAQ does not flip); a draft model is still edited directly", async () => {
    const id = globalId('Model', ids.model);
    const v = await version('models', ids.model);
    const page = async () => (await app.gql('{ model(slug: "acme-one") { about license { name openWeights } faq { question answer } } }')).data!.model;
    const before = await page();
    const sent = await app.gql(update('Model', 'UpdateModelSuccess', 'model', 'about'), { id, v, patch: { about: 'Rewritten', licenseName: 'MIT', openWeights: true } }, editor.headers);
    expect(sent.data!.result.__typename).toBe('RevisionPending');
    expect(await page()).toEqual(before);
    const draft = await app.gql(update('Model', 'UpdateModelSuccess', 'model', 'about'), { id: globalId('Model', ids.draftModel), v: 1, patch: { about: 'Draft text' } }, editor.headers);
    expect(draft.data!.result).toMatchObject({ __typename: 'UpdateModelSuccess', model: { version: 2, about: 'Draft text' } });
  });

  it('approval applies only to the version it was proposed on: a later change makes it a ConflictError, nothing applied', async () => {
    const id = globalId('Model', ids.model);
    const v = await version('models', ids.model);
    const first = (await app.gql(update('Model', 'UpdateModelSuccess', 'model', 'tagline'), { id, v, patch: { tagline: 'First' } }, editor.headers)).data!.result.revision;
    const second = (await app.gql(update('Model', 'UpdateModelSuccess', 'model', 'tagline'), { id, v, patch: { tagline: 'Second' } }, editor2.headers)).data!.result.revision;
    expect((await app.gql(approve, { id: first.id, v: first.version }, reviewer.headers)).data!.result.__typename).toBe('ApproveRevisionSuccess');
    const stale = await app.gql(approve, { id: second.id, v: second.version }, reviewer.headers);
    expect(stale.data!.result).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/changed since this revision was proposed/) });
    expect((await app.gql('{ model(slug: "acme-one") { tagline } }')).data!.model.tagline).toBe('First');
    const queue = await app.gql(`{ revisions(first: 50) { totalCount edges { node { id stale } } } }`, {}, reviewer.headers);
    expect(queue.data!.revisions.edges.find((edge: any) => edge.node.id === second.id).node.stale).toBe(true);
    // An editor's stale expectedVersion on the update itself is a ConflictError too, with no revision.
    const count = (await app.gql('{ revisions(first: 1) { totalCount } }', {}, editor.headers)).data!.revisions.totalCount;
    const conflict = await app.gql(update('Model', 'UpdateModelSuccess', 'model', 'tagline'), { id, v, patch: { tagline: 'Third' } }, editor.headers);
    expect(conflict.data!.result).toMatchObject({ __typename: 'ConflictError', currentVersion: v + 1 });
    expect((await app.gql('{ revisions(first: 1) { totalCount } }', {}, editor.headers)).data!.revisions.totalCount).toBe(count);
  });

  it('the database itself refuses an approval by the proposer and a rejection without a reason', async () => {
    const [row] = await app.db.raw.query<{ id: number }>(`select id from revisions where status = 'PENDING' order by id limit 1`);
    await expect(app.db.raw.query(`update revisions set status = 'APPROVED', reviewed_by_id = proposed_by_id where id = $1`, [row!.id])).rejects.toThrow(/revisions_four_eyes_check/);
    await expect(app.db.raw.query(`update revisions set status = 'REJECTED', reviewed_by_id = proposed_by_id, rejection_reason = ' ' where id = $1`, [row!.id])).rejects.toThrow(/revisions_rejection_check/);
  });

  it('the methodology is public: a new text waits for another reviewer', async () => {
    const current = (await app.gql('{ methodologyText { version body } }', {}, reviewer.headers)).data!.methodologyText;
    const sent = await app.gql(
      `mutation($body: String!, $v: Int!) { result: updateMethodology(body: $body, expectedVersion: $v) { __typename ... on RevisionPending { revision { id version } } ... on Error { message } } }`,
      { body: 'We publish anything.', v: current.version },
      reviewer.headers,
    );
    expect(sent.data!.result.__typename).toBe('RevisionPending');
    expect((await app.gql('{ methodology }')).data!.methodology).toBe(current.body);
    const revision = sent.data!.result.revision;
    expect((await app.gql(approve, { id: revision.id, v: revision.version }, reviewer.headers)).data!.result.__typename).toBe('NotAuthorizedError');
    expect((await app.gql(approve, { id: revision.id, v: revision.version }, reviewer2.headers)).data!.result.__typename).toBe('ApproveRevisionSuccess');
    expect((await app.gql('{ methodology }')).data!.methodology).toBe('We publish anything.');
  });

  it('retiring a source verified numbers cite takes a reviewer', async () => {
    const id = globalId('Source', ids.citedSource);
    const v = await version('sources', ids.citedSource);
    const retire = `mutation($id: ID!, $v: Int!) { result: retireSource(id: $id, expectedVersion: $v, reason: "Gone") { __typename } }`;
    expect((await app.gql(retire, { id, v }, editor.headers)).data!.result.__typename).toBe('NotAuthorizedError');
    expect(await version('sources', ids.citedSource)).toBe(v);
  });
});

describe('publishing', () => {
  const publish = (type: string) => `mutation($id: ID!, $v: Int!) { result: publish${type}(id: $id, expectedVersion: $v) { __typename ... on ValidationError { fieldErrors { path message } } ... on Error { message } } }`;

  it('a model is not published under a draft provider', async () => {
    const modelId = (await app.db.raw.query<{ id: number }>(`insert into models (slug, name, provider_id, publication) values ('under-draft', 'Under draft', $1, 'DRAFT') returning id`, [ids.draftProvider]))[0]!.id;
    const answer = await app.gql(publish('Model'), { id: globalId('Model', modelId), v: 1 }, reviewer.headers);
    expect(answer.data!.result).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: 'provider' }] });
    expect((await app.gql('{ model(slug: "under-draft") { slug } }')).data!.model).toBeNull();
  });

  it('nobody publishes what they created: another reviewer must', async () => {
    const created = await app.gql(
      `mutation { result: createProvider(input: { slug: "selfco", name: "SelfCo" }) { __typename ... on CreateProviderSuccess { provider { id version } } } }`,
      {},
      reviewer.headers,
    );
    const provider = created.data!.result.provider;
    const own = await app.gql(publish('Provider'), { id: provider.id, v: provider.version }, reviewer.headers);
    expect(own.data!.result.__typename).toBe('NotAuthorizedError');
    expect((await app.gql(publish('Provider'), { id: provider.id, v: provider.version }, reviewer2.headers)).data!.result.__typename).toBe('PublishProviderSuccess');
  });

  it('a provider with published models is not retired from under them', async () => {
    const retire = `mutation($id: ID!, $v: Int!) { result: retireProvider(id: $id, expectedVersion: $v) { __typename } }`;
    const answer = await app.gql(retire, { id: globalId('Provider', ids.provider), v: await version('providers', ids.provider) }, reviewer.headers);
    expect(answer.data!.result.__typename).toBe('ValidationError');
  });
});

describe('the verifier is not whoever changed the number or what it cites', () => {
  const create = `mutation($input: CreateScoreInput!) { createScore(input: $input) { ... on CreateScoreSuccess { score { id version } } ... on Error { message } } }`;
  const verify = `mutation($id: ID!, $v: Int!) { result: verifyScore(id: $id, expectedVersion: $v) { __typename ... on Error { message } } }`;
  const canVerify = (id: string, session: Session) => app.gql(`{ node(id: "${id}") { ... on Score { canVerify } } }`, {}, session.headers);

  it("a reviewer who edits the (draft) source of a pending entry cannot verify it", async () => {
    const score = (
      await app.gql(create, { input: { model: 'acme-one', benchmark: 'bench-a', value: 55, setting: 'fresh', submitForReview: true, citation: { sourceId: globalId('Source', ids.freshSource), locator: 'Table 2' } } }, editor.headers)
    ).data!.createScore.score;
    const edited = await app.gql(
      update('Source', 'UpdateSourceSuccess', 'source', 'url'),
      { id: globalId('Source', ids.freshSource), v: await version('sources', ids.freshSource), patch: { url: 'https://reviewer.test/page' } },
      reviewer.headers,
    );
    expect(edited.data!.result.__typename).toBe('UpdateSourceSuccess');
    expect((await canVerify(score.id, reviewer)).data!.node.canVerify).toBe(false);
    const own = await app.gql(verify, { id: score.id, v: score.version }, reviewer.headers);
    expect(own.data!.result).toMatchObject({ __typename: 'NotAuthorizedError', message: expect.stringMatching(/source it cites/) });
    expect((await canVerify(score.id, reviewer2)).data!.node.canVerify).toBe(true);
    // The source changed after the score was loaded: its version moved on with it.
    const seen = await version('scores', Number(Buffer.from(score.id, 'base64').toString().split(':')[1]));
    expect(seen).toBeGreaterThan(score.version);
    expect((await app.gql(verify, { id: score.id, v: seen }, reviewer2.headers)).data!.result.__typename).toBe('VerifyScoreSuccess');
  });

  it('whoever proposed an approved change to the cited source is not the verifier either', async () => {
    const score = (
      await app.gql(create, { input: { model: 'acme-one', benchmark: 'bench-a', value: 56, setting: 'cited', submitForReview: true, citation: { sourceId: globalId('Source', ids.citedSource), locator: 'Table 3' } } }, editor.headers)
    ).data!.createScore.score;
    const sent = await app.gql(
      update('Source', 'UpdateSourceSuccess', 'source', 'url'),
      { id: globalId('Source', ids.citedSource), v: await version('sources', ids.citedSource), patch: { title: 'Renamed by reviewer2' } },
      reviewer2.headers,
    );
    const revision = sent.data!.result.revision;
    expect((await app.gql(approve, { id: revision.id, v: revision.version }, admin.headers)).data!.result.__typename).toBe('ApproveRevisionSuccess');
    expect((await canVerify(score.id, reviewer2)).data!.node.canVerify).toBe(false);
    const seen = await version('scores', Number(Buffer.from(score.id, 'base64').toString().split(':')[1]));
    expect((await app.gql(verify, { id: score.id, v: seen }, reviewer2.headers)).data!.result.__typename).toBe('NotAuthorizedError');
    expect((await app.gql(verify, { id: score.id, v: seen }, reviewer.headers)).data!.result.__typename).toBe('VerifyScoreSuccess');
  });

  it('a reviewer with a pending change to the cited source cannot verify the number (its approval would re-point it)', async () => {
    const score = (
      await app.gql(create, { input: { model: 'acme-one', benchmark: 'bench-a', value: 59, setting: 'pending revision', submitForReview: true, citation: { sourceId: globalId('Source', ids.citedSource), locator: 'Table 6' } } }, editor.headers)
    ).data!.createScore.score;
    const proposed = await app.gql(
      update('Source', 'UpdateSourceSuccess', 'source', 'url'),
      { id: globalId('Source', ids.citedSource), v: await version('sources', ids.citedSource), patch: { url: 'https://reviewer.test/re-pointed' } },
      reviewer.headers,
    );
    expect(proposed.data!.result.__typename).toBe('RevisionPending');
    expect((await canVerify(score.id, reviewer)).data!.node.canVerify).toBe(false);
    const own = await app.gql(verify, { id: score.id, v: score.version }, reviewer.headers);
    expect(own.data!.result).toMatchObject({ __typename: 'NotAuthorizedError', message: expect.stringMatching(/source it cites/) });
    // Withdrawn, the change no longer stands in the way.
    const revision = proposed.data!.result.revision;
    expect((await app.gql(reject, { id: revision.id, v: revision.version, reason: 'Withdrawn.' }, reviewer.headers)).data!.result.__typename).toBe('RejectRevisionSuccess');
    expect((await app.gql(verify, { id: score.id, v: score.version }, reviewer.headers)).data!.result.__typename).toBe('VerifyScoreSuccess');
  });

  it('a source changed after the reviewer loaded a pending number: verifying what they saw is a ConflictError, nothing public', async () => {
    const sourceId = await new CatalogFixture(app.db).source('https://acme.test/seq');
    const score = (
      await app.gql(create, { input: { model: 'acme-one', benchmark: 'bench-a', value: 57, setting: 'seq', submitForReview: true, citation: { sourceId: globalId('Source', sourceId), locator: 'Table 4' } } }, editor.headers)
    ).data!.createScore.score;
    // The reviewer has the score open (this version, this URL); another editor re-points the draft source.
    const swapped = await app.gql(
      update('Source', 'UpdateSourceSuccess', 'source', 'url'),
      { id: globalId('Source', sourceId), v: await version('sources', sourceId), patch: { url: 'https://swapped.test/seq' } },
      editor2.headers,
    );
    expect(swapped.data!.result.__typename).toBe('UpdateSourceSuccess');
    const verified = await app.gql(verify, { id: score.id, v: score.version }, reviewer.headers);
    expect(verified.data!.result).toMatchObject({ __typename: 'ConflictError' });
    const [row] = await app.db.raw.query<{ status: string }>(`select status from scores where id = $1`, [Number(Buffer.from(score.id, 'base64').toString().split(':')[1])]);
    expect(row!.status).toBe('PENDING_REVIEW');
  });

  it("a reviewer who sends a change of the cited source and the verification at once never gets both: four eyes holds under races", async () => {
    const catalog = new CatalogFixture(app.db);
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const sourceId = await catalog.source(`https://acme.test/race-${round}`);
      const score = (
        await app.gql(create, { input: { model: 'acme-one', benchmark: 'bench-a', value: 58, setting: `race ${round}`, submitForReview: true, citation: { sourceId: globalId('Source', sourceId), locator: 'Table 5' } } }, editor.headers)
      ).data!.createScore.score;
      const [changed, verified] = await Promise.all([
        app.gql(update('Source', 'UpdateSourceSuccess', 'source', 'url'), { id: globalId('Source', sourceId), v: await version('sources', sourceId), patch: { url: `https://swapped.test/race-${round}` } }, reviewer.headers),
        app.gql(verify, { id: score.id, v: score.version }, reviewer.headers),
      ]);
      outcomes.push(`${changed.data?.result.__typename ?? JSON.stringify(changed.errors)}+${verified.data?.result.__typename ?? JSON.stringify(verified.errors)}`);
      expect(changed.errors ?? verified.errors).toBeUndefined();
      const [row] = await app.db.raw.query<{ status: string; url: string }>(
        `select s.status, src.url from scores s join sources src on src.id = s.source_id where s.id = $1`,
        [Number(Buffer.from(score.id, 'base64').toString().split(':')[1])],
      );
      // Verified by this reviewer only with the URL they saw; a direct change only if nothing was verified.
      if (row!.status === 'VERIFIED') expect(row!.url).toBe(`https://acme.test/race-${round}`);
    }
    expect(outcomes.filter((outcome) => outcome === 'UpdateSourceSuccess+VerifyScoreSuccess')).toEqual([]);
  });
});

describe('verify and reject confirm the version the reviewer saw (expectedVersion is required)', () => {
  const kinds = [
    {
      kind: 'Score',
      create: `mutation($s: String!) { c: createScore(input: { model: "acme-one", benchmark: "bench-a", value: 50, setting: $s, submitForReview: true, citation: { sourceId: "${'SOURCE'}", locator: "T" } }) { ... on CreateScoreSuccess { entry: score { id version } } ... on Error { message } } }`,
      edit: `mutation($id: ID!, $v: Int!) { updateScore(id: $id, expectedVersion: $v, patch: { value: 51 }) { __typename } }`,
    },
    {
      kind: 'Price',
      create: `mutation($s: String!) { c: createPrice(input: { model: "acme-one", kind: INPUT, usdPerMillionTokens: 1, effectiveFrom: "VARIANT", note: $s, submitForReview: true, citation: { sourceId: "${'SOURCE'}", locator: "T" } }) { ... on CreatePriceSuccess { entry: price { id version } } ... on Error { message } } }`,
      edit: `mutation($id: ID!, $v: Int!) { updatePrice(id: $id, expectedVersion: $v, patch: { usdPerMillionTokens: 2 }) { __typename } }`,
    },
    {
      kind: 'ModelFact',
      create: `mutation($s: String!) { c: createModelFact(input: { model: "acme-one", fact: VARIANT, value: "1000", note: $s, submitForReview: true, citation: { sourceId: "${'SOURCE'}", locator: "T" } }) { ... on CreateModelFactSuccess { entry: fact { id version } } ... on Error { message } } }`,
      edit: `mutation($id: ID!, $v: Int!) { updateModelFact(id: $id, expectedVersion: $v, patch: { value: "2000" }) { __typename } }`,
    },
  ];
  const tables: Record<string, string> = { Score: 'scores', Price: 'prices', ModelFact: 'model_facts' };

  for (const { kind, create, edit } of kinds) {
    it(`${kind}: a stale version answers ConflictError and changes nothing; leaving it out is a GraphQL validation error`, async () => {
      for (const verb of ['verify', 'reject']) {
        const source = globalId('Source', ids.otherSource);
        const variant = kind === 'Price' ? (verb === 'verify' ? '2025-02-01' : '2025-03-01') : verb === 'verify' ? 'CONTEXT_WINDOW' : 'MAX_OUTPUT_TOKENS';
        const created = await app.gql(create.replace('SOURCE', source).replace('VARIANT', variant), { s: `${verb}-${kind}` }, editor.headers);
        const entry = created.data!.c.entry;
        expect(entry, JSON.stringify(created)).toBeDefined();
        expect((await app.gql(edit, { id: entry.id, v: entry.version }, editor2.headers)).data).toBeDefined();
        const args = verb === 'reject' ? ', reason: "Wrong table."' : '';
        const stale = await app.gql(
          `mutation($id: ID!, $v: Int!) { result: ${verb}${kind}(id: $id, expectedVersion: $v${args}) { __typename ... on ConflictError { currentVersion } } }`,
          { id: entry.id, v: entry.version },
          reviewer.headers,
        );
        expect(stale.data!.result).toEqual({ __typename: 'ConflictError', currentVersion: entry.version + 1 });
        const [row] = await app.db.raw.query<{ status: string; version: number }>(`select status, version from ${tables[kind]} where id = $1`, [
          Buffer.from(entry.id, 'base64').toString().split(':')[1],
        ]);
        expect(row).toEqual({ status: 'PENDING_REVIEW', version: entry.version + 1 });
        const missing = await app.gql(`mutation($id: ID!) { result: ${verb}${kind}(id: $id${args}) { __typename } }`, { id: entry.id }, reviewer.headers);
        expect(missing.data).toBeUndefined();
        expect(missing.errors?.[0]?.message).toMatch(/expectedVersion/);
      }
    });
  }
});

describe('a proposal the database would refuse is refused now, naming the field', () => {
  it('moving a published model to another provider shows the reviewer the slugs, and needs a published provider', async () => {
    const id = globalId('Model', ids.model);
    const toDraft = await app.gql(update('Model', 'UpdateModelSuccess', 'model', 'slug'), { id, v: await version('models', ids.model), patch: { provider: 'draftco' } }, editor.headers);
    expect(toDraft.data!.result).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: 'provider' }] });
    const otherId = (await app.db.raw.query<{ id: number }>(`insert into providers (slug, name) values ('otherco', 'OtherCo') returning id`))[0]!.id;
    expect(otherId).toBeGreaterThan(0);
    const sent = await app.gql(update('Model', 'UpdateModelSuccess', 'model', 'slug'), { id, v: await version('models', ids.model), patch: { provider: 'otherco' } }, editor.headers);
    expect(sent.data!.result.revision.changes).toEqual([{ field: 'provider', before: 'acme', after: 'otherco' }]);
  });

  it('a taken slug on a published model: ValidationError on slug, no revision', async () => {
    const before = (await app.gql('{ revisions(first: 1) { totalCount } }', {}, editor.headers)).data!.revisions.totalCount;
    const answer = await app.gql(
      update('Model', 'UpdateModelSuccess', 'model', 'slug'),
      { id: globalId('Model', ids.model), v: await version('models', ids.model), patch: { slug: 'acme-two' } },
      editor.headers,
    );
    expect(answer.data!.result).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: 'slug' }] });
    expect((await app.gql('{ revisions(first: 1) { totalCount } }', {}, editor.headers)).data!.revisions.totalCount).toBe(before);
  });

  it('a benchmark scale that would exclude entered scores: refused on proposal', async () => {
    const answer = await app.gql(
      update('Benchmark', 'UpdateBenchmarkSuccess', 'benchmark', 'scaleMax'),
      { id: globalId('Benchmark', ids.benchmark), v: await version('benchmarks', ids.benchmark), patch: { scaleMin: 0, scaleMax: 10 } },
      editor.headers,
    );
    expect(answer.data!.result.__typename).toBe('ValidationError');
  });

  it('twenty reviewers approving one revision at once: one applies it, the rest ConflictError', async () => {
    const sent = await app.gql(
      update('Provider', 'UpdateProviderSuccess', 'provider', 'name'),
      { id: globalId('Provider', ids.provider), v: await version('providers', ids.provider), patch: { name: 'Acme Labs' } },
      editor.headers,
    );
    const revision = sent.data!.result.revision;
    const before = await version('providers', ids.provider);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => app.gql(approve, { id: revision.id, v: revision.version }, (i % 2 ? reviewer : admin).headers)));
    const tally: Record<string, number> = {};
    for (const answer of answers) tally[answer.data!.result.__typename] = (tally[answer.data!.result.__typename] ?? 0) + 1;
    expect(tally).toEqual({ ApproveRevisionSuccess: 1, ConflictError: 19 });
    expect(await version('providers', ids.provider)).toBe(before + 1);
  });
});

describe('withdrawing an open entry', () => {
  const create = `mutation($input: CreateScoreInput!) { createScore(input: $input) { ... on CreateScoreSuccess { score { id } } ... on Error { message } } }`;
  const retire = `mutation($id: ID!) { result: retireScore(id: $id, reason: "Entered twice.") { __typename ... on Error { message } } }`;

  it("an editor withdraws their own draft, not another editor's; a reviewer may", async () => {
    const enter = async (setting: string) =>
      (
        await app.gql(
          create,
          { input: { model: 'acme-one', benchmark: 'bench-a', value: 57, setting, citation: { sourceId: globalId('Source', ids.otherSource), locator: 'Table 4' } } },
          editor.headers,
        )
      ).data!.createScore.score.id as string;
    const [mine, theirs] = [await enter('retire own'), await enter('retire other')];
    expect((await app.gql(retire, { id: mine }, editor.headers)).data!.result.__typename).toBe('RetireScoreSuccess');
    expect((await app.gql(retire, { id: theirs }, editor2.headers)).data!.result).toEqual({
      __typename: 'NotAuthorizedError',
      message: 'An editor withdraws only their own entries; a reviewer withdraws someone else’s.',
    });
    expect((await app.gql(retire, { id: theirs }, reviewer.headers)).data!.result.__typename).toBe('RetireScoreSuccess');
  });
});
