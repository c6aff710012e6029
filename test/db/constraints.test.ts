import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

// The methodology holds in the database itself: these tests bypass the API and try raw SQL, on PGlite
// and (with DATABASE_URL) on PostgreSQL. Every refusal is checked three ways: the SQLSTATE, the name
// of the rule in the error, and that the tables it touches are exactly as before.

let db: TestDatabase;
type Row = Record<string, unknown>;

const SQLSTATE = {
  notNull: '23502',
  foreignKey: '23503',
  unique: '23505',
  check: '23514',
  insufficientPrivilege: '42501',
} as const;

interface Refusal {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
  message: string;
}

/** A database error read the same way from both drivers (PGlite: `constraint`; postgres.js: `constraint_name`). */
function refusalOf(error: unknown): Refusal {
  const e = error as Record<string, unknown> | null;
  if (!e || typeof e.code !== 'string') throw error;
  const text = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v !== '');
  return {
    code: e.code,
    constraint: text(e.constraint, e.constraint_name),
    table: text(e.table, e.table_name),
    column: text(e.column, e.column_name),
    message: String(e.message),
  };
}

async function snapshot(tables: readonly string[]): Promise<Record<string, Row[]>> {
  const rows: Record<string, Row[]> = {};
  for (const table of tables) rows[table] = [...(await db.raw.query(`select * from ${table} order by 1`))];
  return rows;
}

interface Expected {
  code: string;
  constraint?: string | ReturnType<typeof expect.stringMatching>;
  column?: string;
  table?: string;
  /** The message, when the rule is a trigger whose message does not quote the constraint name. */
  message?: RegExp;
}

/**
 * Runs a statement the database must refuse. Asserts the SQLSTATE, the constraint (or column) named
 * by the error, and that nothing in `watch` changed.
 */
async function expectRefused(statement: string, params: unknown[], expected: Expected, watch: readonly string[]): Promise<Refusal> {
  const before = await snapshot(watch);
  let caught: unknown;
  let refused = false;
  try {
    await db.raw.query(statement, params);
  } catch (error) {
    caught = error;
    refused = true;
  }
  expect(refused, `the database accepted: ${statement} ${JSON.stringify(params)}`).toBe(true);
  const refusal = refusalOf(caught);
  const { message, ...fields } = expected;
  expect(refusal).toMatchObject(fields);
  if (message) expect(refusal.message).toMatch(message);
  else if (typeof expected.constraint === 'string') expect(refusal.message).toContain(`"${expected.constraint}"`);
  else if (expected.column) expect(refusal.message).toContain(`"${expected.column}"`);
  expect(await snapshot(watch), 'a refused statement wrote nothing').toEqual(before);
  return refusal;
}

function insertStatement(table: string, row: Row): [string, unknown[]] {
  const columns = Object.keys(row);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  return [`insert into ${table} (${columns.join(', ')}) values (${placeholders.join(', ')}) returning *`, columns.map((c) => row[c])];
}

async function insert(table: string, row: Row): Promise<Row & { id: number }> {
  const [text, params] = insertStatement(table, row);
  return (await db.raw.query<Row & { id: number }>(text, params))[0]!;
}

/** Claim tables also write the model row through triggers: watch both. */
const watchFor = (table: string) => (['scores', 'prices', 'model_facts'].includes(table) ? [table, 'models'] : [table]);

function refuseInsert(table: string, row: Row, expected: Expected, watch: readonly string[] = watchFor(table)): Promise<Refusal> {
  const [text, params] = insertStatement(table, row);
  return expectRefused(text, params, expected, watch);
}

function refuseUpdate(table: string, id: number, set: Row, expected: Expected, watch: readonly string[] = watchFor(table)): Promise<Refusal> {
  const columns = Object.keys(set);
  const assignments = columns.map((c, i) => `${c} = $${i + 2}`);
  return expectRefused(`update ${table} set ${assignments.join(', ')} where id = $1`, [id, ...columns.map((c) => set[c])], expected, watch);
}

async function update(table: string, id: number, set: Row): Promise<void> {
  const columns = Object.keys(set);
  const assignments = columns.map((c, i) => `${c} = $${i + 2}`);
  await db.raw.query(`update ${table} set ${assignments.join(', ')} where id = $1`, [id, ...columns.map((c) => set[c])]);
}

const without = (row: Row, column: string): Row => Object.fromEntries(Object.entries(row).filter(([key]) => key !== column));

const fx = { provider: 0, gpqa: 0, unitScale: 0, card: 0, pricing: 0, paper: 0, editor: 0, reviewer: 0, otherReviewer: 0 };
let models = 0;

