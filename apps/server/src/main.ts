/**
 * Composition root: ensures a database (embedded PostgreSQL when DATABASE_URL is unset),
 * migrates, seeds demo data on first run, serves HTTP and runs the worker in-process.
 * `--worker-only` runs just the worker, to add worker processes on the same database.
 */

import { ensureCalendarSeeded } from '@cchc/core/calendar/service';
import { systemClock } from '@cchc/core/clock';
import { seedRegimes } from '@cchc/core/reports/regimes';
import { ensureDefaultScheme } from '@cchc/core/scores/schemes';
import { DEMO_PASSWORD, DEMO_PROVINCE_CODE, DEMO_USERS, seedDemo } from '@cchc/core/seed/demo';
import { ensureDatabase, redacted } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import { StartupError } from '@cchc/db/startup-error';
import { closeRenderPool, configureRenderPool } from '@cchc/reports/render-pool';
import pino from 'pino';
import { readEnv } from './env';
import { buildHttpServer } from './http';
import { loggerOptions } from './logger';
import { startWorker } from './worker';

const workerOnly = process.argv.includes('--worker-only');
const env = readEnvOrExit();
const log = pino(loggerOptions(env.LOG_LEVEL));

/** In-flight requests get this long to finish at shutdown; running jobs are released after it. */
const SHUTDOWN_GRACE_MS = 25_000;

/** What has started so far, stopped in reverse order at shutdown (requests and jobs first, together). */
const running: {
  http?: () => Promise<void>;
  worker?: () => Promise<void>;
  db?: () => Promise<void>;
  database?: () => Promise<void>;
} = {};

async function stopAll() {
  await Promise.all([running.http?.(), running.worker?.()]);
  // Documents still being rendered belong to the requests and jobs above: by now they are done.
  await closeRenderPool();
  await running.db?.();
  await running.database?.();
}

async function main() {
  configureRenderPool({ threads: env.RENDER_THREADS });
  // A worker-only process joins the database of a running server: with no DATABASE_URL, the
  // embedded one that `pnpm start` runs on PG_PORT (it must not start a second server on the same data).
  const databaseUrl = env.DATABASE_URL ?? (workerOnly ? embeddedUrl(env.PG_PORT, env.PG_DATABASE) : undefined);
  const database = await ensureDatabase({
    databaseUrl,
    dataDir: env.PG_DATA_DIR,
    port: env.PG_PORT,
    databaseName: env.PG_DATABASE,
    onLog: (m) => log.info({ component: 'postgres' }, m),
  });
  running.database = () => database.stop();
  log.info(
    { embedded: database.embedded, port: database.embedded ? env.PG_PORT : undefined, url: redacted(database.url) },
    'database ready',
  );
  const pool = createPool(database.url, {
    max: 20,
    onError: (error) => log.warn({ err: error }, 'idle database client error'),
  });
  const db = createDb(pool);
  running.db = () => db.destroy();

  if (!workerOnly) {
    const applied = await migrateToLatest(db, pool);
    if (applied.length) log.info({ applied }, 'migrated');
    if (await ensureCalendarSeeded(db)) log.info('holiday calendars 2024–2027 seeded');
    if (await ensureDefaultScheme(db, { userId: null, username: 'system' })) log.info('default scoring scheme created');
    if (env.SEED_DEMO === 'true' && (await seedDemo(db, systemClock().today(), { pool }))) {
      log.info('demo data seeded');
    } else if (env.SEED_DEMO === 'true' && !(await db.selectFrom('reportRegime').select('id').limit(1).executeTakeFirst())) {
      // A demo database from before the reports module: give it the two regimes too.
      await seedRegimes(db, { userId: null, username: 'seed' }, DEMO_PROVINCE_CODE);
    }
  }

  const allowClockControl = env.ALLOW_CLOCK_CONTROL === 'true';
  const worker = await startWorker({
    db,
    pool,
    log,
    concurrency: env.WORKER_CONCURRENCY,
    allowClockControl,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    goneAfterSeconds: env.WORKER_GONE_AFTER_SECONDS,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
  });
  running.worker = () => worker.stop(SHUTDOWN_GRACE_MS);
  if (workerOnly) {
    log.info('worker-only mode: no HTTP server');
    return;
  }
  const http = await buildHttpServer({
    db,
    logLevel: env.LOG_LEVEL,
    adminDistDir: env.ADMIN_DIST_DIR,
    sessionTtlDays: env.SESSION_TTL_DAYS ?? env.SESSION_TTL_HOURS / 24,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    secureCookies: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY === 'true',
    allowClockControl,
    uploadQuotaBytes: env.UPLOAD_QUOTA_MB_PER_AGENCY * 1024 * 1024,
    uploadUserQuotaBytes: env.UPLOAD_QUOTA_MB_PER_USER * 1024 * 1024,
    workerRunning: () => worker.isRunning(),
  });
  running.http = async () => {
    // Stops accepting; a keep-alive connection gets 503 for a new request; in-flight requests finish.
    const late = setTimeout(() => http.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await http.close();
    clearTimeout(late);
  };
  await http.listen({ port: env.PORT, host: env.HOST });
  if (env.SEED_DEMO === 'true') printDemoAccounts();
  log.info(`Ứng dụng đang chạy tại http://localhost:${env.PORT}`);
}

function printDemoAccounts() {
  const lines = DEMO_USERS.map((u) => `  ${u.username.padEnd(14)} ${u.role.padEnd(15)} ${u.displayName}`);
  // Printed for the person who started the app; these are public demo credentials.
  process.stdout.write(`\nTài khoản demo (mật khẩu chung: ${DEMO_PASSWORD}):\n${lines.join('\n')}\n\n`);
}

function embeddedUrl(port: number, database: string) {
  return `postgres://cchc:cchc@127.0.0.1:${port}/${database}`;
}

function readEnvOrExit() {
  try {
    return readEnv();
  } catch (error) {
    process.stderr.write(`${error instanceof StartupError ? error.line() : String(error)}\n`);
    process.exit(1);
  }
}

// Signals are ours (no library hooks them): a SIGTERM lets start-up reach a safe point, then
// stops requests and jobs, closes the pool and stops the embedded PostgreSQL, and exits 0.
const started = main().then(
  () => true,
  async (error: unknown) => {
    if (error instanceof StartupError) {
      // One line the operator can act on, in both languages, without a stack.
      process.stderr.write(`${error.line()}\n`);
    } else {
      log.fatal({ err: error instanceof Error ? error : new Error(String(error)) }, 'failed to start');
    }
    await stopAll().catch(() => {});
    process.exit(1);
  },
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
  const timer = setTimeout(() => {
    log.error('shutdown took longer than 40 s; exiting');
    process.exit(1);
  }, 40_000);
  timer.unref();
  try {
    await started;
    await stopAll();
    log.info('stopped cleanly');
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, 'error during shutdown');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
