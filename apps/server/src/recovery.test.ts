/**
 * Jobs survive a killed worker: the app's own `--worker-only` process is killed with SIGKILL in the
 * middle of a score run; a new worker process frees the dead pool's job through the registry and
 * finishes the run exactly once; then a SIGTERM stops it cleanly with exit code 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Actor } from '@cchc/core/actor';
import { queueScoreRun } from '@cchc/core/scores/runs';
import { ensureDefaultScheme } from '@cchc/core/scores/schemes';
import { seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const GONE_AFTER_SECONDS = 3;

let t: TestDatabase;
let manager: Actor;
const children: ChildProcess[] = [];
/** What the worker processes said on stderr, shown when a wait times out. */
let stderr = '';

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureDefaultScheme(t.db, { userId: null, username: 'test' });
  await seedDemo(t.db, '2026-10-20');
  const u = await t.db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', 'sonoivu')
    .executeTakeFirstOrThrow();
  manager = { userId: u.id, username: 'sonoivu', role: u.role, agencyId: u.agencyId };
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await t.drop();
});

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--worker-only'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '1',
      WORKER_GONE_AFTER_SECONDS: String(GONE_AFTER_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return child;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; workers said:\n${stderr}`);
}

describe('a worker process killed in the middle of a score run', () => {
  it('leaves a job that a new worker finishes exactly once, without manual steps, even on its last attempt', {
    timeout: 120_000,
  }, async () => {
    const { runId } = await queueScoreRun(t.db, manager, {
      periodKind: 'quarter',
      from: '2026-06-15',
      to: '2026-09-14',
      schemeId: null,
    });

    // The attempt that is killed is the job's last one: the crash must not use it up.
    await sql`select graphile_worker.reschedule_jobs(array_agg(id), max_attempts => 1)
              from graphile_worker.jobs where task_identifier = 'scores__compute'`.execute(t.db);

    // Hold the run mid-way: it marks itself running, then waits on the agencies it reads.
    const blocker = await t.pool.connect();
    await blocker.query('begin');
    await blocker.query('lock table agency in access exclusive mode');
    const first = startWorkerProcess();
    const lockedBy = await waitFor('the first worker to take the job', async () => {
      const run = await t.db.selectFrom('scoreRun').select('status').where('id', '=', runId).executeTakeFirstOrThrow();
      const { rows } = await sql<{ lockedBy: string | null }>`
        select locked_by from graphile_worker.jobs where task_identifier = 'scores__compute'`.execute(t.db);
      return run.status === 'running' && rows[0]?.lockedBy ? rows[0].lockedBy : undefined;
    });

    first.kill('SIGKILL');
    expect((await exitOf(first)).signal).toBe('SIGKILL');
    await blocker.query('rollback');
    blocker.release();
    // Nothing finished it: the job is still locked by the dead pool and the run still says running.
    const stuck = await sql<{ lockedBy: string | null }>`
      select locked_by from graphile_worker.jobs where task_identifier = 'scores__compute'`.execute(t.db);
    expect(stuck.rows[0]?.lockedBy).toBe(lockedBy);

    const second = startWorkerProcess();
    const done = await waitFor('the run to finish', async () => {
      const run = await t.db
        .selectFrom('scoreRun')
        .select(['status', 'agenciesTotal'])
        .where('id', '=', runId)
        .executeTakeFirstOrThrow();
      return run.status === 'done' ? run : undefined;
    });

    const results = await t.db
      .selectFrom('scoreResult')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('runId', '=', runId)
      .executeTakeFirstOrThrow();
    expect(done.agenciesTotal).toBeGreaterThan(0);
    expect(Number(results.n)).toBe(done.agenciesTotal);
    const audits = await t.db
      .selectFrom('auditLog')
      .select('id')
      .where('entityId', '=', runId)
      .where('action', '=', 'score.run_done')
      .execute();
    expect(audits).toHaveLength(1);
    await waitFor('the job row to be removed', async () => {
      const { rows } = await sql`select 1 from graphile_worker.jobs where task_identifier = 'scores__compute'`.execute(t.db);
      return rows.length === 0 ? true : undefined;
    });

    // A deploy's SIGTERM: the worker stops cleanly and leaves the registry.
    second.kill('SIGTERM');
    expect(await exitOf(second)).toEqual({ code: 0, signal: null });
    expect(await t.db.selectFrom('workerPool').select('id').execute()).toEqual([]);
  });
});