/** A model of its own, so a test's claims do not meet another test's unique keys. */
async function newModel(): Promise<number> {
  models += 1;
  return (await insert('models', { slug: `o4-mini-${models}`, name: `o4-mini #${models}`, provider_id: fx.provider })).id;
}

const score = (modelId: number, over: Row = {}): Row => ({
  model_id: modelId,
  benchmark_id: fx.gpqa,
  setting: 'pass@1, no tools',
  value: 81.4,
  source_id: fx.card,
  locator: 'Table 2, GPQA Diamond row',
  retrieved_at: '2025-04-20',
  created_by: fx.editor,
  ...over,
});

const price = (modelId: number, over: Row = {}): Row => ({
  model_id: modelId,
  kind: 'INPUT',
  usd_per_million_tokens: 1.1,
  effective_from: '2025-04-16',
  source_id: fx.pricing,
  locator: 'Pricing table, o4-mini row',
  retrieved_at: '2025-04-20',
  created_by: fx.editor,
  ...over,
});

const fact = (modelId: number, kind: string, value: string, over: Row = {}): Row => ({
  model_id: modelId,
  fact: kind,
  value,
  source_id: fx.card,
  locator: 'Model card, "Specifications"',
  retrieved_at: '2025-04-20',
  created_by: fx.editor,
  ...over,
});

const verifiedBy = (userId: number): Row => ({ status: 'VERIFIED', verified_by: userId, verified_at: '2025-04-21T10:00:00Z' });

interface ModelCopy {
  release_date: string | null;
  knowledge_cutoff: string | null;
  context_window: number | null;
  max_output_tokens: number | null;
  input_price: number | null;
  output_price: number | null;
}

const modelCopy = async (modelId: number): Promise<ModelCopy> =>
  (
    await db.raw.query<ModelCopy>(
      `select release_date::text as release_date, knowledge_cutoff, context_window, max_output_tokens,
              input_price::float8 as input_price, output_price::float8 as output_price
         from models where id = $1`,
      [modelId],
    )
  )[0]!;

beforeAll(async () => {
  db = await freshDatabase();
  fx.provider = (await insert('providers', { slug: 'openai', name: 'OpenAI' })).id;
  fx.gpqa = (await insert('benchmarks', { slug: 'gpqa-diamond', name: 'GPQA Diamond', unit: 'PERCENT', scale_min: 0, scale_max: 100 })).id;
  fx.unitScale = (await insert('benchmarks', { slug: 'unit-scale', name: 'Unit scale', unit: 'SCORE', scale_min: 0, scale_max: 1 })).id;
  const source = (url: string, title: string, kind: string) =>
    insert('sources', { url, title, publisher: 'OpenAI', kind, retrieved_at: '2025-04-20' });
  fx.card = (await source('https://openai.com/index/introducing-o3-and-o4-mini/', 'Introducing o3 and o4-mini', 'VENDOR_MODEL_CARD')).id;
  fx.pricing = (await source('https://openai.com/api/pricing/', 'API pricing', 'VENDOR_PRICING')).id;
  fx.paper = (await source('https://arxiv.org/abs/2311.12022', 'GPQA: A Graduate-Level Google-Proof Q&A Benchmark', 'PAPER')).id;
  const user = (email: string, role: string) => insert('users', { email, role, password_hash: 'not-a-real-hash' });
  fx.editor = (await user('editor@sourced.test', 'EDITOR')).id;
  fx.reviewer = (await user('reviewer@sourced.test', 'REVIEWER')).id;
  fx.otherReviewer = (await user('second.reviewer@sourced.test', 'REVIEWER')).id;
});

afterAll(async () => {
  await db?.destroy();
});

