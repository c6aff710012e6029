import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../faults/harness.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, rowId, type Session } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// A model-based test of the score workflow (DRAFT → PENDING_REVIEW → VERIFIED / REJECTED /
// SUPERSEDED) through the real HTTP API: random people (2 editors, 2 reviewers, an admin) send random
// workflow commands; a small model predicts which succeed and what every score looks like after. After
// each command the database and the public API are checked against the model and the methodology:
// no public number without a verified citation, nobody verifies their own entry, one audit row per
// successful mutation. Races send two to four commands on one score at once (interleavings the model
// cannot order, only bound). One app and database for all runs; each run gets a model and benchmark of its own.

type Actor = 'editor1' | 'editor2' | 'reviewer1' | 'reviewer2' | 'admin';
const actors: Actor[] = ['editor1', 'editor2', 'reviewer1', 'reviewer2', 'admin'];
const isReviewer = (actor: Actor) => actor === 'reviewer1' || actor === 'reviewer2' || actor === 'admin';
type Status = 'DRAFT' | 'PENDING_REVIEW' | 'VERIFIED' | 'REJECTED' | 'SUPERSEDED';
const open: Status[] = ['DRAFT', 'PENDING_REVIEW'];
type VersionMode = 'none' | 'current' | 'stale';

interface ScoreState {
  id: string;
  rowId: number;
  createdBy: Actor;
  source: number;
  setting: string;
  value: number;
  status: Status;
  version: number;
  /** Who edited it after it was entered: they are not the second pair of eyes either. */
  changedBy: Set<Actor>;
}

/** What the model knows: the run's scores and how many mutations succeeded. */
interface WorkflowModel {
  scores: ScoreState[];
  successes: number;
}

interface Real {
  modelSlug: string;
  benchmarkSlug: string;
  modelId: number;
  auditBaseline: number;
}

let app: TestApp;
const sessions = {} as Record<Actor, Session>;
const userIds = {} as Record<Actor, number>;
const sourceIds: number[] = [];
let providerId: number;
let runs = 0;
let commands = 0;
let violations = 0;
let successes = 0;
const outcomes = new Map<string, number>();

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    providerId = await catalog.provider('workflowco', 'WorkflowCo');
    for (let i = 0; i < 3; i++) sourceIds.push(await catalog.source(`https://workflow.test/source-${i}`));
    for (const actor of actors) {
      const role = actor === 'admin' ? 'ADMIN' : actor.startsWith('reviewer') ? 'REVIEWER' : 'EDITOR';
      userIds[actor] = await insertUser(db, `${actor}@sourced.test`, role);
    }
  });
  for (const actor of actors) sessions[actor] = await login(app, `${actor}@sourced.test`);
});
afterAll(() => app?.close());

const scoreFields = '... on Score { id status version value }';
const mutations = {
  create: `mutation($input: CreateScoreInput!) { createScore(input: $input) { __typename ... on CreateScoreSuccess { score { ${scoreFields} } } ... on Error { message } } }`,
  submit: `mutation($id: ID!, $v: Int) { submitForReview(id: $id, expectedVersion: $v) { __typename ... on SubmitForReviewSuccess { claim { ${scoreFields} } } ... on Error { message } } }`,
  verify: `mutation($id: ID!, $v: Int!) { verifyScore(id: $id, expectedVersion: $v) { __typename ... on VerifyScoreSuccess { score { ${scoreFields} } } ... on Error { message } } }`,
  reject: `mutation($id: ID!, $v: Int!) { rejectScore(id: $id, reason: "Does not match the cited table.", expectedVersion: $v) { __typename ... on RejectScoreSuccess { score { ${scoreFields} } } ... on Error { message } } }`,
  update: `mutation($id: ID!, $v: Int!, $value: Float!) { updateScore(id: $id, expectedVersion: $v, patch: { value: $value }) { __typename ... on UpdateScoreSuccess { score { ${scoreFields} } } ... on Error { message } } }`,
};

/** Sends one mutation as `actor`; returns the result union's typename and its score, if any. */
async function mutate(actor: Actor, name: keyof typeof mutations, variables: Record<string, unknown>) {
  const response = await app.gql(mutations[name], variables, sessions[actor].headers);
  if (response.errors || !response.data) throw new Error(`${name} answered errors: ${JSON.stringify(response.errors)}`);
  const result = Object.values(response.data)[0] as { __typename: string; message?: string; score?: any; claim?: any };
  return { typename: result.__typename, message: result.message, score: result.score ?? result.claim };
}

