/**
 * graphile-worker tasks: small `module__action` functions that validate their payload and call core.
 * Schedules are in Asia/Ho_Chi_Minh; the worker's cron runs in UTC, so each line says both.
 */
import { pruneExpiredSessions } from '@cchc/core/auth/session';
import { type Clock, fixedClock } from '@cchc/core/clock';
import { runFeedbackImport } from '@cchc/core/feedback/import';
import { anonymiseExpiredFeedback } from '@cchc/core/feedback/retention';
import { ZImportMapping } from '@cchc/core/feedback/schemas';
import { chaseFeedback } from '@cchc/core/feedback/service';
import { removeOrphanFiles } from '@cchc/core/files/policy';
import { type MailTransport, queueUnsentEmails, sendEmail } from '@cchc/core/notifications/email';
import { runTaskChasing } from '@cchc/core/plans/chasing';
import { recordDormancyScan } from '@cchc/core/procedures/dormancy';
import { runFileImport } from '@cchc/core/procedures/import-runs';
import { runGeneration } from '@cchc/core/reports/generate';
import { runReportsDaily } from '@cchc/core/reports/submissions';
import { computeScoreRun, scheduleQuarterRun } from '@cchc/core/scores/runs';
import type { Database } from '@cchc/db/schema';
import { isIsoDate } from '@cchc/domain/calendar/dates';
import type { TaskList } from 'graphile-worker';
import type { Kysely } from 'kysely';
import { z } from 'zod';

export interface JobDeps {
  db: Kysely<Database>;
  /** The app's clock for this run (the system clock unless clock control is allowed). */
  clock: () => Promise<Clock>;
  /** SMTP, when configured; without it the e-mail outbox is only read in the app. */
  mail?: { transport: MailTransport; from: string };
  /** Sessions unused this long are removed (SESSION_IDLE_MINUTES; the core default when absent). */
  sessionIdleMinutes?: number;
}

const ZEmpty = z.object({}).passthrough();
const ZImportPayload = z.object({ runId: z.uuid(), fileId: z.uuid() });
const ZScanPayload = z
  .object({ months: z.number().int().min(1).max(240).default(36), force: z.boolean().default(false) })
  .passthrough();
/** `asOf` runs the chasing as of a past or future day (Vietnam date), e.g. to catch up after downtime. */
const ZFeedbackImportPayload = z.object({ runId: z.uuid(), fileId: z.uuid(), mapping: ZImportMapping });
const ZChasePayload = z.object({ asOf: z.string().refine(isIsoDate).optional() }).passthrough();

