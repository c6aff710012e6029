import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../faults/harness.ts';
import { startTestApp, type GraphQLResponse, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, password, rowId, type Session } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// The permission matrix: every mutation of the schema and every private read, tried by an anonymous
// caller, an editor, a reviewer and an admin over real HTTP. Each cell gets fresh records of its own
// (so one role's success cannot hide another's refusal), and a refused cell must change no row of any
// table.

type Caller = 'ANONYMOUS' | 'EDITOR' | 'REVIEWER' | 'ADMIN';
const callers: Caller[] = ['ANONYMOUS', 'EDITOR', 'REVIEWER', 'ADMIN'];
const signedIn: Caller[] = ['EDITOR', 'REVIEWER', 'ADMIN'];
const reviewers: Caller[] = ['REVIEWER', 'ADMIN'];
const admins: Caller[] = ['ADMIN'];

let app: TestApp;
let catalog: CatalogFixture;
let base: { providerId: number; benchmarkId: number; modelId: number; sourceId: number };
const users = {} as Record<'admin' | 'reviewer' | 'editor' | 'author' | 'checker', number>;
const sessions = {} as Record<Caller, Session | null>;
let tables: string[] = [];
let seq = 0;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    catalog = new CatalogFixture(db);
    const providerId = await catalog.provider('base-provider');
    base = {
      providerId,
      benchmarkId: await catalog.benchmark('base-bench'),
      modelId: await catalog.model('base-model', providerId),
      sourceId: await catalog.source('https://example.test/base-source'),
    };
    users.admin = await insertUser(db, 'admin@sourced.test', 'ADMIN');
    users.reviewer = await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
    users.editor = await insertUser(db, 'editor@sourced.test', 'EDITOR');
    // Enters the numbers the matrix verifies, rejects and retires, so that nobody acts on their own.
    users.author = await insertUser(db, 'author@sourced.test', 'EDITOR');
    // Verified the numbers that are already published.
    users.checker = await insertUser(db, 'checker@sourced.test', 'REVIEWER');
    await db.raw.query(`insert into site_texts (key, body) values ('methodology', 'Published scores are sourced.')`);
  });
  sessions.ANONYMOUS = null;
  sessions.EDITOR = await login(app, 'editor@sourced.test');
  sessions.REVIEWER = await login(app, 'reviewer@sourced.test');
  sessions.ADMIN = await login(app, 'admin@sourced.test');
  tables = (await app.db.raw.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map(
    (row) => row.tablename,
  );
});
afterAll(() => app?.close());

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) => app.db.raw.query<T>(text, params);

/** One digest of every row of every table: a refused call must leave it unchanged. */
async function fingerprint(): Promise<string> {
  const parts = tables.map((table) => `(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') from "${table}" t)`);
  const [row] = await sql<{ digest: string }>(`select concat_ws(',', ${parts.join(', ')}) as digest`);
  return row!.digest;
}

// Fresh records for one cell.
const next = () => ++seq;
async function provider(publication = 'DRAFT') {
  const n = next();
  const [row] = await sql<{ id: number; slug: string }>(`insert into providers (slug, name, publication) values ($1, $1, $2) returning id, slug`, [`prov-${n}`, publication]);
  return row!;
}
async function family(publication = 'DRAFT') {
  const n = next();
  const [row] = await sql<{ id: number }>(`insert into model_families (slug, name, provider_id, publication) values ($1, $1, $2, $3) returning id`, [
    `fam-${n}`,
    base.providerId,
    publication,
  ]);
  return row!.id;
}
async function model(publication = 'DRAFT') {
  const n = next();
  const [row] = await sql<{ id: number; slug: string }>(
    `insert into models (slug, name, provider_id, publication) values ($1, $1, $2, $3) returning id, slug`,
    [`model-${n}`, base.providerId, publication],
  );
  return row!;
}
async function benchmark(publication = 'DRAFT') {
  const n = next();
  const [row] = await sql<{ id: number }>(`insert into benchmarks (slug, name, publication) values ($1, $1, $2) returning id`, [`bench-${n}`, publication]);
  return row!.id;
}
async function source() {
  return catalog.source(`https://example.test/cell-source-${next()}`);
}
/** A pending revision of a published model, proposed by the author (never by a matrix caller). */
async function revision() {
  const { id } = await model('PUBLISHED');
  const [row] = await sql<{ id: number }>(
    `insert into revisions (entity_type, entity_id, base_version, changes, diff, proposed_by_id)
     values ('Model', $1, 1, '{"tagline": "Proposed"}', '{"tagline": {"before": null, "after": "Proposed"}}', $2) returning id`,
    [String(id), users.author],
  );
  return globalId('Revision', row!.id);
}
async function user() {
  return insertUser(app.db, `person-${next()}@sourced.test`, 'EDITOR');
}

