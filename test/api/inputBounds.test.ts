import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, smallCatalog, type Session } from '../helpers/editor.ts';

// Issue 10, low items: characters that hide or reorder text for the reviewers who read it, dates
// outside any sane range (PostgreSQL has no year 0; 9999-12-31 is a typo), and numbers at ±1e308 or
// -0. Each exact case must be refused with a typed field error (ValidationError naming the field),
// write nothing, and never end as INTERNAL_SERVER_ERROR. test/api/fuzz.test.ts generates the same
// classes among its bad inputs.

let app: TestApp;
let editor: Session;
const ids = {} as Record<'source' | 'model' | 'draftModel' | 'benchmark' | 'price', string>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = await smallCatalog(db);
    const editorId = await insertUser(db, 'editor@sourced.test', 'EDITOR');
    ids.source = globalId('Source', catalog.sourceId);
    ids.model = globalId('Model', catalog.modelId);
    ids.draftModel = globalId('Model', catalog.draftModelId);
    ids.benchmark = globalId('Benchmark', catalog.benchmarkId);
    const [price] = await db.raw.query<{ id: number }>(
      `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin, created_by)
       values ($1, 'INPUT', 1.1, '2025-01-01', $2, 'Pricing', '2025-01-01', 'DRAFT', 'EDITOR', $3) returning id`,
      [catalog.modelId, catalog.sourceId, editorId],
    );
    ids.price = globalId('Price', price!.id);
  });
  editor = await login(app, 'editor@sourced.test');
});
afterAll(() => app?.close());

const tables = ['providers', 'model_families', 'models', 'benchmarks', 'sources', 'scores', 'prices', 'model_facts', 'site_texts'];
async function fingerprint(): Promise<string> {
  const parts = tables.map((table) => `(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') from ${table} t)`);
  const [row] = await app.db.raw.query<{ digest: string }>(
    `select concat_ws(',', ${parts.join(', ')}, (select count(*)::text from audit_events where action <> 'LOGIN')) as digest`,
  );
  return row!.digest;
}

/** Posts a raw JSON body (so that -0 can be sent as such) and returns the status and parsed answer. */
async function post(body: string) {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...editor.headers },
    body,
  });
  const raw = await response.text();
  return { status: response.status, raw, json: JSON.parse(raw) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const answer = `{ __typename ... on ValidationError { fieldErrors { path message } } ... on Error { message } }`;
const create = (field: string, inputType: string) => `mutation($input: ${inputType}!) { ${field}(input: $input) ${answer} }`;
const update = (field: string, patchType: string) => `mutation($id: ID!, $v: Int!, $patch: ${patchType}!) { ${field}(id: $id, expectedVersion: $v, patch: $patch) ${answer} }`;

interface Case {
  label: string;
  field: string;
  query: string;
  variables: () => Record<string, unknown>;
  /** The field error's path, e.g. "citation.locator" (an update's patch fields are named without "patch."). */
  path: RegExp;
  message: RegExp;
}

/** Sends the case and expects a ValidationError naming the field, and no change in the database. */
async function expectRefused(c: Case) {
  const before = await fingerprint();
  const response = await post(JSON.stringify({ query: c.query, variables: c.variables() }));
  expect(response.status, `${c.label}: ${response.raw}`).toBe(200);
  expect(response.json.errors, `${c.label}: ${response.raw}`).toBeUndefined();
  const payload = response.json.data?.[c.field];
  expect(payload?.__typename, `${c.label}: ${response.raw}`).toBe('ValidationError');
  expect(payload.fieldErrors.some((e: { path: string; message: string }) => c.path.test(e.path) && c.message.test(e.message)), `${c.label}: ${response.raw}`).toBe(true);
  expect(await fingerprint(), `${c.label} wrote something`).toBe(before);
}

const score = (input: Record<string, unknown>) => ({
  input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 70, citation: { sourceId: ids.source, locator: 'Table 1' }, ...input },
});
const source = (input: Record<string, unknown>) => ({
  input: { url: 'https://example.test/new-page', title: 'A page', publisher: 'Example', kind: 'PAPER', retrievedAt: '2025-01-01', ...input },
});
const price = (input: Record<string, unknown>) => ({
  input: { model: 'o4-mini', kind: 'OUTPUT', usdPerMillionTokens: 4.4, effectiveFrom: '2025-04-16', citation: { sourceId: ids.source, locator: 'Pricing' }, ...input },
});
const fact = (input: Record<string, unknown>) => ({
  input: { model: 'o4-mini', fact: 'RELEASE_DATE', value: '2025-04-16', citation: { sourceId: ids.source, locator: 'Release notes' }, ...input },
});
const benchmark = (input: Record<string, unknown>) => ({ input: { slug: 'new-bench', name: 'New bench', ...input } });

