import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, smallCatalog, type Session } from '../helpers/editor.ts';

// Property-based: generated bad inputs to the editor's create and update mutations (scores, prices,
// sources, model facts, models). Every input here breaks at least one rule, so every answer must be a
// typed refusal (ValidationError with field errors, NotFoundError, ConflictError), or a request error
// from GraphQL's own input typing, and must write nothing. Never an unexpected error, never a 5xx.
const runsPerMutation = 110;

let app: TestApp;
let editor: Session;
let ids: Awaited<ReturnType<typeof smallCatalog>>;
const target = {} as Record<'score' | 'price' | 'fact' | 'source' | 'otherSourceUrl' | 'model' | 'validSource', string>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    const editorId = await insertUser(db, 'editor@sourced.test', 'EDITOR');
    const otherSource = await ids.catalog.source('https://example.test/other-source');
    const q = async (text: string, params: unknown[]) => (await db.raw.query<{ id: number }>(text, params))[0]!.id;
    const claim = `source_id, locator, retrieved_at, status, origin, created_by) values`;
    target.score = globalId(
      'Score',
      await q(`insert into scores (model_id, benchmark_id, value, setting, ${claim} ($1, $2, 50, 'fuzz target', $3, 'Table 1', '2025-01-01', 'DRAFT', 'EDITOR', $4) returning id`, [
        ids.modelId,
        ids.benchmarkId,
        ids.sourceId,
        editorId,
      ]),
    );
    target.price = globalId(
      'Price',
      await q(`insert into prices (model_id, kind, usd_per_million_tokens, effective_from, ${claim} ($1, 'INPUT', 1.1, '2025-01-01', $2, 'Pricing', '2025-01-01', 'DRAFT', 'EDITOR', $3) returning id`, [
        ids.modelId,
        ids.sourceId,
        editorId,
      ]),
    );
    target.fact = globalId(
      'ModelFact',
      await q(`insert into model_facts (model_id, fact, value, ${claim} ($1, 'CONTEXT_WINDOW', '200000', $2, 'Specs', '2025-01-01', 'DRAFT', 'EDITOR', $3) returning id`, [
        ids.modelId,
        ids.sourceId,
        editorId,
      ]),
    );
    target.source = globalId('Source', otherSource);
    target.otherSourceUrl = 'https://openai.com/index/o3-o4-mini-system-card';
    target.validSource = globalId('Source', ids.sourceId);
    target.model = globalId('Model', ids.modelId);
  });
  editor = await login(app, 'editor@sourced.test');
  tables = ['providers', 'model_families', 'models', 'benchmarks', 'sources', 'scores', 'prices', 'model_facts', 'users', 'site_texts', 'audit_events'];
  lastFingerprint = await fingerprint();
});
afterAll(() => app?.close());

let tables: string[] = [];
let lastFingerprint = '';
async function fingerprint(): Promise<string> {
  const parts = tables.map((table) => `(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') from ${table} t)`);
  const [row] = await app.db.raw.query<{ digest: string }>(`select concat_ws(',', ${parts.join(', ')}) as digest`);
  return row!.digest;
}

// ---------------------------------------------------------------------------------------------
// Generators of bad values.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const futureDay = fc.integer({ min: 2, max: 365 * 50 }).map(day);
const notADay = fc.constantFrom('2025-02-30', '2025-13-01', '2025-00-10', '2025-1-1', 'yesterday', '01/02/2025', '', ' ', '2025-04-16T00:00:00Z', '+002025-01-01', '0000-01-01', '1899-12-31', '9999-12-31', '2201-01-01');
const blank = fc.constantFrom('', ' ', '   ', '\t', '\n', ' \n\t ');
// C0 controls, and the bidi-override, zero-width and separator characters that hide text from reviewers.
const controlChar = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u000b', '\u202e', '\u202a', '\u2066', '\u2069', '\u200b', '\u200d', '\u200f', '\ufeff', '\u2028', '\u2029', '\u0085');
// Inside the text (String.prototype.trim would remove a vertical tab or form feed at either end).
const withControl = fc.tuple(fc.string({ maxLength: 30 }), controlChar, fc.string({ maxLength: 30 })).map(([a, c, b]) => `${a}x${c}x${b}`);
/** Longer than `max` characters (code points, as the API counts them), up to 20k; all sorts of characters. */
const codePoints = (value: string) => [...value].length;
const tooLong = (max: number) =>
  fc
    .tuple(fc.integer({ min: max + 1, max: Math.max(max + 1, Math.min(20_000, max * 30)) }), fc.constantFrom('x', 'é', '字', '😀', 'a b', '<script>', "'; drop table scores; --"))
    .map(([length, unit]) => [...unit.repeat(Math.ceil(length / codePoints(unit)))].slice(0, length).join(''))
    .filter((value) => codePoints(value.trim()) > max);