/** An ISO week no cell used yet (2010-W01, 2010-W02, …). */
let weeks = 0;
function freshWeek() {
  const n = weeks++;
  return `${2010 + Math.floor(n / 50)}-W${String((n % 50) + 1).padStart(2, '0')}`;
}
/** A week's digest saved by the author (never a matrix caller), its one item a public change with its citation. */
async function savedDigest() {
  const week = freshWeek();
  const factId = rowId(await claim('ModelFact', 'VERIFIED'));
  const [change] = await sql<{ id: number; model_id: number; source_id: number; locator: string }>(
    `select id, model_id, source_id, locator from catalog_changes where claim_kind = 'ModelFact' and claim_id = $1`,
    [factId],
  );
  const [digest] = await sql<{ id: number }>(`insert into digests (week, title, edited_by) values ($1, 'This week', array[$2::int]) returning id`, [week, users.author]);
  await sql(
    `insert into digest_items (digest_id, position, change_id, kind, headline, model_id, claim_kind, claim_id, source_id, locator)
     values ($1, 1, $2, 'FACT_CHANGED', 'A fact', $3, 'ModelFact', $4, $5, $6)`,
    [digest!.id, change!.id, change!.model_id, factId, change!.source_id, change!.locator],
  );
  return week;
}
/** A subscriber in the given state; its confirmation token (PENDING) or unsubscribe token (CONFIRMED). */
async function subscriber(status: 'PENDING' | 'CONFIRMED') {
  const token = randomBytes(32).toString('base64url');
  const email = `reader-${next()}@example.com`;
  await sql(
    `insert into subscribers (email, email_hash, status, confirm_token_hash, confirm_expires_at, unsubscribe_token)
     values ($1, encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, $3, now() + interval '1 day', $4)`,
    [email, status, status === 'PENDING' ? createHash('sha256').update(token).digest('hex') : null, status === 'CONFIRMED' ? token : randomBytes(32).toString('base64url')],
  );
  return token;
}

type ClaimKind = 'Score' | 'Price' | 'ModelFact';
/** A claim entered by the author (never by a matrix caller), in the given state, on a model of its own. */
async function claim(kind: ClaimKind, status: 'DRAFT' | 'PENDING_REVIEW' | 'VERIFIED', publication = 'PUBLISHED') {
  const { id: modelId } = await model(publication);
  const sourceId = await source();
  const verified = status === 'VERIFIED' ? [users.checker, 'now()'] : [null, null];
  const common = `source_id, locator, retrieved_at, status, origin, created_by, verified_by, verified_at`;
  const values = `$2, 'Table 1', '2025-01-01', $3, 'EDITOR', $4, $5::int, $6::timestamptz`;
  const params = [modelId, sourceId, status, users.author, ...verified];
  const [row] =
    kind === 'Score'
      ? await sql<{ id: number }>(`insert into scores (model_id, benchmark_id, value, setting, ${common}) values ($1, ${base.benchmarkId}, 50, '', ${values}) returning id`, params)
      : kind === 'Price'
        ? await sql<{ id: number }>(
            `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, ${common}) values ($1, 'INPUT', 1.1, '2025-01-01', ${values}) returning id`,
            params,
          )
        : await sql<{ id: number }>(`insert into model_facts (model_id, fact, value, ${common}) values ($1, 'CONTEXT_WINDOW', '200000', ${values}) returning id`, params);
  return globalId(kind, row!.id);
}

interface Row {
  /** The field tried, e.g. `verifyScore`; the same field may appear in several rows (different targets). */
  field: string;
  label?: string;
  kind: 'mutation' | 'query';
  text: string;
  /** Fresh variables for one cell (records created for it). */
  variables: () => Promise<Record<string, unknown>>;
  allowed: Caller[];
  /** For reads: whether the response holds the private data. Mutations succeed with a *Success payload. */
  holdsPrivate?: (data: any, variables: Record<string, unknown>) => boolean;
  /** Reads that hide private rows (null, or left out of a list) instead of answering an error. */
  hides?: boolean;
}

const result = '{ __typename ... on Error { message } }';
/** A webhook of a cell's own (webhooks). */
const webhook = async () =>
  (await sql<{ id: number }>(`insert into webhooks (url, secret) values ($1, 'whsec_c2VjcmV0') returning id`, [`https://hooks.example.com/cell-${next()}`]))[0]!.id;