const versionFor = (score: ScoreState, mode: VersionMode) =>
  mode === 'none' ? null : mode === 'current' ? score.version : score.version > 1 ? score.version - 1 : score.version + 1;

/** Another open entry from the same source for the same slot: the database allows one. */
const openTwin = (m: WorkflowModel, score: { source: number; setting: string; rowId?: number }) =>
  m.scores.some((other) => other.rowId !== score.rowId && open.includes(other.status) && other.source === score.source && other.setting === score.setting);

function fail(message: string): never {
  violations++;
  throw new Error(message);
}

/** Compares the outcome with the model's prediction; a mismatch is an invariant violation. */
function expectOutcome(command: string, expected: string, actual: { typename: string; message?: string }) {
  outcomes.set(`${command} → ${actual.typename}`, (outcomes.get(`${command} → ${actual.typename}`) ?? 0) + 1);
  if (actual.typename !== expected) fail(`${command}: the model expected ${expected}, the API answered ${actual.typename} (${actual.message ?? ''})`);
}

/** The invariants, against the database and the public API, after every command. */
async function checkInvariants(m: WorkflowModel, r: Real) {
  const rows = await app.db.raw.query<{ id: number; status: string; version: number; value: number; created_by: number; verified_by: number | null }>(
    'select id, status, version, value, created_by, verified_by from scores where model_id = $1 order by id',
    [r.modelId],
  );
  const expected = m.scores.map((s) => ({ id: s.rowId, status: s.status, version: s.version, value: s.value }));
  const actual = rows.map((row) => ({ id: Number(row.id), status: row.status, version: Number(row.version), value: Number(row.value) }));
  if (JSON.stringify(actual) !== JSON.stringify(expected)) fail(`database rows differ from the model:\n  db    ${JSON.stringify(actual)}\n  model ${JSON.stringify(expected)}`);

  const [counts] = await app.db.raw.query<{ audit: number; self: number; unverified: number; two_published: number }>(
    `select (select count(*)::int from audit_events) as audit,
       (select count(*)::int from scores s where s.verified_by is not null and (s.verified_by = s.created_by or exists
          (select 1 from audit_events a where a.entity_type = 'Score' and a.entity_id = s.id::text and a.action = 'UPDATE' and a.actor_id = s.verified_by))) as self,
       (select count(*)::int from scores where status in ('VERIFIED', 'SUPERSEDED') and origin = 'EDITOR' and (verified_by is null or verified_at is null)) as unverified,
       (select count(*)::int from (select 1 from scores where status = 'VERIFIED' group by model_id, benchmark_id, setting having count(*) > 1) g) as two_published`,
  );
  if (Number(counts!.self) !== 0) fail(`${counts!.self} scores verified by the person who entered or changed them`);
  if (Number(counts!.unverified) !== 0) fail(`${counts!.unverified} published scores without a verifier`);
  if (Number(counts!.two_published) !== 0) fail(`${counts!.two_published} slots with two published values`);
  const audit = Number(counts!.audit) - r.auditBaseline;
  if (audit !== m.successes) fail(`audit rows ${audit} ≠ successful mutations ${m.successes}`);

  const page = await app.gql<{ model: { scores: { value: number; setting: string | null; citation: { locator: string; source: { url: string } | null } | null }[] } }>(
    'query($slug: String!) { model(slug: $slug) { scores { value setting citation { locator source { url } } } } }',
    { slug: r.modelSlug },
  );
  const published = page.data!.model.scores;
  for (const score of published) {
    if (!score.citation?.source?.url || !score.citation.locator.trim()) fail(`public score ${score.value} without a citation: ${JSON.stringify(score)}`);
  }
  const shown = published.map((score) => `${score.setting ?? ''}|${score.value}`).sort();
  const verified = m.scores.filter((s) => s.status === 'VERIFIED').map((s) => `${s.setting}|${s.value}`).sort();
  if (JSON.stringify(shown) !== JSON.stringify(verified)) fail(`public scores ${JSON.stringify(shown)} ≠ verified in the model ${JSON.stringify(verified)}`);
}