const unknownSlug = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}$/).map((slug) => `unknown-${slug}`);
const badSlugText = fc.oneof(unknownSlug, blank, tooLong(100), withControl, fc.constantFrom('O4-MINI', 'o4 mini', ' gpqa diamond', '../o4-mini', '%', 'o4-mini\u0000'));
const nanLike = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '', ' ', 'null', 'undefined', '0x10', '1,5', '١٢', '12abc');
/** Global IDs that name no record of the wanted type. */
const badId = (type: string) =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    blank,
    tooLong(200),
    fc.constantFrom(
      globalId(type, 999_999),
      globalId(type, 0),
      globalId(type, -1),
      globalId(type, 99_999_999_999),
      globalId(type, 2_147_483_648),
      globalId(type, 1.5),
      globalId(type, 'abc'),
      globalId(type, ''),
      globalId(type, '1; drop table scores'),
      globalId('Benchmark', 1),
      globalId('User', 1),
      globalId('AuditEvent', 1),
      globalId('Nope', 1),
      Buffer.from(type).toString('base64'),
      '!!!not base64!!!',
    ),
    fc.integer({ min: 1_000, max: 2_000_000_000 }).map((id) => globalId(type, id)),
  );
const staleVersion = fc.integer({ min: 2, max: 1_000_000 });
const badVersion = fc.oneof(fc.integer({ min: -1_000_000, max: 0 }), staleVersion);

type Input = Record<string, any>;
/** A change that makes an input invalid, with a label for the tallies. */
type Corruption = [label: string, apply: (input: Input) => void];
const corrupt = <T>(label: string, values: fc.Arbitrary<T>, apply: (input: Input, value: T) => void): fc.Arbitrary<Corruption> =>
  values.map((value) => [label, (input: Input) => apply(input, value)] as Corruption);

/** Bad citations: missing, blank or missing locator, wrong source ids, future retrieval dates… */
const badCitation = (required: boolean): fc.Arbitrary<Corruption> => {
  const set = (input: Input, citation: unknown) => {
    input.citation = citation;
  };
  const valid = () => ({ sourceId: target.validSource, locator: 'Table 1' });
  const options = [
    corrupt('citation.locator missing', fc.constant(null), (input) => set(input, { sourceId: target.validSource })),
    corrupt('citation.locator blank', blank, (input, locator) => set(input, { ...valid(), locator })),
    corrupt('citation.locator null', fc.constant(null), (input) => set(input, { ...valid(), locator: null })),
    corrupt('citation.locator too long', tooLong(500), (input, locator) => set(input, { ...valid(), locator })),
    corrupt('citation.locator control characters', withControl, (input, locator) => set(input, { ...valid(), locator })),
    corrupt('citation.sourceId missing', fc.constant(null), (input) => set(input, { locator: 'Table 1' })),
    corrupt('citation.sourceId wrong', badId('Source'), (input, sourceId) => set(input, { ...valid(), sourceId })),
    corrupt('citation.sourceId of a model', fc.constant(null), (input) => set(input, { ...valid(), sourceId: target.model })),
    corrupt('citation.retrievedAt future', futureDay, (input, retrievedAt) => set(input, { ...valid(), retrievedAt })),
    corrupt('citation.retrievedAt not a date', notADay, (input, retrievedAt) => set(input, { ...valid(), retrievedAt })),
  ];
  if (required) {
    options.push(
      corrupt('citation missing', fc.constant(null), (input) => delete input.citation),
      corrupt('citation null', fc.constant(null), (input) => set(input, null)),
      corrupt('citation empty', fc.constant(null), (input) => set(input, {})),
    );
  }
  return fc.oneof(...options);
};
const badNote = fc.oneof(
  corrupt('note too long', tooLong(2000), (input, note) => (input.note = note)),
  corrupt('note blank', blank, (input, note) => (input.note = note)),
  corrupt('note control characters', withControl, (input, note) => (input.note = note)),
);
const outsideScale = fc.oneof(
  fc.double({ min: -1e300, max: -1e-9, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 100.000001, max: 1e300, noNaN: true, noDefaultInfinity: true }),
);
const negative = fc.double({ min: -1e12, max: -1e-9, noNaN: true, noDefaultInfinity: true });

