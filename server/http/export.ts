import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, DatabaseHandle } from '../../db/client.ts';
import {
  catalogVersion,
  exportColumns,
  globalIdOf,
  numberKinds,
  readBatch,
  type ExportRow,
  type NumberKind,
} from '../catalog/export.ts';
import { sendError } from './nodeRequest.ts';

/**
 * GET|HEAD /export/numbers.csv and /export/numbers.ndjson: every published number with its
 * provenance (server/catalog/export.ts), for auditors. Streamed: one batch of rows is held at a time
 * (and the next one read meanwhile), and a batch is written only once the client took the last one.
 */

/** Rows per statement: a few hundred KB of text, well inside the statement timeout. */
export const exportBatchSize = 2_000;
/** A client that takes no bytes for this long is dropped (it would hold a snapshot and a connection). */
const drainTimeoutMs = 60_000;
/**
 * Exports streaming at once per database handle: on PostgreSQL each holds a pooled connection for
 * its whole transfer (DB_POOL_SIZE is 10 by default), so a few slow downloads cannot take the pool.
 */
const maxConcurrentExports = 2;

const active = new WeakMap<DatabaseHandle, number>();
/** Exports streaming now on this handle (tests: a closed client leaves none behind). */
export const activeExports = (handle: DatabaseHandle) => active.get(handle) ?? 0;

interface Format {
  extension: string;
  contentType: string;
  header: string;
  encode(kind: NumberKind, rows: ExportRow[]): string;
}

/** A cell's values in column order (id and kind are not columns of the row). */
function cells(kind: NumberKind, row: ExportRow): (string | null)[] {
  return exportColumns.map((column) => (column === 'id' ? globalIdOf(kind, row.key) : column === 'kind' ? kind : row[column]));
}

const plainNumber = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * RFC 4180, and safe to open in a spreadsheet: a text starting with = + - @ TAB or CR would be read
 * as a formula there, so it gets a leading apostrophe. A plain number (a score of -0.5) is a value,
 * not a formula, and stays as it is so it still reads as a number.
 */
export function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const text = /^[=+\-@\t\r]/.test(value) && !plainNumber.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csv: Format = {
  extension: 'csv',
  contentType: 'text/csv; charset=utf-8',
  header: `${exportColumns.join(',')}\r\n`,
  encode: (kind, rows) => rows.map((row) => `${cells(kind, row).map(csvCell).join(',')}\r\n`).join(''),
};

// JSON readers are programs, not spreadsheets: texts are as written; numbers are numbers.
const numericColumns = new Set<string>(['price_tier_min_tokens']);
const ndjson: Format = {
  extension: 'ndjson',
  contentType: 'application/x-ndjson',
  header: '',
  encode: (kind, rows) =>
    rows
      .map((row) => {
        const values = cells(kind, row);
        const record: Record<string, string | number | null> = {};
        exportColumns.forEach((column, i) => {
          const value = values[i] ?? null;
          // A fact's value is text (a date "2025-04", a token count as digits); a score's or price's a number.
          const numeric = numericColumns.has(column) || (column === 'value' && kind !== 'FACT');
          record[column] = numeric && value !== null ? Number(value) : value;
        });
        return `${JSON.stringify(record)}\n`;
      })
      .join(''),
};

const formats = new Map<string, Format>([
  ['/export/numbers.csv', csv],
  ['/export/numbers.ndjson', ndjson],
]);

// As app.ts's isDatabaseUnavailable (app.ts imports this module, so it is not imported from there).
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_ENDED', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '53300', '57014']);
function isDatabaseUnavailable(error: unknown): boolean {
  // Drizzle wraps the driver's error (`cause`).
  for (let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; current = current.cause as typeof current, depth++) {
    if (typeof current.code === 'string' && unavailableCodes.has(current.code)) return true;
    if (typeof current.message === 'string' && /PGlite is closed/.test(current.message)) return true;
  }
  return false;
}

class ClientGone extends Error {}
class CatalogMoved extends Error {}

const etagMatches = (header: string | undefined, etag: string) =>
  !!header && (header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag));

/** Writes a chunk; when the socket's buffer is full, waits until the client took it (or left). */
async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (res.destroyed) return;
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(() => res.destroy(), drainTimeoutMs);
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes every published number, kind after kind, each by row id (keyset batches). The next batch
 * is read while the last one is being taken by the client; `check` runs after each read.
 */
