import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Owner connection for migrations; the server then connects with DATABASE_URL's role. */
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((origin) => origin.trim()).filter(Boolean) : [])),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .refine((value) => !isKnownWeakPassword(value), 'is a published example or default password; choose your own')
    .optional(),
  /** Session cookies get Secure: 'auto' when the request came over HTTPS (see TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Behind a reverse proxy you run: take the client address and scheme from X-Forwarded-For/-Proto. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** A session ends after this many hours without a request, and at most this many days after sign-in. */
  SESSION_IDLE_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  SESSION_MAX_DAYS: z.coerce.number().min(0.1).max(365).default(7),
  // At least 2: the models.dev import (and the demo seed) holds one connection for its lock while it writes on another.
  DB_POOL_SIZE: z.coerce.number().int().min(2, 'at least 2: an import holds one connection for its lock while it writes on another').max(100).default(10),
  /** Capture a source's page when it is created (evidence for the numbers citing it); 'false' leaves it to captureSource and the re-check. */
  SOURCE_CAPTURE_ON_CREATE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Re-capture cited pages every this many minutes (0: never; `npm run sources:check` still does). */
  SOURCE_RECHECK_EVERY_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(360),
  /** A page captured more recently than this many days ago is not fetched again by the re-check. */
  SOURCE_RECHECK_AFTER_DAYS: z.coerce.number().min(0).max(365).default(7),
  /** A verified number goes to the drift queue when not confirmed for this many days, by kind (0: never). */
  DRIFT_PRICES_AFTER_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  DRIFT_SCORES_AFTER_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
  DRIFT_FACTS_AFTER_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  /** A request not answered within this many ms gets a 503 (slow or unreachable database). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(1_500),
  /**
   * Queries (reads) running at once; more wait in order, up to READ_QUEUE, and beyond that get a 503
   * with Retry-After (server/http/admission.ts). Mutations never wait, and while a signed-in user's runs,
   * one read runs beside it. Default: DB_POOL_SIZE − 2, so a write always finds a pooled connection.
   */
  READ_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).optional(),
  READ_QUEUE: z.coerce.number().int().min(0).max(100_000).default(200),
  /**
   * GraphQL requests of clients not signed in that are parsed, checked and answered at once (cache hits
   * aside); more wait in order, up to READ_QUEUE, then get the same 503. Default: 2 × READ_CONCURRENCY.
   */
  REQUEST_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).optional(),
  /** A request body not received whole within this many ms gets a 408 and the connection is closed. */
  BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** PostgreSQL cancels a statement running longer than this. */
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** Cache anonymous read responses (invalidated by catalog version on every write). */
  RESPONSE_CACHE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Answer the persisted ModelPage, Leaderboard and Models (first pages) by their plans made once (server/graphql/compiled.ts) instead of executing them. */
  COMPILED_PAGES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Memory each in-process level of the response cache may take (MiB): bounded by bytes, not entries. */
  RESPONSE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  /** Share the response cache between instances through Redis. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** 'production' turns GraphiQL off unless GRAPHIQL=true. */
  NODE_ENV: z.string().optional(),
  /**
   * Serve GraphiQL at /graphql to browsers, its assets from the installed package (server/http/graphiql.ts).
   * A developer's tool: off by default when NODE_ENV=production, on otherwise (local development).
   */
  GRAPHIQL: z.enum(['true', 'false']).optional(),
  /**
   * The weekly digest's mail (server/mail/): SMTP through nodemailer when set (smtp:// or smtps://, with
   * credentials in the URL); without it, emails are written to MAIL_OUTBOX_DIR as .eml files and logged.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Sourced <digest@sourced.localhost>'),
  MAIL_OUTBOX_DIR: z.string().min(1).default('./data/outbox'),
  /** Emails sent per second at most (the SMTP relay's limit). */
  MAIL_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(10),
  /** The site's public address, for links in emails (confirm, unsubscribe, the digest page). */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+(\/.*)?$/, 'must be an http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''))
    .default('http://localhost:4000'),
  /** Load the demo catalog into an empty database at start. */
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
});

/**
 * Passwords published in this repository's files or in common examples: an admin account with one of
 * them is an open door (docker-compose.yml once defaulted to the first).
 */
const knownWeakPasswords = new Set([
  'change-me-please',
  'changemeplease',
  'change-me',
  'changeme',
  'changeme123',
  'password',
  'password123',
  'password1234',
  'administrator',
  'admin-password',
  'adminpassword',
  'correct horse battery staple',
]);

export function isKnownWeakPassword(value: string): boolean {
  const normalized = value.trim().toLowerCase();
  return knownWeakPasswords.has(normalized) || /^(.)\1+$/.test(normalized) || /^(0123456789|1234567890|123456789012)/.test(normalized);
}

const configWithDefaults = configSchema.transform(({ GRAPHIQL, ...rest }) => ({
  ...rest,
  GRAPHIQL: GRAPHIQL === undefined ? rest.NODE_ENV !== 'production' : GRAPHIQL === 'true',
}));

export type Config = z.infer<typeof configWithDefaults>;

export class ConfigError extends Error {}

export interface LoadConfigOptions {
  /**
   * A dotenv file beneath the environment: its variables apply where the environment has none. Default:
   * `.env` in the working directory (the project root under npm scripts) when reading process.env, none
   * when given an environment. A missing file is no error; `false` reads none.
   */
  envFile?: string | false;
}

/**
 * Reads the environment once, at start (the server and every CLI), with `.env` beneath it; a bad value
 * stops the process with a message naming it.
 */
export function loadConfig(env?: Record<string, string | undefined>, { envFile }: LoadConfigOptions = {}): Config {
  const file = envFile ?? (env === undefined ? '.env' : false);
  const fromFile = file ? readEnvFile(file) : {};
  let merged: Record<string, string | undefined>;
  if (env === undefined) {
    // As `node --env-file` does: for the whole process (libraries reading NODE_ENV, child processes),
    // and a variable set in the environment, even empty, wins over the file.
    for (const [key, value] of Object.entries(fromFile)) if (process.env[key] === undefined) process.env[key] = value;
    merged = process.env;
  } else {
    merged = { ...fromFile };
    for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  }
  const blankAsUnset = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== ''));
  const result = configWithDefaults.safeParse(blankAsUnset);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration${Object.keys(fromFile).length ? ` (environment and ${file})` : ''}:\n${problems.join('\n')}`);
  }
  return result.data;
}

/** The variables a dotenv file sets (KEY=value lines, quotes and # comments), or none when it is missing. */
function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  return Object.fromEntries(Object.entries(parseEnv(text)).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
