import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, type Session } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// One public rule on every path: what an anonymous reader cannot see in a list, it cannot reach by
// global ID, by a nested field, by a filter, an order or a count either; and `nodes(ids:)` answers
// every slot with the node asked for in it, or null.

type NodeType = 'Model' | 'Provider' | 'ModelFamily' | 'Benchmark' | 'Score' | 'Price' | 'ModelFact' | 'Source' | 'User' | 'AuditEvent';
const nodeTypes: NodeType[] = ['Model', 'Provider', 'ModelFamily', 'Benchmark', 'Score', 'Price', 'ModelFact', 'Source', 'User', 'AuditEvent'];

let app: TestApp;
let editor: Session;
let admin: Session;
/** Row ids by type: what the public may see and what it may not. */
const visible = {} as Record<NodeType, number[]>;
const hidden = {} as Record<NodeType, number[]>;
const ids = {} as Record<string, number>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    const q = async (text: string, params: unknown[] = []) => (await db.raw.query<{ id: number }>(text, params))[0]?.id as number;
    const provider = await catalog.provider('open-provider');
    const draftProvider = await catalog.provider('draft-provider');
    const retiredProvider = await catalog.provider('retired-provider');
    await q(`update providers set publication = 'DRAFT' where id = $1`, [draftProvider]);
    await q(`update providers set publication = 'RETIRED' where id = $1`, [retiredProvider]);
    const family = await q(`insert into model_families (slug, name, provider_id) values ('open-family', 'Open', $1) returning id`, [provider]);
    const draftFamily = await q(`insert into model_families (slug, name, provider_id, publication) values ('draft-family', 'Draft', $1, 'DRAFT') returning id`, [provider]);
    const familyOfDraftProvider = await q(`insert into model_families (slug, name, provider_id) values ('hidden-maker-family', 'Hidden maker', $1) returning id`, [draftProvider]);
    const model = await catalog.model('open-model', provider, { familyId: family });
    const rival = await catalog.model('rival-model', provider);
    const draftModel = await catalog.model('draft-model', provider, { publication: 'DRAFT', familyId: draftFamily });
    const retiredModel = await catalog.model('retired-model', provider, { publication: 'RETIRED' });
    const underDraftProvider = await catalog.model('under-draft-provider', draftProvider, { familyId: familyOfDraftProvider });
    const underRetiredProvider = await catalog.model('under-retired-provider', retiredProvider);
    const bench = await catalog.benchmark('open-bench');
    const draftBench = await catalog.benchmark('draft-bench');
    const retiredBench = await catalog.benchmark('retired-bench');
    await q(`update benchmarks set publication = 'DRAFT' where id = $1`, [draftBench]);
    await q(`update benchmarks set publication = 'RETIRED' where id = $1`, [retiredBench]);
    const cited = await catalog.source('https://example.test/cited');
    const draftOnly = await catalog.source('https://example.test/draft-only');
    const draftBenchOnly = await catalog.source('https://example.test/draft-bench-only');
    const paperOnly = await catalog.source('https://example.test/paper-only');
    const hiddenModelOnly = await catalog.source('https://example.test/hidden-model-only');
    await q(`update benchmarks set paper_source_id = $1 where id = $2`, [paperOnly, bench]);
    await q(`update benchmarks set paper_source_id = $1 where id in ($2, $3)`, [cited, draftBench, retiredBench]);

    const score = (model: number, bench: number, value: number, source: number, status = 'VERIFIED') =>
      q(
        `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin, rejection_reason)
         values ($1, $2, $3, $6, $4, 'Table', '2026-11-01', $5, 'IMPORT', case when $5 = 'REJECTED' then 'wrong' end) returning id`,
        // A distinct label per row, read as the same conditions (the harness is reported, not compared).
        [model, bench, value, source, status, `harness ${status}-${value}`],
      );
    const price = (model: number, usd: number, source: number, status = 'VERIFIED') =>
      q(
        `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin)
         values ($1, 'INPUT', $2, '2025-01-01', $3, 'Pricing', '2026-11-01', $4, 'IMPORT') returning id`,
        [model, usd, source, status],
      );
    const fact = (model: number, value: string, source: number, status = 'VERIFIED') =>
      q(
        `insert into model_facts (model_id, fact, value, source_id, locator, retrieved_at, status, origin)
         values ($1, 'CONTEXT_WINDOW', $2, $3, 'Table', '2026-11-01', $4, 'IMPORT') returning id`,
        [model, value, source, status],
      );
    const publicScore = await score(model, bench, 71, cited);
    const rivalScore = await score(rival, bench, 65, cited);
    ids.draftBenchScore = await score(model, draftBench, 99, draftBenchOnly);
    ids.draftBenchRivalScore = await score(rival, draftBench, 12, draftBenchOnly);
    const hiddenScores = [
      await score(model, bench, 72, draftOnly, 'DRAFT'),
      await score(model, bench, 73, draftOnly, 'PENDING_REVIEW'),
      await score(model, bench, 74, draftOnly, 'REJECTED'),
      ids.draftBenchScore,
      await score(model, retiredBench, 98, draftBenchOnly),
      await score(draftModel, bench, 97, hiddenModelOnly),
      await score(retiredModel, bench, 96, hiddenModelOnly),
      await score(underDraftProvider, bench, 95, hiddenModelOnly),
      await score(underRetiredProvider, bench, 94, hiddenModelOnly),
    ];
    const publicPrice = await price(model, 1.5, cited);
    const hiddenPrices = [
      await price(rival, 2.5, draftOnly, 'DRAFT'),
      await price(draftModel, 3.5, hiddenModelOnly),
      await price(underDraftProvider, 4.5, hiddenModelOnly),
    ];
    await fact(model, '128000', cited);
    const hiddenFacts = [await fact(rival, '64000', draftOnly, 'DRAFT'), await fact(underDraftProvider, '32000', hiddenModelOnly)];
    const [publicFact] = await db.raw.query<{ id: number }>(`select id from model_facts where model_id = $1 and status = 'VERIFIED'`, [model]);
    const userIds = [
      await insertUser(db, 'editor@sourced.test', 'EDITOR'),
      await insertUser(db, 'admin@sourced.test', 'ADMIN'),
      await insertUser(db, 'other@sourced.test', 'REVIEWER'),
    ];
    const auditId = await q(
      `insert into audit_events (action, entity_type, entity_id, diff) values ('CREATE', 'Model', $1, '{}') returning id`,
      [String(model)],
    );
    Object.assign(ids, { provider, draftProvider, retiredProvider, model, rival, draftModel, underDraftProvider, bench, draftBench, retiredBench });
    Object.assign(ids, { cited, draftOnly, draftBenchOnly, paperOnly, hiddenModelOnly, family, draftFamily, familyOfDraftProvider });
    Object.assign(ids, { editorUser: userIds[0], adminUser: userIds[1], otherUser: userIds[2] });
    Object.assign(visible, {
      Model: [model, rival],
      Provider: [provider],
      ModelFamily: [family],
      Benchmark: [bench],
      Score: [publicScore, rivalScore],
      Price: [publicPrice],
      ModelFact: [],
      Source: [cited],
      User: [],
      AuditEvent: [],
    });
    Object.assign(hidden, {
      Model: [draftModel, retiredModel, underDraftProvider, underRetiredProvider],
      Provider: [draftProvider, retiredProvider],
      ModelFamily: [draftFamily, familyOfDraftProvider],
      Benchmark: [draftBench, retiredBench],
      Score: hiddenScores,
      Price: hiddenPrices,
      ModelFact: [publicFact!.id, ...hiddenFacts],
      Source: [draftOnly, draftBenchOnly, paperOnly, hiddenModelOnly],
      User: userIds,
      AuditEvent: [auditId],
    });
  });
  editor = await login(app, 'editor@sourced.test');
  admin = await login(app, 'admin@sourced.test');
});
afterAll(() => app?.close());