describe('every published number cites a source', () => {
  it('a cited score, price and fact insert (positive control)', async () => {
    const modelId = await newModel();
    expect(await insert('scores', score(modelId))).toMatchObject({ value: 81.4, status: 'DRAFT', origin: 'EDITOR' });
    expect(Number((await insert('prices', price(modelId))).usd_per_million_tokens)).toBe(1.1);
    expect(await insert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000'))).toMatchObject({ value: '200000' });
  });

  it('a score cannot exist without a source', async () => {
    const row = score(await newModel());
    const expected = { code: SQLSTATE.notNull, table: 'scores', column: 'source_id' };
    await refuseInsert('scores', without(row, 'source_id'), expected);
    await refuseInsert('scores', { ...row, source_id: null }, expected);
  });

  it('a score cannot cite a source that does not exist', async () => {
    await refuseInsert('scores', score(await newModel(), { source_id: 999_999 }), {
      code: SQLSTATE.foreignKey,
      constraint: 'scores_source_id_sources_id_fkey',
    });
  });

  it('a score cannot lose its source afterwards', async () => {
    const { id } = await insert('scores', score(await newModel()));
    await refuseUpdate('scores', id, { source_id: null }, { code: SQLSTATE.notNull, column: 'source_id' });
  });

  it('a price cannot exist without a source', async () => {
    const row = price(await newModel());
    const expected = { code: SQLSTATE.notNull, table: 'prices', column: 'source_id' };
    await refuseInsert('prices', without(row, 'source_id'), expected);
    await refuseInsert('prices', { ...row, source_id: null }, expected);
  });

  it('a price cannot cite a source that does not exist', async () => {
    await refuseInsert('prices', price(await newModel(), { source_id: 999_999 }), {
      code: SQLSTATE.foreignKey,
      constraint: 'prices_source_id_sources_id_fkey',
    });
  });

  it('a model fact cannot exist without a source', async () => {
    const row = fact(await newModel(), 'CONTEXT_WINDOW', '200000');
    await refuseInsert('model_facts', without(row, 'source_id'), { code: SQLSTATE.notNull, table: 'model_facts', column: 'source_id' });
    await refuseInsert('model_facts', { ...row, source_id: 999_999 }, {
      code: SQLSTATE.foreignKey,
      constraint: 'model_facts_source_id_sources_id_fkey',
    });
  });

  it('a citation says where in the source the number appears', async () => {
    const modelId = await newModel();
    for (const locator of ['', '   ']) {
      await refuseInsert('scores', score(modelId, { locator }), { code: SQLSTATE.check, constraint: 'scores_locator_check' });
      await refuseInsert('prices', price(modelId, { locator }), { code: SQLSTATE.check, constraint: 'prices_locator_check' });
      await refuseInsert('model_facts', fact(modelId, 'RELEASE_DATE', '2025-04-16', { locator }), {
        code: SQLSTATE.check,
        constraint: 'model_facts_locator_check',
      });
    }
    await refuseInsert('scores', without(score(modelId), 'locator'), { code: SQLSTATE.notNull, column: 'locator' });
    const { id } = await insert('scores', score(modelId));
    await refuseUpdate('scores', id, { locator: ' ' }, { code: SQLSTATE.check, constraint: 'scores_locator_check' });
  });

  it('a citation says when the source was retrieved', async () => {
    await refuseInsert('scores', without(score(await newModel()), 'retrieved_at'), { code: SQLSTATE.notNull, column: 'retrieved_at' });
  });

  it('a source that numbers cite cannot be deleted', async () => {
    const cited = await insert('sources', {
      url: 'https://example.org/leaderboard/gpqa',
      title: 'GPQA leaderboard',
      publisher: 'Example Lab',
      kind: 'INDEPENDENT_LEADERBOARD',
      retrieved_at: '2025-05-01',
    });
    await insert('scores', score(await newModel(), { source_id: cited.id, setting: 'leaderboard' }));
    await expectRefused(
      'delete from sources where id = $1',
      [cited.id],
      { code: SQLSTATE.foreignKey, constraint: 'scores_source_id_sources_id_fkey' },
      ['sources', 'scores'],
    );
  });
});

describe('values make sense', () => {
  it('a price cannot be negative, and a free price is allowed', async () => {
    const modelId = await newModel();
    await refuseInsert('prices', price(modelId, { usd_per_million_tokens: -0.01 }), {
      code: SQLSTATE.check,
      constraint: 'prices_non_negative_check',
    });
    const { id } = await insert('prices', price(modelId, { usd_per_million_tokens: 0 }));
    await refuseUpdate('prices', id, { usd_per_million_tokens: -1 }, { code: SQLSTATE.check, constraint: 'prices_non_negative_check' });
  });

  it('a long-context tier starts at zero tokens or more', async () => {
    await refuseInsert('prices', price(await newModel(), { tier_min_tokens: -1 }), { code: SQLSTATE.check, constraint: 'prices_tier_check' });
  });

  it("a score lies within its benchmark's scale", async () => {
    const modelId = await newModel();
    const outside = { code: SQLSTATE.check, constraint: 'scores_value_scale_check', table: 'scores', message: /outside the scale of benchmark gpqa-diamond/ };
    await refuseInsert('scores', score(modelId, { value: 100.5 }), outside);
    await refuseInsert('scores', score(modelId, { value: -0.1 }), outside);
    // Both ends of the scale are inside it.
    await insert('scores', score(modelId, { value: 0, setting: 'floor' }));
    await insert('scores', score(modelId, { value: 100, setting: 'ceiling' }));
  });

  it("a score stays within its benchmark's scale when it is corrected", async () => {
    const { id } = await insert('scores', score(await newModel()));
    await refuseUpdate('scores', id, { value: 181.4 }, {
      code: SQLSTATE.check,
      constraint: 'scores_value_scale_check',
      message: /score 181\.4 is outside the scale of benchmark gpqa-diamond/,
    });
    await update('scores', id, { value: 82 });
  });

  it('a score cannot move to a benchmark whose scale it does not fit', async () => {
    const { id } = await insert('scores', score(await newModel(), { value: 81.4 }));
    await refuseUpdate('scores', id, { benchmark_id: fx.unitScale }, {
      code: SQLSTATE.check,
      constraint: 'scores_value_scale_check',
      message: /outside the scale of benchmark unit-scale/,
    });
  });

  it('a score is a finite number', async () => {
    const modelId = await newModel();
    for (const literal of ['NaN', 'Infinity', '-Infinity']) {
      await expectRefused(
        `insert into scores (model_id, benchmark_id, value, source_id, locator, retrieved_at)
         values ($1, $2, '${literal}'::float8, $3, 'Table 2', '2025-04-20')`,
        [modelId, fx.gpqa, fx.card],
        // The scale trigger runs before the CHECK and refuses these first. (Note: PostgreSQL holds
        // NaN = NaN, so scores_value_finite_check alone would not refuse NaN; the trigger does, as NaN
        // sorts above every number.)
        { code: SQLSTATE.check, constraint: expect.stringMatching(/^scores_value_(finite|scale)_check$/) },
        ['scores'],
      );
    }
  });

  it("a benchmark's scale cannot shrink under the scores entered for it", async () => {
    const benchmark = await insert('benchmarks', { slug: 'shrinking', name: 'Shrinking', scale_min: 0, scale_max: 100 });
    await insert('scores', score(await newModel(), { benchmark_id: benchmark.id, value: 81.4 }));
    const shrinks = { code: SQLSTATE.check, constraint: 'benchmarks_scale_scores_check', message: /benchmark shrinking has scores outside the new scale/ };
    await refuseUpdate('benchmarks', benchmark.id, { scale_max: 80 }, shrinks, ['benchmarks', 'scores']);
    await refuseUpdate('benchmarks', benchmark.id, { scale_min: 90 }, shrinks, ['benchmarks', 'scores']);
    // Shrinking to a scale that still holds every score is fine.
    await update('benchmarks', benchmark.id, { scale_max: 90 });
  });

  it("a benchmark's scale runs from a minimum below its maximum", async () => {
    await refuseInsert('benchmarks', { slug: 'flat', name: 'Flat', scale_min: 10, scale_max: 10 }, {
      code: SQLSTATE.check,
      constraint: 'benchmarks_scale_check',
    });
  });

  const badFacts: [string, string][] = [
    ['RELEASE_DATE', '2025-13-01'],
    ['RELEASE_DATE', '2025-04-32'],
    ['RELEASE_DATE', '2025-4-16'],
    ['RELEASE_DATE', 'April 16, 2025'],
    ['KNOWLEDGE_CUTOFF', 'June 2024'],
    ['CONTEXT_WINDOW', '-5'],
    ['CONTEXT_WINDOW', '0'],
    ['CONTEXT_WINDOW', '200K'],
    ['CONTEXT_WINDOW', '200,000'],
    ['MAX_OUTPUT_TOKENS', '1e5'],
  ];
  it.each(badFacts)('a %s of "%s" is refused', async (kind, value) => {
    await refuseInsert('model_facts', fact(await newModel(), kind, value), { code: SQLSTATE.check, constraint: 'model_facts_value_check' });
  });

  it('well-formed fact values insert (positive control)', async () => {
    const modelId = await newModel();
    await insert('model_facts', fact(modelId, 'RELEASE_DATE', '2025-04-16'));
    await insert('model_facts', fact(modelId, 'KNOWLEDGE_CUTOFF', '2024-06'));
    await insert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000'));
    await insert('model_facts', fact(modelId, 'MAX_OUTPUT_TOKENS', '100000'));
    await refuseInsert('model_facts', fact(modelId, 'PARAMETER_COUNT', '1000'), { code: SQLSTATE.check, constraint: 'model_facts_fact_check' });
  });
});

describe('four eyes', () => {
  it('nobody verifies their own entry', async () => {
    const modelId = await newModel();
    const self = { ...verifiedBy(fx.editor) };
    await refuseInsert('scores', score(modelId, self), { code: SQLSTATE.check, constraint: 'scores_four_eyes_check' });
    await refuseInsert('prices', price(modelId, self), { code: SQLSTATE.check, constraint: 'prices_four_eyes_check' });
    await refuseInsert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', self), {
      code: SQLSTATE.check,
      constraint: 'model_facts_four_eyes_check',
    });
    // The usual path: submitted for review, then verified by the author themself.
    const { id } = await insert('scores', score(modelId, { status: 'PENDING_REVIEW' }));
    await refuseUpdate('scores', id, verifiedBy(fx.editor), { code: SQLSTATE.check, constraint: 'scores_four_eyes_check' });
    // A second person may.
    await update('scores', id, verifiedBy(fx.reviewer));
  });

  it("an editor's number is not verified without a verifier", async () => {
    const modelId = await newModel();
    await refuseInsert('scores', score(modelId, { status: 'VERIFIED' }), { code: SQLSTATE.check, constraint: 'scores_verified_by_check' });
    await refuseInsert('prices', price(modelId, { status: 'VERIFIED' }), { code: SQLSTATE.check, constraint: 'prices_verified_by_check' });
    await refuseInsert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', { status: 'VERIFIED' }), {
      code: SQLSTATE.check,
      constraint: 'model_facts_verified_by_check',
    });
    // Nor with a verifier but no recorded author (four eyes cannot be shown).
    await refuseInsert('scores', score(modelId, { ...verifiedBy(fx.reviewer), created_by: null }), {
      code: SQLSTATE.check,
      constraint: 'scores_verified_by_check',
    });
    const { id } = await insert('scores', score(modelId, { status: 'PENDING_REVIEW' }));
    await refuseUpdate('scores', id, { status: 'VERIFIED' }, { code: SQLSTATE.check, constraint: 'scores_verified_by_check' });
    // Superseding keeps the verifier requirement: the superseded number was once published.
    await refuseUpdate('scores', id, { status: 'SUPERSEDED' }, { code: SQLSTATE.check, constraint: 'scores_verified_by_check' });
  });

  it('an imported number is published by the import itself (positive control of the exemption)', async () => {
    const row = await insert('scores', score(await newModel(), { origin: 'IMPORT', status: 'VERIFIED', created_by: null }));
    expect(row).toMatchObject({ status: 'VERIFIED', verified_by: null });
  });

  it("an editor's entry cannot be relabelled as imported to skip the second person", async () => {
    const modelId = await newModel();
    // Entered by a person, so never IMPORT…
    await refuseInsert('scores', score(modelId, { origin: 'IMPORT', status: 'VERIFIED' }), { code: SQLSTATE.check, constraint: 'scores_import_origin_check' });
    await refuseInsert('prices', price(modelId, { origin: 'IMPORT', status: 'VERIFIED' }), { code: SQLSTATE.check, constraint: 'prices_import_origin_check' });
    await refuseInsert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', { origin: 'IMPORT', status: 'VERIFIED' }), {
      code: SQLSTATE.check,
      constraint: 'model_facts_import_origin_check',
    });
    // …and the origin of a row stays as it was written, even with the author wiped.
    const { id } = await insert('scores', score(modelId, { status: 'PENDING_REVIEW' }));
    await refuseUpdate('scores', id, { origin: 'IMPORT', status: 'VERIFIED', created_by: null }, { code: SQLSTATE.check, constraint: 'scores_origin_fixed', message: /^scores\.origin cannot change \(from EDITOR to IMPORT\)$/ });
    const priceRow = await insert('prices', price(modelId, { status: 'PENDING_REVIEW' }));
    await refuseUpdate('prices', priceRow.id, { origin: 'IMPORT', created_by: null }, { code: SQLSTATE.check, constraint: 'prices_origin_fixed', message: /^prices\.origin cannot change \(from EDITOR to IMPORT\)$/ });
    const factRow = await insert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', { status: 'PENDING_REVIEW' }));
    await refuseUpdate('model_facts', factRow.id, { origin: 'IMPORT', created_by: null }, { code: SQLSTATE.check, constraint: 'model_facts_origin_fixed', message: /^model_facts\.origin cannot change \(from EDITOR to IMPORT\)$/ });
    // The same update without relabelling goes through (the trigger only guards origin).
    await update('scores', id, verifiedBy(fx.reviewer));
  });

  it('a rejection carries a reason', async () => {
    const modelId = await newModel();
    for (const reason of [null, '', '   ']) {
      await refuseInsert('scores', score(modelId, { status: 'REJECTED', rejection_reason: reason }), {
        code: SQLSTATE.check,
        constraint: 'scores_rejection_check',
      });
    }
    await refuseInsert('prices', price(modelId, { status: 'REJECTED' }), { code: SQLSTATE.check, constraint: 'prices_rejection_check' });
    await refuseInsert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', { status: 'REJECTED' }), {
      code: SQLSTATE.check,
      constraint: 'model_facts_rejection_check',
    });
    const { id } = await insert('scores', score(modelId, { status: 'PENDING_REVIEW' }));
    await refuseUpdate('scores', id, { status: 'REJECTED' }, { code: SQLSTATE.check, constraint: 'scores_rejection_check' });
    await update('scores', id, { status: 'REJECTED', rejection_reason: 'The card reports 81.4 for o4-mini (high), not this setting' });
  });

  it('a claim status is one of the workflow states', async () => {
    await refuseInsert('scores', score(await newModel(), { status: 'PUBLISHED' }), { code: SQLSTATE.check, constraint: 'scores_status_check' });
  });
});

