import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { editorOps, globalId, insertUser, login, op, password, rowId, smallCatalog, type Session } from '../helpers/editor.ts';

// contract/editor.graphql, operation by operation, against what its comments promise. The happy
// path of each is in editor.walkthrough.test.ts; here: the error types the header lists, the
// role rules and the input shapes the comments describe, all sent as the contract's own text.
let app: TestApp;
let ids: Awaited<ReturnType<typeof smallCatalog>>;
let admin: Session;
let editor: Session;
let reviewer: Session;
let sourceId: string;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    await insertUser(db, 'admin@sourced.test', 'ADMIN');
    await insertUser(db, 'editor@sourced.test', 'EDITOR');
    await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
  });
  admin = await login(app, 'admin@sourced.test');
  editor = await login(app, 'editor@sourced.test');
  reviewer = await login(app, 'reviewer@sourced.test');
  sourceId = globalId('Source', ids.sourceId);
});
afterAll(() => app?.close());

const paths = (payload: { fieldErrors: { path: string }[] }) => payload.fieldErrors.map((error) => error.path);
let seq = 0;
const newSource = (kind = 'PAPER') => ({
  input: { url: `https://example.test/contract-${++seq}`, title: `Page ${seq}`, publisher: 'Example', kind, retrievedAt: '2025-01-01' },
});
const score = (overrides: Record<string, unknown> = {}) => ({
  input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 70, setting: `run ${++seq}`, citation: { sourceId, locator: 'Table 1' }, ...overrides },
});

describe('the header: every mutation answers a union of a success payload and error types implementing Error', () => {
  it('holds for every mutation of the schema but logout (a Boolean, as the Logout operation shows)', async () => {
    // Two steps: the API limits introspection depth.
    const introspection = await app.gql('{ __schema { mutationType { fields { name args { name } type { kind ofType { kind name } } } } } }');
    expect(introspection.errors).toBeUndefined();
    type Union = { kind: string; name: string; possibleTypes: { name: string; interfaces: { name: string }[] }[] | null };
    const fields = introspection.data!.__schema.mutationType.fields as { name: string; args: { name: string }[]; type: { kind: string; ofType: Union } }[];
    for (const field of fields) {
      const union = await app.gql('query($name: String!) { __type(name: $name) { kind name possibleTypes { name interfaces { name } } } }', { name: field.type.ofType.name });
      field.type.ofType = union.data!.__type;
    }
    const problems: string[] = [];
    for (const field of fields) {
      if (field.name === 'logout') {
        expect(field.type).toMatchObject({ kind: 'NON_NULL', ofType: { kind: 'SCALAR', name: 'Boolean' } });
        continue;
      }
      const union = field.type.ofType;
      if (field.type.kind !== 'NON_NULL' || union.kind !== 'UNION') {
        problems.push(`${field.name}: not a non-null union`);
        continue;
      }
      const types = union.possibleTypes!;
      const successes = types.filter((type) => type.name.endsWith('Success'));
      if (successes.length !== 1) problems.push(`${field.name}: ${successes.length} success types`);
      for (const type of types.filter((type) => !type.name.endsWith('Success'))) {
        if (!type.interfaces.some((i) => i.name === 'Error')) problems.push(`${field.name}: ${type.name} does not implement Error`);
      }
      const names = types.map((type) => type.name);
      // Anyone may sign in, and sign up for the digest or use a link from its emails: nothing to refuse.
      const open = ['login', 'subscribe', 'confirmSubscription', 'unsubscribe'];
      if (!open.includes(field.name) && !names.includes('NotAuthorizedError')) problems.push(`${field.name}: cannot answer NotAuthorizedError`);
      if (field.name !== 'login' && !names.includes('ValidationError')) problems.push(`${field.name}: cannot answer ValidationError`);
      if (field.args.some((arg) => arg.name === 'expectedVersion') && !names.includes('ConflictError')) {
        problems.push(`${field.name}: takes expectedVersion but cannot answer ConflictError`);
      }
    }
    expect(problems).toEqual([]);
    expect(fields.length).toBeGreaterThanOrEqual(39);
  });

  it('ValidationError carries fieldErrors { path message }, ConflictError currentVersion, and all a message', async () => {
    const types = await app.gql(`{
      v: __type(name: "ValidationError") { fields { name } }
      c: __type(name: "ConflictError") { fields { name } }
      n: __type(name: "NotAuthorizedError") { fields { name } }
      f: __type(name: "NotFoundError") { fields { name } }
      fe: __type(name: "FieldError") { fields { name } }
    }`);
    const names = (key: string) => types.data![key].fields.map((field: { name: string }) => field.name);
    expect(names('v')).toEqual(expect.arrayContaining(['message', 'fieldErrors']));
    expect(names('c')).toEqual(expect.arrayContaining(['message', 'currentVersion']));
    expect(names('n')).toContain('message');
    expect(names('f')).toContain('message');
    expect(names('fe')).toEqual(expect.arrayContaining(['path', 'message']));
  });

  it('the contract holds the 11 operations this file checks', () => {
    expect([...editorOps.keys()].sort()).toEqual(
      ['AuditTrail', 'CreateScore', 'CreateSource', 'CreateUser', 'Login', 'Logout', 'Me', 'RejectScore', 'ReviewQueue', 'UpdateModel', 'VerifyScore'].sort(),
    );
  });
});

