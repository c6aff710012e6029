import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

// Development: the API restarting on every change (tsx watch) and the admin app from Vite with hot
// reload, which proxies /graphql to the API so the session cookie stays same-origin.
const root = fileURLToPath(new URL('..', import.meta.url));

const api = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'watch', join(root, 'server', 'index.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});

const vite = await createServer({ configFile: join(root, 'admin', 'vite.config.ts') });
await vite.listen();
const local = vite.resolvedUrls?.local[0] ?? `http://localhost:${vite.config.server.port}/admin/`;
console.log(`admin app with hot reload: ${local} (API: http://localhost:${process.env.PORT ?? 4000}/graphql)`);

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
  await vite.close();
  process.exit(code);
}
api.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