const nodesQuery = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

async function nodes(globalIds: string[], headers?: Record<string, string>) {
  const response = await app.gql<{ nodes: ({ __typename: string; id: string } | null)[] }>(nodesQuery, { ids: globalIds }, headers);
  expect(response.errors).toBeUndefined();
  return response.data!.nodes;
}

/** Hidden first, then mixed with visible ones, each repeated: every slot holds its own node or null. */
function mixed(shown: string[], concealed: string[]): string[] {
  return [...concealed, ...shown.flatMap((id, i) => [id, concealed[i % Math.max(concealed.length, 1)]].filter(Boolean) as string[]), ...concealed, ...shown];
}

describe('nodes(ids:) answers each slot with its own node or null', () => {
  for (const type of nodeTypes) {
    it(`anonymously, hidden ${type} rows stay hidden wherever they stand in the list`, async () => {
      const shown = visible[type].map((id) => globalId(type, id));
      const concealed = [...hidden[type].map((id) => globalId(type, id)), globalId(type, 999_999)];
      const asked = mixed(shown, concealed);
      const answered = await nodes(asked);
      expect(answered).toHaveLength(asked.length);
      asked.forEach((id, slot) => expect(answered[slot]?.id ?? null, `slot ${slot}`).toBe(shown.includes(id) ? id : null));
    });
  }

  it('as an editor, every catalog row is answered in its slot; other accounts and the audit trail are not', async () => {
    const catalogTypes: NodeType[] = ['Model', 'Provider', 'ModelFamily', 'Benchmark', 'Score', 'Price', 'ModelFact', 'Source'];
    const shown = [
      ...catalogTypes.flatMap((type) => [...hidden[type], ...visible[type]].map((id) => globalId(type, id))),
      globalId('User', ids.editorUser!),
    ];
    const concealed = [
      ...nodeTypes.map((type) => globalId(type, 999_999)),
      globalId('User', ids.adminUser!),
      globalId('User', ids.otherUser!),
      ...hidden.AuditEvent.map((id) => globalId('AuditEvent', id)),
    ];
    const asked = [...concealed, ...shown.slice(0, 20), ...concealed, ...shown.slice(20), ...shown.slice(0, 5)];
    expect(asked.length).toBeLessThanOrEqual(100);
    const answered = await nodes(asked, editor.headers);
    asked.forEach((id, slot) => expect(answered[slot]?.id ?? null, `slot ${slot}`).toBe(shown.includes(id) ? id : null));
  });

  it('as an admin, accounts and audit events are answered in their slots', async () => {
    const shown = [...hidden.User.map((id) => globalId('User', id)), ...hidden.AuditEvent.map((id) => globalId('AuditEvent', id))];
    const concealed = [globalId('User', 999_999), globalId('AuditEvent', 999_999)];
    const asked = mixed(shown, concealed);
    const answered = await nodes(asked, admin.headers);
    asked.forEach((id, slot) => expect(answered[slot]?.id ?? null, `slot ${slot}`).toBe(shown.includes(id) ? id : null));
  });

  it('a hidden score never lends its value to the visible slot after it', async () => {
    const response = await app.gql<{ nodes: ({ id: string; value: number } | null)[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Score { value } } }`,
      { ids: [globalId('Score', ids.draftBenchScore!), globalId('Score', visible.Score[0]!)] },
    );
    expect(response.data!.nodes).toEqual([null, { id: globalId('Score', visible.Score[0]!), value: 71 }]);
  });
});

describe('node(id:) applies the same rule', () => {
  for (const type of nodeTypes) {
    it(`anonymously, every hidden ${type} answers null`, async () => {
      for (const id of [...hidden[type], 999_999]) {
        const response = await app.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId(type, id) });
        expect(response.errors, `${type} ${id}`).toBeUndefined();
        expect(response.data!.node, `${type} ${id}`).toBeNull();
      }
      for (const id of visible[type]) {
        const response = await app.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId(type, id) });
        expect(response.data!.node).toEqual({ id: globalId(type, id) });
      }
    });
  }

  it("editors and reviewers reach their own account by id, not anyone else's; admins reach every account", async () => {
    const ask = (id: number, headers: Record<string, string>) =>
      app.gql<{ node: { id: string; email: string } | null }>(`query ($id: ID!) { node(id: $id) { id ... on User { email } } }`, { id: globalId('User', id) }, headers);
    expect((await ask(ids.editorUser!, editor.headers)).data!.node?.email).toBe('editor@sourced.test');
    const other = await ask(ids.otherUser!, editor.headers);
    expect(other.errors).toBeUndefined();
    expect(other.data!.node).toBeNull();
    expect((await ask(ids.otherUser!, admin.headers)).data!.node?.email).toBe('other@sourced.test');
  });

  it('malformed global ids answer null or a typed error, never an internal error', async () => {
    const malformed = ['', 'x', '!!!', Buffer.from('Model').toString('base64'), Buffer.from('Model:').toString('base64'), globalId('Model', '1.0'),
      globalId('Model', '-1'), globalId('Model', '99999999999'), globalId('AuditEvent', '1e3'), globalId('Model', ' 1'), globalId('Model', '0x1')];
    for (const id of malformed) {
      const one = await app.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id });
      expect(one.errors?.[0]?.extensions?.code ?? null, id).not.toBe('INTERNAL_SERVER_ERROR');
      if (!one.errors) expect(one.data!.node, id).toBeNull();
      const many = await app.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [id, globalId('Model', ids.model!)] });
      expect(many.errors?.[0]?.extensions?.code ?? null, id).not.toBe('INTERNAL_SERVER_ERROR');
      if (!many.errors) expect(many.data!.nodes, id).toEqual([null, { id: globalId('Model', ids.model!) }]);
    }
  });

  it('global ids whose type is an Object.prototype key answer null, never an internal error', async () => {
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'Query', 'Node', 'Citation']) {
      for (const headers of [undefined, editor.headers]) {
        const one = await app.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: globalId(type, 1) }, headers);
        expect(one.errors, type).toBeUndefined();
        expect(one.data!.node, type).toBeNull();
        const many = await app.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [globalId(type, 1), globalId('Model', ids.model!)] }, headers);
        expect(many.errors, type).toBeUndefined();
        expect(many.data!.nodes, type).toEqual([null, { id: globalId('Model', ids.model!) }]);
      }
      const source = await app.gql(`query ($id: ID!) { source(id: $id) { url } }`, { id: globalId(type, 1) });
      expect(source.errors?.[0]?.extensions?.code ?? null, type).not.toBe('INTERNAL_SERVER_ERROR');
    }
  });
});

describe('list arguments are capped and cheap', () => {
  it('101 ids are refused with a typed error before any statement runs', async () => {
    const asked = Array.from({ length: 101 }, (_, i) => globalId('Score', i + 1));
    app.statements.length = 0;
    const response = await app.gql(nodesQuery, { ids: asked });
    expect(response.data?.nodes ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/100/);
    expect(app.statements).toHaveLength(0);
    const literal = await app.gql(`{ nodes(ids: [${asked.map((id) => JSON.stringify(id)).join(',')}]) { id } }`);
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('100 ids of several types are answered in a handful of statements', async () => {
    const pool = nodeTypes.slice(0, 6).flatMap((type) => [...visible[type], ...hidden[type], 999_999].map((id) => globalId(type, id)));
    const asked = Array.from({ length: 100 }, (_, i) => pool[i % pool.length]!);
    app.statements.length = 0;
    const answered = await nodes(asked);
    expect(answered).toHaveLength(100);
    // One visibility statement and at most one load per type asked for.
    expect(app.statements.length).toBeLessThanOrEqual(12);
  });

  it('100 ids of one type cost one visibility statement and one load, anonymously and as an editor', async () => {
    const pool = [...visible.Score, ...hidden.Score, 999_999].map((id) => globalId('Score', id));
    const asked = Array.from({ length: 100 }, (_, i) => pool[i % pool.length]!);
    for (const headers of [undefined, editor.headers]) {
      app.statements.length = 0;
      const answered = await nodes(asked, headers);
      expect(answered.filter(Boolean).length).toBeGreaterThan(0);
      expect(app.statements.filter((statement) => !/sessions|users/.test(statement))).toHaveLength(2);
    }
  });

  it('other list arguments are capped too: compare slugs, filter providers, publication states', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `slug-${i}`);
    for (const [query, variables] of [
      [`query ($s: [String!]!) { compare(slugs: $s) { models { slug } } }`, { s: many(101) }],
      [`query ($p: [String!]) { models(filter: { providers: $p }) { edges { node { slug } } } }`, { p: many(101) }],
      [`query ($p: [PublicationState!]) { providers(publication: $p) { slug } }`, { p: Array(101).fill('PUBLISHED') }],
      [`query ($f: ModelFilter) { leaderboard(benchmark: "open-bench", filter: $f) { value } }`, { f: { providers: many(101) } }],
      [`mutation ($i: UpdateModelInput!) { updateModel(id: "TW9kZWw6MQ==", expectedVersion: 1, patch: $i) { __typename } }`, { i: { strengths: many(101) } }],
    ] as const) {
      for (const headers of [undefined, editor.headers]) {
        app.statements.length = 0;
        const response = await app.gql(query, variables, headers);
        expect(response.errors?.[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0]?.message, query).toMatch(/at most 100/);
        expect(app.statements.filter((statement) => !/sessions|users/.test(statement)), query).toEqual([]);
      }
    }
  });

  it('the cost limit counts lists without a size as long lists: nested whole lists of computed answers are refused before running', async () => {
    // Found by the attack on issue 12's server: a 2-line anonymous query answering 4 MB in seconds.
    for (const heavy of [
      '{ providers { models(first: 50) { edges { node { family { models { faq { answer question } snippet(language: PYTHON) about } } } } } } }',
      '{ families { models { family { models { faq { answer } } } } } }',
    ]) {
      app.statements.length = 0;
      const response = await app.gql(heavy);
      expect(response.errors?.[0]?.message, heavy).toMatch(/^Query cost limit of 10000 exceeded/);
      expect(app.statements, heavy).toHaveLength(0);
    }
    // A page size sent as a variable counts as its value, whatever a smaller one was let through before.
    const paged = 'query ($n: Int) { models(first: $n) { edges { node { family { models { faq { answer } } } } } } }';
    expect((await app.gql(paged, { n: 1 })).errors).toBeUndefined();
    expect((await app.gql(paged, { n: 100 })).errors?.[0]?.message).toMatch(/^Query cost limit of 10000 exceeded/);
    // A page's own lists (a model's scores, prices, FAQ) stay well within it.
    expect((await app.gql('{ model(slug: "o4-mini") { scores { value } prices { kind } faq { question answer } } }')).errors).toBeUndefined();
  });

  it('the cost limit counts list lengths: many ids times a large selection is refused', async () => {
    const asked = Array.from({ length: 100 }, (_, i) => globalId('Model', i + 1));
    const heavy = `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Model { slug name about tagline
      scores { value setting benchmark { slug name unit } citation { locator source { url title publisher } } }
      prices { kind usdPerMillionTokens citation { locator source { url } } } } } }`;
    app.statements.length = 0;
    const response = await app.gql(heavy, { ids: asked });
    expect(response.errors?.[0]?.message).toMatch(/cost/i);
    expect(app.statements).toHaveLength(0);
    expect((await app.gql(heavy, { ids: asked.slice(0, 5) })).errors).toBeUndefined();
  });
});

describe('hidden things are invisible on every path to anonymous readers', () => {
  it('ordering models by a draft or retired benchmark answers as for a benchmark that does not exist', async () => {
    const order = (benchmark: string) =>
      app.gql(`query ($b: String!) { models(orderBy: { field: SCORE, benchmark: $b }) { totalCount edges { node { slug } } } }`, { b: benchmark });
    // The same typed refusal, naming only the slug asked for: nothing tells a hidden benchmark apart.
    const answer = async (slug: string) => {
      const { status, data, errors } = await order(slug);
      return { status, data, errors: errors?.map((error) => ({ message: error.message.replace(slug, '<slug>'), code: error.extensions?.code })) };
    };
    const missing = await answer('no-such-benchmark');
    expect(missing.errors).toEqual([{ message: 'No published benchmark "<slug>".', code: 'BAD_USER_INPUT' }]);
    for (const slug of ['draft-bench', 'retired-bench']) expect(await answer(slug)).toEqual(missing);
  });

  it('models of a draft or retired provider are not public: not listed, counted, filtered, compared or reached by slug', async () => {
    const list = await app.gql(`{ models { totalCount edges { node { slug provider { slug } family { slug } } } } }`);
    expect(list.data!.models.edges.map((edge: any) => edge.node.slug).sort()).toEqual(['open-model', 'rival-model']);
    expect(list.data!.models.totalCount).toBe(2);
    for (const provider of ['draft-provider', 'retired-provider']) {
      const filtered = await app.gql(`query ($p: String!) { models(filter: { provider: $p }) { totalCount edges { node { slug } } } }`, { p: provider });
      expect(filtered.data!.models).toEqual({ totalCount: 0, edges: [] });
      const byList = await app.gql(`query ($p: [String!]) { models(filter: { providers: $p }) { totalCount } }`, { p: [provider] });
      expect(byList.data!.models.totalCount).toBe(0);
      expect((await app.gql(`query ($p: String!) { families(provider: $p) { slug } }`, { p: provider })).data!.families).toEqual([]);
    }
    await app.db.raw.query(`update models set family_id = $1 where id = $2`, [ids.draftFamily, ids.rival]);
    const byDraftFamily = await app.gql(`{ models(filter: { family: "draft-family" }) { totalCount edges { node { slug } } } }`);
    expect(byDraftFamily.data!.models).toEqual({ totalCount: 0, edges: [] });
    const asEditor = await app.gql(`{ models(filter: { family: "draft-family" }) { totalCount } }`, undefined, editor.headers);
    expect(asEditor.data!.models.totalCount).toBe(1);
    await app.db.raw.query(`update models set family_id = null where id = $1`, [ids.rival]);
    expect((await app.gql(`{ model(slug: "under-draft-provider") { slug } }`)).data!.model).toBeNull();
    expect((await app.gql(`{ family(slug: "hidden-maker-family") { slug } }`)).data!.family).toBeNull();
    expect((await app.gql(`{ families { slug } }`)).data!.families).toEqual([{ slug: 'open-family' }]);
    const compared = await app.gql(`{ compare(slugs: ["open-model", "under-draft-provider", "under-retired-provider"]) { models { slug } rows { benchmark { slug } cells { model { slug } value } } } }`);
    expect(compared.data!.compare.models).toEqual([{ slug: 'open-model' }]);
    expect(JSON.stringify(compared.data)).not.toMatch(/under-|draft-bench|retired-bench|99|98|95|94/);
    const board = await app.gql(`{ leaderboard(benchmark: "open-bench") { value model { slug provider { slug } } } }`);
    expect(board.data!.leaderboard.map((entry: any) => entry.model.slug)).toEqual(['open-model', 'rival-model']);
    const bench = await app.gql(`{ benchmark(slug: "open-bench") { publishedScoreCount } }`);
    expect(bench.data!.benchmark.publishedScoreCount).toBe(2);
  });

  it('a benchmark shows its paper source only when public numbers cite it', async () => {
    const paper = await app.gql(`{ benchmarks { slug paperSource { url } } }`);
    expect(paper.data!.benchmarks).toEqual([{ slug: 'open-bench', paperSource: null }]);
    const one = await app.gql(`{ benchmark(slug: "open-bench") { paperSource { url } } leaderboard(benchmark: "open-bench") { benchmark { paperSource { url } } } }`);
    expect(one.errors).toBeUndefined();
    expect(one.data!.benchmark.paperSource).toBeNull();
    expect(one.data!.leaderboard[0].benchmark.paperSource).toBeNull();
    await app.db.raw.query(`update benchmarks set paper_source_id = $1 where id = $2`, [ids.cited, ids.bench]);
    const cited = await app.gql(`{ benchmarks { slug paperSource { url } } }`);
    expect(cited.data!.benchmarks).toEqual([{ slug: 'open-bench', paperSource: { url: 'https://example.test/cited' } }]);
    await app.db.raw.query(`update benchmarks set paper_source_id = $1 where id = $2`, [ids.paperOnly, ids.bench]);
    // Editors see it as it is.
    const forEditor = await app.gql(`{ benchmarks { slug paperSource { url } } }`, undefined, editor.headers);
    expect(forEditor.data!.benchmarks).toEqual([{ slug: 'open-bench', paperSource: { url: 'https://example.test/paper-only' } }]);
  });

  it('sources cited only by hidden numbers are not listed, and a public model shows only public scores', async () => {
    const sources = await app.gql(`{ sources { totalCount edges { node { url } } } }`);
    expect(sources.data!.sources.edges.map((edge: any) => edge.node.url)).toEqual(['https://example.test/cited']);
    expect(sources.data!.sources.totalCount).toBe(1);
    const page = await app.gql(`{ model(slug: "open-model") { scores { value benchmark { slug } } family { slug } provider { slug } } }`);
    expect(page.data!.model).toEqual({ scores: [{ value: 71, benchmark: { slug: 'open-bench' } }], family: { slug: 'open-family' }, provider: { slug: 'open-provider' } });
  });

  it("a provider's models and their count are answered", async () => {
    const response = await app.gql(`{ provider(slug: "open-provider") { models(first: 10) { totalCount edges { node { slug } } } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data!.provider.models.totalCount).toBe(2);
    expect(response.data!.provider.models.edges.map((edge: any) => edge.node.slug).sort()).toEqual(['open-model', 'rival-model']);
  });
});