/** After a success the API's answer must match the model's new state of the score. */
function expectScore(command: string, answered: { id: string; status: string; version: number; value: number } | undefined, state: ScoreState) {
  if (!answered || answered.id !== state.id || answered.status !== state.status || answered.version !== state.version || answered.value !== state.value) {
    fail(`${command}: answered ${JSON.stringify(answered)}, the model has ${JSON.stringify(state)}`);
  }
}

abstract class WorkflowCommand implements fc.AsyncCommand<WorkflowModel, Real> {
  abstract check(m: Readonly<WorkflowModel>): boolean;
  abstract execute(m: WorkflowModel, r: Real): Promise<void>;
  async run(m: WorkflowModel, r: Real) {
    commands++;
    await this.execute(m, r);
    await checkInvariants(m, r);
  }
  abstract toString(): string;
}

class CreateScore extends WorkflowCommand {
  constructor(readonly actor: Actor, readonly source: number, readonly setting: string, readonly value: number, readonly submit: boolean) {
    super();
  }
  check() {
    return true;
  }
  async execute(m: WorkflowModel, r: Real) {
    const result = await mutate(this.actor, 'create', {
      input: {
        model: r.modelSlug,
        benchmark: r.benchmarkSlug,
        value: this.value,
        setting: this.setting,
        citation: { sourceId: globalId('Source', sourceIds[this.source]!), locator: `Table ${this.source + 1}` },
        submitForReview: this.submit,
      },
    });
    const expected = openTwin(m, this) ? 'ValidationError' : 'CreateScoreSuccess';
    expectOutcome('create', expected, result);
    if (result.typename !== 'CreateScoreSuccess') return;
    const id = result.score.id as string;
    const state: ScoreState = {
      id,
      rowId: rowId(id),
      createdBy: this.actor,
      source: this.source,
      setting: this.setting,
      value: this.value,
      status: this.submit ? 'PENDING_REVIEW' : 'DRAFT',
      version: 1,
      changedBy: new Set(),
    };
    m.scores.push(state);
    m.successes++;
    expectScore('create', result.score, state);
  }
  toString() {
    return `create(${this.actor}, source ${this.source}, "${this.setting}", ${this.value}${this.submit ? ', submit' : ''})`;
  }
}

/**
 * A command on one of the run's scores, picked by index. Each says what the API should answer from
 * the model's state (`expected`) and how a success changes the model (`apply`), so the same command
 * can run alone or in a race (`Race`) where the model cannot know the order.
 */
abstract class OnScore extends WorkflowCommand {
  abstract readonly mutation: keyof typeof mutations;
  abstract readonly success: string;
  constructor(readonly actor: Actor, readonly pick: number, readonly mode: VersionMode) {
    super();
  }
  check(m: Readonly<WorkflowModel>) {
    return m.scores.length > 0;
  }
  target(m: WorkflowModel) {
    return m.scores[this.pick % m.scores.length]!;
  }
  label(name: string) {
    return `${name}(${this.actor}, #${this.pick}, ${this.mode} version)`;
  }
  /** The same command, sent with another version mode. */
  abstract withMode(mode: VersionMode): OnScore;
  abstract expected(m: WorkflowModel, score: ScoreState): string;
  /** The outcome's name in the tally (`verify own`, `update stale`, …). */
  outcomeName(_score: ScoreState): string {
    return this.mutation;
  }
  variables(score: ScoreState): Record<string, unknown> {
    return { id: score.id, v: versionFor(score, this.mode) };
  }
  /** The model after a success; the caller counts the success and compares the answer. */
  abstract apply(m: WorkflowModel, score: ScoreState): void;
  send(score: ScoreState) {
    return mutate(this.actor, this.mutation, this.variables(score));
  }
  succeeded(m: WorkflowModel, score: ScoreState, answered: { score?: any }) {
    this.apply(m, score);
    score.version++;
    m.successes++;
    expectScore(this.mutation, answered.score, score);
  }
  async execute(m: WorkflowModel) {
    const score = this.target(m);
    const expected = this.expected(m, score);
    const result = await this.send(score);
    expectOutcome(this.outcomeName(score), expected, result);
    if (result.typename === this.success) this.succeeded(m, score, result);
  }
}

