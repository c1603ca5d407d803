/**
 * Benchmark of the plans module at provincial scale: 10,000 tasks over 5 plans on a fresh
 * embedded PostgreSQL (or DATABASE_URL). Prints a Markdown table; `--write` puts it in docs/benchmarks.md.
 * Run: pnpm --filter @cchc/bench tasks [--write] [--tasks 10000]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureCalendarSeeded } from '@cchc/core/calendar/service';
import { fixedClock } from '@cchc/core/clock';
import { runTaskChasing } from '@cchc/core/plans/chasing';
import { exportTasks } from '@cchc/core/plans/export';
import { getPlan, listTasks, type Viewer } from '@cchc/core/plans/service';
import { seedDemo } from '@cchc/core/seed/demo';
import { ensureDatabase } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import { addDays } from '@cchc/domain/calendar/dates';
import { foldVietnamese } from '@cchc/domain/text';
import { writeSection } from './docs';

const args = process.argv.slice(2);
const TASKS = Number(args[args.indexOf('--tasks') + 1] || 10_000) || 10_000;
const RUNS = 5;

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push((await time(fn)).ms);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

const dataDir = mkdtempSync(join(tmpdir(), 'cchc-bench-'));
const database = await ensureDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir,
  port: 54500,
  databaseName: 'cchc_bench',
});
const pool = createPool(database.url);
const db = createDb(pool);
try {
  await migrateToLatest(db, pool);
  await seedDemo(db);
  await ensureCalendarSeeded(db);
  const agencies = await db.selectFrom('agency').select(['id']).where('kind', 'in', ['department', 'commune']).execute();
  const manager = await db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', 'totongtac')
    .executeTakeFirstOrThrow();
  const officer = await db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', 'canbo.stp')
    .executeTakeFirstOrThrow();
  const asViewer = (u: typeof manager): Viewer => ({ userId: u.id, role: u.role as Viewer['role'], agencyId: u.agencyId });

  const planIds: string[] = [];
  for (let p = 0; p < 5; p++) {
    const plan = await db
      .insertInto('plan')
      .values({ year: 2026, title: `Kế hoạch CCHC số ${p + 1}`, status: 'active', searchText: `ke hoach cchc so ${p + 1}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    planIds.push(plan.id);
  }
  const fields = ['hộ tịch', 'đất đai', 'xây dựng', 'y tế', 'giáo dục', 'tư pháp', 'đầu tư', 'lao động'];
  const seeding = await time(async () => {
    for (let i = 0; i < TASKS; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, TASKS - i) }, (_, j) => {
        const n = i + j;
        const title = `Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực ${fields[n % fields.length]} số ${n + 1}`;
        const progress = (n * 37) % 101;
        return {
          planId: planIds[n % planIds.length] as string,
          title,
          leadAgencyId: agencies[n % agencies.length]?.id as string,
          deadline: addDays('2026-01-05', n % 400),
          progress,
          completedOn: progress === 100 ? addDays('2026-01-05', (n % 400) + ((n % 3) - 1) * 5) : null,
          weight: 1 + (n % 3),
          searchText: foldVietnamese(title),
        };
      });
      await db.insertInto('task').values(batch).execute();
    }
  });

  const clock = fixedClock('2026-09-15T03:00:00Z');
  const rows: [string, string][] = [];
  const all = await time(() => listTasks(db, asViewer(manager), clock, { limit: 20000 }));
  rows.push([
    `Task table, all ${all.result.length.toLocaleString('en')} tasks with derived status (median of ${RUNS})`,
    `${(await median(() => listTasks(db, asViewer(manager), clock, { limit: 20000 }))).toFixed(0)} ms`,
  ]);
  rows.push([
    'Task table filtered: overdue + text "ho tich" (median)',
    `${(await median(() => listTasks(db, asViewer(manager), clock, { statuses: ['overdue'], query: 'ho tich', limit: 20000 }))).toFixed(0)} ms`,
  ]);
  rows.push([
    "Agency officer's own tasks (scoped, median)",
    `${(await median(() => listTasks(db, asViewer(officer), clock, { mine: true, limit: 20000 }))).toFixed(0)} ms`,
  ]);
  rows.push([
    `Plan detail with roll-ups (${(TASKS / 5).toLocaleString('en')} tasks, median)`,
    `${(await median(() => getPlan(db, asViewer(manager), clock, planIds[0] as string))).toFixed(0)} ms`,
  ]);
  const xlsx = await time(() => exportTasks(db, asViewer(manager), clock, { limit: 20000 }, 'xlsx'));
  rows.push([`XLSX export of all tasks (${(xlsx.result.body.length / 1024 / 1024).toFixed(1)} MB)`, `${xlsx.ms.toFixed(0)} ms`]);
  const csv = await time(() => exportTasks(db, asViewer(manager), clock, { limit: 20000 }, 'csv'));
  rows.push([`CSV export of all tasks (${(csv.result.body.length / 1024 / 1024).toFixed(1)} MB)`, `${csv.ms.toFixed(0)} ms`]);
  const chase = await time(() => runTaskChasing(db, clock));
  rows.push([
    `Nightly chasing, first run (${chase.result.overdue} overdue, ${chase.result.notifications} notifications)`,
    `${chase.ms.toFixed(0)} ms`,
  ]);
  const chaseAgain = await time(() => runTaskChasing(db, clock));
  rows.push([
    `Nightly chasing, second run (idempotent: ${chaseAgain.result.notifications} notifications)`,
    `${chaseAgain.ms.toFixed(0)} ms`,
  ]);
  rows.push([`Seeding ${TASKS.toLocaleString('en')} tasks (batches of 1,000)`, `${seeding.ms.toFixed(0)} ms`]);
  rows.push([
    'Resident memory of the benchmark process at the end',
    `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`,
  ]);

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const table = [
    `## Plans and tasks — ${TASKS.toLocaleString('en')} tasks (${when} UTC)`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; ${database.embedded ? 'embedded PostgreSQL 17' : 'DATABASE_URL'}. Command: \`pnpm --filter @cchc/bench tasks --write\`.`,
    '',
    '| measure | result |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (args.includes('--write')) writeSection('Plans and tasks', table);
} finally {
  await db.destroy();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