describe('disagreement and history', () => {
  it('one verified score per model, benchmark and setting; other claims stay beside it', async () => {
    const modelId = await newModel();
    await insert('scores', score(modelId, verifiedBy(fx.reviewer)));
    await refuseInsert('scores', score(modelId, { ...verifiedBy(fx.reviewer), source_id: fx.paper, value: 80.1 }), {
      code: SQLSTATE.unique,
      constraint: 'scores_verified_key',
    });
    // A disagreeing source is kept, unpublished, for the auditors.
    await insert('scores', score(modelId, { source_id: fx.paper, value: 80.1, status: 'PENDING_REVIEW' }));
    // Under another setting it is another number.
    await insert('scores', score(modelId, { ...verifiedBy(fx.reviewer), setting: 'pass@1, with tools', value: 83 }));
    // Promoting the disagreeing claim while the first is still verified is refused too.
    const pending = (await db.raw.query<{ id: number }>(`select id from scores where model_id = $1 and status = 'PENDING_REVIEW'`, [modelId]))[0]!;
    await refuseUpdate('scores', pending.id, verifiedBy(fx.otherReviewer), { code: SQLSTATE.unique, constraint: 'scores_verified_key' });
  });

  it('one verified price per model, kind, tier and effective date; a new date is price history', async () => {
    const modelId = await newModel();
    await insert('prices', price(modelId, verifiedBy(fx.reviewer)));
    await refuseInsert('prices', price(modelId, { ...verifiedBy(fx.reviewer), usd_per_million_tokens: 1.2, source_id: fx.card }), {
      code: SQLSTATE.unique,
      constraint: 'prices_verified_key',
    });
    await insert('prices', price(modelId, { ...verifiedBy(fx.reviewer), usd_per_million_tokens: 1.0, effective_from: '2025-06-01' }));
  });

  it('one verified value per model fact', async () => {
    const modelId = await newModel();
    await insert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', verifiedBy(fx.reviewer)));
    await refuseInsert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '128000', { ...verifiedBy(fx.reviewer), source_id: fx.paper }), {
      code: SQLSTATE.unique,
      constraint: 'model_facts_verified_key',
    });
  });

  it('the same source cannot be entered twice as an open claim, while superseded and rejected copies stay as history', async () => {
    const modelId = await newModel();
    await insert('scores', score(modelId, { status: 'DRAFT' }));
    await refuseInsert('scores', score(modelId, { status: 'PENDING_REVIEW', value: 81.5 }), {
      code: SQLSTATE.unique,
      constraint: 'scores_open_source_key',
    });
    await refuseInsert('scores', score(modelId, { status: 'DRAFT' }), { code: SQLSTATE.unique, constraint: 'scores_open_source_key' });
    // History: earlier copies of the same citation.
    await insert('scores', score(modelId, { ...verifiedBy(fx.reviewer), status: 'SUPERSEDED', value: 80 }));
    await insert('scores', score(modelId, { status: 'REJECTED', rejection_reason: 'Misread the table', value: 18.4 }));
    // A correction from the same source may wait for review beside the verified value.
    await insert('scores', score(modelId, { ...verifiedBy(fx.reviewer), value: 81.4, setting: 'high' }));
    await insert('scores', score(modelId, { status: 'PENDING_REVIEW', value: 81.6, setting: 'high' }));

    const priceModel = await newModel();
    await insert('prices', price(priceModel));
    await refuseInsert('prices', price(priceModel, { usd_per_million_tokens: 1.2 }), { code: SQLSTATE.unique, constraint: 'prices_open_source_key' });
    await insert('model_facts', fact(priceModel, 'CONTEXT_WINDOW', '200000'));
    await refuseInsert('model_facts', fact(priceModel, 'CONTEXT_WINDOW', '128000'), {
      code: SQLSTATE.unique,
      constraint: 'model_facts_open_source_key',
    });
  });
});

