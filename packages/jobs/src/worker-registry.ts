/**
 * Live worker pools and the recovery of jobs whose worker is gone.
 *
 * graphile-worker 0.17 frees a job locked by a dead worker only after 4 hours. Each process here
 * writes a heartbeat for its pool (`worker_pool`); any process, on start and every few seconds,
 * finds jobs locked by a pool whose heartbeat has stopped and frees them with graphile-worker's own
 * `force_unlock_workers`, so they run again (exactly once: the dead pool can no longer complete them).
 * A pool stops beating only when its process is gone or its event loop has been blocked for a minute.
 */
import { hostname } from 'node:os';
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql } from 'kysely';

/** A pool silent for this long is gone and its jobs are freed (WORKER_GONE_AFTER_SECONDS); it beats six times as often. */
export const GONE_AFTER_SECONDS = 60;

/**
 * Frees the jobs of pools that stopped beating and gives back the attempt the crash consumed (a kill is
 * not a failure of the job: its last attempt must still run); returns the freed pool ids. Unlock and
 * give-back commit together, so no worker takes a job in between.
 */
export async function releaseGoneWorkers(db: Kysely<Database>, goneAfterSeconds: number = GONE_AFTER_SECONDS): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: string; attempts: number; lockedBy: string }>`
      select j.id, j.attempts, j.locked_by
      from graphile_worker.jobs j
      where j.locked_by is not null
        and j.locked_at < now() - make_interval(secs => ${goneAfterSeconds})
        and not exists (
          select 1 from worker_pool p
          where p.id = j.locked_by and p.seen_at > now() - make_interval(secs => ${goneAfterSeconds})
        )`.execute(trx);
    const gone = [...new Set(rows.map((r) => r.lockedBy))];
    if (gone.length) {
      await sql`select graphile_worker.force_unlock_workers(${gone}::text[])`.execute(trx);
      for (const job of rows) {
        await sql`select graphile_worker.reschedule_jobs(array[${job.id}]::bigint[],
          attempts => ${Math.max(job.attempts - 1, 0)})`.execute(trx);
      }
    }
    // A silent pool is gone for good (a restarted process registers a new pool id).
    await trx
      .deleteFrom('workerPool')
      .where('seenAt', '<', sql<Date>`now() - make_interval(secs => ${goneAfterSeconds})`)
      .execute();
    return gone;
  });
}

export interface PoolRegistration {
  /** Stops beating and removes the pool from the registry (its jobs are finished or released by then). */
  stop(): Promise<void>;
}

/**
 * Registers a pool and keeps it alive; also sweeps for gone pools now and every heartbeat.
 * `onReleased` hears about jobs freed from dead pools (for the log).
 */
export function registerPool(
  db: Kysely<Database>,
  poolId: string,
  options: {
    goneAfterSeconds?: number;
    onError: (error: unknown) => void;
    onReleased: (poolIds: string[]) => void;
  },
): PoolRegistration {
  const goneAfterSeconds = options.goneAfterSeconds ?? GONE_AFTER_SECONDS;
  const { onError, onReleased } = options;
  const beat = async () => {
    await db
      .insertInto('workerPool')
      .values({ id: poolId, hostname: hostname(), pid: process.pid })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seenAt: sql<Date>`now()` }))
      .execute();
    const released = await releaseGoneWorkers(db, goneAfterSeconds);
    if (released.length) onReleased(released);
  };
  let running: Promise<void> = beat().catch(onError);
  const timer = setInterval(
    () => {
      running = running.then(() => beat().catch(onError));
    },
    Math.max(500, (goneAfterSeconds * 1000) / 6),
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await db.deleteFrom('workerPool').where('id', '=', poolId).execute().catch(onError);
    },
  };
}