describe('bad inputs get typed errors, never an internal one', () => {
  const forged = (payload: string) => Buffer.from(payload).toString('base64');

  it('forged models(after:) cursors are refused as bad input', async () => {
    const cursors = [
      forged('DC:T:["S:not-a-date","N:1"]'),
      forged('DC:T:["S:0000-01-01","N:1"]'),
      forged('DC:T:["N:1e308","N:1"]'),
      forged('DC:T:[{"a":1},"N:1"]'),
      forged('DC:T:["S:2025-01-01","S:x"]'),
      forged('DC:T:not json'),
      'not base64 at all!',
    ];
    for (const field of ['RELEASE_DATE', 'CONTEXT_WINDOW', 'INPUT_PRICE', 'NAME']) {
      for (const after of cursors) {
        const response = await app.gql(`query ($a: String, $f: ModelOrderField!) { models(after: $a, orderBy: { field: $f }) { edges { node { slug } } } }`, { a: after, f: field });
        expect(response.errors?.[0]?.extensions?.code, `${field} ${after}`).not.toBe('INTERNAL_SERVER_ERROR');
        if (response.errors) expect(response.errors[0]!.extensions?.code, `${field} ${after}`).toBe('BAD_USER_INPUT');
      }
    }
    // A forged cursor with a non-date sort value is refused outright.
    const response = await app.gql(`query ($a: String) { models(after: $a, orderBy: { field: RELEASE_DATE }) { edges { node { slug } } } }`, {
      a: forged('DC:T:["S:not-a-date","N:1"]'),
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('real cursors of every order page on', async () => {
    for (const field of ['RELEASE_DATE', 'NAME', 'CONTEXT_WINDOW', 'INPUT_PRICE', 'OUTPUT_PRICE', 'SCORE']) {
      const page = (after?: string) =>
        app.gql(`query ($a: String, $f: ModelOrderField!) { models(first: 1, after: $a, orderBy: { field: $f, benchmark: "open-bench" }) { edges { cursor node { slug } } } }`, { a: after, f: field });
      const first = await page();
      const second = await page(first.data!.models.edges[0].cursor);
      expect(second.errors, field).toBeUndefined();
      expect(second.data!.models.edges.map((edge: any) => edge.node.slug), field).toHaveLength(1);
      expect(second.data!.models.edges[0].node.slug).not.toBe(first.data!.models.edges[0].node.slug);
    }
  });

  it("forged cursors of a provider's models are refused as bad input", async () => {
    for (const after of [forged('DC:S:abc'), forged('DC:N:1e400'), forged('DC:T:["S:x","S:y"]'), forged('DC:N:99999999999')]) {
      const response = await app.gql(`query ($a: String) { provider(slug: "open-provider") { models(after: $a) { edges { node { slug } } } } }`, { a: after });
      expect(response.errors?.[0]?.extensions?.code, after).toBe('BAD_USER_INPUT');
    }
    const first = await app.gql(`{ provider(slug: "open-provider") { models(first: 1) { edges { cursor node { slug } } } } }`);
    const next = await app.gql(`query ($a: String) { provider(slug: "open-provider") { models(first: 1, after: $a) { edges { node { slug } } } } }`, {
      a: first.data!.provider.models.edges[0].cursor,
    });
    expect(next.errors).toBeUndefined();
    expect(next.data!.provider.models.edges).toHaveLength(1);
  });

  it('forged cursors of every other list are refused as bad input, never an internal error', async () => {
    const lists: [string, Record<string, string> | undefined][] = [
      ['sources(after: $a) { edges { node { url } } }', undefined],
      ['sources(after: $a, orderBy: { field: TITLE }) { edges { node { url } } }', undefined],
      ['users(after: $a) { edges { node { email } } }', admin.headers],
      ['auditEvents(after: $a) { edges { node { action } } }', admin.headers],
    ];
    for (const [list, headers] of lists) {
      for (const after of [forged('DC:S:abc'), forged('DC:N:1e400'), forged('DC:T:["N:1","S:x"]'), forged('DC:N:99999999999999')]) {
        const response = await app.gql(`query ($a: String) { ${list} }`, { a: after }, headers);
        expect(response.errors?.[0]?.extensions?.code, `${list} ${after}`).not.toBe('INTERNAL_SERVER_ERROR');
        expect(response.errors?.[0]?.extensions?.code ?? 'answered', `${list} ${after}`).toMatch(/BAD_USER_INPUT|answered/);
      }
    }
    const sources = await app.gql(`query ($a: String) { sources(after: $a) { edges { node { url } } } }`, { a: forged('DC:S:abc') });
    expect(sources.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('filter dates outside 1900..2200 are refused as bad input', async () => {
    for (const date of ['0000-01-01', '9999-12-31', '1899-12-31', '2201-01-01']) {
      for (const field of ['releasedAfter', 'releasedBefore']) {
        const response = await app.gql(`query ($d: Date) { models(filter: { ${field}: $d }) { edges { node { slug } } } }`, { d: date });
        expect(response.errors?.[0]?.extensions?.code, `${field} ${date}`).toBe('BAD_USER_INPUT');
      }
    }
    const literal = await app.gql(`{ models(filter: { releasedAfter: "-0001-01-01" }) { totalCount } }`);
    expect(literal.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    const fine = await app.gql(`{ models(filter: { releasedAfter: "1900-01-01", releasedBefore: "2200-12-31" }) { totalCount } }`);
    expect(fine.errors).toBeUndefined();
  });
});
