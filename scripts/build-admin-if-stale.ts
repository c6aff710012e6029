import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const adminDir = join(root, 'admin');
const builtIndex = join(adminDir, 'dist', 'index.html');
/** Inputs of the admin build: a change to any of them makes admin/dist stale. */
const inputs = [join(adminDir, 'src'), join(adminDir, 'index.html'), join(adminDir, 'vite.config.ts'), join(root, 'package-lock.json')];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when admin/dist is missing or older than any of its inputs. */
export async function adminBuildIsStale(): Promise<boolean> {
  const built = await stat(builtIndex).catch(() => null);
  if (!built) return true;
  const times = await Promise.all(inputs.map(newestMtime));
  return Math.max(...times) > built.mtimeMs;
}

/**
 * A child process with NODE_ENV=production: inside vitest NODE_ENV is "test", and Vite would bundle
 * React's and MUI's development builds (slower, and their dev-only warnings in the console).
 */
export async function buildAdmin(): Promise<void> {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  await run(process.execPath, [vite, 'build', '--config', join(adminDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/**
 * Builds the admin when stale. Concurrent callers (test workers) take turns through a lock
 * directory; whoever gets it second finds the build fresh and returns.
 */
export async function buildAdminIfStale(log: (line: string) => void = () => {}): Promise<boolean> {
  const lock = join(root, 'node_modules', '.cache', 'sourced-admin-build.lock');
  await mkdir(join(lock, '..'), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(lock).catch(() => null);
      // A lock left by a process that died mid-build.
      if (held && Date.now() - held.mtimeMs > 3 * 60_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the admin build lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (!(await adminBuildIsStale())) return false;
    log('building the admin app (admin/dist is missing or older than admin/src)…');
    const started = performance.now();
    await buildAdmin();
    log(`admin app built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildAdminIfStale((line) => console.log(line));
}
