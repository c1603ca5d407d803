/**
 * Load benchmark of the whole server: a province-sized data set (≈1,100 agencies, 10,000 tasks, 260,000
 * feedback items), the real HTTP server (buildHttpServer, pool of 20 as in main.ts) in this process on an
 * embedded PostgreSQL, and signed-in users who browse the admin app's screens — the same tRPC calls with the
 * same inputs — for two minutes at 50 and then at 100 concurrent users. Each call's idle time (one user,
 * same run) is the reference. Prints a Markdown table; `--write` puts it in docs/benchmarks.md.
 * Run: pnpm --filter @cchc/bench load [--write] [--seconds 120] [--phases 50,100] [--feedback 260000] [--tasks 10000]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance as perf } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { hashPassword } from '@cchc/core/auth/password';
import { ensureCalendarSeeded } from '@cchc/core/calendar/service';
import { systemClock } from '@cchc/core/clock';
import { seedDemo } from '@cchc/core/seed/demo';
import { ensureDatabase } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import { periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import type { Role } from '@cchc/domain/roles';
import { buildHttpServer } from '@cchc/server/http';
import { writeSection } from './docs';
import type { ClientsInput, ClientsOutput } from './load-clients';
import { generateProvince, PROVINCE } from './province-data';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) || fallback : fallback;
};
const SECONDS = arg('--seconds', 120);
const SIZE = { ...PROVINCE, feedback: arg('--feedback', PROVINCE.feedback), tasks: arg('--tasks', PROVINCE.tasks) };
const phasesArg = args.includes('--phases') ? args[args.indexOf('--phases') + 1] : undefined;
const PHASES = (phasesArg ?? '50,100').split(',').map(Number);
/** Calls that start in a step's first seconds (ramp-up, then every screen's first computation) are not counted. */
const WARM_UP_MS = 10_000;
/** Think time between two screens of one user, as a person reading and clicking: 1–3 s. */
const THINK_MS: [number, number] = [1000, 3000];
/** Share of an officer's screens that save a progress report (the writes that invalidate the overview). */
const WRITE_SHARE = 0.01;
const PASSWORD = 'CCHC-bench-2026';
const IDLE_RUNS = 15;

const today = systemClock().today();
const quarter = periodContaining(today, 'quarter', 'nd09');
const periods = [quarter, previousPeriod(quarter, 'quarter', 'nd09'), periodContaining(today, 'year', 'nd09')];

// ---------- measurements ----------