describe('catalog identity', () => {
  it('slugs are lower-case identifiers', async () => {
    for (const slug of ['O4-mini', 'o4 mini', '-o4-mini', '', 'o4/mini']) {
      await refuseInsert('models', { slug, name: 'o4-mini', provider_id: fx.provider }, { code: SQLSTATE.check, constraint: 'models_slug_check' });
    }
    await refuseInsert('providers', { slug: 'Open AI', name: 'OpenAI' }, { code: SQLSTATE.check, constraint: 'providers_slug_check' });
    await refuseInsert('benchmarks', { slug: 'GPQA', name: 'GPQA' }, { code: SQLSTATE.check, constraint: 'benchmarks_slug_check' });
    await refuseInsert('model_families', { slug: 'o series', name: 'o-series', provider_id: fx.provider }, {
      code: SQLSTATE.check,
      constraint: 'model_families_slug_check',
    });
    await insert('models', { slug: 'gpt-4.1_mini-2025', name: 'GPT-4.1 mini', provider_id: fx.provider });
  });

  it('a slug names one model, provider and benchmark', async () => {
    await insert('models', { slug: 'o3', name: 'o3', provider_id: fx.provider });
    await refuseInsert('models', { slug: 'o3', name: 'o3 again', provider_id: fx.provider }, { code: SQLSTATE.unique, constraint: 'models_slug_key' });
    await refuseInsert('providers', { slug: 'openai', name: 'OpenAI again' }, { code: SQLSTATE.unique, constraint: 'providers_slug_key' });
    await refuseInsert('benchmarks', { slug: 'gpqa-diamond', name: 'GPQA again' }, { code: SQLSTATE.unique, constraint: 'benchmarks_slug_key' });
  });

  const sourceRow = (over: Row = {}): Row => ({
    url: 'https://example.org/card',
    title: 'A model card',
    publisher: 'Example',
    kind: 'VENDOR_MODEL_CARD',
    retrieved_at: '2025-04-20',
    ...over,
  });

  it('a source URL is an http(s) URL', async () => {
    for (const url of ['ftp://openai.com/card', 'openai.com/card', 'https://openai.com/a card', '', 'javascript:alert(1)']) {
      await refuseInsert('sources', sourceRow({ url }), { code: SQLSTATE.check, constraint: 'sources_url_check' });
    }
    await refuseInsert('sources', sourceRow({ archived_url: 'web.archive.org/x' }), { code: SQLSTATE.check, constraint: 'sources_archived_url_check' });
    await insert('sources', sourceRow({ url: 'http://example.org/plain-http', archived_url: 'https://web.archive.org/web/2025/https://example.org/' }));
  });

  it('a source URL is entered once', async () => {
    await refuseInsert('sources', sourceRow({ url: 'https://openai.com/api/pricing/' }), { code: SQLSTATE.unique, constraint: 'sources_url_key' });
  });

  it('a source has a title and a known kind', async () => {
    await refuseInsert('sources', sourceRow({ url: 'https://example.org/t', title: '  ' }), { code: SQLSTATE.check, constraint: 'sources_title_check' });
    await refuseInsert('sources', sourceRow({ url: 'https://example.org/k', kind: 'BLOG' }), { code: SQLSTATE.check, constraint: 'sources_kind_check' });
  });

  it('one account per email address, whatever its case', async () => {
    await refuseInsert('users', { email: 'Editor@Sourced.TEST', role: 'EDITOR', password_hash: 'h' }, { code: SQLSTATE.unique, constraint: 'users_email_key' });
    await refuseInsert('users', { email: 'not an email', role: 'EDITOR', password_hash: 'h' }, { code: SQLSTATE.check, constraint: 'users_email_check' });
    await refuseInsert('users', { email: 'root@sourced.test', role: 'SUPERUSER', password_hash: 'h' }, { code: SQLSTATE.check, constraint: 'users_role_check' });
    await insert('users', { email: 'admin@sourced.test', role: 'ADMIN', password_hash: 'h' });
  });
});

