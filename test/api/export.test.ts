import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportColumns } from '../../server/catalog/export.ts';
import { activeExports, csvCell, exportBatchSize } from '../../server/http/export.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, smallCatalog } from '../helpers/editor.ts';

// The auditors' export over HTTP: what a published number carries, what never appears, the CSV and
// NDJSON encodings, revalidation, and a download that stops or races a catalog change.

/** RFC 4180: fields separated by commas, records by CRLF; quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === '') (quoted = true), i++;
    else if (c === ',') record.push(field), (field = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), (i += 2);
    else if (c === '"' || c === '\r' || c === '\n') throw new Error(`not RFC 4180 at ${i}: ${JSON.stringify(text.slice(i - 20, i + 20))}`);
    else (field += c), i++;
  }
  if (quoted || field !== '' || record.length) throw new Error('the last record is not terminated by CRLF');
  return records;
}

const quoteText = 'GPQA Diamond, "no tools":\n81.4% (pass@1)';
const bulkRows = 2 * exportBatchSize + 500;
/** Large enough that a download cannot sit whole in socket buffers: the server must wait for the client. */
const bulkQuote = `Row text ${'x'.repeat(4_000)}`;

let app: TestApp;
let sha256: string;
let citedSource: string;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const { catalog, providerId, modelId, draftModelId, benchmarkId, sourceId } = await smallCatalog(db);
    citedSource = globalId('Source', sourceId);
    const q = async (text: string, params: unknown[] = []) => (await db.raw.query<{ id: number }>(text, params))[0]?.id as number;
    await insertUser(db, 'editor@example.com', 'EDITOR');
    await insertUser(db, 'reviewer@example.com', 'REVIEWER');
    const tricky = await q(
      `insert into sources (url, title, publisher, kind, retrieved_at) values ('https://example.test/paper', $1, 'Lab', 'PAPER', '2026-11-02') returning id`,
      ['Results, "final"\nedition'],
    );
    const formula = await q(
      `insert into sources (url, title, publisher, kind, retrieved_at) values ('https://example.test/formula', '=HYPERLINK("https://evil.test")', 'X', 'OTHER', '2026-11-02') returning id`,
    );
    const signed = await catalog.benchmark('signed-bench', { min: -10, max: 10 });
    const draftBench = await catalog.benchmark('draft-bench');
    await q(`update benchmarks set publication = 'DRAFT' where id = $1`, [draftBench]);
    const draftProvider = await catalog.provider('hidden-maker');
    await q(`update providers set publication = 'DRAFT' where id = $1`, [draftProvider]);
    const underDraftProvider = await catalog.model('under-draft-provider', draftProvider);

    const score = (model: number, bench: number, value: number, source: number, status = 'VERIFIED', setting = `${status}-${value}`) =>
      q(
        `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin, rejection_reason)
         values ($1, $2, $3, $6, $4, 'Results table', '2026-11-01', $5, 'IMPORT', case when $5 = 'REJECTED' then 'wrong' end) returning id`,
        [model, bench, value, source, status, setting],
      );
    const published = await score(modelId, benchmarkId, 81.4, tricky);
    await q(`update scores set quote = $1, locator = '=1+1' where id = $2`, [quoteText, published]);
    await score(modelId, signed, -0.5, formula, 'VERIFIED', '-2+3');
    for (const [value, status] of [[72, 'DRAFT'], [73, 'PENDING_REVIEW'], [74, 'REJECTED'], [75, 'RETIRED'], [76, 'SUPERSEDED']] as const) await score(modelId, benchmarkId, value, sourceId, status);
    await score(draftModelId, benchmarkId, 97, sourceId);
    await score(modelId, draftBench, 98, sourceId);
    await score(underDraftProvider, benchmarkId, 96, sourceId);

    // The capture the published score was checked against.
    sha256 = 'ab'.repeat(32);
    await q(`insert into snapshot_bodies (sha256, body, byte_size, format, text) values ($1, '\\x00', 1, 'HTML', 'page')`, [sha256]);
    const snapshot = await q(`insert into source_snapshots (source_id, url, http_status, sha256) values ($1, 'https://example.test/paper', 200, $2) returning id`, [tricky, sha256]);
    await q(
      `update scores set evidence_status = 'FOUND', evidence_snapshot_id = $1, evidence_checked_at = '2026-11-03T10:00:00Z',
         last_confirmed_at = '2026-11-03T10:00:00Z' where id = $2`,
      [snapshot, published],
    );

    await catalog.price(modelId, 'INPUT', 1.1, sourceId, '2025-04-16');
    await catalog.price(modelId, 'OUTPUT', 4.4, sourceId, '2025-04-16', 'DRAFT');
    await catalog.price(draftModelId, 'INPUT', 9.9, sourceId);
    await catalog.fact(modelId, 'CONTEXT_WINDOW', '200000', sourceId);
    await catalog.fact(modelId, 'MAX_OUTPUT_TOKENS', '100000', sourceId, 'PENDING_REVIEW');
    await catalog.fact(draftModelId, 'CONTEXT_WINDOW', '300000', sourceId);

    const bulk = await catalog.model('bulk-model', providerId);
    // In steps of 500: each insert runs the scores' row triggers, and the whole lot in one statement
    // came near the connection's 5 s statement timeout on a busy machine.
    for (let from = 1; from <= bulkRows; from += 500) {
      await db.raw.query(
        `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin, quote)
         select $1, $2, g % 100, 'bulk ' || g, $3, 'Row ' || g, '2026-11-01', 'VERIFIED', 'IMPORT', $4
         from generate_series($5::int, $6::int) g`,
        [bulk, benchmarkId, sourceId, bulkQuote, from, Math.min(bulkRows, from + 499)],
      );
    }
  });

  // A number entered by an editor and verified by a reviewer: who did either is never exported.
  const editor = await login(app, 'editor@example.com');
  const reviewer = await login(app, 'reviewer@example.com');
  const entered = await app.gql(
    op('CreateScore'),
    { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 80.1, setting: 'reviewed', citation: { sourceId: citedSource, locator: 'Table 2' }, submitForReview: true } },
    editor.headers,
  );
  const created = entered.data?.createScore.score;
  const verified = await app.gql(op('VerifyScore'), { id: created.id, expectedVersion: created.version }, reviewer.headers);
  expect(verified.data?.verifyScore.score.status).toBe('VERIFIED');
  const pending = await app.gql(
    op('CreateScore'),
    { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 70.2, setting: 'waiting', citation: { sourceId: citedSource, locator: 'Table 3' }, submitForReview: true } },
    editor.headers,
  );
  expect(pending.data?.createScore.score.status).toBe('PENDING_REVIEW');
}, 120_000);

