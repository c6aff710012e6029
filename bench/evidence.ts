/**
 * npx tsx bench/evidence.ts [--n 30] [--check-n 60] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *                           [--only pglite|postgres] [--sizes 10k,100k,1m,5m,pdf]
 *
 * What evidence costs per page size. A local HTTP server (this process, loopback, allow-listed by
 * host:port like SOURCE_FETCH_ALLOW_HOSTS) serves vendor pages of ~10 KB, 100 KB, 1 MB and 5 MB
 * (a results table amid filler paragraphs, each number on its row beside its label) and a ~1 MB,
 * 250-page PDF paper with its results table on page 125. Each page is one source cited by 5 scores.
 * Per page size, on PGlite (a temporary data directory) and on PostgreSQL (a database of its own,
 * sourced_bench_evidence, created and dropped here):
 *   capture (new page)  `captureSource`: fetch + extract + store a new snapshot + check the 5 numbers;
 *                       every request gets a page differing in one comment, so each is a new capture
 *   capture (unchanged) `captureSource` of the same bytes again: fetch + extract + re-check, nothing stored
 *   check (1 number)    `findValue` over the stored extracted text, for one number with its locator
 * p50/p99 (nearest rank) of n runs each; printed as a table and written to
 * bench/results/<timestamp>-evidence.json with the machine's description.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { createDatabase, type DatabaseHandle } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { dropDatabaseAndAppRole } from '../db/roles.ts';
import { captureSource } from '../server/evidence/capture.ts';
import { findValue } from '../server/evidence/valueMatch.ts';

const { values: opts } = parseArgs({
  options: {
    n: { type: 'string', default: '30' },
    'check-n': { type: 'string', default: '60' },
    'database-url': { type: 'string', default: process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    only: { type: 'string' },
    sizes: { type: 'string', default: '10k,100k,1m,5m,pdf' },
  },
});

const runs = Math.max(1, Number(opts.n));
const checkRuns = Math.max(1, Number(opts['check-n']));
const benchDatabase = 'sourced_bench_evidence';
const root = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(root, 'bench', 'results');

// The five numbers each page holds, on rows labelled as a results table would label them.
const rows = [
  { benchmark: 'gpqa-diamond', label: 'GPQA Diamond', value: 81.4 },
  { benchmark: 'mmlu-pro', label: 'MMLU-Pro', value: 83.9 },
  { benchmark: 'swe-bench-verified', label: 'SWE-bench Verified', value: 62.7 },
  { benchmark: 'aime-2025', label: 'AIME 2025', value: 88.2 },
  { benchmark: 'hle', label: "Humanity's Last Exam", value: 18.1 },
];

// Filler: prose with numbers of its own (none of the five), as a vendor page has around its table.
const fillerWords = (
  'the model was trained on a mixture of public and licensed data with improved tool use and longer ' +
  'context handling across coding mathematics science and multilingual tasks while latency and cost ' +
  'per request were reduced for developers building agents assistants and retrieval pipelines'
).split(' ');
const fillerNumbers = ['4.2', '17', '2025', '3.5%', '$0.40', '128K', '12.5', '96', '7.1', '1,000'];

function fillerParagraph(seed: number): string {
  const words: string[] = [];
  for (let i = 0; i < 70; i++) {
    words.push(fillerWords[(seed * 7 + i * 13) % fillerWords.length]!);
    if (i % 11 === 5) words.push(fillerNumbers[(seed + i) % fillerNumbers.length]!);
  }
  return `${words.join(' ')}.`;
}

const nonceWidth = 12;
const noncePlaceholder = '0'.repeat(nonceWidth);

/** A vendor page of about `size` bytes: filler, the results table in the middle, filler; one comment holds the nonce. */
function vendorPage(size: number): { body: Buffer; nonceAt: number } {
  const table =
    '<h2>Results</h2>\n<table>\n<thead><tr><th>Benchmark</th><th>Our model</th><th>Previous model</th></tr></thead>\n<tbody>\n' +
    rows.map((row, i) => `<tr><td>${row.label}</td><td>${row.value}%</td><td>${(50 + i * 3.3).toFixed(1)}%</td></tr>`).join('\n') +
    '\n</tbody>\n</table>\n';
  const head = `<!doctype html>\n<html><head><meta charset="utf-8"><title>Introducing our model</title></head><body>\n<!-- build ${noncePlaceholder} -->\n<h1>Introducing our model</h1>\n`;
  const tail = '</body></html>\n';
  const paragraphs: string[] = [];
  let length = head.length + table.length + tail.length;
  for (let i = 0; length < size; i++) {
    const paragraph = `<p>${fillerParagraph(i)}</p>\n`;
    paragraphs.push(paragraph);
    length += paragraph.length;
  }
  const middle = Math.floor(paragraphs.length / 2);
  const html = head + paragraphs.slice(0, middle).join('') + table + paragraphs.slice(middle).join('') + tail;
  return { body: Buffer.from(html, 'utf8'), nonceAt: Buffer.from(head.slice(0, head.indexOf(noncePlaceholder)), 'utf8').length };
}