describe('Login, Logout, Me', () => {
  it('Login: a wrong password and an unknown email get the same Error answer, and no cookie', async () => {
    const answers = [];
    for (const [email, secret] of [
      ['editor@sourced.test', 'not the password'],
      ['nobody@sourced.test', password],
    ]) {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: op('Login'), variables: { email, password: secret } }),
      });
      expect(response.headers.get('set-cookie')).toBeNull();
      answers.push(((await response.json()) as { data: { login: unknown } }).data.login);
    }
    expect(answers[0]).toEqual({ __typename: 'InvalidCredentialsError', message: 'The email or password is not correct.' });
    expect(answers[1]).toEqual(answers[0]);
  });

  it('Login: success gives the user with id, email and role', async () => {
    const response = await app.gql(op('Login'), { email: 'reviewer@sourced.test', password });
    expect(response.data!.login).toMatchObject({ __typename: 'LoginSuccess', user: { email: 'reviewer@sourced.test', role: 'REVIEWER', id: expect.any(String) } });
  });

  it('Me is null and Logout is false without a session', async () => {
    expect((await app.gql(op('Me'))).data).toEqual({ me: null });
    expect((await app.gql(op('Logout'))).data).toEqual({ logout: false });
  });
});

describe('CreateUser: input { email, password, role: EDITOR | REVIEWER | ADMIN }; admins only', () => {
  it('an admin creates each role, and each can sign in with it', async () => {
    for (const role of ['EDITOR', 'REVIEWER', 'ADMIN']) {
      const email = `new-${role.toLowerCase()}@sourced.test`;
      const created = await app.gql(op('CreateUser'), { input: { email, password, role } }, admin.headers);
      expect(created.data!.createUser).toMatchObject({ __typename: 'CreateUserSuccess', user: { email, role } });
      const session = await login(app, email);
      expect((await app.gql(op('Me'), {}, session.headers)).data!.me).toMatchObject({ email, role });
    }
  });

  it('editors, reviewers and anonymous callers get NotAuthorizedError with a message, and no account', async () => {
    for (const [who, headers] of [
      ['editor', editor.headers],
      ['reviewer', reviewer.headers],
      ['anonymous', {}],
    ] as const) {
      const email = `by-${who}@sourced.test`;
      const answer = await app.gql(op('CreateUser'), { input: { email, password, role: 'ADMIN' } }, headers);
      expect(answer.data!.createUser).toEqual({
        __typename: 'NotAuthorizedError',
        message: who === 'anonymous' ? 'Sign in to do this.' : 'Your role does not allow this.',
      });
      expect(await app.db.raw.query('select 1 from users where email = $1', [email])).toEqual([]);
    }
  });

  it('bad input: ValidationError with a field error per field; a taken email too', async () => {
    const bad = await app.gql(op('CreateUser'), { input: { email: 'not an email', password: 'short', role: 'EDITOR' } }, admin.headers);
    expect(bad.data!.createUser.__typename).toBe('ValidationError');
    expect(paths(bad.data!.createUser).sort()).toEqual(['email', 'password']);
    for (const error of bad.data!.createUser.fieldErrors) expect(error.message.length).toBeGreaterThan(0);
    const taken = await app.gql(op('CreateUser'), { input: { email: 'Editor@Sourced.test', password, role: 'EDITOR' } }, admin.headers);
    expect(taken.data!.createUser).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: 'email', message: 'An account with this email already exists.' }] });
  });
});