const mutation = (field: string, args: string, call: string, allowed: Caller[], variables: Row['variables'], label?: string): Row => ({
  field,
  label,
  kind: 'mutation',
  text: `mutation(${args}) { ${field}(${call}) ${result} }`,
  variables,
  allowed,
});
const idVersion = ['$id: ID!, $v: Int!', 'id: $id, expectedVersion: $v'] as const;
const idPatch = (type: string) => [`$id: ID!, $v: Int!, $patch: ${type}!`, 'id: $id, expectedVersion: $v, patch: $patch'] as const;
const citation = async () => ({ sourceId: globalId('Source', await source()), locator: 'Table 2' });

const publishing = (
  [
    ['Provider', async (publication: string) => (await provider(publication)).id],
    ['Family', family],
    ['Model', async (publication: string) => (await model(publication)).id],
    ['Benchmark', benchmark],
  ] as const
).flatMap(([name, create]) => {
  const type = name === 'Family' ? 'ModelFamily' : name;
  return [
    mutation(`publish${name}`, ...idVersion, reviewers, async () => ({ id: globalId(type, await create('DRAFT')), v: 1 })),
    mutation(`retire${name}`, ...idVersion, reviewers, async () => ({ id: globalId(type, await create('PUBLISHED')), v: 1 })),
  ];
});

const claimWorkflow = (['Score', 'Price', 'ModelFact'] as const).flatMap((kind) => [
  mutation(`verify${kind}`, ...idVersion, reviewers, async () => ({ id: await claim(kind, 'PENDING_REVIEW'), v: 1 })),
  mutation(`reject${kind}`, '$id: ID!, $reason: String!, $v: Int!', 'id: $id, reason: $reason, expectedVersion: $v', reviewers, async () => ({
    id: await claim(kind, 'PENDING_REVIEW'),
    v: 1,
    reason: 'The cited table gives another value.',
  })),
  // Someone else's draft: a reviewer withdraws it; an editor only their own (test/api/fourEyes.test.ts).
  mutation(`retire${kind}`, '$id: ID!, $reason: String!', 'id: $id, reason: $reason', reviewers, async () => ({
    id: await claim(kind, 'DRAFT'),
    reason: 'Entered twice.',
  })),
  // A published number is withdrawn only by a reviewer.
  mutation(
    `retire${kind}`,
    '$id: ID!, $reason: String!',
    'id: $id, reason: $reason',
    reviewers,
    async () => ({ id: await claim(kind, 'VERIFIED'), reason: 'The vendor withdrew the figure.' }),
    `retire${kind} (verified)`,
  ),
]);

