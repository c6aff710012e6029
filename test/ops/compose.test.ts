import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs where the tests run (nor `docker compose config`): the files are checked by reading them.
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Healthcheck {
  test: string[] | string;
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}
interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  environment?: Record<string, string> | string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(read('docker-compose.yml')) as Compose;
const { db, app } = compose.services as { db: Service; app: Service };
const dockerfile = read('Dockerfile');

/** The environment of a service, whichever of compose's two notations it uses. */
function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
  return Object.fromEntries(env.map((entry) => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)]));
}

const healthcheckCommand = (check: Healthcheck | undefined) => (Array.isArray(check?.test) ? check.test.join(' ') : (check?.test ?? ''));

/** The variables the application reads (server/config.ts), which deployment files must cover. */
const appVariables = ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL', 'CORS_ORIGINS', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'];

describe('docker compose', () => {
  it('has exactly the db and app services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'db']);
  });

  it('runs PostgreSQL 16 with its data on the pgdata volume and a pg_isready health check', () => {
    expect(db.image).toMatch(/^postgres:16(\b|$)/);
    expect(db.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('pgdata');
    expect(healthcheckCommand(db.healthcheck)).toContain('pg_isready');
    expect(db.healthcheck?.retries).toBeGreaterThan(0);
    // The database is reached by the app over the compose network only.
    expect(db.ports ?? []).toEqual([]);
  });

  it('builds the app from the Dockerfile and starts it once the database is healthy', () => {
    const context = typeof app.build === 'string' ? app.build : app.build?.context;
    expect(context).toBe('.');
    expect(app.depends_on?.db?.condition).toBe('service_healthy');
  });

  it('publishes the app on port 4000 and checks it through /ready', () => {
    expect(app.ports).toContain('4000:4000');
    expect(environment(app).PORT).toBe('4000');
    const check = healthcheckCommand(app.healthcheck);
    expect(check).toContain('/ready');
    expect(check).toContain(':4000');
  });

  it('gives the first start (migrations, the demo catalog) a start period before failed checks count', () => {
    const seconds = (duration: string | undefined) => {
      const match = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration ?? '');
      return match && duration ? Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0) : Number.NaN;
    };
    const check = app.healthcheck!;
    expect(seconds(check.start_period)).toBeGreaterThanOrEqual(120);
    // Once started, a few failed checks (not minutes of them) mark it unhealthy; each check is bounded.
    expect(seconds(check.interval)).toBeGreaterThanOrEqual(5);
    expect(seconds(check.timeout)).toBeLessThan(seconds(check.interval));
    expect(check.retries).toBeGreaterThanOrEqual(2);
    expect(check.retries! * seconds(check.interval)).toBeLessThanOrEqual(60);
    // PostgreSQL's first start initialises its data directory: it gets a start period too.
    expect(seconds(db.healthcheck?.start_period)).toBeGreaterThanOrEqual(30);
  });

  it('points the app at the db service and sets every variable the app reads', () => {
    const env = environment(app);
    for (const variable of appVariables) expect(Object.keys(env), variable).toContain(variable);
    const url = new URL(env.DATABASE_URL!);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('db');
    expect(url.port).toBe('5432');
    // The app's credentials are the ones the db service is created with.
    const dbEnv = environment(db);
    expect(decodeURIComponent(url.username)).toBe(dbEnv.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(dbEnv.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${dbEnv.POSTGRES_DB}`);
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('has no default admin password: compose refuses to start without ADMIN_PASSWORD', () => {
    const value = environment(app).ADMIN_PASSWORD!;
    // `${VAR:?message}` makes `docker compose up` fail with the message when VAR is unset or empty.
    expect(value).toMatch(/^\$\{ADMIN_PASSWORD:\?[^}]+\}$/);
    // No literal password anywhere in the app's environment, nor a fallback (`:-`/`-`) for one.
    for (const [key, setting] of Object.entries(environment(app))) {
      if (/PASSWORD|SECRET|TOKEN/.test(key)) expect(setting, key).not.toMatch(/\$\{[A-Z_]+:?-/);
    }
    expect(read('docker-compose.yml')).not.toContain('change-me');
  });
});

describe('Dockerfile', () => {
  it('exists and builds on node:20-slim, the Node that package.json\'s engines, the README and CI agree on', () => {
    expect(existsSync(new URL('Dockerfile', root))).toBe(true);
    expect(dockerfile).toMatch(/^FROM node:20-slim\b/m);
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; overrides: Record<string, string> };
    expect(pkg.engines.node).toBe('>=20.19');
    // The README states the same, and CI checks the running Node against it before installing.
    expect(read('README.md')).toContain(`\`engines\` says \`${pkg.engines.node}\``);
    const ci = read('.ci/run');
    expect(ci).toMatch(/critical "node version" node_supported\ncritical "install \(npm ci\)"/);
    expect(ci).toContain('major > 20 || (major === 20 && minor >= 19)');
    // No installed package asks for a newer Node: each engines range has an alternative starting at 20 or below.
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
    const startsAt20OrBelow = (range: string) =>
      range.split('||').some((alternative) => {
        const lowest = /^\s*(?:\^|~|>=?)?\s*v?(\d+)/.exec(alternative);
        return !lowest || Number(lowest[1]) <= 20;
      });
    const above20 = Object.entries(lock.packages)
      .filter(([, entry]) => typeof entry.engines?.node === 'string' && !startsAt20OrBelow(entry.engines.node))
      .map(([path, entry]) => `${path} ${entry.engines!.node}`);
    expect(above20).toEqual([]);
  });

  it('installs from the lockfile with npm ci before copying the source', () => {
    const install = dockerfile.search(/^RUN npm ci\b/m);
    const copyLock = dockerfile.search(/^COPY package\.json package-lock\.json /m);
    const copySource = dockerfile.search(/^COPY \. \./m);
    expect(install).toBeGreaterThan(-1);
    expect(copyLock).toBeGreaterThan(-1);
    expect(copyLock).toBeLessThan(install);
    expect(install).toBeLessThan(copySource);
  });

  it('applies the dependency patches once the source (with patches/) is copied, as npm ci ran without scripts', () => {
    const copySource = dockerfile.search(/^COPY \. \./m);
    const patch = dockerfile.search(/npx patch-package --error-on-fail/);
    expect(dockerfile).toMatch(/^RUN npm ci\b.*--ignore-scripts/m);
    expect(patch).toBeGreaterThan(copySource);
    expect(existsSync(new URL('patches/postgres+3.4.9.patch', root))).toBe(true);
  });

  it('runs in production mode, where logs are JSON lines whatever stdout is (pino-pretty is not installed)', () => {
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies).not.toHaveProperty('pino-pretty');
  });

  it('exposes port 4000 and starts with npm start', () => {
    expect(dockerfile).toMatch(/^EXPOSE 4000$/m);
    expect(dockerfile).toMatch(/^CMD \["npm", ?"start"\]$/m);
  });
});