describe('CreateSource: input { url, title, publisher, kind, retrievedAt }', () => {
  it('accepts each of the eight kinds the comment lists', async () => {
    for (const kind of ['VENDOR_MODEL_CARD', 'VENDOR_DOCS', 'VENDOR_PRICING', 'PAPER', 'INDEPENDENT_LEADERBOARD', 'BENCHMARK_MAINTAINER', 'AGGREGATOR_DATASET', 'OTHER']) {
      const created = await app.gql(op('CreateSource'), newSource(kind), editor.headers);
      expect(created.data!.createSource).toMatchObject({ __typename: 'CreateSourceSuccess', source: { kind, url: expect.stringMatching(/^https:\/\/example\.test\//) } });
    }
  });

  it('bad input: ValidationError naming the fields; one source per URL', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const bad = await app.gql(op('CreateSource'), { input: { ...newSource().input, url: 'ftp://example.test/x', title: ' ', retrievedAt: tomorrow } }, editor.headers);
    expect(bad.data!.createSource.__typename).toBe('ValidationError');
    expect(paths(bad.data!.createSource).sort()).toEqual(['retrievedAt', 'title', 'url']);
    const again = await app.gql(op('CreateSource'), { input: { ...newSource().input, url: 'https://OpenAI.com/index/o3-o4-mini-system-card/?utm_source=x' } }, editor.headers);
    // The page is already in the catalog (however spelled): a DuplicateSourceError, an Error whose
    // message names the existing source (its existingSource field is outside this contract's text).
    expect(again.data!.createSource).toMatchObject({ __typename: 'DuplicateSourceError' });
    expect(again.data!.createSource.message).toContain('already in the catalog as "');
    expect(again.data!.createSource.message).toContain('(https://openai.com/index/o3-o4-mini-system-card)');
  });
});

describe('CreateScore: input { model (slug), benchmark (slug), value, setting, citation: { sourceId, locator } }', () => {
  it('slugs and a citation give a draft at version 1 with its citation', async () => {
    const created = await app.gql(op('CreateScore'), score({ value: 77.7 }), editor.headers);
    expect(created.data!.createScore).toMatchObject({
      __typename: 'CreateScoreSuccess',
      score: { value: 77.7, status: 'DRAFT', version: 1, citation: { locator: 'Table 1', source: { id: sourceId } } },
    });
  });

  it('no citation, no locator, unknown slugs, a value off the scale: ValidationError naming each field', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ citation: undefined }, ['citation']],
      [{ citation: null }, ['citation']],
      [{ citation: { sourceId } }, ['citation.locator']],
      [{ citation: { sourceId, locator: '   ' } }, ['citation.locator']],
      [{ citation: { sourceId: globalId('Source', 999), locator: 'Table 1' } }, ['citation.sourceId']],
      [{ model: 'no-such-model', benchmark: 'no-such-benchmark' }, ['benchmark', 'model']],
      [{ value: 100.5 }, ['value']],
    ];
    for (const [overrides, expected] of cases) {
      const answer = await app.gql(op('CreateScore'), score(overrides), editor.headers);
      expect(answer.data!.createScore.__typename, JSON.stringify(overrides)).toBe('ValidationError');
      expect(paths(answer.data!.createScore).sort(), JSON.stringify(overrides)).toEqual(expected);
      expect(answer.data!.createScore.message.length).toBeGreaterThan(0);
    }
    const citationMissing = await app.gql(op('CreateScore'), score({ citation: undefined }), editor.headers);
    expect(citationMissing.data!.createScore.fieldErrors[0].message).toMatch(/Every published number must cite a source/);
  });

  it('anonymous: NotAuthorizedError', async () => {
    expect((await app.gql(op('CreateScore'), score())).data!.createScore).toEqual({ __typename: 'NotAuthorizedError', message: 'Sign in to do this.' });
  });
});