class Submit extends OnScore {
  readonly mutation = 'submit';
  readonly success = 'SubmitForReviewSuccess';
  withMode(mode: VersionMode) {
    return new Submit(this.actor, this.pick, mode);
  }
  // Order of the checks in the server: version, then status, then the database's one-open-entry rule.
  expected(m: WorkflowModel, score: ScoreState) {
    return this.mode === 'stale' || !['DRAFT', 'REJECTED'].includes(score.status)
      ? 'ConflictError'
      : score.status === 'REJECTED' && openTwin(m, score)
        ? 'ValidationError'
        : this.success;
  }
  apply(_m: WorkflowModel, score: ScoreState) {
    score.status = 'PENDING_REVIEW';
  }
  toString() {
    return this.label('submit');
  }
}

class Verify extends OnScore {
  // A reviewer always says which version they looked at (expectedVersion is required).
  constructor(actor: Actor, pick: number, mode: VersionMode) {
    super(actor, pick, mode === 'none' ? 'current' : mode);
  }
  readonly mutation = 'verify';
  readonly success = 'VerifyScoreSuccess';
  withMode(mode: VersionMode) {
    return new Verify(this.actor, this.pick, mode);
  }
  // Order of the checks in the server: role, whoever changed it, version, status, whoever entered it.
  expected(_m: WorkflowModel, score: ScoreState) {
    return !isReviewer(this.actor)
      ? 'NotAuthorizedError'
      : score.changedBy.has(this.actor)
        ? 'NotAuthorizedError'
        : this.mode === 'stale' || !open.includes(score.status)
          ? 'ConflictError'
          : score.createdBy === this.actor
            ? 'NotAuthorizedError'
            : this.success;
  }
  override outcomeName(score: ScoreState) {
    return score.createdBy === this.actor || score.changedBy.has(this.actor) ? 'verify own' : 'verify';
  }
  apply(m: WorkflowModel, score: ScoreState) {
    // The value published before in the same slot is superseded: a correction replaces it.
    for (const other of m.scores) {
      if (other !== score && other.status === 'VERIFIED' && other.setting === score.setting) {
        other.status = 'SUPERSEDED';
        other.version++;
        outcomes.set('verify → supersedes the published value', (outcomes.get('verify → supersedes the published value') ?? 0) + 1);
      }
    }
    score.status = 'VERIFIED';
  }
  toString() {
    return this.label('verify');
  }
}

class Reject extends OnScore {
  // A reviewer always says which version they looked at (expectedVersion is required).
  constructor(actor: Actor, pick: number, mode: VersionMode) {
    super(actor, pick, mode === 'none' ? 'current' : mode);
  }
  readonly mutation = 'reject';
  readonly success = 'RejectScoreSuccess';
  withMode(mode: VersionMode) {
    return new Reject(this.actor, this.pick, mode);
  }
  expected(_m: WorkflowModel, score: ScoreState) {
    return !isReviewer(this.actor)
      ? 'NotAuthorizedError'
      : this.mode === 'stale' || !open.includes(score.status)
        ? 'ConflictError'
        : score.createdBy === this.actor
          ? 'NotAuthorizedError'
          : this.success;
  }
  apply(_m: WorkflowModel, score: ScoreState) {
    score.status = 'REJECTED';
  }
  toString() {
    return this.label('reject');
  }
}

class Update extends OnScore {
  readonly mutation = 'update';
  readonly success = 'UpdateScoreSuccess';
  constructor(actor: Actor, pick: number, mode: VersionMode, readonly value: number) {
    super(actor, pick, mode === 'none' ? 'current' : mode);
  }
  withMode(mode: VersionMode) {
    return new Update(this.actor, this.pick, mode, this.value);
  }
  override variables(score: ScoreState) {
    return { id: score.id, v: versionFor(score, this.mode), value: this.value };
  }
  // A verified or superseded number is never edited in place (checked before the version); a
  // rejected one goes back to DRAFT, which the one-open-entry rule may refuse.
  expected(m: WorkflowModel, score: ScoreState) {
    return !['DRAFT', 'PENDING_REVIEW', 'REJECTED'].includes(score.status)
      ? 'ValidationError'
      : this.mode === 'stale'
        ? 'ConflictError'
        : score.status === 'REJECTED' && openTwin(m, score)
          ? 'ValidationError'
          : this.success;
  }
  override outcomeName() {
    return `update ${this.mode}`;
  }
  apply(_m: WorkflowModel, score: ScoreState) {
    if (score.status === 'REJECTED') score.status = 'DRAFT';
    score.changedBy.add(this.actor);
    score.value = this.value;
  }
  toString() {
    return `${this.label('update')} → ${this.value}`;
  }
}