// Values GraphQL's own typing refuses before any resolver runs (NaN-like strings for numbers,
// non-finite numbers, unknown enum values, wrong types).
const typeLevel = (field: string, values: fc.Arbitrary<unknown>) => corrupt(`${field} mistyped`, values, (input, value) => (input[field] = value));
const INFINITY = '__INFINITY__';
const badFloat = fc.oneof(nanLike, fc.constantFrom(INFINITY, true, [], {}));

// ---------------------------------------------------------------------------------------------
// The mutations, their valid base inputs and what may break them.

interface Target {
  name: string;
  field: string;
  /** Variables for a valid call; the corruptions break them. */
  base: () => Input;
  corruptions: fc.Arbitrary<Corruption>;
  text: string;
}

const answer = `{ __typename ... on ValidationError { fieldErrors { path message } } ... on Error { message } }`;
const updateAnswer = `{ __typename ... on ValidationError { fieldErrors { path message } } ... on ConflictError { currentVersion } ... on Error { message } }`;
const createText = (field: string, inputType: string) => `mutation($input: ${inputType}!) { ${field}(input: $input) ${answer} }`;
const updateText = (field: string, patchType: string) =>
  `mutation($id: ID!, $v: Int!, $patch: ${patchType}!) { ${field}(id: $id, expectedVersion: $v, patch: $patch) ${updateAnswer} }`;
/** Corruptions of an update's id and version (the patch stays valid). */
const idAndVersion = (type: string): fc.Arbitrary<Corruption>[] => [
  corrupt('id wrong', badId(type), (vars, id) => (vars.id = id)),
  corrupt('expectedVersion stale or invalid', badVersion, (vars, v) => (vars.v = v)),
];
const inInput = (arbitrary: fc.Arbitrary<Corruption>): fc.Arbitrary<Corruption> =>
  arbitrary.map(([label, apply]) => [label, (vars: Input) => apply(vars.input)] as Corruption);
const inPatch = (arbitrary: fc.Arbitrary<Corruption>): fc.Arbitrary<Corruption> =>
  arbitrary.map(([label, apply]) => [`patch.${label}`, (vars: Input) => apply(vars.patch)] as Corruption);
const field = (name: string, values: fc.Arbitrary<unknown>, label = name) => corrupt(label, values, (input, value) => (input[name] = value));

const futureMonth = fc.integer({ min: 1, max: 600 }).map((months) => {
  const date = new Date();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 7);
});
const badTokenCount = fc.oneof(
  nanLike,
  blank,
  fc.constantFrom('0', '-1', '007', '1e6', '12.5', '2147483648', '99999999999', '1 000', '+5', '0x1F', '200000tokens'),
  fc.integer({ min: -2_000_000_000, max: 0 }).map(String),
  tooLong(20),
);
const badDateFact = fc.oneof(
  futureDay,
  futureMonth,
  fc.constantFrom('2025-02-30', '2025-13', '2025', '2025/01/01', 'yesterday', '2025-04-31', '0000-00', '', ' ', '0000-01', '0000-01-01', '1899-12', '0001-12-31'),
  tooLong(20),
);
const badFact = fc.oneof(
  fc.tuple(fc.constantFrom('CONTEXT_WINDOW', 'MAX_OUTPUT_TOKENS'), badTokenCount),
  fc.tuple(fc.constantFrom('RELEASE_DATE', 'KNOWLEDGE_CUTOFF'), badDateFact),
);

