/** Runs graphile-worker in this process, logging through pino. */
import { resolveClock } from '@cchc/core/clock';
import { smtpTransport } from '@cchc/core/notifications/email';
import { readClockOffsetDays } from '@cchc/core/settings/clock-offset';
import type { Database } from '@cchc/db/schema';
import { CRONTAB, createTaskList } from '@cchc/jobs/tasks';
import { Logger, parseCrontab, type Runner, run } from 'graphile-worker';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Logger as Pino } from 'pino';

export async function startWorker(deps: {
  db: Kysely<Database>;
  pool: pg.Pool;
  log: Pino;
  concurrency: number;
  allowClockControl: boolean;
  smtpUrl?: string;
  mailFrom: string;
}): Promise<Runner> {
  const logger = new Logger((scope) => {
    const child = deps.log.child({ worker: scope.label ?? 'worker', task: scope.taskIdentifier, jobId: scope.jobId });
    return (level, message, meta) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
      child[method](meta ?? {}, message);
    };
  });
  return run({
    pgPool: deps.pool,
    taskList: createTaskList({
      db: deps.db,
      clock: () => resolveClock(() => readClockOffsetDays(deps.db), deps.allowClockControl),
      mail: deps.smtpUrl ? { transport: smtpTransport(deps.smtpUrl), from: deps.mailFrom } : undefined,
    }),
    parsedCronItems: parseCrontab(CRONTAB),
    concurrency: deps.concurrency,
    logger,
    noHandleSignals: true,
    pollInterval: 2000,
  });
}
