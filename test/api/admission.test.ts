import { connect } from 'node:net';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadAdmission } from '../../server/http/admission.ts';
import { readManifest } from '../../server/http/persistedOperations.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { insertUser, login, op, type Session } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { until } from '../helpers/until.ts';

// Reads take turns, writes do not (server/http/admission.ts): with every read slot taken and the queue
// full, an editor's save still goes through at once, and a further read is told to retry (503,
// Retry-After) without running; the reads waiting run in order once a slot frees.

describe('ReadAdmission', () => {
  it('admits up to its concurrency, queues in order up to its limit, refuses beyond, and a slot passes to the next in line', async () => {
    const admission = new ReadAdmission(1, 2);
    const first = await admission.enter();
    const order: string[] = [];
    const second = admission.enter().then((release) => (order.push('second'), release));
    const third = admission.enter().then((release) => (order.push('third'), release));
    expect(await admission.enter()).toBeNull();
    expect(admission.load).toEqual({ running: 1, waiting: 2, writing: 0 });
    first!();
    first!(); // a second release is ignored
    (await second)!();
    (await third)!();
    expect(order).toEqual(['second', 'third']);
    expect(admission.load).toEqual({ running: 0, waiting: 0, writing: 0 });
  });

  it('while a write executes, new reads wait until it is done (one read at a time beside it)', async () => {
    const admission = new ReadAdmission(4, 10);
    const running = await admission.enter();
    const done = admission.writing();
    const order: string[] = [];
    const next = admission.enter().then((release) => (order.push('next'), release));
    expect(admission.load).toEqual({ running: 1, waiting: 1, writing: 1 });
    running!();
    (await next)!(); // the slot freed passes to the read waiting: one at a time beside the write
    const another = admission.enter();
    const after = admission.enter().then((release) => (order.push('after'), release));
    (await another)!();
    done();
    done(); // a second call is ignored
    (await after)!();
    expect(order).toEqual(['next', 'after']);
    expect(admission.load).toEqual({ running: 0, waiting: 0, writing: 0 });
    // No write: up to the concurrency at once.
    const four = await Promise.all([admission.enter(), admission.enter(), admission.enter(), admission.enter()]);
    expect(admission.load).toEqual({ running: 4, waiting: 0, writing: 0 });
    for (const release of four) release!();
  });

  it('a heavy read takes the room of several, runs alone if it needs more than there is, and nobody overtakes it', async () => {
    const admission = new ReadAdmission(4, 10);
    const light = await admission.enter(undefined, 1);
    const heavy = await admission.enter(undefined, 3);
    expect(admission.load).toEqual({ running: 4, waiting: 0, writing: 0 });
    const order: string[] = [];
    const huge = admission.enter(undefined, 40).then((release) => (order.push('huge'), release));
    const after = admission.enter(undefined, 1).then((release) => (order.push('after'), release));
    expect(admission.load).toEqual({ running: 4, waiting: 2, writing: 0 });
    light!();
    expect(admission.load.waiting).toBe(2); // 1 free: the huge read waits, and the light one behind it too
    heavy!();
    const hugeRelease = (await huge)!;
    expect(admission.load).toEqual({ running: 4, waiting: 1, writing: 0 }); // all the room, no more
    hugeRelease();
    (await after)!();
    expect(order).toEqual(['huge', 'after']);
    expect(admission.load).toEqual({ running: 0, waiting: 0, writing: 0 });
    // While a write runs, a heavy read still runs once no other does (it is never starved).
    const done = admission.writing();
    const alone = await admission.enter(undefined, 3);
    expect(admission.load).toEqual({ running: 3, waiting: 0, writing: 1 });
    alone!();
    done();
  });

  it('a read whose deadline passes while waiting leaves the queue', async () => {
    const admission = new ReadAdmission(1, 5);
    const first = await admission.enter();
    const deadline = new AbortController();
    const waiting = admission.enter(deadline.signal);
    deadline.abort();
    expect(await waiting).toBeNull();
    expect(admission.load).toEqual({ running: 1, waiting: 0, writing: 0 });
    first!();
    expect(admission.load).toEqual({ running: 0, waiting: 0, writing: 0 });
  });
});