afterAll(async () => {
  await app?.close();
});

/**
 * A request, retried once when a kept-alive connection was reset as it was reused: the server's idle
 * timer starts when it has written a response, and a client still reading 20 MB may come back after it.
 */
async function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  const send = () => fetch(`${app.url}${path}`, { method, headers });
  return send().catch((error: { cause?: { code?: string } }) => (error.cause?.code === 'ECONNRESET' ? send() : Promise.reject(error)));
}

async function csvRecords(): Promise<{ response: Response; body: string; rows: Record<string, string>[] }> {
  const response = await get('/export/numbers.csv');
  const body = await response.text();
  const [header, ...records] = parseCsv(body);
  expect(header).toEqual([...exportColumns]);
  for (const record of records) expect(record).toHaveLength(exportColumns.length);
  return { response, body, rows: records.map((record) => Object.fromEntries(header!.map((name, i) => [name, record[i]!]))) };
}

describe('the auditors export', () => {
  it('gives every published number with its source and evidence, as RFC 4180 CSV', async () => {
    const { response, body, rows } = await csvRecords();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [{ version }] = (await app.db.raw.query<{ version: string }>('select version::text as version from catalog_version')) as [{ version: string }];
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="sourced-numbers-${version}.csv"`);
    expect(response.headers.get('etag')).toBe(`"numbers-${version}-csv"`);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);

    const score = rows.find((row) => row.kind === 'SCORE' && row.value === '81.4')!;
    expect(score).toMatchObject({
      model_slug: 'o4-mini',
      provider_slug: 'openai',
      provider_name: 'OpenAI',
      benchmark_slug: 'gpqa-diamond',
      unit: 'PERCENT',
      source_url: 'https://example.test/paper',
      source_title: 'Results, "final"\nedition',
      source_kind: 'PAPER',
      quote: quoteText,
      retrieved_at: '2026-11-01',
      capture_sha256: sha256,
      evidence_status: 'FOUND',
      last_confirmed_at: '2026-11-03T10:00:00.000Z',
      price_kind: '',
      effective_from: '',
    });
    // The GraphQL global ID, so the row can be looked up in the API.
    expect(Buffer.from(score.id!, 'base64').toString()).toMatch(/^Score:\d+$/);
    // Formulas are defused; a negative number stays a number.
    expect(score.locator).toBe("'=1+1");
    const signed = rows.find((row) => row.benchmark_slug === 'signed-bench')!;
    expect(signed).toMatchObject({ value: '-0.5', setting: "'-2+3", source_title: `'=HYPERLINK("https://evil.test")` });

    const reviewed = rows.find((row) => row.setting === 'reviewed')!;
    expect(reviewed.verified_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rows.find((row) => row.kind === 'PRICE')).toMatchObject({
      model_slug: 'o4-mini', price_kind: 'INPUT', price_tier_min_tokens: '0', value: '1.1', unit: 'USD_PER_MILLION_TOKENS', effective_from: '2025-04-16',
    });
    expect(rows.filter((row) => row.kind === 'FACT')).toEqual([expect.objectContaining({ fact: 'CONTEXT_WINDOW', value: '200000', unit: 'TOKENS' })]);

    // Never a draft, pending, rejected, retired or superseded number, nor one of a draft model, benchmark or provider.
    const values = new Set(rows.filter((row) => row.model_slug !== 'bulk-model').map((row) => row.value));
    for (const hidden of ['72', '73', '74', '75', '76', '97', '98', '96', '70.2', '4.4', '9.9', '100000', '300000']) expect(values.has(hidden)).toBe(false);
    expect(rows.some((row) => ['secret-model', 'under-draft-provider'].includes(row.model_slug!))).toBe(false);
    expect(body).not.toMatch(/[\w.+-]@[\w-]+\.[a-z]/i);
    expect(body).not.toContain('example.com');

    // Every published number once, in a stable order: kind by kind, by row id, across batches.
    expect(rows.filter((row) => row.model_slug === 'bulk-model')).toHaveLength(bulkRows);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(rows.map((row) => row.kind)).toEqual([...rows.map((row) => row.kind)].sort((a, b) => ['SCORE', 'PRICE', 'FACT'].indexOf(a!) - ['SCORE', 'PRICE', 'FACT'].indexOf(b!)));
    const [{ n }] = (await app.db.raw.query<{ n: number }>(
      `select count(*)::int as n from scores s join models m on m.id = s.model_id where s.status = 'VERIFIED' and m.publication = 'PUBLISHED'
         and m.provider_id in (select id from providers where publication = 'PUBLISHED') and s.benchmark_id in (select id from benchmarks where publication = 'PUBLISHED')`,
    )) as [{ n: number }];
    expect(rows.filter((row) => row.kind === 'SCORE')).toHaveLength(n);
  });

  it('gives the same numbers as NDJSON, one JSON object a line', async () => {
    const response = await get('/export/numbers.ndjson');
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="sourced-numbers-\d+\.ndjson"$/);
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const { rows } = await csvRecords();
    expect(lines.map((line) => line.id)).toEqual(rows.map((row) => row.id));
    const score = lines.find((line) => line.value === 81.4)!;
    expect(score).toMatchObject({ quote: quoteText, locator: '=1+1', capture_sha256: sha256, price_kind: null, source_title: 'Results, "final"\nedition' });
    expect(Object.keys(score)).toEqual([...exportColumns]);
    expect(lines.find((line) => line.kind === 'PRICE')).toMatchObject({ value: 1.1, price_tier_min_tokens: 0 });
    expect(lines.find((line) => line.kind === 'FACT')).toMatchObject({ value: '200000' });
    expect(text).not.toContain('example.com');
  });

  it('revalidates by catalog version: 304 while nothing changed, a new ETag after a change', async () => {
    const first = await get('/export/numbers.csv', {}, 'HEAD');
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('');
    const etag = first.headers.get('etag')!;
    const again = await get('/export/numbers.csv', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/export/numbers.csv', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    // The formats have ETags of their own.
    expect((await get('/export/numbers.ndjson', { 'if-none-match': etag }, 'HEAD')).status).toBe(200);

    await app.db.raw.query(`update sources set title = 'Renamed' where url = 'https://example.test/formula'`);
    const changed = await get('/export/numbers.csv', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain(',Renamed,');
  });

  it('defuses every formula start in a CSV cell, and leaves plain numbers as they are', () => {
    expect(['=1+1', '+1', '-2+3', '@SUM(A1)', '\tcmd', '-'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\tcmd", "'-"]);
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(['-0.5', '-12', '-1e-05', '81.4', '2025-04'].map(csvCell)).toEqual(['-0.5', '-12', '-1e-05', '81.4', '2025-04']);
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell(null)).toBe('');
  });

  it('answers other methods 405 and other paths 404', async () => {
    const post = await get('/export/numbers.csv', { 'content-length': '0' }, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await get('/export/numbers.xlsx')).status).toBe(404);
  });

  it('stops reading when the client goes away mid-download', async () => {
    app.statements.length = 0;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${app.url}/export/numbers.csv`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      req.on('close', resolve);
      req.end();
      setTimeout(() => reject(new Error('no data')), 20_000);
    });
    await expect.poll(() => activeExports(app.db), { timeout: 10_000 }).toBe(0);
    const batches = () => app.statements.filter((text) => /from (scores|prices|model_facts) c\b/.test(text)).length;
    const read = batches();
    // Not every batch was read: the prices and facts never were.
    expect(app.statements.some((text) => /from prices c\b/.test(text))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(batches()).toBe(read);
    if (app.db.driver === 'postgres') {
      const open = await app.db.raw.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
      );
      expect(open[0]!.n).toBe(0);
    }
  });

  it('never gives a file mixing two catalog versions, and caps the downloads streaming at once', async () => {
    const before = await csvRecords();
    const started: { res: IncomingMessage; chunks: Buffer[]; ended: Promise<'complete' | 'cut off'> }[] = [];
    for (let i = 0; i < 2; i++) {
      started.push(
        await new Promise((resolve) => {
          const req = httpRequest(`${app.url}/export/numbers.csv`, (res) => {
            const chunks: Buffer[] = [];
            const ended = new Promise<'complete' | 'cut off'>((done) => {
              res.on('end', () => done('complete'));
              res.on('error', () => done('cut off'));
              res.on('aborted', () => done('cut off'));
            });
            res.once('data', (chunk: Buffer) => {
              chunks.push(chunk);
              res.pause();
              res.on('data', (more: Buffer) => chunks.push(more));
              resolve({ res, chunks, ended });
            });
          });
          req.end();
        }),
      );
    }
    // Two are streaming (held by their paused clients): a third waits its turn.
    const third = await get('/export/numbers.ndjson');
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBeTruthy();

    // A number is published while the two downloads are under way.
    await app.db.raw.query(`update scores set value = 12.5 where setting = 'bulk 1' and status = 'VERIFIED'`);
    for (const download of started) download.res.resume();
    const outcomes = await Promise.all(started.map((download) => download.ended));
    for (const [i, outcome] of outcomes.entries()) {
      if (app.db.driver === 'postgres') {
        // One snapshot: the whole file is the catalog its ETag names, the change not in it.
        expect(outcome).toBe('complete');
        expect(Buffer.concat(started[i]!.chunks).toString()).toBe(before.body);
      } else {
        // PGlite reads batch by batch: the transfer is cut off rather than mixing versions.
        expect(outcome).toBe('cut off');
      }
    }
    await expect.poll(() => activeExports(app.db), { timeout: 10_000 }).toBe(0);
    expect((await csvRecords()).rows.find((row) => row.setting === 'bulk 1')?.value).toBe('12.5');
  });
});