const targets: Target[] = [
  {
    name: 'createScore',
    field: 'createScore',
    text: createText('createScore', 'CreateScoreInput'),
    base: () => ({ input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 81.4, setting: 'pass@1', citation: { sourceId: target.validSource, locator: 'Table 1' } } }),
    corruptions: inInput(
      fc.oneof(
        { arbitrary: badCitation(true), weight: 4 },
        field('value', outsideScale, 'value outside the scale'),
        field('model', badSlugText, 'model unknown'),
        field('benchmark', badSlugText, 'benchmark unknown'),
        field('setting', tooLong(200), 'setting too long'),
        badNote,
        typeLevel('value', badFloat),
      ),
    ),
  },
  {
    name: 'updateScore',
    field: 'updateScore',
    text: updateText('updateScore', 'UpdateScoreInput'),
    base: () => ({ id: target.score, v: 1, patch: { value: 60 } }),
    corruptions: fc.oneof(
      ...idAndVersion('Score'),
      inPatch(fc.oneof(badCitation(false), field('value', outsideScale, 'value outside the scale'), field('setting', tooLong(200), 'setting too long'), badNote, typeLevel('value', badFloat))),
    ),
  },
  {
    name: 'createPrice',
    field: 'createPrice',
    text: createText('createPrice', 'CreatePriceInput'),
    base: () => ({ input: { model: 'o4-mini', kind: 'OUTPUT', usdPerMillionTokens: 4.4, effectiveFrom: '2025-04-16', citation: { sourceId: target.validSource, locator: 'Pricing table' } } }),
    corruptions: inInput(
      fc.oneof(
        { arbitrary: badCitation(true), weight: 4 },
        field('usdPerMillionTokens', negative, 'price negative'),
        field('usdPerMillionTokens', fc.double({ min: 1e7 + 1, max: 1e300, noNaN: true, noDefaultInfinity: true }), 'price too large'),
        field('tierMinTokens', fc.oneof(fc.integer({ min: -2_147_483_648, max: -1 }), fc.integer({ min: 1e9 + 1, max: 2_147_483_647 })), 'tier out of range'),
        field('effectiveFrom', notADay, 'effectiveFrom not a date'),
        field('model', badSlugText, 'model unknown'),
        badNote,
        typeLevel('usdPerMillionTokens', badFloat),
        typeLevel('kind', fc.constantFrom('FREE', 'input', '', 'INPUT '))
      ),
    ),
  },
  {
    name: 'updatePrice',
    field: 'updatePrice',
    text: updateText('updatePrice', 'UpdatePriceInput'),
    base: () => ({ id: target.price, v: 1, patch: { usdPerMillionTokens: 2.2 } }),
    corruptions: fc.oneof(
      ...idAndVersion('Price'),
      inPatch(
        fc.oneof(
          badCitation(false),
          field('usdPerMillionTokens', negative, 'price negative'),
          field('tierMinTokens', fc.integer({ min: -2_147_483_648, max: -1 }), 'tier negative'),
          field('effectiveFrom', notADay, 'effectiveFrom not a date'),
          badNote,
          typeLevel('usdPerMillionTokens', badFloat),
        ),
      ),
    ),
  },
  {
    name: 'createSource',
    field: 'createSource',
    text: createText('createSource', 'CreateSourceInput'),
    base: () => ({ input: { url: 'https://example.test/a-new-page', title: 'A page', publisher: 'Example', kind: 'PAPER', retrievedAt: '2025-01-01' } }),
    corruptions: inInput(
      fc.oneof(
        { arbitrary: field('url', badUrl(), 'url bad'), weight: 3 },
        field('url', fc.constantFrom('https://openai.com/index/o3-o4-mini-system-card', ' https://openai.com/index/o3-o4-mini-system-card '), 'url already a source'),
        field('title', fc.oneof(blank, tooLong(500), withControl), 'title bad'),
        field('publisher', fc.oneof(blank, tooLong(200), withControl), 'publisher bad'),
        field('retrievedAt', fc.oneof(futureDay, notADay), 'retrievedAt future or not a date'),
        field('publishedAt', futureDay, 'publishedAt future'),
        field('archivedUrl', badUrl(), 'archivedUrl bad'),
        typeLevel('kind', fc.constantFrom('BLOG', 'paper', '', null)),
      ),
    ),
  },
  {
    name: 'updateSource',
    field: 'updateSource',
    text: updateText('updateSource', 'UpdateSourceInput'),
    base: () => ({ id: target.source, v: 1, patch: { title: 'A better title' } }),
    corruptions: fc.oneof(
      ...idAndVersion('Source'),
      inPatch(
        fc.oneof(
          field('url', badUrl(), 'url bad'),
          field('url', fc.constant('https://openai.com/index/o3-o4-mini-system-card'), 'url of another source'),
          field('title', fc.oneof(blank, tooLong(500), withControl), 'title bad'),
          field('publisher', fc.oneof(blank, tooLong(200)), 'publisher bad'),
          field('retrievedAt', futureDay, 'retrievedAt future'),
          field('archivedUrl', badUrl(), 'archivedUrl bad'),
        ),
      ),
    ),
  },
  {
    name: 'createModelFact',
    field: 'createModelFact',
    text: createText('createModelFact', 'CreateModelFactInput'),
    base: () => ({ input: { model: 'o4-mini', fact: 'RELEASE_DATE', value: '2025-04-16', citation: { sourceId: target.validSource, locator: 'Release notes' } } }),
    corruptions: inInput(
      fc.oneof(
        { arbitrary: corrupt('value wrong for the fact', badFact, (input, [fact, value]) => Object.assign(input, { fact, value })), weight: 3 },
        { arbitrary: badCitation(true), weight: 3 },
        field('model', badSlugText, 'model unknown'),
        badNote,
        typeLevel('fact', fc.constantFrom('PARAMETERS', 'release_date', '')),
      ),
    ),
  },
  {
    name: 'updateModelFact',
    field: 'updateModelFact',
    text: updateText('updateModelFact', 'UpdateModelFactInput'),
    base: () => ({ id: target.fact, v: 1, patch: { value: '128000' } }),
    corruptions: fc.oneof(...idAndVersion('ModelFact'), inPatch(fc.oneof(field('value', badTokenCount, 'value not a token count'), badCitation(false), badNote))),
  },
  {
    name: 'createModel (with cited facts)',
    field: 'createModel',
    text: createText('createModel', 'CreateModelInput'),
    base: () => ({
      input: {
        slug: 'fuzz-new-model',
        name: 'Fuzz model',
        provider: 'openai',
        facts: [{ fact: 'CONTEXT_WINDOW', value: '128000', citation: { sourceId: target.validSource, locator: 'Specs' } }],
      },
    }),
    corruptions: inInput(
      fc.oneof(
        { arbitrary: corrupt('a fact with a bad value', badFact, (input, [fact, value]) => input.facts.push({ fact, value, citation: { sourceId: target.validSource, locator: 'Specs' } })), weight: 2 },
        { arbitrary: badCitation(true).map(([label, apply]) => [`a fact's ${label}`, (input: Input) => apply(input.facts[0])] as Corruption), weight: 3 },
        field('slug', fc.oneof(blank, tooLong(100), fc.constantFrom('Fuzz', 'fuzz model', '-fuzz', '.fuzz', 'o4-mini', 'secret-model', 'fuzz/1', 'fuzz\u0000')), 'slug bad or taken'),
        field('name', fc.oneof(blank, tooLong(200), withControl), 'name bad'),
        field('provider', badSlugText, 'provider unknown'),
        field('family', unknownSlug, 'family unknown'),
        field('tagline', tooLong(300), 'tagline too long'),
        field('strengths', fc.array(fc.constant('Fast'), { minLength: 21, maxLength: 40 }), 'too many strengths'),
        field('familyPosition', fc.integer({ min: -1_000_000, max: -1 }), 'familyPosition negative'),
        corrupt('too many facts', fc.integer({ min: 21, max: 30 }), (input, n) => {
          input.facts = Array.from({ length: n }, () => ({ fact: 'CONTEXT_WINDOW', value: '1000', citation: { sourceId: target.validSource, locator: 'Specs' } }));
        }),
      ),
    ),
  },
  {
    name: 'updateModel',
    field: 'updateModel',
    text: updateText('updateModel', 'UpdateModelInput'),
    base: () => ({ id: target.model, v: 1, patch: { tagline: 'Small and fast' } }),
    corruptions: fc.oneof(
      ...idAndVersion('Model'),
      inPatch(
        fc.oneof(
          field('slug', fc.oneof(blank, fc.constantFrom('Has Space', 'UPPER', '-x', 'secret-model')), 'slug bad or taken'),
          field('name', fc.oneof(blank, tooLong(200)), 'name bad'),
          field('provider', badSlugText, 'provider unknown'),
          field('family', unknownSlug, 'family unknown'),
          field('about', tooLong(20_000), 'about too long'),
          field('apiModelId', withControl, 'apiModelId control characters'),
        ),
      ),
    ),
  },
];

