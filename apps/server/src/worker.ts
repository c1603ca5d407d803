/** Runs graphile-worker in this process, logging through pino, registered as a live pool (see worker-registry). */
import { EventEmitter } from 'node:events';
import { resolveClock } from '@cchc/core/clock';
import { smtpTransport } from '@cchc/core/notifications/email';
import { readClockOffsetDays } from '@cchc/core/settings/clock-offset';
import type { Database } from '@cchc/db/schema';
import { CRONTAB, createTaskList } from '@cchc/jobs/tasks';
import { type PoolRegistration, registerPool } from '@cchc/jobs/worker-registry';
import { Logger, parseCrontab, run, type WorkerEvents } from 'graphile-worker';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger as Pino } from 'pino';

export interface RunningWorker {
  /** Whether the runner is still taking jobs (for /health). */
  isRunning(): boolean;
  /**
   * Stops taking jobs and lets running ones finish; a job still running after `graceMs` is
   * released (failed with a retry) so another process, or this one after a restart, runs it again.
   */
  stop(graceMs: number): Promise<void>;
}

export async function startWorker(deps: {
  db: Kysely<Database>;
  pool: pg.Pool;
  log: Pino;
  concurrency: number;
  allowClockControl: boolean;
  smtpUrl?: string;
  mailFrom: string;
  /** A pool whose heartbeat stopped this long ago is gone: its jobs run again elsewhere. */
  goneAfterSeconds: number;
  /** The idle timeout the session clean-up applies (SESSION_IDLE_MINUTES). */
  sessionIdleMinutes?: number;
}): Promise<RunningWorker> {
  const logger = new Logger((scope) => {
    const child = deps.log.child({ worker: scope.label ?? 'worker', task: scope.taskIdentifier, jobId: scope.jobId });
    return (level, message, meta) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
      child[method](meta ?? {}, message);
    };
  });
  const events: WorkerEvents = new EventEmitter();
  const registrations: PoolRegistration[] = [];
  events.on('pool:create', ({ workerPool }) => {
    registrations.push(
      registerPool(deps.db, workerPool.id, {
        goneAfterSeconds: deps.goneAfterSeconds,
        onError: (error) => deps.log.warn({ err: error }, 'worker heartbeat failed'),
        onReleased: (gone) => deps.log.warn({ pools: gone }, 'released the jobs of worker pools that are gone; they run again'),
      }),
    );
  });
  const runner = await run({
    pgPool: deps.pool,
    taskList: createTaskList({
      db: deps.db,
      clock: () => resolveClock(() => readClockOffsetDays(deps.db), deps.allowClockControl),
      mail: deps.smtpUrl ? { transport: smtpTransport(deps.smtpUrl), from: deps.mailFrom } : undefined,
      sessionIdleMinutes: deps.sessionIdleMinutes,
    }),
    parsedCronItems: parseCrontab(CRONTAB),
    concurrency: deps.concurrency,
    logger,
    events,
    noHandleSignals: true,
    pollInterval: 2000,
  });
  let running = true;
  void runner.promise.finally(() => {
    running = false;
  });
  return {
    isRunning: () => running,
    async stop(graceMs) {
      let timer: NodeJS.Timeout | undefined;
      const graceful = runner.stop().then(
        () => 'stopped' as const,
        (error: unknown) => {
          deps.log.warn({ err: error }, 'worker stop');
          return 'stopped' as const;
        },
      );
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      const outcome = await Promise.race([graceful, late]).finally(() => clearTimeout(timer));
      if (outcome === 'late') {
        deps.log.warn('jobs still running at shutdown: releasing them to run again');
        await runner.kill('shutting down').catch((error: unknown) => deps.log.warn({ err: error }, 'release of running jobs'));
      }
      await Promise.all(registrations.map((r) => r.stop()));
    },
  };
}
