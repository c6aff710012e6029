import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import pino from 'pino';
import { fetchSourcePage, storeCapture } from '../../server/evidence/capture.ts';
import { CaptureJobs } from '../../server/evidence/captureJobs.ts';
import { dueSources, recheckSources } from '../../server/evidence/recheck.ts';
import { contractOperations } from '../helpers/contract.ts';
import { insertUser, login, type Session, smallCatalog } from '../helpers/editor.ts';

// Evidence behind a number, end to end over HTTP: the cited page is served by a local server the
// captures may open (allow-listed, like SOURCE_FETCH_ALLOW_HOSTS), never the internet.

const vendorPage = readFileSync(new URL('../fixtures/evidence/vendor.html', import.meta.url), 'utf8');
const evidenceOps = contractOperations('evidence.graphql');
const contractOp = (name: string) => evidenceOps.get(name)!;

/** The page the fixture server answers at /vendor.html; a test changes it to play "weeks later". */
let servedVendorPage = vendorPage;

function startPages(): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/vendor.html' || request.url === '/old-address.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(servedVendorPage);
    } else if (request.url === '/to-metadata') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      response.end();
    } else if (request.url === '/to-loopback') {
      response.writeHead(302, { location: 'http://127.0.0.1:9/private' });
      response.end();
    } else if (request.url === '/gone') {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<p>Not found</p>');
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const createSource = `mutation ($input: CreateSourceInput!) {
  createSource(input: $input) { __typename ... on CreateSourceSuccess { source { id } } ... on Error { message } }
}`;
const snapshotsOf = `query ($id: ID!) { node(id: $id) { ... on Source { snapshots(first: 5) { totalCount edges { node { sha256 httpStatus error url } } } } } }`;
const evidenceFields = `citation { quote lastConfirmedAt quoteUrl evidence { status excerpt explanation snapshot { sha256 } } }`;
const createScore = `mutation ($input: CreateScoreInput!) {
  createScore(input: $input) {
    __typename
    ... on CreateScoreSuccess { score { id version ${evidenceFields} } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;
const verifyScore = `mutation ($id: ID!, $expectedVersion: Int!, $evidenceOverride: String) {
  verifyScore(id: $id, expectedVersion: $expectedVersion, evidenceOverride: $evidenceOverride) {
    __typename
    ... on VerifyScoreSuccess { score { status } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;

describe('evidence: a cited page is captured, the number looked for in it, and re-checked', () => {
  let pages: Server;
  let pagesUrl: string;
  let app: TestApp;
  let editor: Session;
  let reviewer: Session;
  let vendorSourceId: string;

  beforeAll(async () => {
    pages = await startPages();
    const port = (pages.address() as AddressInfo).port;
    pagesUrl = `http://127.0.0.1:${port}`;
    // As an intranet deployment would list its own hosts; nothing else private is opened.
    process.env.SOURCE_FETCH_ALLOW_HOSTS = `127.0.0.1:${port}`;
    app = await startTestApp(
      async (db) => {
        await smallCatalog(db);
        await insertUser(db, 'editor@example.com', 'EDITOR');
        await insertUser(db, 'reviewer@example.com', 'REVIEWER');
      },
      { captureOnCreate: true, allowHosts: [{ host: '127.0.0.1', port: String(port) }] },
    );
    editor = await login(app, 'editor@example.com');
    reviewer = await login(app, 'reviewer@example.com');
  });

  afterAll(async () => {
    delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
    await app?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  const scoreInput = (value: number, locator: string, quote?: string) => ({
    model: 'o4-mini',
    benchmark: 'gpqa-diamond',
    value,
    setting: `run ${value}`,
    citation: { sourceId: vendorSourceId, locator, ...(quote ? { quote } : {}) },
    submitForReview: true,
  });

  it('captures the page when the source is created, and tells the editor the number is on it', async () => {
    const created = await app.gql(
      createSource,
      { input: { url: `${pagesUrl}/vendor.html`, title: 'Introducing o3 and o4-mini', publisher: 'OpenAI', kind: 'VENDOR_MODEL_CARD', retrievedAt: '2026-11-01' } },
      editor.headers,
    );
    vendorSourceId = created.data?.createSource.source.id;
    expect(vendorSourceId).toBeTruthy();
    // The capture runs in the background; the source's snapshots show it once it is recorded.
    await expect
      .poll(async () => (await app.gql(snapshotsOf, { id: vendorSourceId }, editor.headers)).data?.node.snapshots.totalCount, { timeout: 60_000 })
      .toBe(1);

    const found = await app.gql(createScore, { input: scoreInput(81.4, 'Results table, GPQA Diamond row') }, editor.headers);
    const citation = found.data?.createScore.score.citation;
    expect(citation.evidence.status).toBe('FOUND');
    expect(citation.evidence.excerpt).toContain('GPQA Diamond (no tools)');
    expect(citation.evidence.excerpt).toContain('81.4%');
    expect(citation.evidence.explanation).toMatch(/^found 81\.4/);
    expect(citation.evidence.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(citation.lastConfirmedAt).not.toBeNull();
  });

  it('says when the number is not where the citation points, and a reviewer must give a reason to verify it', async () => {
    const missing = await app.gql(createScore, { input: scoreInput(79.9, 'Results table', 'GPQA Diamond (no tools) 79.9%') }, editor.headers);
    const score = missing.data?.createScore.score;
    expect(score.citation.evidence.status).toBe('NOT_FOUND');
    expect(score.citation.evidence.explanation).toContain('is not on the page');
    expect(score.citation.quoteUrl).toBe(`${pagesUrl}/vendor.html#:~:text=GPQA%20Diamond%20(no%20tools)%2079.9%25`);

    const refused = await app.gql(verifyScore, { id: score.id, expectedVersion: score.version }, reviewer.headers);
    expect(refused.data?.verifyScore.__typename).toBe('ValidationError');
    expect(refused.data?.verifyScore.fieldErrors[0].path).toBe('evidenceOverride');
    expect(refused.data?.verifyScore.message).toContain('NOT_FOUND');
    for (const evidenceOverride of ['.', 'ok', '   checked   ', '1234567890']) {
      const unreadable = await app.gql(verifyScore, { id: score.id, expectedVersion: score.version, evidenceOverride }, reviewer.headers);
      expect(unreadable.data?.verifyScore.fieldErrors?.[0]).toMatchObject({ path: 'evidenceOverride', message: expect.stringContaining('in a sentence') });
    }

    const verified = await app.gql(
      verifyScore,
      { id: score.id, expectedVersion: score.version, evidenceOverride: 'The vendor corrected the figure in its system card, table 4.' },
      reviewer.headers,
    );
    expect(verified.data?.verifyScore).toEqual({ __typename: 'VerifyScoreSuccess', score: { status: 'VERIFIED' } });
    const [audit] = await app.db.raw.query<{ diff: { evidenceOverride?: { after: string } } }>(
      `select diff from audit_events where action = 'VERIFY' and entity_type = 'Score' order by id desc limit 1`,
    );
    expect(audit?.diff.evidenceOverride?.after).toBe('The vendor corrected the figure in its system card, table 4.');
  });

  it('notices when the page changes: the verified number goes PAGE_CHANGED and into the drift queue', async () => {
    const found = await app.gql(createScore, { input: { ...scoreInput(81.4, 'GPQA Diamond'), benchmark: 'gpqa-diamond', setting: 'kept' } }, editor.headers);
    const score = found.data?.createScore.score;
    expect(score.citation.evidence.status).toBe('FOUND');
    expect((await app.gql(verifyScore, { id: score.id, expectedVersion: score.version }, reviewer.headers)).data?.verifyScore.__typename).toBe(
      'VerifyScoreSuccess',
    );

    const again = await app.gql(contractOp('CaptureSource'), { id: vendorSourceId }, editor.headers);
    expect(again.data?.captureSource.__typename).toBe('CaptureSourceSuccess');

    servedVendorPage = vendorPage.replace('81.4%', '80.2%');
    const changed = await app.gql(contractOp('CaptureSource'), { id: vendorSourceId }, editor.headers);
    expect(changed.data?.captureSource.__typename).toBe('CaptureSourceSuccess');
    const snapshots = await app.gql(contractOp('SourceSnapshots'), { id: vendorSourceId }, editor.headers);
    expect(snapshots.data?.node.snapshots.totalCount).toBe(2);

    // A page of 100 with its evidence is within a signed-in reviewer's cost limit.
    const drift = await app.gql(contractOp('DriftQueue'), { first: 100 }, reviewer.headers);
    expect(drift.errors).toBeUndefined();
    const statuses = drift.data?.driftQueue.edges.map((edge: any) => [edge.node.__typename, edge.node.value, edge.node.citation.evidence.status]);
    expect(statuses).toContainEqual(['Score', 81.4, 'PAGE_CHANGED']);
    expect(statuses).toContainEqual(['Score', 79.9, 'NOT_FOUND']);

    // The public sees the evidence of what it reads, and when each number was last confirmed.
    const page = await app.gql(contractOp('ModelEvidence'), { slug: 'o4-mini' });
    const published = page.data?.model.scores.find((entry: any) => entry.value === 81.4);
    expect(published.citation.evidence.status).toBe('PAGE_CHANGED');
    expect(published.citation.lastConfirmedAt).not.toBeNull();
    expect(published.citation.evidence.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('judges a number corrected while its page was being read on the number as corrected', async () => {
    servedVendorPage = vendorPage.replace('81.4%', '80.2%');
    const created = await app.gql(createScore, { input: { ...scoreInput(81.4, 'GPQA Diamond'), setting: 'corrected meanwhile' } }, editor.headers);
    const score = created.data?.createScore.score;
    const [source] = await app.db.raw.query<{ id: number }>(`select id from sources where url = $1`, [`${pagesUrl}/vendor.html`]);
    // The page is read and every number citing it judged (81.4: not on it) before the write opens...
    const page = await fetchSourcePage(app.db.db, source!.id);
    // ...meanwhile the editor corrects the number to what the page says...
    const corrected = await app.gql(
      `mutation ($id: ID!, $v: Int!) { updateScore(id: $id, expectedVersion: $v, patch: { value: 80.2 }) { __typename } }`,
      { id: score.id, v: score.version },
      editor.headers,
    );
    expect(corrected.data?.updateScore.__typename).toBe('UpdateScoreSuccess');
    // ...so the judgement made on 81.4 is not written over the corrected number.
    await app.db.db.transaction((tx) => storeCapture(tx, page));
    const [row] = await app.db.raw.query<{ value: number; evidence_status: string; evidence_explanation: string }>(
      `select value, evidence_status, evidence_explanation from scores where setting = 'corrected meanwhile' and status <> 'SUPERSEDED' order by id desc limit 1`,
    );
    expect(row).toMatchObject({ value: 80.2, evidence_status: 'FOUND' });
    expect(row?.evidence_explanation).toMatch(/^found 80\.2/);
  });

  it('forgets what the old address said when a source moves, and captures the new one', async () => {
    servedVendorPage = vendorPage;
    const created = await app.gql(
      createSource,
      { input: { url: `${pagesUrl}/old-address.html`, title: 'Old address', publisher: 'OpenAI', kind: 'VENDOR_MODEL_CARD', retrievedAt: '2026-11-01' } },
      editor.headers,
    );
    const sourceId = created.data?.createSource.source.id;
    await expect.poll(async () => (await app.gql(snapshotsOf, { id: sourceId }, editor.headers)).data?.node.snapshots.totalCount, { timeout: 60_000 }).toBe(1);
    const cited = await app.gql(
      createScore,
      { input: { ...scoreInput(81.4, 'GPQA Diamond'), setting: 'moves', citation: { sourceId, locator: 'GPQA Diamond' } } },
      editor.headers,
    );
    const score = cited.data?.createScore.score;
    expect(score.citation.evidence.status).toBe('FOUND');

    const source = await app.gql(`query ($id: ID!) { node(id: $id) { ... on Source { version } } }`, { id: sourceId }, editor.headers);
    const moved = await app.gql(
      `mutation ($id: ID!, $v: Int!, $url: String!) { updateSource(id: $id, expectedVersion: $v, patch: { url: $url }) { __typename } }`,
      { id: sourceId, v: source.data?.node.version, url: `${pagesUrl}/nothing-here` },
      editor.headers,
    );
    expect(moved.data?.updateSource.__typename).toBe('UpdateSourceSuccess');
    const evidenceOf = async () => (await app.gql(`query ($id: ID!) { node(id: $id) { ... on Score { ${evidenceFields} } } }`, { id: score.id }, editor.headers)).data?.node.citation.evidence;
    // Never FOUND on the strength of the old page: unchecked until the new address is captured...
    expect(['UNCHECKED', 'UNREACHABLE']).toContain((await evidenceOf()).status);
    // ...which happens on its own, and the new page (a 404) is the evidence now.
    await expect.poll(async () => (await evidenceOf()).status, { timeout: 60_000 }).toBe('UNREACHABLE');
    expect((await evidenceOf()).explanation).toContain('HTTP 404');
    // What the old address confirmed is not shown as a confirmation of the new one.
    const after = await app.gql(`query ($id: ID!) { node(id: $id) { ... on Score { citation { lastConfirmedAt } } } }`, { id: score.id }, editor.headers);
    expect(after.data?.node.citation.lastConfirmedAt).toBeNull();
  });

  it('never follows a redirect to a private address, and records a failed capture as the number’s evidence', async () => {
    const cases = [
      ['/to-metadata', 'REFUSED_URL'],
      ['/to-loopback', 'REFUSED_URL'],
      ['/gone', 'HTTP_ERROR'],
    ];
    for (const [path, error] of cases) {
      const created = await app.gql(
        createSource,
        { input: { url: `${pagesUrl}${path}`, title: `Page ${path}`, publisher: 'Somebody', kind: 'OTHER', retrievedAt: '2026-11-01' } },
        editor.headers,
      );
      const id = created.data?.createSource.source.id;
      const capture = await app.gql(contractOp('CaptureSource'), { id }, editor.headers);
      expect(capture.data?.captureSource.__typename).toBe('CaptureSourceSuccess');
      const snapshots = await app.gql(snapshotsOf, { id }, editor.headers);
      const [latest] = snapshots.data!.node.snapshots.edges.map((edge: any) => edge.node);
      expect(latest).toMatchObject({ sha256: null, error });
      const cited = await app.gql(createScore, { input: { ...scoreInput(81.4, 'Results'), setting: `cites ${path}`, citation: { sourceId: id, locator: 'Results' } } }, editor.headers);
      expect(cited.data?.createScore.score.citation.evidence.status).toBe('UNREACHABLE');
      // A capture that could not confirm the number does not pass for silence: verifying it takes a reason.
      const { id: scoreId, version } = cited.data!.createScore.score;
      const refused = await app.gql(verifyScore, { id: scoreId, expectedVersion: version }, reviewer.headers);
      expect(refused.data?.verifyScore.fieldErrors?.[0]?.path).toBe('evidenceOverride');
    }
    // The refused hop was never opened: nothing but the allowed fixture server answered.
    const metadata = await app.db.raw.query<{ n: number }>(`select count(*)::int as n from source_snapshots where url like '%169.254%' and sha256 is not null`);
    expect(metadata[0]?.n).toBe(0);
  });

  it('keeps captures append-only and capturing to signed-in editors', async () => {
    for (const offset of ['0x10', 'NaN', '-1', '1e3', ' 5']) {
      const after = Buffer.from(`OffsetConnection:${offset}`).toString('base64');
      const listed = await app.gql(`query ($id: ID!, $after: String) { node(id: $id) { ... on Source { snapshots(first: 2, after: $after) { totalCount } } } }`, { id: vendorSourceId, after });
      expect(listed.errors?.[0]?.message).toBe('after: This cursor is not one this list gave out.');
    }
    const anonymous = await app.gql(contractOp('CaptureSource'), { id: vendorSourceId });
    expect(anonymous.data?.captureSource).toEqual({ __typename: 'NotAuthorizedError', message: 'Sign in to do this.' });
    const drift = await app.gql(contractOp('DriftQueue'), { first: 5 }, editor.headers);
    expect(drift.data).toBeNull();
    expect(drift.errors?.[0]).toMatchObject({ message: 'Your role does not allow this.', extensions: { code: 'FORBIDDEN' } });
    await expect(app.db.raw.query(`update source_snapshots set url = 'https://elsewhere.example/'`)).rejects.toThrow(/append-only/);
    await expect(app.db.raw.query(`delete from snapshot_bodies`)).rejects.toThrow(/append-only/);
  });

  it('re-checks on its own: due sources are captured again, a changed page re-judges its numbers, a fresh one waits', async () => {
    servedVendorPage = vendorPage;
    const [source] = await app.db.raw.query<{ id: number }>(`select id from sources where url = $1`, [`${pagesUrl}/vendor.html`]);
    expect(await dueSources(app.db.db, 0, 1000)).toContain(source!.id);
    // Captured within the last day: not due when the re-check waits a day.
    expect(await dueSources(app.db.db, 1, 1000)).not.toContain(source!.id);
    const captures = new CaptureJobs(app.db.db, pino({ level: 'silent' }));
    const summary = await recheckSources(app.db.db, captures, { dueAfterDays: 0, requestId: 'recheck:test' });
    await captures.close();
    expect(summary.failed).toBe(0);
    expect(summary.captured).toBe(summary.due);
    expect(summary.changed).toBeGreaterThan(0);
    // The page is back to 81.4: the number that had drifted (PAGE_CHANGED) is found again, and confirmed now.
    const [kept] = await app.db.raw.query<{ evidence_status: string; confirmed_now: boolean }>(
      `select evidence_status, last_confirmed_at > now() - interval '1 minute' as confirmed_now from scores where setting = 'kept'`,
    );
    expect(kept).toEqual({ evidence_status: 'FOUND', confirmed_now: true });
    const [audited] = await app.db.raw.query<{ n: number; actors: number }>(
      `select count(*)::int as n, count(actor_id)::int as actors from audit_events where action = 'CAPTURE' and request_id = 'recheck:test'`,
    );
    expect(audited).toEqual({ n: summary.captured, actors: 0 });
  });

  it('accepts every operation of contract/evidence.graphql', async () => {
    expect([...evidenceOps.keys()]).toEqual(['ModelEvidence', 'SourceSnapshots', 'CaptureSource', 'DriftQueue']);
    const model = await app.gql(contractOp('ModelEvidence'), { slug: 'o4-mini' });
    expect(model.errors).toBeUndefined();
    expect(model.data?.model.scores.length).toBeGreaterThan(0);
  });
});
