import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('configuration', () => {
  it('needs nothing to start on the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, DATA_DIR: './data', LOG_LEVEL: 'info', CORS_ORIGINS: [], SEED_DEMO: true });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the bad variable in its message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'not-an-email' })).toThrow(/ADMIN_EMAIL/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });

  it('reads lists and treats empty values as unset', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example', DATABASE_URL: '' });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('refuses a published example admin password (docker-compose.yml once defaulted to change-me-please)', () => {
    for (const weak of ['change-me-please', 'Change-Me-Please', 'password1234', 'aaaaaaaaaaaaaaaa', '123456789012']) {
      expect(() => loadConfig({ ADMIN_PASSWORD: weak }), weak).toThrow(/ADMIN_PASSWORD: is a published example or default password/);
    }
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD: must be at least 12/);
    expect(loadConfig({ ADMIN_PASSWORD: 'a passphrase of my own' }).ADMIN_PASSWORD).toBe('a passphrase of my own');
  });

  it('serves GraphiQL in development only, unless told otherwise', () => {
    expect(loadConfig({}).GRAPHIQL).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).GRAPHIQL).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).GRAPHIQL).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).GRAPHIQL).toBe(false);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/GRAPHIQL/);
  });

  it('bounds the time a request body may take to arrive', () => {
    expect(loadConfig({}).BODY_TIMEOUT_MS).toBe(10_000);
    expect(loadConfig({ BODY_TIMEOUT_MS: '2000' }).BODY_TIMEOUT_MS).toBe(2_000);
    expect(() => loadConfig({ BODY_TIMEOUT_MS: '0' })).toThrow(/BODY_TIMEOUT_MS/);
  });
});

describe('.env', () => {
  let dir: string;
  const envFile = () => join(dir, '.env');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sourced-dotenv-'));
    await writeFile(
      envFile(),
      [
        '# A developer\'s settings',
        'PORT=4100',
        'LOG_LEVEL=debug',
        'DATA_DIR="./data dir" # quoted, with a comment after it',
        'CORS_ORIGINS=https://file.example',
        'NODE_ENV=production',
        'SOURCE_FETCH_ALLOW_HOSTS=intranet.test',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is read beneath the environment: a variable the environment sets wins, even set empty', () => {
    const config = loadConfig({ PORT: '5005', CORS_ORIGINS: '' }, { envFile: envFile() });
    expect(config.PORT).toBe(5005);
    expect(config.CORS_ORIGINS).toEqual([]);
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.DATA_DIR).toBe('./data dir');
    // NODE_ENV=production from the file turns GraphiQL's default off, as the environment's would.
    expect(config.GRAPHIQL).toBe(false);
  });

  it('is optional, names itself when a value in it is bad, and stops the start when it cannot be read', async () => {
    expect(loadConfig({}, { envFile: join(dir, 'missing.env') }).PORT).toBe(4000);
    const bad = join(dir, 'bad.env');
    await writeFile(bad, 'PORT=eighty\n');
    expect(() => loadConfig({}, { envFile: bad })).toThrow(/bad\.env[\s\S]*PORT/);
    // The environment's good value hides the file's bad one.
    expect(loadConfig({ PORT: '80' }, { envFile: bad }).PORT).toBe(80);
    const unreadable = join(dir, 'a-directory.env');
    await mkdir(unreadable);
    expect(() => loadConfig({}, { envFile: unreadable })).toThrow(ConfigError);
    expect(() => loadConfig({}, { envFile: unreadable })).toThrow(/a-directory\.env/);
  });

  it('is read from the working directory by the server and the CLIs (loadConfig()), for the whole process', async () => {
    const probe = join(dir, 'probe.ts');
    const configUrl = new URL('../../server/config.ts', import.meta.url).href;
    await writeFile(
      probe,
      `import { loadConfig } from ${JSON.stringify(configUrl)};
const config = loadConfig();
console.log(JSON.stringify({ PORT: config.PORT, LOG_LEVEL: config.LOG_LEVEL, CORS_ORIGINS: config.CORS_ORIGINS, GRAPHIQL: config.GRAPHIQL,
  env: { NODE_ENV: process.env.NODE_ENV, SOURCE_FETCH_ALLOW_HOSTS: process.env.SOURCE_FETCH_ALLOW_HOSTS, PORT: process.env.PORT } }));
`,
    );
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    // Only what a shell would pass: no DATABASE_URL or NODE_ENV of the test run's own.
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, PORT: '5005', CORS_ORIGINS: '' };
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(tsx, [probe], { cwd: dir, env, timeout: 120_000 }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)));
    });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
      PORT: 5005,
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: [],
      GRAPHIQL: false,
      // Like \`node --env-file\`: what the environment lacked is now in process.env (libraries, child processes).
      env: { NODE_ENV: 'production', SOURCE_FETCH_ALLOW_HOSTS: 'intranet.test', PORT: '5005' },
    });
  });
});