/** A PDF of `pages` pages of filler text with the results table on the middle page; a comment holds the nonce. */
function paperPdf(pages: number, linesPerPage: number): { body: Buffer; nonceAt: number } {
  const esc = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const tablePage = Math.floor(pages / 2);
  const objects: string[] = [];
  // 1: catalog, 2: pages, 3: font, then per page: page object, contents.
  const kids: string[] = [];
  const pageObjects: string[] = [];
  for (let p = 0; p < pages; p++) {
    const pageId = 4 + p * 2;
    const contentId = pageId + 1;
    kids.push(`${pageId} 0 R`);
    let ops = `BT /F1 9 Tf 50 760 Td (Page ${p + 1}) Tj ET\n`;
    let y = 740;
    if (p === tablePage) {
      ops += `BT /F1 9 Tf 50 ${y} Td (Table 3: Results \\(pass@1, %\\).) Tj ET\n`;
      y -= 12;
      for (const row of rows) {
        ops += `BT /F1 9 Tf 50 ${y} Td (${esc(row.label)}) Tj ET\nBT /F1 9 Tf 250 ${y} Td (${row.value}) Tj ET\n`;
        y -= 12;
      }
    }
    for (let line = 0; y > 40 && line < linesPerPage; line++) {
      ops += `BT /F1 9 Tf 50 ${y} Td (${esc(fillerParagraph(p * 100 + line).slice(0, 95))}) Tj ET\n`;
      y -= 12;
    }
    pageObjects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${contentId} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
    pageObjects.push(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}endstream`);
  }
  objects.push('<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', ...pageObjects);
  const header = `%PDF-1.4\n%build ${noncePlaceholder}\n`;
  let out = header;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { body: Buffer.from(out, 'latin1'), nonceAt: header.indexOf(noncePlaceholder) };
}

interface Page {
  name: string;
  path: string;
  contentType: string;
  body: Buffer;
  nonceAt: number;
  /** Locator written on each number's citation. */
  locator: (label: string) => string;
}

const sizeNames = new Set(opts.sizes.split(',').map((s) => s.trim()));
const pages: Page[] = [
  ...(
    [
      ['10k', 10_000],
      ['100k', 100_000],
      ['1m', 1_000_000],
      ['5m', 5_000_000],
    ] as const
  )
    .filter(([name]) => sizeNames.has(name))
    .map(([name, size]) => ({
      name: `HTML ${name.toUpperCase().replace('K', ' KB').replace('M', ' MB')}`,
      path: `/vendor-${name}.html`,
      contentType: 'text/html; charset=utf-8',
      ...vendorPage(size),
      locator: (label: string) => `Results table, ${label} row`,
    })),
  ...(sizeNames.has('pdf')
    ? [{ name: 'PDF ~1 MB (250 pages)', path: '/paper.pdf', contentType: 'application/pdf', ...paperPdf(250, 30), locator: (label: string) => `Table 3, ${label}` }]
    : []),
];

/** The page server: `changing` pages get a new nonce per request (a new capture each time). */
let changing = true;
let nonce = 0;
function startServer(): Promise<Server> {
  const byPath = new Map(pages.map((page) => [page.path, page]));
  const server = createServer((req, res) => {
    const page = byPath.get(req.url ?? '');
    if (!page) return void res.writeHead(404).end();
    // Requests are sequential: the page's buffer is changed in place, between responses.
    if (changing) page.body.write(String(++nonce).padStart(nonceWidth, '0'), page.nonceAt, 'latin1');
    res.writeHead(200, { 'content-type': page.contentType, 'content-length': page.body.length });
    res.end(page.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
/** Nearest-rank percentile. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), minMs: round(sorted[0]!), maxMs: round(sorted.at(-1)!) };
}
type Stats = ReturnType<typeof stats>;

interface SizeResult {
  page: string;
  bodyBytes: number;
  textChars: number;
  numbers: number;
  captureNew: Stats;
  captureUnchanged: Stats;
  check: Stats;
  /** How the numbers came out of the last capture (all 5 FOUND expected). */
  evidence: Record<string, number>;
  /** How findValue judged each number over the stored text (all found expected). */
  checkFound: number;
}

async function fillCatalog(handle: DatabaseHandle, base: string): Promise<Map<string, number>> {
  const q = handle.raw.query.bind(handle.raw);
  const [provider] = await q<{ id: number }>(`insert into providers (slug, name) values ('bench', 'Bench AI') returning id`);
  const [model] = await q<{ id: number }>(
    `insert into models (slug, name, provider_id, publication, api_model_id) values ('bench-model', 'Bench model', $1, 'PUBLISHED', 'bench-model') returning id`,
    [provider!.id],
  );
  const benchmarkIds = new Map<string, number>();
  for (const row of rows) {
    const [benchmark] = await q<{ id: number }>(
      `insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better) values ($1, $2, 0, 100, true) returning id`,
      [row.benchmark, row.label],
    );
    benchmarkIds.set(row.benchmark, benchmark!.id);
  }
  const sourceIds = new Map<string, number>();
  for (const page of pages) {
    const [source] = await q<{ id: number }>(
      `insert into sources (url, title, publisher, kind, retrieved_at) values ($1, $2, 'Bench AI', 'VENDOR_MODEL_CARD', '2026-11-01') returning id`,
      [`${base}${page.path}`, page.name],
    );
    sourceIds.set(page.path, source!.id);
    for (const row of rows) {
      await q(
        `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
         values ($1, $2, $3, $4, $5, $6, '2026-11-01', 'VERIFIED', 'IMPORT')`,
        [model!.id, benchmarkIds.get(row.benchmark), row.value, `bench ${page.path}`, source!.id, page.locator(row.label)],
      );
    }
  }
  return sourceIds;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

async function benchDatabaseRuns(label: string, handle: DatabaseHandle, base: string, allowHosts: { host: string; port: string }[]): Promise<SizeResult[]> {
  await migrateDatabase(handle);
  const sourceIds = await fillCatalog(handle, base);
  const options = { allowHosts };
  const results: SizeResult[] = [];
  for (const page of pages) {
    const sourceId = sourceIds.get(page.path)!;
    // One warm-up capture (module loading, JIT, the first connection), not counted.
    changing = true;
    await captureSource(handle.db, sourceId, options);
    const captureNew: number[] = [];
    let evidence: Record<string, number> = {};
    for (let i = 0; i < runs; i++) {
      const { ms, value } = await timed(() => captureSource(handle.db, sourceId, options));
      if (!value.changed || value.snapshot.error) throw new Error(`${label} ${page.name}: expected a new capture, got ${JSON.stringify(value.snapshot)}`);
      captureNew.push(ms);
      evidence = value.evidence as Record<string, number>;
    }
    changing = false;
    await captureSource(handle.db, sourceId, options);
    const captureUnchanged: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { ms, value } = await timed(() => captureSource(handle.db, sourceId, options));
      if (value.changed) throw new Error(`${label} ${page.name}: expected the page unchanged`);
      captureUnchanged.push(ms);
    }
    const [stored] = await handle.raw.query<{ text: string | null; bytes: number }>(
      `select b.text, b.byte_size as bytes from source_snapshots s join snapshot_bodies b on b.sha256 = s.sha256
       where s.source_id = $1 order by s.id desc limit 1`,
      [sourceId],
    );
    const text = stored?.text ?? '';
    let checkFound = 0;
    for (const row of rows) if (findValue(text, { kind: 'SCORE', value: row.value, scaleMax: 100 }, { locator: page.locator(row.label) }).found) checkFound++;
    const check: number[] = [];
    for (let i = 0; i < checkRuns; i++) {
      const row = rows[i % rows.length]!;
      const start = performance.now();
      findValue(text, { kind: 'SCORE', value: row.value, scaleMax: 100 }, { locator: page.locator(row.label) });
      check.push(performance.now() - start);
    }
    const result: SizeResult = {
      page: page.name,
      bodyBytes: Number(stored?.bytes ?? page.body.length),
      textChars: text.length,
      numbers: rows.length,
      captureNew: stats(captureNew),
      captureUnchanged: stats(captureUnchanged),
      check: stats(check),
      evidence,
      checkFound,
    };
    console.log(
      `  ${label.padEnd(10)} ${page.name.padEnd(22)} new p50 ${result.captureNew.p50Ms} ms  unchanged p50 ${result.captureUnchanged.p50Ms} ms  check p50 ${result.check.p50Ms} ms  evidence ${JSON.stringify(evidence)}`,
    );
    results.push(result);
  }
  return results;
}

function machine(pgVersion: string | null) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage1: round(os.loadavg()[0]!),
    postgres: pgVersion,
  };
}

function table(all: Record<string, SizeResult[]>): string {
  const header = ['database', 'page', 'body', 'text chars', 'capture new p50/p99 ms', 'capture unchanged p50/p99 ms', 'check 1 number p50/p99 ms', 'found'];
  const lines = [header];
  for (const [database, results] of Object.entries(all)) {
    for (const r of results) {
      lines.push([
        database,
        r.page,
        `${round(r.bodyBytes / 1000, 1)} kB`,
        String(r.textChars),
        `${r.captureNew.p50Ms} / ${r.captureNew.p99Ms}`,
        `${r.captureUnchanged.p50Ms} / ${r.captureUnchanged.p99Ms}`,
        `${r.check.p50Ms} / ${r.check.p99Ms}`,
        `${r.evidence.FOUND ?? 0}/${r.numbers} (check ${r.checkFound}/${r.numbers})`,
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.slice(1).map(format)].join('\n');
}

async function main() {
  const server = await startServer();
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const allowHosts = [{ host: '127.0.0.1', port: String(port) }];
  const started = new Date();
  const all: Record<string, SizeResult[]> = {};
  let pgVersion: string | null = null;
  console.log(`bench/evidence: ${pages.map((p) => `${p.name} (${p.body.length} bytes)`).join(', ')}; n=${runs} captures, ${checkRuns} checks per size`);
  try {
    if (opts.only !== 'postgres') {
      const dataDir = mkdtempSync(join(os.tmpdir(), 'sourced-bench-evidence-'));
      const handle = await createDatabase({ dataDir });
      try {
        all.pglite = await benchDatabaseRuns('PGlite', handle, base, allowHosts);
      } finally {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (opts.only !== 'pglite') {
      const admin = postgres(opts['database-url'], { max: 1, onnotice: () => {} });
      try {
        pgVersion = (await admin.unsafe<{ v: string }[]>('show server_version'))[0]!.v;
        await dropDatabaseAndAppRole((sql) => admin.unsafe(sql), benchDatabase);
        await admin.unsafe(`create database ${benchDatabase}`);
        const url = new URL(opts['database-url']);
        url.pathname = `/${benchDatabase}`;
        const handle = await createDatabase({ url: url.toString() });
        try {
          all.postgres = await benchDatabaseRuns('PostgreSQL', handle, base, allowHosts);
        } finally {
          await handle.close();
        }
      } finally {
        await dropDatabaseAndAppRole((sql) => admin.unsafe(sql), benchDatabase).catch((error) => console.error(`could not drop ${benchDatabase}: ${error}`));
        await admin.end();
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  console.log(`\n${table(all)}\n`);
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${started.toISOString().replace(/[:.]/g, '-')}-evidence.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        kind: 'evidence',
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        runs,
        checkRuns,
        machine: machine(pgVersion),
        notes: [
          'capture new: captureSource (fetch from a loopback server in this process + extract + store a new snapshot + check 5 numbers), each request a page differing in one comment',
          'capture unchanged: captureSource of identical bytes (fetch + extract + re-check 5 numbers, no snapshot stored)',
          'check: findValue over the stored extracted text for one number with its locator',
          'percentiles are nearest rank',
        ],
        results: all,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${file}`);
}

await main();
