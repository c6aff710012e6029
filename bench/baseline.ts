/**
 * The baseline of `npm run bench`: a plain Node HTTP server that runs the exact SQL statement the API
 * generates for the ModelPage operation (captured by bench/run.ts through createDatabase's onStatement
 * hook, with its parameters) as a prepared statement through postgres.js, and answers with the rows
 * serialised by JSON.stringify. It reads the request body and takes the slug from its variables, as
 * any handler would; nothing else. What the API does on top of this is the cost of GraphQL.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_PORT, BENCH_STATEMENT (JSON file: { sql, params, slugIndex }),
 * BENCH_POOL (connections, default 10 like the API's DB_POOL_SIZE).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import postgres from 'postgres';

interface CapturedStatement {
  sql: string;
  params: string[];
  /** Position of the slug among the parameters (-1 when it is not a parameter). */
  slugIndex: number;
}

const statement = JSON.parse(readFileSync(process.env.BENCH_STATEMENT!, 'utf8')) as CapturedStatement;
const sql = postgres(process.env.BENCH_DATABASE_URL!, {
  max: Number(process.env.BENCH_POOL ?? 10),
  prepare: true,
  onnotice: () => {},
  connection: { application_name: 'sourced-bench-baseline' },
});

const server = createServer(async (req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: { slug?: string } }) : {};
    const params = statement.params.slice();
    if (statement.slugIndex >= 0 && body.variables?.slug) params[statement.slugIndex] = body.variables.slug;
    const rows = await sql.unsafe(statement.sql, params, { prepare: true });
    const json = JSON.stringify(rows);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
});

server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void sql.end({ timeout: 2 }).then(() => process.exit(0)));
});