const hiddenCharacters: [string, string][] = [
  ['U+202A LRE', '\u202a'],
  ['U+202B RLE', '\u202b'],
  ['U+202C PDF', '\u202c'],
  ['U+202D LRO', '\u202d'],
  ['U+202E RLO', '\u202e'],
  ['U+2066 LRI', '\u2066'],
  ['U+2067 RLI', '\u2067'],
  ['U+2068 FSI', '\u2068'],
  ['U+2069 PDI', '\u2069'],
  ['U+200B ZWSP', '\u200b'],
  ['U+200C ZWNJ', '\u200c'],
  ['U+200D ZWJ', '\u200d'],
  ['U+200E LRM', '\u200e'],
  ['U+200F RLM', '\u200f'],
  ['U+FEFF BOM', '\ufeff'],
  ['U+2028 LS', '\u2028'],
  ['U+2029 PS', '\u2029'],
  // Found by the attack on issue 12's server: characters that render as nothing (or a blank) too.
  ['U+E0041 TAG LATIN CAPITAL A', '\u{e0041}'],
  ['U+E007F CANCEL TAG', '\u{e007f}'],
  ['U+FFF9 INTERLINEAR ANNOTATION ANCHOR', '\ufff9'],
  ['U+FFFB INTERLINEAR ANNOTATION TERMINATOR', '\ufffb'],
  ['U+3164 HANGUL FILLER', '\u3164'],
  ['U+115F HANGUL CHOSEONG FILLER', '\u115f'],
  ['U+FFA0 HALFWIDTH HANGUL FILLER', '\uffa0'],
  ['U+2800 BRAILLE PATTERN BLANK', '\u2800'],
  ['U+180B MONGOLIAN FREE VARIATION SELECTOR ONE', '\u180b'],
  ['U+17B4 KHMER VOWEL INHERENT AQ', '\u17b4'],
];
const hidden = /invisible characters/;

describe('bidi-override, zero-width and separator characters are refused like control characters', () => {
  it('in a score\'s setting and citation locator, a source\'s title, publisher and URL, a model\'s name and tagline, a benchmark\'s name, a note', async () => {
    for (const [name, c] of hiddenCharacters) {
      const cases: Case[] = [
        { label: `setting ${name}`, field: 'createScore', query: create('createScore', 'CreateScoreInput'), variables: () => score({ setting: `pass@1${c}, no tools` }), path: /^setting$/, message: hidden },
        { label: `locator ${name}`, field: 'createScore', query: create('createScore', 'CreateScoreInput'), variables: () => score({ citation: { sourceId: ids.source, locator: `Table${c} 1` } }), path: /^citation\.locator$/, message: hidden },
        { label: `note ${name}`, field: 'createScore', query: create('createScore', 'CreateScoreInput'), variables: () => score({ note: `see ${c}appendix` }), path: /^note$/, message: hidden },
        { label: `source title ${name}`, field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ title: `System card${c} (final)` }), path: /^title$/, message: hidden },
        { label: `source publisher ${name}`, field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ publisher: `Open${c}AI` }), path: /^publisher$/, message: hidden },
        { label: `source url ${name}`, field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ url: `https://example.test/a${c}b` }), path: /^url$/, message: /./ },
        { label: `model name ${name}`, field: 'createModel', query: create('createModel', 'CreateModelInput'), variables: () => ({ input: { slug: 'hidden-name', name: `Model${c} X`, provider: 'openai' } }), path: /^name$/, message: hidden },
        { label: `model tagline ${name}`, field: 'updateModel', query: update('updateModel', 'UpdateModelInput'), variables: () => ({ id: ids.draftModel, v: 1, patch: { tagline: `Fast${c} and small` } }), path: /(^|\.)tagline$/, message: hidden },
        { label: `benchmark name ${name}`, field: 'createBenchmark', query: create('createBenchmark', 'CreateBenchmarkInput'), variables: () => benchmark({ name: `Bench${c}mark` }), path: /^name$/, message: hidden },
      ];
      for (const c of cases) await expectRefused(c);
    }
    // A source's retirement reason (shown to reviewers and readers) follows the same rule.
    for (const [name, c] of hiddenCharacters) {
      const before = await fingerprint();
      const response = await post(
        JSON.stringify({
          query: `mutation($id: ID!, $v: Int!, $reason: String!) { retireSource(id: $id, expectedVersion: $v, reason: $reason) ${answer} }`,
          variables: { id: ids.source, v: 1, reason: `moved${c} elsewhere` },
        }),
      );
      expect(response.json.data?.retireSource, `retirement reason ${name}: ${response.raw}`).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ message: expect.stringMatching(hidden) }] });
      expect(await fingerprint()).toBe(before);
    }
  });

  it('ordinary non-Latin text, emoji and line breaks in long text are still accepted', async () => {
    const response = await post(
      JSON.stringify({
        query: create('createSource', 'CreateSourceInput'),
        variables: source({ url: 'https://example.test/unicode', title: 'Résumé — 字 😀 مرحبا עברית', publisher: 'Ünïcödé' }),
      }),
    );
    expect(response.json.data?.createSource.__typename, response.raw).toBe('CreateSourceSuccess');
  });
});