describe('.dockerignore', () => {
  it('keeps installed modules, local data and secrets out of the image', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const entry of ['node_modules', 'data', '.env', '.git']) expect(ignored, entry).toContain(entry);
  });
});

describe('.env.example', () => {
  const example = read('.env.example');
  const lines = example.split('\n');

  it('lists every variable the app reads, plus DATA_DIR defaulting to ./data, each under a comment', () => {
    for (const variable of [...appVariables, 'DATA_DIR']) {
      const index = lines.findIndex((line) => new RegExp(`^#?\\s*${variable}=`).test(line));
      expect(index, `${variable} is listed`).toBeGreaterThan(0);
      // The nearest line above that is not another variable is its comment.
      let above = index - 1;
      while (above > 0 && /^#?\s*[A-Z_]+=/.test(lines[above]!)) above -= 1;
      expect(lines[above], `${variable} has a comment`).toMatch(/^#\s+\S/);
    }
    expect(lines).toContain('DATA_DIR=./data');
  });

  it('documents every variable in server/config.ts', () => {
    const config = read('server/config.ts');
    const variables = [...config.matchAll(/^\s{2}([A-Z_]+): z/gm)].map((match) => match[1]!);
    expect(variables).toEqual(expect.arrayContaining(appVariables));
    for (const variable of variables) expect(example, variable).toContain(`${variable}=`);
  });
});