async function streamRows(db: Pick<Database, 'execute'>, res: ServerResponse, format: Format, sent: { rows: number }, check?: () => Promise<void>): Promise<void> {
  let kindIndex = 0;
  let after = 0;
  const read = () => {
    const batch = readBatch(db, numberKinds[kindIndex]!, after, exportBatchSize);
    // Awaited below; until then a failure must not count as unhandled.
    batch.catch(() => {});
    return batch;
  };
  let pending = read();
  if (format.header) await write(res, format.header);
  for (;;) {
    const kind = numberKinds[kindIndex]!;
    const rows = await pending;
    if (res.destroyed) throw new ClientGone();
    await check?.();
    let more = true;
    if (rows.length === exportBatchSize) after = rows[rows.length - 1]!.key;
    else if (++kindIndex < numberKinds.length) after = 0;
    else more = false;
    if (more) pending = read();
    if (rows.length) await write(res, format.encode(kind, rows));
    sent.rows += rows.length;
    // The last write returns when the client left too: that is not a complete transfer.
    if (res.destroyed) throw new ClientGone();
    if (!more) return;
  }
}

export async function serveExport(handle: DatabaseHandle, logger: Logger, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const format = formats.get(path);
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', requestId);
  if (!format) return sendError(res, 404, 'No such export: /export/numbers.csv and /export/numbers.ndjson are.', 'NOT_FOUND');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendError(res, 405, 'The export is read with GET (or HEAD).', 'METHOD_NOT_ALLOWED');
  }
  const log = logger.child({ requestId, path });
  const started = performance.now();
  const sent = { rows: 0 };
  const headersFor = (version: string) => ({
    'content-type': format.contentType,
    'content-disposition': `attachment; filename="sourced-numbers-${version}.${format.extension}"`,
    etag: `"numbers-${version}-${format.extension}"`,
    'cache-control': 'public, max-age=60',
    'x-content-type-options': 'nosniff',
  });
  /** 304 or the headers of a 200 for this version; true when the body is to follow. */
  const answer = (version: string): boolean => {
    const headers = headersFor(version);
    if (etagMatches(req.headers['if-none-match'], headers.etag)) {
      res.writeHead(304, headers).end();
      return false;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    return req.method === 'GET';
  };
  let counted = false;
  try {
    // Revalidations and HEAD need the version only: no snapshot, no connection held.
    const current = await catalogVersion(handle.db);
    const headers = headersFor(current);
    if (req.method === 'HEAD' || etagMatches(req.headers['if-none-match'], headers.etag)) {
      answer(current);
      return;
    }
    if (activeExports(handle) >= maxConcurrentExports) {
      res.setHeader('retry-after', '30');
      return sendError(res, 503, 'Too many exports are being downloaded right now; please retry shortly.', 'SERVICE_UNAVAILABLE');
    }
    active.set(handle, activeExports(handle) + 1);
    counted = true;
    if (handle.driver === 'postgres') {
      // Every batch from one REPEATABLE READ snapshot: the file is the catalog of exactly the version its
      // ETag names, however long the transfer takes. The snapshot holds a pooled connection meanwhile,
      // hence the cap above; a stalled client is dropped after drainTimeoutMs, and PostgreSQL ends the
      // transaction itself shortly after if this process could not (db/client.ts sets 10 s otherwise).
      await handle.db.transaction(
        async (tx) => {
          await tx.execute(sql`select set_config('idle_in_transaction_session_timeout', ${String(drainTimeoutMs + 30_000)}, true)`);
          if (!answer(await catalogVersion(tx))) return;
          await streamRows(tx, res, format, sent);
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    } else {
      // PGlite has one connection: a transaction held while a client downloads would stop every other
      // request. Batches are read one statement at a time instead, and the version is read again after
      // each: a catalog change during the transfer cuts it off (the client sees an incomplete response
      // and retries), so no file ever mixes two versions under one ETag.
      if (!answer(current)) return;
      await streamRows(handle.db, res, format, sent, async () => {
        if ((await catalogVersion(handle.db)) !== current) throw new CatalogMoved();
      });
    }
    res.end();
    log.info({ status: res.statusCode, rows: sent.rows, ms: Math.round(performance.now() - started) }, 'export sent');
  } catch (error) {
    if (error instanceof ClientGone || res.destroyed) {
      log.info({ rows: sent.rows, ms: Math.round(performance.now() - started) }, 'export: the client closed the connection; reading stopped');
    } else if (error instanceof CatalogMoved) {
      log.info({ rows: sent.rows }, 'export: the catalog changed during the transfer; cut off so the client retries');
    } else if (!res.headersSent && isDatabaseUnavailable(error)) {
      log.warn({ err: error }, 'export: database unavailable');
      res.setHeader('retry-after', '5');
      return sendError(res, 503, 'The database is not available; please retry shortly.', 'SERVICE_UNAVAILABLE');
    } else if (!res.headersSent) {
      throw error;
    } else {
      log.error({ err: error, rows: sent.rows }, 'export failed mid-stream; the response is cut off');
    }
    // A body already begun is never ended as if complete: the client sees the transfer fail.
    res.destroy();
  } finally {
    if (counted) active.set(handle, activeExports(handle) - 1);
  }
}
