import { createDatabase, DataDirLockError, type DatabaseHandle } from '../db/client.ts';
import { catchUpModelPrices } from './catalog/currentPrices.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { ensureAppRole, grantAppRole } from '../db/roles.ts';
import { seedDemoCatalog } from './import/demo.ts';
import { demoTemplateFor } from './import/template.ts';
import type { Server } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { createApp, driftAfterDaysOf } from './http/app.ts';
import { RecheckSchedule } from './evidence/recheck.ts';
import { ensureFirstAdmin } from './auth/accounts.ts';
import { verifyPassword } from './auth/passwords.ts';
import { createResponseCache } from './http/responseCache.ts';
import { CatalogMeta } from './http/catalogMeta.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { WebhookWorker } from './webhooks/worker.ts';
import { MailWorker } from './mail/worker.ts';

const startedAt = performance.now();

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.LOG_LEVEL);

// Last resorts. Every request's failures are caught where they happen (server/http/app.ts); these log
// what slipped through anyway, with the stack, instead of letting Node print and exit.
// - An unhandled rejection is a promise nobody awaited: the code that made it ran on, so the process
//   keeps serving (Node's default would end every other client's request with it). A failed start
//   (the top-level awaits below) still ends the process: Node reports it as an uncaught exception.
// - An uncaught exception interrupted synchronous code at an unknown point (a half-updated cache, a
//   timer that will not re-arm): the process is no longer known to be sound. It is logged, the server
//   stops taking connections, and the process exits 1 within 5 s, so the supervisor (compose's
//   `restart: unless-stopped`, systemd, Kubernetes) starts a clean one.
let crashing = false;
let server: Server | undefined;
process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'unhandled promise rejection (logged; the process keeps running)');
});
process.on('uncaughtException', (error, origin) => {
  logger.fatal({ err: error, origin }, 'uncaught exception: exiting so that a clean process is started');
  if (crashing) return;
  crashing = true;
  process.exitCode = 1;
  const exit = setTimeout(() => process.exit(1), 5_000);
  exit.unref();
  try {
    server?.close(() => process.exit(1));
    server?.closeIdleConnections();
  } catch {
    process.exit(1);
  }
  if (!server) process.exit(1);
});
let handle: DatabaseHandle;
try {
  handle = await openDatabase();
} catch (error) {
  // Another process (a running `npm start`, a CLI) has the embedded database open: said plainly, no stack.
  if (!(error instanceof DataDirLockError)) throw error;
  console.error(error.message);
  process.exit(1);
}

/**
 * PGlite: one embedded database, migrated in place. PostgreSQL: migrations (and the demo seed) run as
 * the owner; the server then connects as an application role with only the grants it needs — the
 * role of DATABASE_URL when DATABASE_OWNER_URL is given, else `<owner>_app`, created here.
 */
async function openDatabase() {
  if (!config.DATABASE_URL) {
    // A new data directory starts from the template built at install, when it matches this code.
    const template = config.SEED_DEMO ? demoTemplateFor(config.DATA_DIR) : null;
    const embedded = await createDatabase({ dataDir: config.DATA_DIR, loadDataDir: template });
    logger.info({ driver: 'pglite', dataDir: config.DATA_DIR, fromTemplate: Boolean(template) }, 'database opened');
    await migrateDatabase(embedded);
    logger.info('migrations applied');
    await seed(embedded);
    return embedded;
  }
  const ownerUrl = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  const owner = await createDatabase({ url: ownerUrl, maxConnections: 2, statementTimeoutMs: 600_000 });
  let appUrl = config.DATABASE_URL;
  try {
    await migrateDatabase(owner);
    logger.info('migrations applied');
    await seed(owner);
    if (config.DATABASE_OWNER_URL) {
      const role = decodeURIComponent(new URL(config.DATABASE_URL).username);
      await grantAppRole(owner, role);
      logger.info({ role }, 'application role granted');
    } else {
      try {
        const app = await ensureAppRole(owner, ownerUrl);
        await grantAppRole(owner, app.role);
        appUrl = app.url;
        logger.info({ role: app.role }, 'connecting as the least-privileged application role');
      } catch (error) {
        logger.warn({ err: error }, 'could not set up an application role (needs CREATEROLE); connecting as the owner');
      }
    }
  } finally {
    await owner.close();
  }
  const connected = await createDatabase({
    url: appUrl,
    maxConnections: config.DB_POOL_SIZE,
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
  });
  logger.info({ driver: 'postgres' }, 'database opened');
  return connected;
}

async function seed(target: DatabaseHandle) {
  if (!config.SEED_DEMO) return;
  const summary = await seedDemoCatalog(target, { onProgress: (line: string) => logger.info(line) });
  if (summary) {
    logger.info(
      { models: summary.models.created, prices: summary.prices.created, scores: summary.scores.created, skipped: summary.skipped.length },
      'demo catalog loaded',
    );
  }
}

const firstAdmin = await ensureFirstAdmin(handle, {
  email: config.ADMIN_EMAIL,
  password: config.ADMIN_PASSWORD,
  embedded: !config.DATABASE_URL,
});
if (firstAdmin.created && firstAdmin.generatedPassword) {
  // Printed once, on the first start of the embedded database; it is stored only as a hash.
  console.log(`\nFirst admin account: ${firstAdmin.email}\npassword (shown once): ${firstAdmin.generatedPassword}\n`);
} else if (firstAdmin.created) {
  logger.info({ email: firstAdmin.email }, 'first admin created from ADMIN_EMAIL');
} else if (firstAdmin.reason === 'no credentials') {
  logger.warn('no accounts yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run npm run user:create -- --email … --role ADMIN');
}

