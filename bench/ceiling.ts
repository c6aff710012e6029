/**
 * The ceiling of `npm run bench`: a bare Node HTTP server answering every request with the bytes the
 * API returned for the model page (same body, same content type). No database, no GraphQL: the most
 * a Node process on this machine can serve of this page, the bound for any response cache.
 *
 * Environment: BENCH_PORT, BENCH_BODY (file with the response body), BENCH_CONTENT_TYPE.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const body = readFileSync(process.env.BENCH_BODY!);
const headers = {
  'content-type': process.env.BENCH_CONTENT_TYPE ?? 'application/json; charset=utf-8',
  'content-length': String(body.length),
};

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  // Read the request to its end, as a real handler must before answering.
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});

server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