function badUrl() {
  return fc.oneof(
    fc.constantFrom(
      'ftp://example.test/file',
      'not a url',
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'http://',
      'https://',
      'https:// example.test/page',
      'https://exa mple.test/',
      'mailto:someone@example.test',
      '//example.test/page',
      'example.test/page',
      'file:///etc/passwd',
      '',
      ' ',
      // Hosts a public catalog never links to (and the link check must never open).
      'http://127.0.0.1/',
      'http://0x7f000001/',
      'http://localhost./page',
      'http://user:pass@example.test/page',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://100.64.0.1/',
      'http://224.0.0.1/',
      'http://intranet/page',
      'https://example.test/\u202epage',
    ),
    fc.webPath().map((path) => `ftp://example.test${path}`),
    fc.integer({ min: 2001, max: 50_000 }).map((length) => `https://example.test/${'a'.repeat(length)}`),
    fc.string({ maxLength: 30 }).filter((value) => !/^https?:\/\/\S/.test(value.trim())),
  );
}

// ---------------------------------------------------------------------------------------------

type Outcome =
  | 'success'
  | 'ValidationError'
  | 'ValidationError without a field'
  | 'DuplicateSourceError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'NotAuthorizedError'
  | 'request error (input typing)'
  | '400 BAD_USER_INPUT'
  | '413 body too large'
  | 'unexpected';