const percentile = (values: number[], p: number) => {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

// ---------- the data set and the server ----------

const dataDir = mkdtempSync(join(tmpdir(), 'cchc-bench-load-'));
const database = await ensureDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir,
  port: 54504,
  databaseName: 'cchc_bench_load',
});
const pool = createPool(database.url, { max: 20 });
const db = createDb(pool);
let server: Awaited<ReturnType<typeof buildHttpServer>> | null = null;
try {
  await migrateToLatest(db, pool);
  await seedDemo(db, today);
  await ensureCalendarSeeded(db);
  const start = performance.now();
  const held = await generateProvince(db, SIZE, today);
  const generateSeconds = (performance.now() - start) / 1000;
  process.stdout.write(`data set: ${JSON.stringify(held)} in ${generateSeconds.toFixed(0)} s\n`);

  // 100 users: a fifth coordinators (overview, registers, rankings), the rest agency heads and officers.
  const passwordHash = await hashPassword(PASSWORD);
  const agencies = await db
    .selectFrom('agency')
    .select(['id'])
    .where('kind', 'in', ['department', 'commune'])
    .where('code', 'like', 'L%')
    .orderBy('code')
    .limit(100)
    .execute();
  const province = await db.selectFrom('appUser').select('agencyId').where('username', '=', 'sonoivu').executeTakeFirstOrThrow();
  const roleOf = (i: number): Role =>
    i % 5 === 0 ? (i % 10 === 0 ? 'home_affairs' : 'working_group') : i % 5 <= 2 ? 'agency_head' : 'agency_officer';
  const accounts = Array.from({ length: Math.max(...PHASES) }, (_, i) => {
    const role = roleOf(i);
    const agencyId = role === 'home_affairs' || role === 'working_group' ? province.agencyId : (agencies[i]?.id as string);
    return { username: `bench.${i}`, role, agencyId };
  });
  await db
    .insertInto('appUser')
    .values(
      accounts.map((a) => ({
        username: a.username,
        displayName: `Người dùng ${a.username}`,
        role: a.role,
        agencyId: a.agencyId,
        passwordHash,
        searchText: a.username,
      })),
    )
    .execute();

  server = await buildHttpServer({
    db,
    logLevel: 'error',
    adminDistDir: null,
    sessionTtlDays: 30,
    secureCookies: 'false',
    trustProxy: false,
  });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });

  // ---------- the users, in a worker thread; this thread is the server's ----------
  let rss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 1000);
  const serverMeasures: { elu: ReturnType<typeof perf.eventLoopUtilization> | null; rss: number[]; elus: number[] } = {
    elu: null,
    rss: [],
    elus: [],
  };
  // The worker loads TypeScript as this thread does: tsx registered in it first, then the clients' module.
  const boot = `(async () => {
    (await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register();
    await import(${JSON.stringify(new URL('./load-clients.ts', import.meta.url).href)});
  })()`;
  const clients = new Worker(boot, {
    eval: true,
    workerData: {
      address,
      databaseUrl: database.url,
      accounts: accounts.map(({ username, role }) => ({ username, role })),
      password: PASSWORD,
      periods,
      phases: PHASES,
      seconds: SECONDS,
      warmUpMs: WARM_UP_MS,
      thinkMs: THINK_MS,
      writeShare: WRITE_SHARE,
      idleRuns: IDLE_RUNS,
    } satisfies ClientsInput,
  });
  const { idle, recomputed, idleLoad, results, errorExamples } = await new Promise<ClientsOutput>((resolve, reject) => {
    clients.on('error', reject);
    clients.on('message', (m: { type: 'count' } | { type: 'stop' } | { type: 'done'; output: ClientsOutput }) => {
      if (m.type === 'count') {
        serverMeasures.elu = perf.eventLoopUtilization();
        rss = process.memoryUsage().rss;
      } else if (m.type === 'stop') {
        serverMeasures.elus.push(serverMeasures.elu ? perf.eventLoopUtilization(serverMeasures.elu).utilization : Number.NaN);
        serverMeasures.rss.push(rss / 1024 / 1024);
      } else resolve(m.output);
    });
  });
  clearInterval(rssTimer);
  await clients.terminate();

  // ---------- the table ----------
  const fmt = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0));
  const names = [...new Set([...Object.keys(idle), ...results.flatMap((r) => Object.keys(r.samples))])].filter(
    (n) => n !== 'auth.me' && n !== 'system.clock',
  );
  const lines: string[] = [];
  let allMet = true;
  let errors = 0;
  for (const name of names) {
    const ref = percentile(idle[name]?.ms ?? [], 50);
    const limit = name === 'overview.province' ? Math.min(500, 2 * ref + 50) : 2 * ref + 50;
    const cells = results.map((r) => {
      const s = r.samples[name];
      errors += s?.errors ?? 0;
      if (!s) return '– | – | – | 0';
      return `${fmt(percentile(s.ms, 50))} | ${fmt(percentile(s.ms, 95))} | ${fmt(percentile(s.ms, 99))} | ${s.ms.length}${s.errors ? ` (${s.errors} errors)` : ''}`;
    });
    const met = results.map((r) => {
      const p95 = percentile(r.samples[name]?.ms ?? [], 95);
      return Number.isNaN(p95) || Number.isNaN(ref) ? '–' : p95 <= limit ? 'yes' : 'no';
    });
    if (met.at(-1) === 'no') allMet = false;
    lines.push(`| ${name} | ${fmt(ref)} | ${cells.join(' | ')} | ${fmt(limit)} | ${met.join(' | ')} |`);
  }
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const header = results.map((r) => `${r.users} users p50 | p95 | p99 | calls`).join(' | ');
  const table = [
    `## Load — 50 and 100 users on a province (${when} UTC)`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; ${database.embedded ? 'embedded PostgreSQL 17 (fsync off)' : 'DATABASE_URL'}. Command: \`pnpm --filter @cchc/bench load --write\`.`,
    '',
    `Data set (generated in SQL on top of the demo seed, dated around today ${today}): ${held.agencies.toLocaleString('en')} agencies, ${held.tasks.toLocaleString('en')} tasks in 6 plans, ${held.feedback.toLocaleString('en')} feedback items over three years (${held.rollupRows.toLocaleString('en')} rollup rows), ${held.invitations.toLocaleString('en')} session invitations, ${held.reviews.toLocaleString('en')} reviews, a finished score run (${held.scoreResults.toLocaleString('en')} results); generated in ${generateSeconds.toFixed(0)} s.`,
    '',
    `Method: the real HTTP server (\`buildHttpServer\`, pool of 20 connections as in \`main.ts\`) on the benchmark process's main thread, the users in a worker thread of the same process; users signed in over HTTP and calling \`/trpc\` as the admin app does (one request per call, the same inputs). A fifth of the users are coordinators (overview 30% of their screens, task table 25%, feedback register 20%, feedback figures 10%, rankings 10%, sessions 5%), two fifths agency heads (scorecard 50%, own tasks 25%, own feedback page 15%, register 10%), two fifths officers (own tasks 45%, a task 20%, register 25%, and ${WRITE_SHARE * 100}% of their screens also save a progress report — a write that invalidates the overview). The task table loads a page of 100 rows and 0–2 more as the user scrolls; the bell is refetched on 30% of screens. Each user waits ${THINK_MS[0] / 1000}–${THINK_MS[1] / 1000} s between screens. ${SECONDS} s per step counted after a 10 s warm-up (5 s ramp-up, then each screen's first computation) that is not. Times in ms, measured by the client (request to last byte). "Idle" is the median of ${IDLE_RUNS} calls by one user alone, in the same run; the target is p95 ≤ 2 × idle + 50 ms (and ≤ 500 ms for the overview), "every target met" judges the 100-user step. Event-loop utilisation is the server thread's; memory is the process's peak RSS (server and clients; PostgreSQL not included); the machine is shared, so its load average is given too.`,
    '',
    `| call | idle (1 user) | ${header} | target p95 | ${results.map((r) => `met at ${r.users}`).join(' | ')} |`,
    `|---|---|${results.map(() => '---|---|---|---|').join('')}---|${results.map(() => '---|').join('')}`,
    ...lines,
    '',
    `| measure | result |`,
    `|---|---|`,
    `| overview.province recomputed right after a write (idle, median of 5) | ${fmt(percentile(recomputed, 50))} ms |`,
    `| machine load (1-min average) while measuring idle times | ${idleLoad.toFixed(1)} |`,
    ...results.map(
      (r, i) =>
        `| ${r.users} users: calls, throughput, errors, server's event-loop utilisation, peak RSS, machine load (1-min average) at the end | ${r.calls.toLocaleString('en')} calls, ${(r.calls / r.seconds).toFixed(1)}/s, ${Object.values(r.samples).reduce((s, x) => s + x.errors, 0)} errors, ${((serverMeasures.elus[i] ?? Number.NaN) * 100).toFixed(0)}%, ${(serverMeasures.rss[i] ?? Number.NaN).toFixed(0)} MB, ${r.load.toFixed(1)} |`,
    ),
    `| every target met | ${allMet && errors === 0 ? 'yes' : 'no'} |`,
    '',
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (errorExamples.length) process.stdout.write(`errors:\n${errorExamples.join('\n')}\n`);
  if (args.includes('--write')) writeSection('Load', table);
} finally {
  await server?.close();
  await db.destroy();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