/**
 * Two to four people act on the same score at the same moment, each with the version they loaded.
 * The model cannot know who gets there first, but it knows the rules: exactly one wins when any of
 * them could have won alone (none otherwise), the winner is one of those, and each loser answers what
 * it would have answered before the winner's change, or after it with a stale version.
 */
class Race extends WorkflowCommand {
  constructor(readonly contenders: OnScore[]) {
    super();
  }
  check(m: Readonly<WorkflowModel>) {
    return m.scores.length > 0;
  }
  async execute(m: WorkflowModel) {
    const score = this.contenders[0]!.target(m);
    const before = this.contenders.map((contender) => contender.expected(m, score));
    const results = await Promise.all(this.contenders.map((contender) => contender.send(score)));
    const winners = results.flatMap((result, i) => (result.typename === this.contenders[i]!.success ? [i] : []));
    const couldWin = before.flatMap((expected, i) => (expected === this.contenders[i]!.success ? [i] : []));
    const tally = `race of ${this.contenders.length} → ${winners.length ? 'one winner' : 'no winner'}`;
    outcomes.set(tally, (outcomes.get(tally) ?? 0) + 1);
    if (winners.length !== (couldWin.length ? 1 : 0)) {
      fail(`${this}: ${winners.length} won where ${couldWin.length ? 'exactly one' : 'none'} could: ${results.map((r) => r.typename).join(', ')}`);
    }
    const winner = winners[0];
    if (winner === undefined) return;
    if (!couldWin.includes(winner)) fail(`${this}: ${this.contenders[winner]} won, which could not have won alone`);
    this.contenders[winner]!.succeeded(m, score, results[winner]!);
    results.forEach((result, i) => {
      if (i === winner) return;
      const after = this.contenders[i]!.withMode('stale').expected(m, score);
      if (result.typename !== before[i] && result.typename !== after) {
        fail(`${this}: ${this.contenders[i]} answered ${result.typename}; before the winner it would be ${before[i]}, after it ${after}`);
      }
    });
  }
  toString() {
    return `race(${this.contenders.join(' | ')})`;
  }
}

/** "Supersede by creating a new value": a new value for a slot that has a published one, then verified by someone else. */
class Correct extends WorkflowCommand {
  constructor(readonly actor: Actor, readonly reviewer: Actor, readonly pick: number, readonly source: number, readonly value: number) {
    super();
  }
  check(m: Readonly<WorkflowModel>) {
    return m.scores.some((s) => s.status === 'VERIFIED');
  }
  async execute(m: WorkflowModel, r: Real) {
    const published = m.scores.filter((s) => s.status === 'VERIFIED');
    const old = published[this.pick % published.length]!;
    const create = new CreateScore(this.actor, this.source, old.setting, this.value, true);
    const before = m.scores.length;
    await create.execute(m, r);
    if (m.scores.length === before) return;
    const fresh = m.scores.at(-1)!;
    await new Verify(this.reviewer, m.scores.length - 1, 'current').execute(m);
    if (isReviewer(this.reviewer) && this.reviewer !== this.actor && old.status !== 'SUPERSEDED') fail('a verified correction did not supersede the published value');
    if (fresh.status === 'VERIFIED' && old.status !== 'SUPERSEDED') fail('two published values');
  }
  toString() {
    return `correct(${this.actor} enters ${this.value} from source ${this.source} for published #${this.pick}, ${this.reviewer} verifies)`;
  }
}

const actor = fc.constantFrom(...actors);
const value = fc.integer({ min: 0, max: 1000 }).map((tenths) => tenths / 10);
const mode = fc.constantFrom<VersionMode>('none', 'current', 'current', 'stale');
const pick = fc.nat({ max: 30 });
const reviewer = fc.constantFrom<Actor>('reviewer1', 'reviewer2', 'admin', 'editor1');
const correct = fc.tuple(actor, reviewer, pick, fc.nat({ max: 2 }), value).map(([a, rv, p, s, v]) => new Correct(a, rv, p, s, v));
const create = fc.tuple(actor, fc.nat({ max: 2 }), fc.constantFrom('', '', 'pass@1'), value, fc.boolean()).map(([a, s, st, v, sub]) => new CreateScore(a, s, st, v, sub));
// Contenders in a race: everyone acts on the same score with the version they loaded.
const contender = fc.tuple(fc.constantFrom('submit', 'verify', 'reject', 'update'), actor, value);
const race = fc
  .tuple(pick, fc.array(contender, { minLength: 2, maxLength: 4 }))
  .map(([p, list]) => new Race(list.map(([kind, a, v]) =>
    kind === 'submit' ? new Submit(a, p, 'current') : kind === 'verify' ? new Verify(a, p, 'current') : kind === 'reject' ? new Reject(a, p, 'current') : new Update(a, p, 'current', v))));