const mutations: Row[] = [
  mutation('login', '$email: String!, $password: String!', 'email: $email, password: $password', callers, async () => ({
    email: 'author@sourced.test',
    password,
  })),
  {
    field: 'logout',
    kind: 'mutation',
    text: 'mutation { logout }',
    variables: async () => ({}),
    allowed: callers,
  },
  mutation('createUser', '$input: CreateUserInput!', 'input: $input', admins, async () => ({
    input: { email: `new-${next()}@sourced.test`, password, role: 'EDITOR' },
  })),
  mutation('updateUser', ...idPatch('UpdateUserInput'), admins, async () => ({ id: globalId('User', await user()), v: 1, patch: { role: 'REVIEWER' } })),
  mutation('createProvider', '$input: CreateProviderInput!', 'input: $input', signedIn, async () => ({ input: { slug: `new-prov-${next()}`, name: 'New' } })),
  mutation('updateProvider', ...idPatch('UpdateProviderInput'), signedIn, async () => ({
    id: globalId('Provider', (await provider()).id),
    v: 1,
    patch: { name: 'Renamed' },
  })),
  mutation('createFamily', '$input: CreateFamilyInput!', 'input: $input', signedIn, async () => ({
    input: { slug: `new-fam-${next()}`, name: 'New', provider: 'base-provider' },
  })),
  mutation('updateFamily', ...idPatch('UpdateFamilyInput'), signedIn, async () => ({ id: globalId('ModelFamily', await family()), v: 1, patch: { name: 'Renamed' } })),
  mutation('createModel', '$input: CreateModelInput!', 'input: $input', signedIn, async () => ({
    input: { slug: `new-model-${next()}`, name: 'New', provider: 'base-provider' },
  })),
  mutation('updateModel', ...idPatch('UpdateModelInput'), signedIn, async () => ({ id: globalId('Model', (await model()).id), v: 1, patch: { tagline: 'Fast' } })),
  // A published model's change is proposed (RevisionPending) by any editor; approved or rejected by a reviewer.
  mutation(
    'updateModel',
    ...idPatch('UpdateModelInput'),
    signedIn,
    async () => ({ id: globalId('Model', (await model('PUBLISHED')).id), v: 1, patch: { tagline: 'Fast' } }),
    'updateModel (published: RevisionPending)',
  ),
  mutation('approveRevision', ...idVersion, reviewers, async () => ({ id: await revision(), v: 1 })),
  mutation('rejectRevision', '$id: ID!, $v: Int!, $reason: String!', 'id: $id, expectedVersion: $v, reason: $reason', reviewers, async () => ({
    id: await revision(),
    v: 1,
    reason: 'Not what the vendor says.',
  })),
  mutation('createBenchmark', '$input: CreateBenchmarkInput!', 'input: $input', signedIn, async () => ({ input: { slug: `new-bench-${next()}`, name: 'New' } })),
  mutation('updateBenchmark', ...idPatch('UpdateBenchmarkInput'), signedIn, async () => ({
    id: globalId('Benchmark', await benchmark()),
    v: 1,
    patch: { name: 'Renamed' },
  })),
  ...publishing,
  mutation('createSource', '$input: CreateSourceInput!', 'input: $input', signedIn, async () => ({
    input: { url: `https://example.test/new-${next()}`, title: 'T', publisher: 'P', kind: 'PAPER', retrievedAt: '2025-01-01' },
  })),
  mutation('updateSource', ...idPatch('UpdateSourceInput'), signedIn, async () => ({ id: globalId('Source', await source()), v: 1, patch: { title: 'Renamed' } })),
  mutation('retireSource', '$id: ID!, $v: Int!, $reason: String!', 'id: $id, expectedVersion: $v, reason: $reason', signedIn, async () => ({
    id: globalId('Source', await source()),
    v: 1,
    reason: 'The page is gone for good.',
  })),
  // The page is not served here (example.test does not resolve): the capture records the failed fetch.
  mutation('captureSource', '$id: ID!', 'id: $id', signedIn, async () => ({ id: globalId('Source', await source()) })),
  mutation('createScore', '$input: CreateScoreInput!', 'input: $input', signedIn, async () => ({
    input: { model: (await model('PUBLISHED')).slug, benchmark: 'base-bench', value: 42, citation: await citation() },
  })),
  mutation('updateScore', ...idPatch('UpdateScoreInput'), signedIn, async () => ({ id: await claim('Score', 'DRAFT'), v: 1, patch: { value: 43 } })),
  mutation('createPrice', '$input: CreatePriceInput!', 'input: $input', signedIn, async () => ({
    input: { model: (await model('PUBLISHED')).slug, kind: 'OUTPUT', usdPerMillionTokens: 4.4, effectiveFrom: '2025-04-16', citation: await citation() },
  })),
  mutation('updatePrice', ...idPatch('UpdatePriceInput'), signedIn, async () => ({ id: await claim('Price', 'DRAFT'), v: 1, patch: { usdPerMillionTokens: 2 } })),
  mutation('createModelFact', '$input: CreateModelFactInput!', 'input: $input', signedIn, async () => ({
    input: { model: (await model('PUBLISHED')).slug, fact: 'RELEASE_DATE', value: '2025-04-16', citation: await citation() },
  })),
  mutation('updateModelFact', ...idPatch('UpdateModelFactInput'), signedIn, async () => ({ id: await claim('ModelFact', 'DRAFT'), v: 1, patch: { value: '100000' } })),
  mutation('submitForReview', '$id: ID!', 'id: $id', signedIn, async () => ({ id: await claim('Score', 'DRAFT') })),
  mutation('createBatch', '$input: CreateBatchInput!', 'input: $input', signedIn, async () => {
    const { sourceId, locator } = await citation();
    return { input: { source: sourceId, rows: [{ model: (await model('PUBLISHED')).slug, benchmark: 'base-bench', value: 42, locator }] } };
  }),
  mutation('submitBatchForReview', '$ids: [ID!]!', 'ids: $ids', signedIn, async () => ({ ids: [await claim('Score', 'DRAFT'), await claim('Price', 'DRAFT')] })),
  ...claimWorkflow,
  mutation('updateMethodology', '$body: String!, $v: Int!', 'body: $body, expectedVersion: $v', reviewers, async () => {
    const [row] = await sql<{ version: number }>(`select version from site_texts where key = 'methodology'`);
    return { body: `Published scores are sourced (${next()}).`, v: row!.version };
  }),
  mutation('createWebhook', '$input: CreateWebhookInput!', 'input: $input', admins, async () => ({ input: { url: `https://hooks.example.com/sourced-${next()}`, kinds: [] } })),
  mutation('disableWebhook', '$id: ID!', 'id: $id', admins, async () => ({ id: globalId('Webhook', await webhook()) })),
  mutation('enableWebhook', '$id: ID!', 'id: $id', admins, async () => ({ id: globalId('Webhook', await webhook()) })),
  mutation('deleteWebhook', '$id: ID!', 'id: $id', admins, async () => ({ id: globalId('Webhook', await webhook()) })),
  mutation('saveDigest', '$input: SaveDigestInput!', 'input: $input', signedIn, async () => ({ input: { week: freshWeek(), title: 'This week', items: [] } })),
  mutation('publishDigest', '$week: String!', 'week: $week', reviewers, async () => ({ week: await savedDigest() })),
  mutation('resendDigestEmails', '$week: String!', 'week: $week, statuses: [UNCERTAIN]', reviewers, async () => {
    const week = await savedDigest();
    await sql(`update digests set status = 'PUBLISHED', published_at = now() where week = $1`, [week]);
    return { week };
  }),
  // The digest's sign-up is public: anyone may subscribe, and whoever holds a link's token may use it.
  mutation('subscribe', '$email: String!', 'email: $email', callers, async () => ({ email: `reader-${next()}@example.com` })),
  mutation('confirmSubscription', '$token: String!', 'token: $token', callers, async () => ({ token: await subscriber('PENDING') })),
  mutation('unsubscribe', '$token: String!', 'token: $token', callers, async () => ({ token: await subscriber('CONFIRMED') })),
];