const tallies = new Map<string, Map<string, number>>();
const count = (name: string, key: string) => {
  const byKey = tallies.get(name) ?? new Map<string, number>();
  byKey.set(key, (byKey.get(key) ?? 0) + 1);
  tallies.set(name, byKey);
};
let sent = 0;
let unexpected = 0;
let wrote = 0;
let pathlessErrors = 0;
const unexpectedSamples: string[] = [];

async function send(text: string, variables: Input, headers: Record<string, string> = editor.headers) {
  const body = JSON.stringify({ query: text, variables }).replaceAll(`"${INFINITY}"`, '1e999');
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  const raw = await response.text();
  let json: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } = {};
  try {
    json = JSON.parse(raw);
  } catch {
    // Not JSON: classified as unexpected below.
  }
  return { status: response.status, json, raw };
}

function classify(fieldName: string, response: Awaited<ReturnType<typeof send>>): Outcome {
  const { status, json } = response;
  if (status >= 500) return 'unexpected';
  if (status === 413) return json.errors?.[0]?.extensions?.code === 'PAYLOAD_TOO_LARGE' ? '413 body too large' : 'unexpected';
  const payload = json.data?.[fieldName];
  if (status === 200 && !json.errors && payload) {
    // RevisionPending: a valid change to a public record, accepted for a second person's review.
    if (String(payload.__typename).endsWith('Success') || payload.__typename === 'RevisionPending') return 'success';
    if (payload.__typename === 'ValidationError') {
      const ok = Array.isArray(payload.fieldErrors) && payload.fieldErrors.length > 0 && payload.fieldErrors.every((e: { message: string }) => e.message.length > 0);
      // Every corruption here is in a field: the answer names it (a path-less error would mean the
      // input got past the checks and was refused by the database with a generic message).
      const named = ok && payload.fieldErrors.some((e: { path: string }) => e.path.length > 0);
      return ok ? (named ? 'ValidationError' : 'ValidationError without a field') : 'unexpected';
    }
    if (payload.__typename === 'ConflictError') return Number.isInteger(payload.currentVersion) ? 'ConflictError' : 'unexpected';
    // A page already in the catalog, however its URL is spelled: refused naming the existing source.
    if (payload.__typename === 'DuplicateSourceError') return typeof payload.message === 'string' && payload.message.length > 0 ? 'DuplicateSourceError' : 'unexpected';
    if (payload.__typename === 'NotFoundError' || payload.__typename === 'NotAuthorizedError') return payload.__typename;
    return 'unexpected';
  }
  // Refused before executing: GraphQL's input typing (wrong type, non-finite number, unknown enum
  // value), or the request check that turns away text with a NUL character (BAD_USER_INPUT).
  const errors = json.errors ?? [];
  const refusedUpFront = status === 400 && json.data === undefined && errors.length > 0;
  const sane = errors.every((error) => error.message.length > 0 && !/unexpected error/i.test(error.message) && error.extensions?.code !== 'INTERNAL_SERVER_ERROR');
  if (!refusedUpFront || !sane) return 'unexpected';
  if (errors.every((error) => error.extensions?.code === 'BAD_USER_INPUT')) return '400 BAD_USER_INPUT';
  return errors.every((error) => /\$\w+|Variable|Expected|Int|Float|Date|Enum|value/i.test(error.message)) ? 'request error (input typing)' : 'unexpected';
}