describe('dates outside 1900–2200 (and release dates in the future) get a field error', () => {
  it('model facts, prices, sources and citations', async () => {
    const year = /year from 1900 to 2200/;
    const cases: Case[] = [
      { label: 'RELEASE_DATE 0000-01', field: 'createModelFact', query: create('createModelFact', 'CreateModelFactInput'), variables: () => fact({ value: '0000-01' }), path: /^value$/, message: year },
      { label: 'RELEASE_DATE 0000-01-01', field: 'createModelFact', query: create('createModelFact', 'CreateModelFactInput'), variables: () => fact({ value: '0000-01-01' }), path: /^value$/, message: year },
      { label: 'RELEASE_DATE 1899-12', field: 'createModelFact', query: create('createModelFact', 'CreateModelFactInput'), variables: () => fact({ value: '1899-12' }), path: /^value$/, message: year },
      { label: 'KNOWLEDGE_CUTOFF 0000-12', field: 'createModelFact', query: create('createModelFact', 'CreateModelFactInput'), variables: () => fact({ fact: 'KNOWLEDGE_CUTOFF', value: '0000-12' }), path: /^value$/, message: year },
      { label: 'RELEASE_DATE next year', field: 'createModelFact', query: create('createModelFact', 'CreateModelFactInput'), variables: () => fact({ value: `${new Date().getUTCFullYear() + 1}-01` }), path: /^value$/, message: /future/ },
      { label: 'price effectiveFrom 9999-12-31', field: 'createPrice', query: create('createPrice', 'CreatePriceInput'), variables: () => price({ effectiveFrom: '9999-12-31' }), path: /^effectiveFrom$/, message: year },
      { label: 'price effectiveFrom 2201-01-01', field: 'createPrice', query: create('createPrice', 'CreatePriceInput'), variables: () => price({ effectiveFrom: '2201-01-01' }), path: /^effectiveFrom$/, message: year },
      { label: 'price effectiveFrom 0000-01-01', field: 'createPrice', query: create('createPrice', 'CreatePriceInput'), variables: () => price({ effectiveFrom: '0000-01-01' }), path: /^effectiveFrom$/, message: year },
      { label: 'price effectiveFrom 1899-12-31', field: 'createPrice', query: create('createPrice', 'CreatePriceInput'), variables: () => price({ effectiveFrom: '1899-12-31' }), path: /^effectiveFrom$/, message: year },
      { label: 'updatePrice effectiveFrom 9999-12-31', field: 'updatePrice', query: update('updatePrice', 'UpdatePriceInput'), variables: () => ({ id: ids.price, v: 1, patch: { effectiveFrom: '9999-12-31' } }), path: /(^|\.)effectiveFrom$/, message: year },
      { label: 'source retrievedAt 0000-01-01', field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ retrievedAt: '0000-01-01' }), path: /^retrievedAt$/, message: year },
      { label: 'source publishedAt 1000-01-01', field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ publishedAt: '1000-01-01' }), path: /^publishedAt$/, message: year },
      { label: 'citation retrievedAt 0001-01-01', field: 'createScore', query: create('createScore', 'CreateScoreInput'), variables: () => score({ citation: { sourceId: ids.source, locator: 'Table 1', retrievedAt: '0001-01-01' } }), path: /^citation\.retrievedAt$/, message: year },
    ];
    for (const c of cases) await expectRefused(c);
  });
});