// Private reads: who gets the data. A refused read answers an error or null, never the data.
const read = (field: string, text: string, allowed: Caller[], holdsPrivate: Row['holdsPrivate'], variables: Row['variables'] = async () => ({}), label?: string): Row => ({
  field,
  label,
  kind: 'query',
  text,
  variables,
  allowed,
  holdsPrivate,
});
const count = (field: string) => (data: any) => typeof data?.[field]?.totalCount === 'number';
const hidden = (row: Row): Row => ({ ...row, hides: true });
const nodeRead = (label: string, allowed: Caller[], id: () => Promise<string>) =>
  hidden(read('node', 'query($id: ID!) { node(id: $id) { id } }', allowed, (data, v) => data?.node?.id === v.id, async () => ({ id: await id() }), `node(${label})`));
const listed = (field: string, data: any, id: unknown) => (data?.[field] ?? []).some((item: { id: string }) => item.id === id);

const queries: Row[] = [
  read('drafts', '{ drafts(first: 5) { totalCount } }', signedIn, count('drafts')),
  read('myEntries', '{ myEntries(first: 5) { totalCount } }', signedIn, count('myEntries')),
  read('entries', '{ entries(first: 5) { totalCount } }', signedIn, count('entries')),
  read('reviewQueue', '{ reviewQueue(first: 5) { totalCount } }', reviewers, count('reviewQueue')),
  read('revisions', '{ revisions(first: 5) { totalCount } }', signedIn, count('revisions')),
  read('disagreements', '{ disagreements(first: 5) { totalCount } }', reviewers, count('disagreements')),
  read('driftQueue', '{ driftQueue(first: 5) { totalCount } }', reviewers, count('driftQueue')),
  read('checkEvidence', 'query($source: ID!, $value: ValueToCheck!) { checkEvidence(source: $source, value: $value, locator: "Table 2") { status explanation } }', signedIn, (data) => typeof data?.checkEvidence?.status === 'string', async () => ({ source: globalId('Source', await source()), value: { score: { benchmark: globalId('Benchmark', base.benchmarkId), value: 42 } } })),
  read('boardPreview', '{ boardPreview(benchmark: "base-bench", conditions: { shots: 0 }) { setting joinsDefaultBoard comparablePublished } }', signedIn, (data) => data?.boardPreview?.setting === '0-shot'),
  read('auditEvents', '{ auditEvents(first: 5) { edges { node { id action } } } }', reviewers, (data) => Array.isArray(data?.auditEvents?.edges)),
  read('users', '{ users(first: 5) { totalCount edges { node { email } } } }', admins, count('users')),
  read('webhooks', '{ webhooks { url } }', admins, (data) => data?.webhooks?.length > 0, async () => (await webhook(), {})),
  read('webhookDeliveries', '{ webhookDeliveries(first: 5) { status } }', admins, (data) => Array.isArray(data?.webhookDeliveries), async () => (await webhook(), {})),
  read('methodologyText', '{ methodologyText { version body } }', signedIn, (data) => typeof data?.methodologyText?.version === 'number'),
  nodeRead('draft model', signedIn, async () => globalId('Model', (await model('DRAFT')).id)),
  nodeRead('draft provider', signedIn, async () => globalId('Provider', (await provider('DRAFT')).id)),
  nodeRead('draft family', signedIn, async () => globalId('ModelFamily', await family('DRAFT'))),
  nodeRead('draft benchmark', signedIn, async () => globalId('Benchmark', await benchmark('DRAFT'))),
  nodeRead('draft score', signedIn, () => claim('Score', 'DRAFT')),
  nodeRead('pending price', signedIn, () => claim('Price', 'PENDING_REVIEW')),
  nodeRead('draft model fact', signedIn, () => claim('ModelFact', 'DRAFT')),
  nodeRead('verified score of a draft model', signedIn, () => claim('Score', 'VERIFIED', 'DRAFT')),
  nodeRead('uncited source', signedIn, async () => globalId('Source', await source())),
  // Accounts are listed to admins only (`users`); by id too (an editor reaches only their own, visibility.test.ts).
  nodeRead('another user', admins, async () => globalId('User', users.author)),
  nodeRead('audit event', reviewers, async () => {
    const [row] = await sql<{ id: number }>('select max(id) as id from audit_events');
    return globalId('AuditEvent', row!.id);
  }),
  hidden(read(
    'nodes',
    'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    signedIn,
    (data, v) => (data?.nodes ?? []).some((node: { id: string } | null) => node && (v.ids as string[]).includes(node.id)),
    async () => ({ ids: [globalId('Model', (await model('DRAFT')).id), await claim('Score', 'PENDING_REVIEW')] }),
    'nodes(draft model, pending score)',
  )),
  hidden(read(
    'source',
    'query($id: ID!) { source(id: $id) { id } }',
    signedIn,
    (data, v) => data?.source?.id === v.id,
    async () => ({ id: globalId('Source', await source()) }),
    'source(uncited)',
  )),
  hidden(read(
    'sources',
    '{ sources(first: 100, orderBy: { field: ADDED, direction: DESC }) { edges { node { id } } } }',
    signedIn,
    (data, v) => (data?.sources?.edges ?? []).some((edge: { node: { id: string } }) => edge.node.id === v.id),
    async () => ({ id: globalId('Source', await source()) }),
    'sources (uncited listed)',
  )),
  hidden(read(
    'models',
    '{ models(first: 100, publication: [DRAFT]) { edges { node { slug } } } }',
    signedIn,
    (data, v) => (data?.models?.edges ?? []).some((edge: { node: { slug: string } }) => edge.node.slug === v.slug),
    async () => ({ slug: (await model('DRAFT')).slug }),
    'models(publication: DRAFT)',
  )),
  hidden(read('providers', '{ providers(publication: [DRAFT]) { id } }', signedIn, (data, v) => listed('providers', data, v.id), async () => ({
    id: globalId('Provider', (await provider('DRAFT')).id),
  }), 'providers(publication: DRAFT)')),
  hidden(read('families', '{ families(publication: [DRAFT]) { id } }', signedIn, (data, v) => listed('families', data, v.id), async () => ({
    id: globalId('ModelFamily', await family('DRAFT')),
  }), 'families(publication: DRAFT)')),
  hidden(read('benchmarks', '{ benchmarks(publication: [DRAFT]) { id } }', signedIn, (data, v) => listed('benchmarks', data, v.id), async () => ({
    id: globalId('Benchmark', await benchmark('DRAFT')),
  }), 'benchmarks(publication: DRAFT)')),
  read('model', '{ model(slug: "base-model") { version publication curated } }', signedIn, (data) => typeof data?.model?.version === 'number', undefined, 'Model.version'),
  read(
    'model',
    'query($slug: String!) { model(slug: $slug) { scoreEntries { id status } } }',
    signedIn,
    (data) => (data?.model?.scoreEntries ?? []).length > 0,
    async () => {
      const id = await claim('Score', 'DRAFT');
      const [row] = await sql<{ slug: string }>('select m.slug from scores s join models m on m.id = s.model_id where s.id = $1', [
        rowId(id),
      ]);
      return { slug: row!.slug };
    },
    'Model.scoreEntries',
  ),
  read(
    'node',
    'query($id: ID!) { node(id: $id) { ... on Score { value enteredBy { email } verifiedBy { email } } } }',
    signedIn,
    (data) => typeof data?.node?.enteredBy?.email === 'string',
    async () => ({ id: await claim('Score', 'VERIFIED') }),
    'Score.enteredBy (published score)',
  ),
];