export function createTaskList(deps: JobDeps): TaskList {
  return {
    auth__prune_sessions: async (payload, helpers) => {
      ZEmpty.parse(payload ?? {});
      const removed = await pruneExpiredSessions(deps.db, deps.sessionIdleMinutes);
      helpers.logger.info(`pruned ${removed.sessions} expired sessions, ${removed.attempts} old sign-in attempts`);
    },
    feedback__anonymise: async (payload, helpers) => {
      ZEmpty.parse(payload ?? {});
      const { anonymised, months } = await anonymiseExpiredFeedback(deps.db, (await deps.clock()).now());
      helpers.logger.info(
        months === null
          ? 'feedback personal data: kept (no retention set)'
          : `feedback personal data: ${anonymised} closed items past ${months} months anonymised`,
      );
    },
    files__remove_orphans: async (payload, helpers) => {
      ZEmpty.parse(payload ?? {});
      const removed = await removeOrphanFiles(deps.db);
      helpers.logger.info(`removed ${removed} uploaded files nothing refers to`);
    },
    tasks__chase: async (payload, helpers) => {
      const { asOf } = ZChasePayload.parse(payload ?? {});
      // 12:00 Vietnam time of the asOf day, so the Vietnam date is exactly asOf.
      const clock = asOf ? fixedClock(`${asOf}T05:00:00Z`) : await deps.clock();
      const result = await runTaskChasing(deps.db, clock);
      helpers.logger.info(
        `tasks chased as of ${clock.today()}: ${result.overdue} overdue, ${result.reminded} reminded, ${result.stale} stale, ${result.notifications} notifications`,
      );
    },
    procedures__import_file: async (payload, helpers) => {
      const { runId, fileId } = ZImportPayload.parse(payload);
      // COPY needs one connection of its own for the whole import.
      const result = await helpers.withPgClient((client) => runFileImport(deps.db, client, runId, fileId));
      helpers.logger.info(
        `import ${runId}: ${result.ok ? `${result.rows} rows merged` : `${result.errors.length} errors, nothing written`}`,
      );
    },
    procedures__dormancy_scan: async (payload, helpers) => {
      const { months, force } = ZScanPayload.parse(payload ?? {});
      const clock = await deps.clock();
      if (!force && !clock.today().endsWith('-01')) return;
      const scan = await recordDormancyScan(
        deps.db,
        { userId: null, username: 'job:procedures__dormancy_scan' },
        { asOf: clock.today(), months },
      );
      helpers.logger.info(`dormancy scan as of ${scan.asOf}: ${scan.dormantProcedures} procedures, ${scan.dormantPairs} pairs`);
    },
    feedback__import_file: async (payload, helpers) => {
      const input = ZFeedbackImportPayload.parse(payload);
      const finalAttempt = helpers.job.attempts >= helpers.job.max_attempts;
      const result = await runFeedbackImport(deps.db, input, await deps.clock(), finalAttempt);
      helpers.logger.info(
        `feedback import ${input.runId}: ${result.ok ? `${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged` : `${result.errors.length} errors, nothing written`}`,
      );
    },
    feedback__chase: async (payload, helpers) => {
      const { asOf } = ZChasePayload.parse(payload ?? {});
      const clock = asOf ? fixedClock(`${asOf}T05:00:00Z`) : await deps.clock();
      const result = await chaseFeedback(deps.db, clock);
      helpers.logger.info(
        `feedback chased as of ${clock.today()}: ${result.overdue} overdue, ${result.reminded} reminded, ${result.notifications} notifications`,
      );
    },
    scores__compute: async (payload, helpers) => {
      const { runId } = z.object({ runId: z.uuid() }).parse(payload);
      const result = await computeScoreRun(deps.db, runId, await deps.clock());
      helpers.logger.info(`scores ${runId}: ${result.agencies} agencies scored`);
    },
    scores__schedule: async (payload, helpers) => {
      ZEmpty.parse(payload ?? {});
      const runId = await scheduleQuarterRun(deps.db, await deps.clock());
      if (runId) helpers.logger.info(`scores: quarter run ${runId} queued after the cut-off`);
    },
    reports__generate: async (payload, helpers) => {
      const { reportId } = z.object({ reportId: z.uuid() }).parse(payload);
      const result = await runGeneration(deps.db, reportId, await deps.clock());
      helpers.logger.info(`report ${reportId}: ${result.status}`);
    },
    reports__daily: async (payload, helpers) => {
      const { asOf } = ZChasePayload.parse(payload ?? {});
      const clock = asOf ? fixedClock(`${asOf}T05:00:00Z`) : await deps.clock();
      const result = await runReportsDaily(deps.db, clock);
      helpers.logger.info(
        `reports as of ${clock.today()}: ${result.opened} opened, ${result.reminded} reminded, ${result.overdue} overdue`,
      );
    },
    notifications__send_email: async (payload, helpers) => {
      const { id } = z.object({ id: z.number().int().positive() }).parse(payload);
      if (!deps.mail) return; // no SMTP: the outbox is read in the app
      const outcome = await sendEmail(deps.db, deps.mail.transport, deps.mail.from, id);
      helpers.logger.info(`e-mail ${id}: ${outcome}`);
    },
    notifications__queue_unsent: async (payload, helpers) => {
      ZEmpty.parse(payload ?? {});
      if (!deps.mail) return;
      const queued = await queueUnsentEmails(deps.db);
      if (queued) helpers.logger.info(`e-mail outbox: ${queued} unsent messages queued`);
    },
  };
}

export const CRONTAB = [
  // 02:15 every day in Vietnam (UTC+7) = 19:15 UTC.
  '15 19 * * * auth__prune_sessions ?max=1',
  // 03:10 every day in Vietnam = 20:10 UTC: uploads no task report or meeting took up within 48 hours are removed.
  '10 20 * * * files__remove_orphans ?max=1',
  // 03:40 every day in Vietnam = 20:40 UTC: submitters' personal data on closed feedback past the retention setting
  // is anonymised (Nghị định 13/2023).
  '40 20 * * * feedback__anonymise ?max=1',
  // 00:30 every day in Vietnam = 17:30 UTC the day before; catches up one missed run.
  '30 17 * * * tasks__chase ?max=1&fill=1d',
  // 00:45 every day in Vietnam = 17:45 UTC the day before: overdue feedback and reminders to the competent agencies.
  '45 17 * * * feedback__chase ?max=1&fill=1d',
  // Daily at 01:00 Vietnam time (18:00 UTC); the task itself runs the scan only on the 1st of the month (Vietnam date).
  '0 18 * * * procedures__dormancy_scan ?max=1',
  // 02:30 every day in Vietnam = 19:30 UTC: on the 15th of March, June, September and December (the day
  // after a Nghị định 09 quarter's cut-off) the task queues the closed quarter's scores, once.
  '30 19 * * * scores__schedule ?max=1',
  // 00:15 every day in Vietnam = 17:15 UTC the day before: open the periods whose cut-off has passed
  // (submissions + the report from a frozen snapshot), remind and chase agencies that have not reported.
  '15 17 * * * reports__daily ?max=1&fill=2d',
  // Hourly: queue a send job for unsent messages that have none (e.g. written before SMTP was configured).
  // Each message is otherwise sent by its own job, queued when it is written.
  '7 * * * * notifications__queue_unsent ?max=1',
].join('\n');