describe('numbers are bounded: ±1e308 scales get a field error, -0 is stored as 0', () => {
  it('benchmark scales of ±1e308 (create and update) and a score of 1e308', async () => {
    const bound = /from -1000000000000 to 1000000000000/;
    const cases: Case[] = [
      { label: 'scaleMin -1e308, scaleMax 1e308', field: 'createBenchmark', query: create('createBenchmark', 'CreateBenchmarkInput'), variables: () => benchmark({ scaleMin: -1e308, scaleMax: 1e308 }), path: /^scale(Min|Max)$/, message: bound },
      { label: 'scaleMax 1e308', field: 'createBenchmark', query: create('createBenchmark', 'CreateBenchmarkInput'), variables: () => benchmark({ scaleMax: 1e308 }), path: /^scaleMax$/, message: bound },
      { label: 'scaleMin -1.7976931348623157e308', field: 'createBenchmark', query: create('createBenchmark', 'CreateBenchmarkInput'), variables: () => benchmark({ scaleMin: -Number.MAX_VALUE }), path: /^scaleMin$/, message: bound },
      { label: 'updateBenchmark scaleMax 1e308', field: 'updateBenchmark', query: update('updateBenchmark', 'UpdateBenchmarkInput'), variables: () => ({ id: ids.benchmark, v: 1, patch: { scaleMax: 1e308 } }), path: /(^|\.)scaleMax$/, message: bound },
      { label: 'score 1e308', field: 'createScore', query: create('createScore', 'CreateScoreInput'), variables: () => score({ value: 1e308 }), path: /^value$/, message: /./ },
    ];
    for (const c of cases) await expectRefused(c);
    // Both bad scales are named, not only the first.
    const both = await post(JSON.stringify({ query: create('createBenchmark', 'CreateBenchmarkInput'), variables: benchmark({ scaleMin: -1e308, scaleMax: 1e308 }) }));
    expect(both.json.data?.createBenchmark.fieldErrors.map((e: { path: string }) => e.path).sort(), both.raw).toEqual(['scaleMax', 'scaleMin']);
  });

  it('a price with more than 6 decimals is refused, not rounded (the catalog keeps millionths of a dollar)', async () => {
    const decimals = /6 decimal places/;
    await expectRefused({ label: 'price 0.1234567', field: 'createPrice', query: create('createPrice', 'CreatePriceInput'), variables: () => price({ usdPerMillionTokens: 0.1234567 }), path: /^usdPerMillionTokens$/, message: decimals });
    await expectRefused({ label: 'updatePrice 1.0000001', field: 'updatePrice', query: update('updatePrice', 'UpdatePriceInput'), variables: () => ({ id: ids.price, v: 1, patch: { usdPerMillionTokens: 1.0000001 } }), path: /(^|\.)usdPerMillionTokens$/, message: decimals });
  });

  it('a score of -0 is stored as 0 (no "-0" shown to readers)', async () => {
    const body = JSON.stringify({ query: create('createScore', 'CreateScoreInput'), variables: score({ value: 0, setting: 'negative zero' }) }).replace('"value":0', '"value":-0');
    expect(body).toContain('"value":-0');
    const response = await post(body);
    expect(response.json.data?.createScore.__typename, response.raw).toBe('CreateScoreSuccess');
    const [row] = await app.db.raw.query<{ value: string }>(`select value::text as value from scores where setting = 'negative zero'`);
    expect(row?.value).toBe('0');
  });
});

describe('catalog URLs must name a public host (the link check would open them)', () => {
  const publicAddress = /Use a public web address/;
  const badUrls = [
    'http://127.0.0.1/page',
    'http://0x7f000001/page',
    'http://2130706433/page',
    'http://localhost./page',
    'http://user:pass@example.test/page',
    'http://[::1]/page',
    'http://[::ffff:127.0.0.1]/page',
    'http://0.0.0.0/page',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.1.2.3/page',
    'http://[fc00::1]/page',
    'http://[fe80::1]/page',
    'http://100.64.0.1/page',
    'http://224.0.0.1/page',
    'http://metadata.google.internal/computeMetadata/v1/',
  ];

  it('createSource and updateSource refuse them with a field error on url (and archivedUrl); a provider\'s apiBaseUrl too', async () => {
    for (const url of badUrls) {
      await expectRefused({ label: `createSource ${url}`, field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ url }), path: /^url$/, message: publicAddress });
      await expectRefused({ label: `archivedUrl ${url}`, field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ archivedUrl: url }), path: /^archivedUrl$/, message: publicAddress });
      await expectRefused({ label: `updateSource ${url}`, field: 'updateSource', query: update('updateSource', 'UpdateSourceInput'), variables: () => ({ id: ids.source, v: 1, patch: { url } }), path: /(^|\.)url$/, message: publicAddress });
      await expectRefused({ label: `apiBaseUrl ${url}`, field: 'createProvider', query: create('createProvider', 'CreateProviderInput'), variables: () => ({ input: { slug: 'evil', name: 'Evil', apiBaseUrl: url } }), path: /^apiBaseUrl$/, message: publicAddress });
    }
  });

  it('a host listed in SOURCE_FETCH_ALLOW_HOSTS may be saved (tests, intranets)', async () => {
    process.env.SOURCE_FETCH_ALLOW_HOSTS = '127.0.0.1:4999';
    try {
      const allowed = await post(JSON.stringify({ query: create('createSource', 'CreateSourceInput'), variables: source({ url: 'http://127.0.0.1:4999/allowed' }) }));
      expect(allowed.json.data?.createSource.__typename, allowed.raw).toBe('CreateSourceSuccess');
      await expectRefused({ label: 'other port', field: 'createSource', query: create('createSource', 'CreateSourceInput'), variables: () => source({ url: 'http://127.0.0.1:5000/not-allowed' }), path: /^url$/, message: publicAddress });
    } finally {
      delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
    }
  });
});
