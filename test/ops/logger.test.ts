import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prettyTransportTarget } from '../../server/logger.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const installed = (id: string) => `/node_modules/${id}/index.js`;
const absent = (id: string): string => {
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
};

describe('pretty logs', () => {
  it('only for a terminal, outside production, and only when pino-pretty is installed', () => {
    expect(prettyTransportTarget({ stdoutIsTTY: true, production: false, resolve: installed })).toBe('/node_modules/pino-pretty/index.js');
    // The Docker image: production, and pino-pretty (a devDependency) not installed; `docker run -t`.
    expect(prettyTransportTarget({ stdoutIsTTY: true, production: true, resolve: absent })).toBeUndefined();
    expect(prettyTransportTarget({ stdoutIsTTY: true, production: true, resolve: installed })).toBeUndefined();
    expect(prettyTransportTarget({ stdoutIsTTY: true, production: false, resolve: absent })).toBeUndefined();
    expect(prettyTransportTarget({ stdoutIsTTY: false, production: false, resolve: installed })).toBeUndefined();
  });
});

// `script` (util-linux, in Debian's essential bsdutils) runs a command on a pseudo-terminal: stdout is
// a TTY, as under `docker run -t`. No skip when it is missing: the test fails and says so.
const script = '/usr/bin/script';

describe('the server\'s logger with stdout a terminal', () => {
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(script)) throw new Error(`${script} is missing: install util-linux's bsdutils (apt-get install bsdutils) to run this test`);
    dir = await mkdtemp(join(tmpdir(), 'sourced-logger-'));
    await writeFile(
      join(dir, 'log.ts'),
      `import { createLogger } from ${JSON.stringify(new URL('../../server/logger.ts', import.meta.url).href)};
console.log('stdout is a terminal: ' + process.stdout.isTTY);
createLogger('info').info({ probe: 42 }, 'hello from a terminal');
`,
    );
    // Makes pino-pretty unresolvable, as in an \`npm ci --omit=dev\` install (require.resolve fails).
    await writeFile(
      join(dir, 'without-pino-pretty.cjs'),
      `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'pino-pretty' || request.startsWith('pino-pretty/')) {
    throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
  }
  return resolve.call(this, request, ...rest);
};
`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Runs log.ts on a pseudo-terminal; its exit code and what the terminal showed. */
  function logOnTerminal(env: Record<string, string>): Promise<{ code: number; output: string }> {
    const command = `${join(root, 'node_modules/.bin/tsx')} ${join(dir, 'log.ts')}`;
    return new Promise((resolve) => {
      execFile(
        script,
        ['-qec', command, '/dev/null'],
        { cwd: root, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'dumb', ...env }, timeout: 120_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout.replace(/\r/g, '') }),
      );
    });
  }

  it('writes JSON lines, and keeps running, when pino-pretty is not installed', async () => {
    const { code, output } = await logOnTerminal({ NODE_OPTIONS: `--require ${join(dir, 'without-pino-pretty.cjs')}` });
    expect(output).toContain('stdout is a terminal: true');
    expect(code, output).toBe(0);
    const line = output.split('\n').find((text) => text.startsWith('{'));
    expect(JSON.parse(line!)).toMatchObject({ msg: 'hello from a terminal', probe: 42, service: 'sourced' });
  });

  it('writes JSON lines in production even when pino-pretty is installed', async () => {
    const { code, output } = await logOnTerminal({ NODE_ENV: 'production' });
    expect(code, output).toBe(0);
    expect(output).toContain('stdout is a terminal: true');
    expect(output).toMatch(/^\{.*"msg":"hello from a terminal"/m);
  });

  it('prints pretty lines for a developer\'s terminal when pino-pretty is installed', async () => {
    const { code, output } = await logOnTerminal({});
    expect(code, output).toBe(0);
    expect(output).toMatch(/INFO.*hello from a terminal/);
    expect(output).not.toContain('"msg":');
  });
});