describe('fuzzing the editor write mutations with bad inputs', () => {
  for (const t of targets) {
    it(`${t.name}: ${runsPerMutation} generated bad inputs, each refused with a typed error and nothing written`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(t.corruptions, { minLength: 1, maxLength: 3 }), async (corruptions) => {
          const variables = t.base();
          for (const [, apply] of corruptions) apply(variables);
          const response = await send(t.text, variables);
          sent++;
          const outcome = classify(t.field, response);
          count(t.name, outcome);
          const after = await fingerprint();
          const changed = after !== lastFingerprint;
          lastFingerprint = after;
          if (outcome === 'unexpected') {
            unexpected++;
            if (unexpectedSamples.length < 10) unexpectedSamples.push(`${t.name} [${corruptions.map(([label]) => label).join(', ')}] → ${response.status} ${response.raw.slice(0, 300)}`);
          }
          if (changed) wrote++;
          // A refusal of the expectedVersion argument (not an input field) names no input path.
          const pathless = outcome === 'ValidationError without a field' && !corruptions.some(([label]) => label.startsWith('expectedVersion'));
          if (pathless) pathlessErrors++;
          const shown = JSON.stringify(variables, (_key, value) => (typeof value === 'string' && value.length > 80 ? `${value.slice(0, 40)}…(${value.length} chars)` : value));
          expect(outcome, `${corruptions.map(([label]) => label).join(', ')} → ${response.status} ${response.raw.slice(0, 400)}`).not.toBe('unexpected');
          expect(outcome, `an invalid input (${corruptions.map(([label]) => label).join(', ')}: ${shown}) succeeded: ${response.raw.slice(0, 400)}`).not.toBe('success');
          expect(pathless, `${corruptions.map(([label]) => label).join(', ')}: ${shown} → ${response.raw.slice(0, 400)}`).toBe(false);
          expect(changed, `an invalid input (${corruptions.map(([label]) => label).join(', ')}: ${shown}) changed the database`).toBe(false);
        }),
        { numRuns: runsPerMutation, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
    });
  }

  it('sent at least 1,000 bad inputs: 0 unexpected errors, 0 rows written; no number in the database lacks a source', async () => {
    const orphans = await app.db.raw.query<{ table: string; n: number }>(`
      select 'scores' as table, count(*)::int as n from scores c where c.source_id is null or length(trim(c.locator)) = 0 or not exists (select 1 from sources s where s.id = c.source_id)
      union all
      select 'prices', count(*)::int from prices c where c.source_id is null or length(trim(c.locator)) = 0 or not exists (select 1 from sources s where s.id = c.source_id)
      union all
      select 'model_facts', count(*)::int from model_facts c where c.source_id is null or length(trim(c.locator)) = 0 or not exists (select 1 from sources s where s.id = c.source_id)`);
    const [rows] = await app.db.raw.query<{ scores: number; prices: number; facts: number; sources: number; models: number; events: number }>(
      `select (select count(*)::int from scores) as scores, (select count(*)::int from prices) as prices, (select count(*)::int from model_facts) as facts,
              (select count(*)::int from sources) as sources, (select count(*)::int from models) as models,
              (select count(*)::int from audit_events where action <> 'LOGIN') as events`,
    );
    const summary = [...tallies].map(([name, byOutcome]) => `  ${name}: ${[...byOutcome].map(([outcome, n]) => `${outcome} ${n}`).join(', ')}`).join('\n');
    const totals = new Map<string, number>();
    for (const byOutcome of tallies.values()) for (const [outcome, n] of byOutcome) totals.set(outcome, (totals.get(outcome) ?? 0) + n);
    console.log(
      `fuzz: ${sent} bad inputs to ${targets.length} mutations; outcomes ${JSON.stringify(Object.fromEntries(totals))}; ${unexpected} unexpected errors; ${pathlessErrors} field errors without a path; ${wrote} inputs wrote anything\n${summary}\n` +
        `rows without a source: ${orphans.map((row) => `${row.table} ${row.n}`).join(', ')}; rows now: ${JSON.stringify(rows)}` +
        (unexpectedSamples.length ? `\nunexpected:\n${unexpectedSamples.join('\n')}` : ''),
    );
    expect(sent).toBeGreaterThanOrEqual(1_000);
    expect(unexpected).toBe(0);
    expect(pathlessErrors).toBe(0);
    expect(wrote).toBe(0);
    expect(orphans.every((row) => Number(row.n) === 0)).toBe(true);
    // Only the fixtures: 1 score, 1 price, 1 fact, 2 sources, 2 models, and no change recorded.
    expect(rows).toEqual({ scores: 1, prices: 1, facts: 1, sources: 2, models: 2, events: 0 });
  });

  it('ids beyond the database integer range name nothing: NotFound or a field error, never an unexpected error', async () => {
    for (const n of [2_147_483_648, 99_999_999_999, Number.MAX_SAFE_INTEGER]) {
      const update = await send(updateText('updateModel', 'UpdateModelInput'), { id: globalId('Model', n), v: 1, patch: { tagline: 'x' } });
      expect(update.json.data?.updateModel?.__typename, update.raw).toBe('NotFoundError');
      const cite = await send(createText('createScore', 'CreateScoreInput'), {
        input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 1, citation: { sourceId: globalId('Source', n), locator: 'x' } },
      });
      expect(cite.json.data?.createScore, cite.raw).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: 'citation.sourceId' }] });
      for (const filter of [{ model: globalId('Model', n) }, { source: globalId('Source', n) }, { benchmark: globalId('Benchmark', n) }]) {
        const list = await send('query($filter: EntryFilter) { entries(first: 1, filter: $filter) { totalCount } }', { filter });
        expect(list.json.errors?.map((error) => error.extensions?.code), list.raw).toEqual(['NOT_FOUND']);
      }
      for (const headers of [editor.headers, {}]) {
        for (const type of ['Score', 'Price', 'Model', 'Source', 'User']) {
          const node = await send('query($id: ID!) { node(id: $id) { id } }', { id: globalId(type, n) }, headers);
          expect(node.json, node.raw).toEqual({ data: { node: null } });
        }
        const source = await send('query($id: ID!) { source(id: $id) { id } }', { id: globalId('Source', n) }, headers);
        expect(source.json, source.raw).toEqual({ data: { source: null } });
      }
    }
  });

  it('the valid inputs the corruptions start from succeed (so every refusal above was for the corruption)', async () => {
    for (const t of targets) {
      const response = await send(t.text, t.base());
      expect(classify(t.field, response), `${t.name}: ${response.raw.slice(0, 300)}`).toBe('success');
    }
  });
});