/**
 * A clear refusal: a NotAuthorizedError payload, or only UNAUTHENTICATED (anonymous) / FORBIDDEN
 * (signed in) errors; reads that hide private rows may instead answer without them and without errors.
 */
const isRefusal = (response: GraphQLResponse, row: Row, caller: Caller) => {
  const payload = response.data?.[row.field];
  if (row.kind === 'mutation') return response.errors === undefined && payload?.__typename === 'NotAuthorizedError';
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  if (codes.length === 0) return !!row.hides;
  return codes.every((code) => code === (caller === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN'));
};

interface Cell {
  row: string;
  caller: Caller;
  allowed: boolean;
  succeeded: boolean;
  wrote: boolean;
  refused: boolean;
  answer: string;
}

async function runCell(row: Row, caller: Caller): Promise<Cell> {
  const variables = await row.variables();
  let session = sessions[caller];
  // Logging out must not end the session the other cells use.
  if (row.field === 'logout' && caller !== 'ANONYMOUS') {
    session = await login(app, `${caller.toLowerCase()}@sourced.test`);
  }
  const before = await fingerprint();
  const response = await app.gql(row.text, variables, session?.headers ?? {});
  const wrote = (await fingerprint()) !== before;
  const payload = response.data?.[row.field];
  let succeeded: boolean;
  if (row.kind === 'query') succeeded = !!row.holdsPrivate!(response.data, variables);
  else if (row.field === 'logout') succeeded = response.errors === undefined && payload === (caller !== 'ANONYMOUS');
  else succeeded = response.errors === undefined && typeof payload?.__typename === 'string' && (payload.__typename.endsWith('Success') || payload.__typename === 'RevisionPending');
  return {
    row: row.label ?? row.field,
    caller,
    allowed: row.allowed.includes(caller),
    succeeded,
    wrote,
    refused: isRefusal(response, row, caller),
    answer: JSON.stringify(response.errors ? { errors: response.errors.map((e) => [e.extensions?.code, e.message]) } : response.data).slice(0, 300),
  };
}

describe('the permission matrix', () => {
  it('lists every mutation of the schema', async () => {
    const schema = await app.gql('{ __schema { mutationType { fields { name } } } }');
    const inSchema = schema.data!.__schema.mutationType.fields.map((field: { name: string }) => field.name).sort();
    const inMatrix = [...new Set(mutations.map((row) => row.field))].sort();
    expect(inMatrix).toEqual(inSchema);
    expect(inSchema.length).toBeGreaterThanOrEqual(39);
  });

  it('gives 0 unauthorised successes, and every allowed role succeeds', async () => {
    const cells: Cell[] = [];
    for (const row of [...mutations, ...queries]) {
      for (const caller of callers) cells.push(await runCell(row, caller));
    }
    const operations = mutations.length + queries.length;
    // Unauthorised: the call succeeded, or it changed anything in the database.
    const unauthorised = cells.filter((cell) => !cell.allowed && (cell.succeeded || cell.wrote));
    const unclearRefusals = cells.filter((cell) => !cell.allowed && !cell.refused);
    const failedAllowed = cells.filter((cell) => cell.allowed && !cell.succeeded);
    console.log(
      `permission matrix: ${callers.length} roles × ${operations} operations (${mutations.length} mutation rows over ${new Set(mutations.map((row) => row.field)).size} mutations, ${queries.length} private reads) = ${cells.length} cells, ${unauthorised.length} unauthorised successes, ${cells.filter((cell) => !cell.allowed).length} refusals checked, ${cells.filter((cell) => cell.allowed && cell.succeeded).length} allowed successes`,
    );
    recordFigures('permission matrix', [
      { name: `unauthorised successes over ${callers.length} roles × ${operations} operations (node(id) on drafts included)`, value: unauthorised.length, goal: '0', met: unauthorised.length === 0 },
      { name: 'allowed calls that failed', value: failedAllowed.length, goal: '0', met: failedAllowed.length === 0 },
    ]);
    expect(cells.length).toBe(callers.length * operations);
    expect(unauthorised.map((cell) => `${cell.caller} ${cell.row}: ${cell.answer}`)).toEqual([]);
    expect(unclearRefusals.map((cell) => `${cell.caller} ${cell.row}: ${cell.answer}`)).toEqual([]);
    expect(failedAllowed.map((cell) => `${cell.caller} ${cell.row}: ${cell.answer}`)).toEqual([]);
  }, 900_000);
});

describe('four eyes', () => {
  const createScore = async (session: Session, setting: string) => {
    const source = await app.gql(
      op('CreateSource'),
      { input: { url: `https://example.test/own-${next()}`, title: 'Own', publisher: 'P', kind: 'PAPER', retrievedAt: '2025-01-01' } },
      session.headers,
    );
    const score = await app.gql(
      op('CreateScore'),
      {
        input: {
          model: 'base-model',
          benchmark: 'base-bench',
          value: 60,
          setting,
          submitForReview: true,
          citation: { sourceId: source.data!.createSource.source.id, locator: 'Table 3' },
        },
      },
      session.headers,
    );
    expect(score.data!.createScore.__typename).toBe('CreateScoreSuccess');
    return score.data!.createScore.score.id as string;
  };
  const status = async (id: string) =>
    (await sql<{ status: string }>('select status from scores where id = $1', [rowId(id)]))[0]!.status;

  it('reviewers and admins cannot verify or reject their own entries, of any kind', async () => {
    for (const caller of reviewers) {
      const session = sessions[caller]!;
      const scoreId = await createScore(session, `own-${caller}`);
      const modelSlug = (await model('PUBLISHED')).slug;
      const price = await app.gql(
        `mutation($input: CreatePriceInput!) { createPrice(input: $input) { __typename ... on CreatePriceSuccess { price { id } } } }`,
        { input: { model: modelSlug, kind: 'INPUT', usdPerMillionTokens: 1, effectiveFrom: '2025-01-01', citation: await citation(), submitForReview: true } },
        session.headers,
      );
      const fact = await app.gql(
        `mutation($input: CreateModelFactInput!) { createModelFact(input: $input) { __typename ... on CreateModelFactSuccess { fact { id } } } }`,
        { input: { model: modelSlug, fact: 'CONTEXT_WINDOW', value: '128000', citation: await citation(), submitForReview: true } },
        session.headers,
      );
      const own: [string, string][] = [
        ['Score', scoreId],
        ['Price', price.data!.createPrice.price.id],
        ['ModelFact', fact.data!.createModelFact.fact.id],
      ];
      for (const [kind, id] of own) {
        const before = await fingerprint();
        const verify = await app.gql(`mutation($id: ID!) { verify${kind}(id: $id, expectedVersion: 1) ${result} }`, { id }, session.headers);
        expect(verify.data![`verify${kind}`]).toMatchObject({ __typename: 'NotAuthorizedError', message: expect.stringMatching(/own entry/) });
        const reject = await app.gql(`mutation($id: ID!) { reject${kind}(id: $id, reason: "mine", expectedVersion: 1) ${result} }`, { id }, session.headers);
        expect(reject.data![`reject${kind}`]).toMatchObject({ __typename: 'NotAuthorizedError' });
        expect(await fingerprint()).toBe(before);
      }
      const canVerify = await app.gql('query($id: ID!) { node(id: $id) { ... on Score { canVerify } } }', { id: scoreId }, session.headers);
      expect(canVerify.data!.node.canVerify).toBe(false);
      expect(await status(scoreId)).toBe('PENDING_REVIEW');
    }
  });

  it("another reviewer can verify it; the database itself refuses a self-verification", async () => {
    const scoreId = await createScore(sessions.REVIEWER!, 'verified-by-admin');
    const verify = await app.gql(op('VerifyScore'), { id: scoreId, expectedVersion: 1 }, sessions.ADMIN!.headers);
    expect(verify.data!.verifyScore).toMatchObject({ __typename: 'VerifyScoreSuccess', score: { status: 'VERIFIED', verifiedBy: { email: 'admin@sourced.test' } } });
    const scoreRowId = rowId(scoreId);
    await expect(sql('update scores set verified_by = created_by where id = $1', [scoreRowId])).rejects.toThrow(/four_eyes/);
  });

  it('a reviewer who changed the value of someone else\'s entry cannot verify it (the number would be theirs alone)', async () => {
    const scoreId = await createScore(sessions.EDITOR!, 'edited-by-reviewer');
    const edit = await app.gql(
      `mutation($id: ID!, $v: Int!, $patch: UpdateScoreInput!) { updateScore(id: $id, expectedVersion: $v, patch: $patch) { __typename ... on UpdateScoreSuccess { score { value version } } } }`,
      { id: scoreId, v: 1, patch: { value: 99 } },
      sessions.REVIEWER!.headers,
    );
    expect(edit.data!.updateScore).toEqual({ __typename: 'UpdateScoreSuccess', score: { value: 99, version: 2 } });
    const verify = await app.gql(op('VerifyScore'), { id: scoreId, expectedVersion: 2 }, sessions.REVIEWER!.headers);
    expect(verify.data!.verifyScore.__typename).toBe('NotAuthorizedError');
    expect(await status(scoreId)).toBe('PENDING_REVIEW');
    const canVerify = await app.gql('query($id: ID!) { node(id: $id) { ... on Score { canVerify } } }', { id: scoreId }, sessions.REVIEWER!.headers);
    expect(canVerify.data!.node.canVerify).toBe(false);
    // A third person checks it.
    const byAdmin = await app.gql(op('VerifyScore'), { id: scoreId, expectedVersion: 2 }, sessions.ADMIN!.headers);
    expect(byAdmin.data!.verifyScore.__typename).toBe('VerifyScoreSuccess');
  });
});