const allCommands = [
  race,
  create,
  create,
  fc.tuple(actor, pick, mode).map(([a, p, md]) => new Submit(a, p, md)),
  fc.tuple(actor, pick, mode).map(([a, p, md]) => new Verify(a, p, md)),
  fc.tuple(actor, pick, mode).map(([a, p, md]) => new Verify(a, p, md)),
  fc.tuple(actor, pick, mode).map(([a, p, md]) => new Reject(a, p, md)),
  fc.tuple(actor, pick, mode, value).map(([a, p, md, v]) => new Update(a, p, md, v)),
  correct,
  correct,
];

describe('the score workflow against a model of it', () => {
  it('200 random command sequences by 5 people, races included, keep the API, the database and the model in agreement', async () => {
    const started = performance.now();
    const catalog = new CatalogFixture(app.db);
    await fc.assert(
      fc.asyncProperty(fc.commands(allCommands, { maxCommands: 16, size: 'large' }), async (cmds) => {
        const run = ++runs;
        const modelSlug = `wf-model-${run}`;
        const benchmarkSlug = `wf-bench-${run}`;
        const modelId = await catalog.model(modelSlug, providerId);
        await catalog.benchmark(benchmarkSlug);
        const [{ n }] = (await app.db.raw.query<{ n: number }>('select count(*)::int as n from audit_events')) as [{ n: number }];
        const setup = () => ({ model: { scores: [], successes: 0 } as WorkflowModel, real: { modelSlug, benchmarkSlug, modelId, auditBaseline: Number(n) } as Real });
        await fc.asyncModelRun(setup, cmds);
        successes += (await app.db.raw.query<{ n: number }>('select count(*)::int as n from audit_events'))[0]!.n - Number(n);
      }),
      { numRuns: 200, endOnFailure: false },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`model-based runs: ${runs}, commands: ${commands}, invariant violations: ${violations}`);
    const raced = [...outcomes].filter(([key]) => key.startsWith('race of '));
    const races = raced.reduce((sum, [, count]) => sum + count, 0);
    const won = raced.filter(([key]) => key.endsWith('one winner')).reduce((sum, [, count]) => sum + count, 0);
    recordFigures('model-based workflow (fast-check)', [
      { name: 'runs (commands)', value: `${runs} (${commands})`, goal: '≥ 200 runs', met: runs >= 200 },
      { name: 'concurrent races on one score (won by exactly one)', value: `${races} (${won})`, goal: 'info', met: races > 0 && won > 0 },
      { name: 'invariant violations', value: violations, goal: '0', met: violations === 0 },
    ]);
    console.log(
      `  ${successes} successful mutations in ${seconds.toFixed(1)} s; outcomes: ${[...outcomes.entries()]
        .sort()
        .map(([key, count]) => `${key} ${count}`)
        .join(', ')}`,
    );
    expect(violations).toBe(0);
    expect(runs).toBeGreaterThanOrEqual(200);
    // The random commands reached every outcome the workflow has (else the model tested little).
    expect(won, 'races with a winner').toBeGreaterThan(0);
    expect(races - won, 'races nobody could win').toBeGreaterThan(0);
    for (const outcome of [
      'create → CreateScoreSuccess',
      'create → ValidationError',
      'submit → SubmitForReviewSuccess',
      'submit → ConflictError',
      'verify → VerifyScoreSuccess',
      'verify → supersedes the published value',
      'verify → ConflictError',
      'verify → NotAuthorizedError',
      'verify own → NotAuthorizedError',
      'reject → RejectScoreSuccess',
      'update current → UpdateScoreSuccess',
      'update stale → ConflictError',
      'update current → ValidationError',
    ]) {
      expect(outcomes.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
  }, 900_000);
});