/** Holds the execution of any operation named Held… until released (inside admission: a held read holds its slot). */
let releaseHeld: () => void = () => {};
let heldStarted = 0;
const holdQueries: Plugin = {
  onExecute({ args, executeFn, setExecuteFn }) {
    if (!args.operationName?.startsWith('Held')) return;
    setExecuteFn(async (execution) => {
      heldStarted++;
      await new Promise<void>((resolve) => (releaseHeld = resolve));
      return executeFn(execution);
    });
  },
};

let app: TestApp;
let editor: Session;
const modelPage = Object.values(readManifest()).find((text) => text.startsWith('query ModelPage'))!;

beforeAll(async () => {
  app = await startTestApp(
    async (db) => {
      const catalog = new CatalogFixture(db);
      await catalog.model('tiny', await catalog.provider('acme'));
      await insertUser(db, 'busy-editor@sourced.test', 'EDITOR');
    },
    // Room enough at the door (RequestGate): these tests are about execution.
    { plugins: [holdQueries], readConcurrency: 1, readQueue: 1, requestConcurrency: 10 },
  );
  editor = await login(app, 'busy-editor@sourced.test');
});
afterAll(() => app?.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });

describe('reads wait their turn, writes do not', () => {
  it('with the read slot and the queue taken: a save succeeds, another read gets 503 Retry-After, and the waiting reads then run', async () => {
    const held = post({ query: 'query Held { models(first: 1) { edges { node { slug } } } }', operationName: 'Held' });
    await until(async () => heldStarted, (started) => started === 1);
    const waiting = post({ query: 'query Waiting { model(slug: "tiny") { slug } }', operationName: 'Waiting' });
    await until(async () => app.readAdmission.load.waiting, (waiting) => waiting === 1);

    const saved = await post(
      { query: op('CreateSource'), variables: { input: { url: 'https://acme.test/busy', title: 'Busy day', publisher: 'Acme', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' } } },
      editor.headers,
    );
    const savedBody = (await saved.json()) as { data?: { createSource: { __typename: string } } };
    expect(saved.status).toBe(200);
    expect(savedBody.data?.createSource.__typename).toBe('CreateSourceSuccess');

    for (const body of [
      { query: 'query Another { model(slug: "tiny") { slug } }' },
      // The compiled model page takes its turn too.
      { query: modelPage, variables: { slug: 'tiny' }, operationName: 'ModelPage' },
    ]) {
      const busy = await post(body);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      const answer = (await busy.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(answer.errors[0]!.message).toMatch(/busy; please retry/);
      expect(answer.errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
    }

    releaseHeld();
    const [first, second] = await Promise.all([held, waiting]);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { models: { edges: unknown[] } } }).data.models.edges).toHaveLength(1);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { data: { model: { slug: string } } }).data.model.slug).toBe('tiny');
    expect(app.readAdmission.load).toEqual({ running: 0, waiting: 0, writing: 0 });
  });

  it('only a signed-in user’s mutation holds reads back: an anonymous one (sign-out, unsubscribe) does not', async () => {
    const input = { url: 'https://acme.test/held', title: 'Held', publisher: 'Acme', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' };
    const save = 'mutation HeldSave($input: CreateSourceInput!) { createSource(input: $input) { __typename } }';
    for (const [operationName, query, headers, writing] of [
      ['HeldLogout', 'mutation HeldLogout { logout }', {}, 0],
      ['HeldSave', save, editor.headers, 1],
    ] as const) {
      const started = heldStarted;
      const held = post({ query, operationName, variables: query === save ? { input } : undefined }, headers);
      const seen = await until(async () => heldStarted, (count) => count === started + 1);
      expect(seen).toBe(started + 1);
      expect(app.readAdmission.load.writing).toBe(writing);
      releaseHeld();
      expect((await held).status).toBe(200);
      expect(app.readAdmission.load.writing).toBe(0);
    }
  });

  it('a mutation refused before it runs (invalid, or by a signed-out client) is no longer a write once answered', async () => {
    for (const [query, headers] of [
      ['mutation Broken { createSource(input: { nonsense: 1 }) { __typename } }', editor.headers],
      [op('CreateSource'), {}],
      ['mutation { login(email: "nobody@sourced.test", password: "wrong password here") { __typename } }', {}],
    ] as const) {
      const answer = await post({ query, variables: { input: { url: 'https://acme.test/x', title: 'X', publisher: 'Acme', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' } } }, headers);
      expect([200, 400]).toContain(answer.status);
      await answer.text();
      expect(app.readAdmission.load).toEqual({ running: 0, waiting: 0, writing: 0 });
    }
  });
});

describe('a read takes room by its cost', () => {
  let roomy: TestApp;
  beforeAll(async () => {
    roomy = await startTestApp(
      async (db) => {
        const catalog = new CatalogFixture(db);
        await catalog.model('tiny', await catalog.provider('acme'));
      },
      { plugins: [holdQueries], readConcurrency: 4, readQueue: 5 },
    );
  });
  afterAll(() => roomy?.close());

  it('a list of 100 models with their scores and sources holds all four slots; a one-model read holds one', async () => {
    const heavy = 'query HeldHeavy($n: Int) { models(first: $n) { edges { node { slug scores { value benchmark { slug } citation { locator source { url } } } } } } }';
    for (const [operationName, query, variables, slots] of [
      ['HeldHeavy', heavy, { n: 100 }, 4],
      ['HeldLight', 'query HeldLight { model(slug: "tiny") { slug } }', {}, 1],
    ] as const) {
      const started = heldStarted;
      const held = fetch(`${roomy.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables, operationName }) });
      await until(async () => heldStarted, (count) => count === started + 1);
      expect(roomy.readAdmission.load).toEqual({ running: slots, waiting: 0, writing: 0 });
      releaseHeld();
      expect((await held).status).toBe(200);
      expect(roomy.readAdmission.load).toEqual({ running: 0, waiting: 0, writing: 0 });
    }
  });
});

describe('anyone not signed in waits at the door, before the request is parsed', () => {
  let door: TestApp;
  let doorEditor: Session;
  beforeAll(async () => {
    door = await startTestApp(
      async (db) => {
        const catalog = new CatalogFixture(db);
        await catalog.model('tiny', await catalog.provider('acme'));
        await insertUser(db, 'door-editor@sourced.test', 'EDITOR');
      },
      { plugins: [holdQueries], readConcurrency: 4, readQueue: 1, requestConcurrency: 1 },
    );
    doorEditor = await login(door, 'door-editor@sourced.test');
  });
  afterAll(() => door?.close());

  const send = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${door.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('with the one turn taken: a malformed request waits for it, a made-up session is refused with 503 Retry-After, an editor saves at once', async () => {
    const started = heldStarted;
    const held = send({ query: 'query HeldAtDoor { model(slug: "tiny") { slug } }', operationName: 'HeldAtDoor' });
    await until(async () => heldStarted, (count) => count === started + 1);
    expect(door.requestGate.load).toEqual({ running: 1, waiting: 0 });

    // Not even parsed yet: it waits its turn (before, it was refused at once, whatever the load).
    const malformed = send({ query: 'query { model(slug: ' });
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting === 1);
    expect(door.requestGate.load).toEqual({ running: 1, waiting: 1 });

    const forged = await send({ query: '{ model(slug: "tiny") { slug } }' }, { cookie: `sourced_session=${'x'.repeat(43)}` });
    expect(forged.status).toBe(503);
    expect(forged.headers.get('retry-after')).toBe('1');
    expect(await forged.json()).toEqual({ errors: [{ message: 'The service is busy; please retry in a second.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });

    const saved = await send(
      { query: op('CreateSource'), variables: { input: { url: 'https://acme.test/door', title: 'At the door', publisher: 'Acme', kind: 'VENDOR_DOCS', retrievedAt: '2026-11-01' } } },
      doorEditor.headers,
    );
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { data: { createSource: { __typename: string } } }).data.createSource.__typename).toBe('CreateSourceSuccess');
    expect(door.requestGate.load).toEqual({ running: 1, waiting: 1 });

    releaseHeld();
    expect((await held).status).toBe(200);
    const refused = await malformed;
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/Syntax Error/);
    expect(door.requestGate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a body of anyone not signed in is at most 16 KiB, refused unread beyond; a signed-in user may send up to 256 KiB', async () => {
    // Before the door, each request's body is read, hashed and parsed as JSON: 200 KB bodies of a
    // comment kept each turn of the event loop long though few passed the door (final attack, finding 1).
    const padded = JSON.stringify({ query: `{ __typename }\n#${'a'.repeat(20 * 1024)}` });
    for (const headers of [{}, { cookie: `sourced_session=${'x'.repeat(43)}` }] as Record<string, string>[]) {
      const refused = await send(JSON.parse(padded), headers);
      expect(refused.status).toBe(413);
      expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
        'The request body is larger than 16 KiB; signed in, up to 256 KiB.',
      );
    }
    const small = await send({ query: `{ __typename }\n#${'a'.repeat(15 * 1024)}` });
    expect(((await small.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
    const signedIn = await send(JSON.parse(padded), doorEditor.headers);
    expect(((await signedIn.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
  });

  it('JSON nested too deep, broken JSON and batches wait for a turn too, before they are refused', async () => {
    // JSON nested too deep was refused before the door, as soon as its body was in.
    const raw = (body: string) => fetch(`${door.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const started = heldStarted;
    const held = send({ query: 'query HeldAtDoor { model(slug: "tiny") { slug } }', operationName: 'HeldAtDoor' });
    await until(async () => heldStarted, (count) => count === started + 1);
    const deep = raw(`{"query":"{methodology}","variables":${'['.repeat(100)}${']'.repeat(100)}}`);
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting === 1);
    expect(door.requestGate.load).toEqual({ running: 1, waiting: 1 });
    for (const body of ['{"query":"{__typename}"', '[{"query":"{__typename}"},{"query":"{__typename}"}]']) {
      const busy = await raw(body);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
    }
    releaseHeld();
    expect((await held).status).toBe(200);
    const refused = await deep;
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/nests JSON deeper than 64 levels/);
    expect(door.requestGate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a client that hangs up while waiting at the door leaves its place at once, for the next reader', async () => {
    const started = heldStarted;
    const held = send({ query: 'query HeldAtDoor { model(slug: "tiny") { slug } }', operationName: 'HeldAtDoor' });
    await until(async () => heldStarted, (count) => count === started + 1);
    // It waits for the one turn, then gives up (a client's own timeout, a closed tab).
    const gone = new AbortController();
    const abandoned = fetch(`${door.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ model(slug: "tiny") { slug } }' }), signal: gone.signal }).catch(
      (error: Error) => error.name,
    );
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting === 1);
    gone.abort();
    expect(await abandoned).toBe('AbortError');
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting === 0);
    expect(door.requestGate.load).toEqual({ running: 1, waiting: 0 });
    // The place is free: the next reader waits for the turn instead of being told the server is busy.
    const next = send({ query: 'query Next { model(slug: "tiny") { slug } }', operationName: 'Next' });
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting === 1);
    releaseHeld();
    expect((await held).status).toBe(200);
    const answered = await next;
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { data: unknown }).data).toEqual({ model: { slug: 'tiny' } });
    await until(async () => door.requestGate.load, (load) => load.running === 0);
  });

  it('requests pipelined on a connection that closes leave the door\'s line too, not only the first', async () => {
    const started = heldStarted;
    const held = send({ query: 'query HeldAtDoor { model(slug: "tiny") { slug } }', operationName: 'HeldAtDoor' });
    await until(async () => heldStarted, (count) => count === started + 1);
    // Three requests written back to back on one keep-alive connection, then the connection closes.
    const body = JSON.stringify({ query: '{ model(slug: "tiny") { slug } }' });
    const request = `POST /graphql HTTP/1.1\r\nHost: ${new URL(door.url).host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const socket = connect(Number(new URL(door.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(request.repeat(3));
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting >= 1);
    socket.destroy();
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting === 0);
    expect(door.requestGate.load).toEqual({ running: 1, waiting: 0 });
    releaseHeld();
    expect((await held).status).toBe(200);
    await until(async () => door.requestGate.load, (load) => load.running === 0 && load.waiting === 0);
    expect(door.requestGate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a session signed out waits at the door again', async () => {
    const leaving = await login(door, 'door-editor@sourced.test');
    const out = await send({ query: 'mutation { logout }' }, leaving.headers);
    expect(((await out.json()) as { data: { logout: boolean } }).data.logout).toBe(true);
    const started = heldStarted;
    const held = send({ query: 'query HeldAtDoor { model(slug: "tiny") { slug } }', operationName: 'HeldAtDoor' });
    await until(async () => heldStarted, (count) => count === started + 1);
    const waiting = send({ query: '{ model(slug: "tiny") { slug } }' });
    await until(async () => door.requestGate.load.waiting, (waiting) => waiting === 1);
    const stale = await send({ query: '{ model(slug: "tiny") { slug } }' }, leaving.headers);
    expect(stale.status).toBe(503);
    releaseHeld();
    expect((await held).status).toBe(200);
    expect((await waiting).status).toBe(200);
  });
});