// An admin account made from an earlier docker-compose.yml, whose ADMIN_PASSWORD defaulted to the
// published `change-me-please`, may still have it: said at every start until it is changed.
try {
  const admins = await handle.raw.query<{ email: string; password_hash: string }>(
    "select email, password_hash from users where role = 'ADMIN' and disabled_at is null order by id limit 20",
  );
  for (const admin of admins) {
    if (await verifyPassword(admin.password_hash, 'change-me-please')) {
      logger.error({ email: admin.email }, 'this admin account still has the published default password change-me-please: sign in and change it now');
    }
  }
} catch (error) {
  logger.warn({ err: error }, 'could not check admin accounts for the published default password');
}

const meta = new CatalogMeta(handle);
await meta.start();
const plugins: Plugin[] = [];
const responseCache = config.RESPONSE_CACHE
  ? await createResponseCache({ handle, logger, redisUrl: config.REDIS_URL, maxBytes: config.RESPONSE_CACHE_MAX_MB * 1024 * 1024 })
  : null;
if (responseCache) plugins.push(...responseCache.plugins);
// Every new catalog version drops the in-memory benchmarks and texts too (server/http/catalogMeta.ts).
responseCache?.cache.onAdvance(() => meta.invalidate());
const app = createApp({
  handle,
  meta,
  logger,
  // Fewer reads at once than pooled connections: a write always finds one (server/http/admission.ts).
  config: { ...config, READ_CONCURRENCY: config.READ_CONCURRENCY ?? Math.max(1, config.DB_POOL_SIZE - 2) },
  plugins,
  responseBytes: responseCache?.bytes,
  auth: {
    cookieSecure: config.COOKIE_SECURE,
    trustProxy: config.TRUST_PROXY,
    idleHours: config.SESSION_IDLE_HOURS,
    maxDays: config.SESSION_MAX_DAYS,
  },
  captureOnCreate: config.SOURCE_CAPTURE_ON_CREATE,
  driftAfterDays: driftAfterDaysOf(config),
  compiledPages: config.COMPILED_PAGES,
});
// Cited pages are captured again when due (SOURCE_RECHECK_*; server/evidence/recheck.ts).
const recheck = new RecheckSchedule(handle.db, app.captures, logger, {
  everyMinutes: config.SOURCE_RECHECK_EVERY_MINUTES,
  dueAfterDays: config.SOURCE_RECHECK_AFTER_DAYS,
});
recheck.start();
// Webhook deliveries from the outbox (server/webhooks/worker.ts); destinations as SOURCE_FETCH_ALLOW_HOSTS allows.
const webhookWorker = new WebhookWorker(handle, logger);
await webhookWorker.start();
// The digest's and confirmations' emails from the mail outbox (server/mail/worker.ts): SMTP_URL, else .eml files in MAIL_OUTBOX_DIR.
const mailWorker = new MailWorker(handle, logger, config);
await mailWorker.start();
server = app.server;
const listening = server;

// A price dated ahead comes into effect on its day, with nobody writing: the copies lists sort and
// filter by catch up within 10 minutes of the database's date changing (current_date, in its own
// time zone; on other ticks it is the only thing asked), and at start for the days it was down.
const priceCatchUpMs = 10 * 60_000;
let pricesCaughtUpOn: string | null = null;
let catchingUp = false;
async function catchUpPrices() {
  if (catchingUp) return;
  catchingUp = true;
  try {
    const { today, updated } = await catchUpModelPrices(handle.db, pricesCaughtUpOn);
    if (updated.length) logger.info({ models: updated.length, today }, 'prices that came into effect copied to their models');
    pricesCaughtUpOn = today;
  } catch (error) {
    logger.warn({ err: error }, 'could not catch up prices that came into effect; trying again in 10 minutes');
  } finally {
    catchingUp = false;
  }
}
const priceCatchUp = setInterval(() => void catchUpPrices(), priceCatchUpMs);
priceCatchUp.unref();

listening.listen(config.PORT, config.HOST, () => {
  const url = `http://localhost:${config.PORT}`;
  logger.info({ ms: Math.round(performance.now() - startedAt) }, `ready: GraphQL at ${url}/graphql${config.GRAPHIQL ? " (GraphiQL in a browser)" : ""}, editors' app at ${url}/admin, health at ${url}/health`);
  void catchUpPrices();
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  const force = setTimeout(() => {
    logger.warn('in-flight requests did not finish in 10 s; closing anyway');
    listening.closeAllConnections();
  }, 10_000);
  force.unref();
  clearInterval(priceCatchUp);
  listening.closeIdleConnections();
  await new Promise<void>((resolve) => listening.close(() => resolve()));
  // A failure while closing must still end the process (with 1), not leave it closed but running.
  try {
    await recheck.stop();
    await webhookWorker.stop();
    await mailWorker.stop();
    await app.captures.close();
    await app.changes.stop();
    await meta.stop();
    await responseCache?.cache.stop();
    await handle.close();
  } catch (error) {
    logger.error({ err: error }, 'could not close cleanly');
    process.exit(1);
  }
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