describe('VerifyScore and RejectScore', () => {
  let pending: string;
  beforeAll(async () => {
    pending = (await app.gql(op('CreateScore'), score({ submitForReview: true }), editor.headers)).data!.createScore.score.id;
  });

  it('an editor may not verify: NotAuthorizedError with a message', async () => {
    const answer = await app.gql(op('VerifyScore'), { id: pending, expectedVersion: 1 }, editor.headers);
    expect(answer.data!.verifyScore).toEqual({ __typename: 'NotAuthorizedError', message: 'Your role does not allow this.' });
  });

  it('an unknown id is NotFoundError; a reject without a reason is ValidationError', async () => {
    for (const id of [globalId('Score', 999_999), globalId('Price', 1), 'garbage']) {
      expect((await app.gql(op('VerifyScore'), { id, expectedVersion: 1 }, reviewer.headers)).data!.verifyScore.__typename).toBe('NotFoundError');
      expect((await app.gql(op('RejectScore'), { id, reason: 'x', expectedVersion: 1 }, reviewer.headers)).data!.rejectScore.__typename).toBe('NotFoundError');
    }
    const blank = await app.gql(op('RejectScore'), { id: pending, reason: '  ', expectedVersion: 1 }, reviewer.headers);
    expect(blank.data!.rejectScore.__typename).toBe('ValidationError');
  });

  it('expectedVersion is the version the reviewer looked at: leaving it out is a GraphQL validation error; a stale one changes nothing', async () => {
    const missing = await app.gql('mutation($id: ID!) { verifyScore(id: $id) { __typename } }', { id: pending }, reviewer.headers);
    expect(missing.data).toBeUndefined();
    expect(missing.errors?.[0]?.message).toMatch(/argument "expectedVersion" of type "Int!" is required/);
    const stale = await app.gql(op('RejectScore'), { id: pending, reason: 'Wrong table.', expectedVersion: 7 }, reviewer.headers);
    expect(stale.data!.rejectScore).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/version 1/) });
    expect(await app.db.raw.query('select status, version from scores where id = $1', [rowId(pending)])).toEqual([{ status: 'PENDING_REVIEW', version: 1 }]);
  });

  it('verifying twice: the second is ConflictError, with a message', async () => {
    expect((await app.gql(op('VerifyScore'), { id: pending, expectedVersion: 1 }, reviewer.headers)).data!.verifyScore).toMatchObject({
      __typename: 'VerifyScoreSuccess',
      score: { id: pending, status: 'VERIFIED', verifiedBy: { email: 'reviewer@sourced.test' } },
    });
    const again = await app.gql(op('VerifyScore'), { id: pending, expectedVersion: 2 }, admin.headers);
    expect(again.data!.verifyScore).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/VERIFIED/) });
  });
});

