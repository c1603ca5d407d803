/** Test helper: runs every queued job once with a real graphile-worker and returns after each job's row is settled. */
import { Logger, type RunnerOptions, runOnce, type TaskList } from 'graphile-worker';

const silent = new Logger(() => () => {});

/**
 * graphile-worker 0.17's `runOnce` does not await the completion of the last job unless
 * batching is on; a batch delay of 0 makes it flush (and await) completions and failures
 * before it returns, so a test that reads the queue afterwards sees the settled rows.
 */
export async function runJobsOnce(pool: NonNullable<RunnerOptions['pgPool']>, taskList: TaskList): Promise<void> {
  await runOnce({
    pgPool: pool,
    taskList,
    logger: silent,
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
}
