/**
 * graphile-worker tasks: small `module__action` functions that validate their payload and call core.
 * Schedules are in Asia/Ho_Chi_Minh; the worker's cron runs in UTC, so each line says both.
 */
import { pruneExpiredSessions } from '@cchc/core/auth/session';
import type { Database } from '@cchc/db/schema';
import type { TaskList } from 'graphile-worker';
import type { Kysely } from 'kysely';
import { z } from 'zod';

export interface JobDeps {
  db: Kysely<Database>;
}

const ZEmpty = z.object({}).passthrough();

export function createTaskList(deps: JobDeps): TaskList {
  return {
    auth__prune_sessions: async (payload, helpers) => {
      ZEmpty.parse(payload ?? {});
      const removed = await pruneExpiredSessions(deps.db);
      helpers.logger.info(`pruned ${removed.sessions} expired sessions, ${removed.attempts} old sign-in attempts`);
    },
  };
}

/** 02:15 every day in Vietnam (UTC+7) = 19:15 UTC. */
export const CRONTAB = ['15 19 * * * auth__prune_sessions ?max=1'].join('\n');