describe('UpdateModel: id, expectedVersion, patch', () => {
  it('a draft model: bad patch is ValidationError naming the field; unknown id NotFoundError; stale version ConflictError with currentVersion', async () => {
    const id = globalId('Model', ids.draftModelId);
    const bad = await app.gql(op('UpdateModel'), { id, expectedVersion: 1, patch: { slug: 'Not A Slug', name: ' ' } }, editor.headers);
    expect(bad.data!.updateModel.__typename).toBe('ValidationError');
    expect(paths(bad.data!.updateModel).sort()).toEqual(['name', 'slug']);
    const missing = await app.gql(op('UpdateModel'), { id: globalId('Model', 424_242), expectedVersion: 1, patch: { tagline: 'x' } }, editor.headers);
    expect(missing.data!.updateModel).toMatchObject({ __typename: 'NotFoundError', message: expect.any(String) });
    const saved = await app.gql(op('UpdateModel'), { id, expectedVersion: 1, patch: { tagline: 'First' } }, editor.headers);
    expect(saved.data!.updateModel).toEqual({ __typename: 'UpdateModelSuccess', model: { id, version: 2, tagline: 'First' } });
    const stale = await app.gql(op('UpdateModel'), { id, expectedVersion: 1, patch: { tagline: 'Second' } }, reviewer.headers);
    expect(stale.data!.updateModel).toMatchObject({ __typename: 'ConflictError', currentVersion: 2, message: expect.stringMatching(/version 2/) });
    const anonymous = await app.gql(op('UpdateModel'), { id, expectedVersion: 2, patch: { tagline: 'Third' } });
    expect(anonymous.data!.updateModel.__typename).toBe('NotAuthorizedError');
    expect((await app.db.raw.query('select tagline from models where id = $1', [ids.draftModelId]))[0]).toEqual({ tagline: 'First' });
  });

  it('a published model: the answer is RevisionPending (an Error with a message, so the contract says it was not applied) and the public page is unchanged', async () => {
    const id = globalId('Model', ids.modelId);
    const sent = await app.gql(op('UpdateModel'), { id, expectedVersion: 1, patch: { tagline: 'Rewritten' } }, editor.headers);
    expect(sent.data!.updateModel).toEqual({ __typename: 'RevisionPending', message: expect.stringMatching(/^Sent for review: .*second person/) });
    expect((await app.gql('{ model(slug: "o4-mini") { tagline } }')).data!.model.tagline).toBeNull();
  });
});

describe('AuditTrail and ReviewQueue', () => {
  it('AuditTrail(entityId) lists only that entity, newest first, with who and a before/after diff', async () => {
    const id = globalId('Model', ids.draftModelId);
    const trail = await app.gql(op('AuditTrail'), { first: 10, entityId: id }, reviewer.headers);
    const events = trail.data!.auditEvents.edges.map((edge: { node: Record<string, any> }) => edge.node);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event).toMatchObject({ entityType: 'Model', entityId: id, actor: { email: expect.any(String) } });
    expect(events[0]).toMatchObject({ action: 'UPDATE', actor: { email: 'editor@sourced.test' }, diff: { tagline: { before: null, after: 'First' } } });
    const eventIds = events.map((event: { id: string }) => rowId(event.id));
    expect(eventIds).toEqual([...eventIds].sort((a, b) => b - a));
  });

  it('ReviewQueue lists what was submitted (not drafts), with its model, benchmark, author and source', async () => {
    const before = (await app.gql(op('ReviewQueue'), { first: 50 }, reviewer.headers)).data!.reviewQueue.totalCount;
    await app.gql(op('CreateScore'), score(), editor.headers);
    const submitted = (await app.gql(op('CreateScore'), score({ value: 12.5, submitForReview: true }), editor.headers)).data!.createScore.score;
    const queue = await app.gql(op('ReviewQueue'), { first: 50 }, reviewer.headers);
    expect(queue.data!.reviewQueue.totalCount).toBe(before + 1);
    expect(queue.data!.reviewQueue.edges.at(-1).node).toEqual({
      __typename: 'Score',
      id: submitted.id,
      value: 12.5,
      status: 'PENDING_REVIEW',
      model: { slug: 'o4-mini' },
      benchmark: { slug: 'gpqa-diamond' },
      enteredBy: { email: 'editor@sourced.test' },
      citation: { source: { url: 'https://openai.com/index/o3-o4-mini-system-card' } },
    });
    expect((await app.gql(op('ReviewQueue'), { first: 5 }, editor.headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
