import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, DataDirLockError, openPglite } from '../../db/client.ts';
import { lockDataDir, lockFileName } from '../../db/dataDirLock.ts';
import { startServer, type ServerProcess } from '../faults/harness.ts';

// The embedded database (PGlite) is one process's at a time: a CLI run against the data directory of a
// running `npm start` used to print success while the server never saw what it wrote (and a restart
// lost it). Now every opener takes a lock in the directory; a second one is refused with a message
// saying what to do, and a lock left by a killed process does not block the next start.
// These are about PGlite directories: they run without DATABASE_URL on either test database.
const embedded = { DATABASE_URL: '', DATABASE_OWNER_URL: '', ADMIN_EMAIL: '', ADMIN_PASSWORD: '', SEED_DEMO: 'false' };
const dirs: string[] = [];
function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sourced-${name}-`));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** What a refused command says: the directory, the holder, and what to do. */
function expectRefusal(output: string, dir: string, server: ServerProcess) {
  expect(output).toContain(`The embedded database in ${dir} is in use by another Sourced process (pid ${server.child.pid}`);
  expect(output).toContain('Stop `npm start` first, or use DATABASE_URL with PostgreSQL.');
}
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;

describe('a running server’s data directory', () => {
  it('refuses user:create, catalog:import, db:migrate, sources:check and a second server; after the server stops, user:create works', async () => {
    const dir = tempDir('lock');
    const env = { ...embedded, DATA_DIR: dir };
    const server = await startServer(env);
    try {
      const created = await run(['scripts/create-user.ts', '--email', 'late@sourced.test', '--role', 'EDITOR', '--password', 'a long enough password'], env);
      expect(created.code, created.output).toBe(1);
      expectRefusal(created.output, dir, server);
      expect(created.output).not.toContain('created EDITOR');
      expect(created.output).not.toMatch(stackTrace);

      const imported = await run(['scripts/import.ts', 'db/seed/models.dev'], env);
      expect(imported.code, imported.output).toBe(1);
      expectRefusal(imported.output, dir, server);
      expect(imported.output).not.toMatch(/^done in/m);

      for (const cli of ['scripts/migrate.ts', 'scripts/check-sources.ts']) {
        const refused = await run([cli], env);
        expect(refused.code, `${cli}: ${refused.output}`).toBe(1);
        expectRefusal(refused.output, dir, server);
        expect(refused.output).not.toMatch(stackTrace);
      }

      const second = await startServer(env).then(
        (extra) => extra.stop('SIGTERM').then(() => 'a second server started'),
        (error: Error) => error.message,
      );
      expectRefusal(second, dir, server);
      expect(second).toMatch(/^server exited \(1\)/);
      expect(second).not.toMatch(stackTrace);

      // The running server is unharmed: it still answers.
      expect((await fetch(`${server.url}/ready`)).ok).toBe(true);
    } finally {
      expect(await server.stop('SIGTERM'), server.output()).toBe(0);
    }
    expect(existsSync(join(dir, lockFileName))).toBe(false);

    const created = await run(['scripts/create-user.ts', '--email', 'late@sourced.test', '--role', 'EDITOR', '--password', 'a long enough password'], env);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain('created EDITOR late@sourced.test');
  }, 600_000);

  it('a killed server’s lock does not block the next start, whose own lock then holds', async () => {
    const dir = tempDir('killed');
    const env = { ...embedded, DATA_DIR: dir };
    const killed = await startServer(env);
    expect(await killed.stop('SIGKILL')).toBeNull();
    // The lock outlived its process (nothing ran at exit)…
    expect(JSON.parse(readFileSync(join(dir, lockFileName), 'utf8')).pid).toBe(killed.child.pid);

    // …and the next start takes the directory over.
    const next = await startServer(env);
    try {
      expect(JSON.parse(readFileSync(join(dir, lockFileName), 'utf8')).pid).toBe(next.child.pid);
      const refused = await run(['scripts/create-user.ts', '--email', 'late@sourced.test', '--password', 'a long enough password'], env);
      expect(refused.code, refused.output).toBe(1);
      expectRefusal(refused.output, dir, next);
    } finally {
      expect(await next.stop('SIGTERM'), next.output()).toBe(0);
    }
  }, 600_000);
});

describe('the data directory lock', () => {
  it('refuses a second opener in the same process until the first closes', async () => {
    const dir = tempDir('in-process');
    const first = await openPglite(dir);
    try {
      const second = await openPglite(dir).then(
        async (pglite) => {
          await pglite.close();
          return null;
        },
        (error: unknown) => error,
      );
      expect(second).toBeInstanceOf(DataDirInUseError);
      expect((second as DataDirInUseError).message).toContain(`pid ${process.pid}`);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, lockFileName))).toBe(false);
    const again = await openPglite(dir);
    expect((await again.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await again.close();
  });

  it('takes over a lock whose process is gone, restarted under the same pid, or left half-written long ago', () => {
    const dir = tempDir('stale');
    const path = join(dir, lockFileName);
    const stale = [
      // A pid no process has (above Linux's pid_max).
      { pid: 2 ** 22 + 1, startTime: null, bootId: null, command: 'server/main.ts', since: '2026-01-01T00:00:00Z', nonce: 'a' },
      // This very pid, but started at another time: a container restarted reuses its small pids.
      ...(existsSync('/proc/self/stat') ? [{ pid: process.pid, startTime: '1', bootId: null, command: 'server/main.ts', since: '2026-01-01T00:00:00Z', nonce: 'b' }] : []),
    ];
    for (const record of stale) {
      writeFileSync(path, JSON.stringify(record));
      const lock = lockDataDir(dir);
      expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
      lock.release();
      expect(existsSync(path)).toBe(false);
    }
    writeFileSync(path, '');
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    lockDataDir(dir).release();
    expect(existsSync(path)).toBe(false);
  });

  it('a directory in the lock file’s place is taken over when empty, and otherwise named as what it is, never as a process that will end', () => {
    const dir = tempDir('not-a-file');
    const path = join(dir, lockFileName);
    mkdirSync(path);
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();

    mkdirSync(path);
    writeFileSync(join(path, 'keep'), 'something someone put here');
    let refusal: unknown;
    try {
      lockDataDir(dir).release();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockError);
    expect(refusal).not.toBeInstanceOf(DataDirInUseError);
    expect((refusal as Error).message).toBe(
      `${path} is a directory, not the lock file Sourced writes there: no Sourced process holds ${dir}. Move it away, then start again.`,
    );
    expect(readFileSync(join(path, 'keep'), 'utf8')).toBe('something someone put here');
  });
});