describe('verified values are copied to the model row', () => {
  it('verified facts reach the model; drafts and pending claims do not', async () => {
    const modelId = await newModel();
    const release = await insert('model_facts', fact(modelId, 'RELEASE_DATE', '2025-04-16'));
    const context = await insert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', { status: 'PENDING_REVIEW' }));
    expect(await modelCopy(modelId)).toMatchObject({ release_date: null, context_window: null });

    await update('model_facts', release.id, verifiedBy(fx.reviewer));
    await update('model_facts', context.id, verifiedBy(fx.reviewer));
    await insert('model_facts', fact(modelId, 'KNOWLEDGE_CUTOFF', '2024-06', verifiedBy(fx.reviewer)));
    await insert('model_facts', fact(modelId, 'MAX_OUTPUT_TOKENS', '100000', verifiedBy(fx.reviewer)));
    expect(await modelCopy(modelId)).toMatchObject({
      release_date: '2025-04-16',
      knowledge_cutoff: '2024-06',
      context_window: 200000,
      max_output_tokens: 100000,
    });
  });

  it('a release date known to the month is copied as the first of that month', async () => {
    const modelId = await newModel();
    await insert('model_facts', fact(modelId, 'RELEASE_DATE', '2025-04', verifiedBy(fx.reviewer)));
    expect((await modelCopy(modelId)).release_date).toBe('2025-04-01');
  });

  it('the copy is cleared when the fact is no longer verified', async () => {
    const modelId = await newModel();
    const release = await insert('model_facts', fact(modelId, 'RELEASE_DATE', '2025-04-16', verifiedBy(fx.reviewer)));
    const context = await insert('model_facts', fact(modelId, 'CONTEXT_WINDOW', '200000', verifiedBy(fx.reviewer)));
    const cutoff = await insert('model_facts', fact(modelId, 'KNOWLEDGE_CUTOFF', '2024-06', verifiedBy(fx.reviewer)));
    expect(await modelCopy(modelId)).toMatchObject({ release_date: '2025-04-16', context_window: 200000, knowledge_cutoff: '2024-06' });

    await update('model_facts', release.id, { status: 'SUPERSEDED' });
    await update('model_facts', context.id, { status: 'REJECTED', rejection_reason: 'Context is 128K on the free tier' });
    await db.raw.query('delete from model_facts where id = $1', [cutoff.id]);
    expect(await modelCopy(modelId)).toMatchObject({ release_date: null, context_window: null, knowledge_cutoff: null });

    // A corrected value takes the place of the superseded one.
    await insert('model_facts', fact(modelId, 'RELEASE_DATE', '2025-04-17', { ...verifiedBy(fx.reviewer), source_id: fx.paper }));
    expect((await modelCopy(modelId)).release_date).toBe('2025-04-17');
  });

  it('verified base prices reach the model; the latest effective one wins; the copy is cleared when withdrawn', async () => {
    const modelId = await newModel();
    const draft = await insert('prices', price(modelId));
    expect(await modelCopy(modelId)).toMatchObject({ input_price: null, output_price: null });

    await update('prices', draft.id, verifiedBy(fx.reviewer));
    const output = await insert('prices', price(modelId, { ...verifiedBy(fx.reviewer), kind: 'OUTPUT', usd_per_million_tokens: 4.4 }));
    // A long-context tier is not the base price.
    await insert('prices', price(modelId, { ...verifiedBy(fx.reviewer), tier_min_tokens: 128000, usd_per_million_tokens: 2.2 }));
    expect(await modelCopy(modelId)).toMatchObject({ input_price: 1.1, output_price: 4.4 });

    const cut = await insert('prices', price(modelId, { ...verifiedBy(fx.reviewer), usd_per_million_tokens: 0.55, effective_from: '2025-09-01' }));
    expect((await modelCopy(modelId)).input_price).toBe(0.55);

    await update('prices', cut.id, { status: 'SUPERSEDED' });
    expect((await modelCopy(modelId)).input_price).toBe(1.1);
    await update('prices', draft.id, { status: 'PENDING_REVIEW', verified_by: null, verified_at: null });
    await db.raw.query('delete from prices where id = $1', [output.id]);
    expect(await modelCopy(modelId)).toMatchObject({ input_price: null, output_price: null });
  });

  it('a price that is not yet effective does not reach the model', async () => {
    const modelId = await newModel();
    await insert('prices', price(modelId, { ...verifiedBy(fx.reviewer), effective_from: '2999-01-01' }));
    expect((await modelCopy(modelId)).input_price).toBeNull();
  });
});

describe('the audit trail is append-only', () => {
  it('events are appended but never updated, deleted or truncated', async () => {
    await insert('audit_events', { actor_id: fx.editor, action: 'CREATE', entity_type: 'Score', entity_id: '1', diff: '{"after":{"value":81.4}}' });
    const appendOnly = { code: SQLSTATE.insufficientPrivilege, message: /audit_events is append-only/ };
    await expectRefused(`update audit_events set action = 'DELETE'`, [], appendOnly, ['audit_events']);
    await expectRefused('delete from audit_events', [], appendOnly, ['audit_events']);
    await expectRefused('truncate audit_events', [], appendOnly, ['audit_events']);
    await refuseInsert('audit_events', { action: 'create score', entity_type: 'Score', entity_id: '1', diff: '{}' }, {
      code: SQLSTATE.check,
      constraint: 'audit_events_action_check',
    });
  });
});
