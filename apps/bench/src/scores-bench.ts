/**
 * National-scale benchmark of the compliance scores: ~4,000 agencies (500 departments, the rest
 * communes), with a quarter's worth of inputs from every module — 40,000 tasks, 60 sessions inviting
 * every agency (240,000 attendance rows), 1,000,000 feedback items over three years, 12,000 reviews —
 * then one computation of every agency for the quarter, as the worker runs it.
 * Run: pnpm --filter @cchc/bench scores [--write] [--feedback 1000000]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureCalendarSeeded } from '@cchc/core/calendar/service';
import { fixedClock } from '@cchc/core/clock';
import { refreshRollups } from '@cchc/core/feedback/figures-sql';
import { gatherInputs } from '@cchc/core/scores/inputs';
import { computeScoreRun, queueScoreRun, rankings } from '@cchc/core/scores/runs';
import { ensureDefaultScheme } from '@cchc/core/scores/schemes';
import { ensureDatabase } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import { sql } from 'kysely';
import { writeSection } from './docs';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) || fallback : fallback;
};
const FEEDBACK = arg('--feedback', 1_000_000);
const AGENCIES = 4000;
const QUARTER = { from: '2026-06-15', to: '2026-09-14' };
const clock = fixedClock('2026-11-21T03:00:00Z');
const ms = (start: number) => performance.now() - start;

const dataDir = mkdtempSync(join(tmpdir(), 'cchc-bench-scores-'));
const database = await ensureDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir,
  port: 54503,
  databaseName: 'cchc_bench_scores',
});
const pool = createPool(database.url, { max: 4 });
const db = createDb(pool);
const rows: [string, string][] = [];
try {
  await migrateToLatest(db, pool);
  await ensureCalendarSeeded(db);
  await ensureDefaultScheme(db, { userId: null, username: 'bench' });
  let start = performance.now();
  await sql`insert into agency (code, name, full_name, kind, search_text)
    select 'B' || lpad(i::text, 5, '0'), 'Cơ quan ' || i, 'Cơ quan số ' || i, case when i <= 500 then 'department' else 'commune' end, 'co quan ' || i
    from generate_series(1, ${AGENCIES}) i`.execute(db);
  const plan = await db
    .insertInto('plan')
    .values({ year: 2026, title: 'Kế hoạch bench', status: 'active', searchText: 'ke hoach bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into task (plan_id, title, lead_agency_id, deadline, progress, completed_on, search_text)
    select ${plan.id}::uuid, 'Nhiệm vụ ' || g, a.id, d, case when g % 5 = 0 then 40 else 100 end,
      case when g % 5 = 0 then null when g % 7 = 0 then d + 6 else d - 2 end, 'nhiem vu ' || g
    from generate_series(1, 40000) g
    cross join lateral (select date '2026-06-15' + (g % 92) as d) t
    join agency a on a.code = 'B' || lpad((1 + (g * 31) % ${AGENCIES})::text, 5, '0')`.execute(db);
  const group = await db
    .insertInto('workingGroup')
    .values({ name: 'Tổ công tác bench' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into meeting_session (group_id, number, title, starts_at, mode, status, finalised_at)
    select ${group.id}::uuid, n, 'Phiên ' || n, timestamptz '2026-06-16 01:00+00' + n * interval '1 day', 'online', 'held', timestamptz '2026-06-16 05:00+00' + n * interval '1 day'
    from generate_series(1, 60) n`.execute(db);
  await sql`insert into session_invitation (session_id, agency_id, expected_level, mark, absence_reason)
    select s.id, a.id, 'head',
      case when (s.number + hashtext(a.code)) % 11 = 0 then 'absent_unexcused' when (s.number + hashtext(a.code)) % 4 = 0 then 'present_deputy' else 'present_head' end, null
    from meeting_session s cross join agency a where a.kind in ('department', 'commune')`.execute(db);
  await sql`insert into feedback (external_id, received_at, received_on, channel, submitter_type, submitter_name, subject, content,
      classification, competent_agency_id, status, clock_start, refuse_due, info_due, answer_due, answered_at, answered_on,
      answer_working_days, satisfaction, recomplaint, search_text)
    select 'GEN-' || g, r::timestamptz, r, 'national_portal', 'citizen', 'Người gửi ' || g, 'Phản ánh ' || g, 'Nội dung ' || g,
      case when g % 4 = 0 then 'conduct' else 'regulation' end, a.id,
      case when g % 17 = 0 then 'refused' when done then 'published' else 'assigned' end,
      r, r + 3, r + 7, r + 21,
      case when done then (r + (g % 35)::int)::timestamptz end, case when done then r + (g % 35)::int end, case when done then (g % 35)::int * 5 / 7 end,
      case when g % 9 = 0 then 'unsatisfied' when g % 3 = 0 then 'satisfied' else 'not_rated' end, g % 41 = 0, 'phan anh ' || g
    from generate_series(1, ${FEEDBACK}::bigint) g
    cross join lateral (select date '2024-01-01' + ((g * 7919) % 1050)::int as r, (g % 10) < 8 and date '2024-01-01' + ((g * 7919) % 1050)::int + (g % 35)::int < date '2026-11-21' as done) t
    join agency a on a.code = 'B' || lpad((1 + (g * 31) % ${AGENCIES})::text, 5, '0')`.execute(db);
  await db.transaction().execute((trx) => refreshRollups(trx, null));
  await sql`insert into procedure (code, name, search_text) select '9.' || lpad(i::text, 6, '0'), 'Thủ tục ' || i, 'thu tuc ' || i from generate_series(1, 12000) i`.execute(
    db,
  );
  await sql`insert into procedure_review (procedure_id, agency_id, status, propose_due, proposed_at)
    select p.id, a.id, case when i % 3 = 0 then 'open' else 'proposed' end, date '2026-06-20' + (i % 80),
      case when i % 3 = 0 then null else (date '2026-06-20' + (i % 80) + (i % 7) - 3)::timestamptz end
    from generate_series(1, 12000) i
    join procedure p on p.code = '9.' || lpad(i::text, 6, '0')
    join agency a on a.code = 'B' || lpad((1 + (i * 17) % ${AGENCIES})::text, 5, '0')`.execute(db);
  await sql`analyze`.execute(db);
  rows.push([
    'Generating the data set (agencies, tasks, sessions and attendance, feedback + rollups, reviews)',
    `${(ms(start) / 1000).toFixed(1)} s`,
  ]);

  start = performance.now();
  const inputs = await gatherInputs(db, QUARTER, clock.today());
  rows.push([
    `Gathering every component's inputs for Q3 2026 (${inputs.size.toLocaleString('en')} agencies with data)`,
    `${ms(start).toFixed(0)} ms`,
  ]);
  const { runId } = await queueScoreRun(db, { userId: null, username: 'bench' }, { periodKind: 'quarter', ...QUARTER });
  start = performance.now();
  const result = await computeScoreRun(db, runId, clock);
  const computeMs = ms(start);
  rows.push([
    `The whole computation job: inputs, scores, peer ranks, ${result.agencies.toLocaleString('en')} results stored with every component (one transaction)`,
    `${(computeMs / 1000).toFixed(2)} s`,
  ]);
  start = performance.now();
  const ranking = await rankings(db, runId);
  rows.push([`Reading the ranking of ${ranking.rows.length.toLocaleString('en')} agencies`, `${ms(start).toFixed(0)} ms`]);
  const memory = process.memoryUsage();
  rows.push([
    'Node heap after the run (process)',
    `${(memory.heapUsed / 1024 / 1024).toFixed(0)} MB used, RSS ${(memory.rss / 1024 / 1024).toFixed(0)} MB`,
  ]);

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const table = [
    `## Scores — all ~4,000 agencies for a quarter (${when} UTC)`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; ${database.embedded ? 'embedded PostgreSQL 17 (fsync off)' : 'DATABASE_URL'}. Command: \`pnpm --filter @cchc/bench scores --write\`.`,
    '',
    `Method: ${AGENCIES.toLocaleString('en')} agencies (500 departments, the rest communes), 40,000 tasks due in Q3 2026 (15/06–14/09), 60 finalised sessions inviting every agency, ${FEEDBACK.toLocaleString('en')} feedback items over 2024–2026 with their half-month rollups, 12,000 reviews; then \`computeScoreRun\` exactly as the worker runs it, default scheme.`,
    '',
    '| measure | result |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (args.includes('--write')) writeSection('Scores', table);
} finally {
  await db.destroy();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
