/**
 * National-scale benchmark of the feedback module: 1,000,000 items over 4,000 agencies across 2024–2026.
 * Measures (1) the CSV import (parse, validate, upsert, rollups) in rows/s, (2) per-agency figures for a
 * Nghị định 09 quarter from the half-month rollups and straight from the items, (3) the cost of one
 * workflow step that keeps the rollups current in its own transaction.
 * Run: pnpm --filter @cchc/bench feedback [--write] [--items 1000000] [--import-rows 80000]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { ensureCalendarSeeded } from '@cchc/core/calendar/service';
import { fixedClock } from '@cchc/core/clock';
import { feedbackFiguresByAgency } from '@cchc/core/feedback/figures';
import { countsFromItems, countsFromRollups, refreshRollups } from '@cchc/core/feedback/figures-sql';
import { importFeedbackRows, readSourceFile } from '@cchc/core/feedback/import';
import { ZFeedbackAction } from '@cchc/core/feedback/schemas';
import { actOnFeedback } from '@cchc/core/feedback/service';
import { ensureDatabase } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import { feedbackFigures } from '@cchc/domain/feedback/figures';
import { sql } from 'kysely';
import { writeSection } from './docs';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) || fallback : fallback;
};
const ITEMS = arg('--items', 1_000_000);
const IMPORT_ROWS = arg('--import-rows', 80_000);
const AGENCIES = 4000;
const QUARTER = { from: '2026-06-15', to: '2026-09-14' };
const clock = fixedClock('2026-11-21T03:00:00Z');

const ms = (start: number) => performance.now() - start;
const median = async (runs: number, fn: () => Promise<unknown>) => {
  const samples: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    samples.push(ms(s));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
};

const dataDir = mkdtempSync(join(tmpdir(), 'cchc-bench-fb-'));
const database = await ensureDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir,
  port: 54502,
  databaseName: 'cchc_bench_fb',
});
const pool = createPool(database.url, { max: 4 });
const db = createDb(pool);
const rows: [string, string][] = [];
try {
  await migrateToLatest(db, pool);
  await ensureCalendarSeeded(db);
  await sql`insert into agency (code, name, full_name, kind, search_text)
    select 'B' || lpad(i::text, 5, '0'), 'Cơ quan ' || i, 'Cơ quan số ' || i,
      case when i <= 34 then 'province' when i <= 500 then 'department' else 'commune' end, 'co quan ' || i
    from generate_series(1, ${AGENCIES}) i`.execute(db);
  const user = await db
    .insertInto('appUser')
    .values({
      username: 'bench',
      displayName: 'Bench',
      passwordHash: 'x',
      role: 'home_affairs',
      agencyId: sql`(select id from agency limit 1)`,
      searchText: 'bench',
    })
    .returning(['id', 'agencyId'])
    .executeTakeFirstOrThrow();

  // (1) Import of a source CSV with its own headers, through a mapping.
  const header = 'Mã PAKN,Ngày nhận,Người gửi,Tiêu đề,Nội dung,Đơn vị,Tình trạng,Ngày trả lời,Kênh\n';
  const lines: string[] = [];
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const day = Math.floor(Math.random() * 680);
    const received = new Date(Date.UTC(2024, 11, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const answered =
      Math.random() < 0.8
        ? new Date(Date.UTC(2024, 11, 1) + (day + 3 + Math.floor(Math.random() * 30)) * 86_400_000).toISOString().slice(0, 10)
        : '';
    lines.push(
      `IMP-${i},${received} 09:00,Nguyễn Văn ${i},Phản ánh số ${i},Nội dung phản ánh về thủ tục hành chính số ${i},B${String(1 + Math.floor(Math.random() * AGENCIES)).padStart(5, '0')},${answered ? 'Đã trả lời' : 'Đang xử lý'},${answered},Cổng tỉnh`,
    );
  }
  const file = Buffer.from(header + lines.join('\n'));
  const mapping = {
    columns: {
      externalId: 'Mã PAKN',
      receivedAt: 'Ngày nhận',
      submitterName: 'Người gửi',
      subject: 'Tiêu đề',
      content: 'Nội dung',
      competentAgency: 'Đơn vị',
      status: 'Tình trạng',
      answeredAt: 'Ngày trả lời',
      channel: 'Kênh',
    },
    values: { status: { 'Đã trả lời': 'answered', 'Đang xử lý': 'assigned' }, channel: { 'Cổng tỉnh': 'provincial_portal' } },
    defaults: { submitterType: 'citizen' as const },
    source: 'bench',
    timeZone: 'Asia/Ho_Chi_Minh',
    onBadRows: 'stop' as const,
    // The bench's dates run through years whose calendar is only pre-filled: count them and flag the items.
    onUnconfirmedCalendar: 'flag' as const,
  };
  const actor = { userId: user.id, username: 'bench', runId: null };
  let start = performance.now();
  const source = await readSourceFile('bench.csv', file);
  const parseMs = ms(start);
  start = performance.now();
  const first = await importFeedbackRows(db, actor, source, mapping, clock);
  const importMs = ms(start);
  if (!first.ok) throw new Error(`import failed: ${JSON.stringify(first.errors.slice(0, 3))}`);
  rows.push([
    `Import of a ${IMPORT_ROWS.toLocaleString('en')}-row CSV (${(file.length / 1024 / 1024).toFixed(1)} MB, own headers and values, mapped): parse`,
    `${parseMs.toFixed(0)} ms`,
  ]);
  rows.push([
    'Validate every row, compute due dates, upsert by external id, history, rollups (one transaction)',
    `${importMs.toFixed(0)} ms — ${Math.round(IMPORT_ROWS / ((parseMs + importMs) / 1000)).toLocaleString('en')} rows/s end to end`,
  ]);
  start = performance.now();
  const again = await importFeedbackRows(db, actor, await readSourceFile('bench.csv', file), mapping, clock);
  rows.push([
    `Re-import of the same file (${again.inserted} new, ${again.updated} updated, ${again.unchanged.toLocaleString('en')} unchanged)`,
    `${ms(start).toFixed(0)} ms`,
  ]);

  // (2) Up to ITEMS items, generated in SQL (2024-01 … 2026-11), then the rollups rebuilt.
  const generated = ITEMS - IMPORT_ROWS;
  start = performance.now();
  await sql`insert into feedback (external_id, received_at, received_on, channel, submitter_type, submitter_name, subject, content,
      classification, competent_agency_id, status, clock_start, refuse_due, info_due, answer_due, answered_at, answered_on,
      answer_working_days, satisfaction, recomplaint, search_text)
    select 'GEN-' || g, r::timestamptz, r, 'national_portal', 'citizen', 'Người gửi ' || g, 'Phản ánh ' || g, 'Nội dung ' || g,
      case when g % 4 = 0 then 'conduct' else 'regulation' end, a.id,
      case when g % 17 = 0 then 'refused' when done then 'published' else 'assigned' end,
      r, r + 3, r + 7, r + 21,
      case when done then (r + (g % 35)::int)::timestamptz end, case when done then r + (g % 35)::int end, case when done then (g % 35)::int * 5 / 7 end,
      case when g % 9 = 0 then 'unsatisfied' when g % 3 = 0 then 'satisfied' else 'not_rated' end, g % 41 = 0, 'phan anh ' || g
    from generate_series(1, ${generated}::bigint) g
    cross join lateral (select date '2024-01-01' + ((g * 7919) % 1050)::int as r, (g % 10) < 8 and date '2024-01-01' + ((g * 7919) % 1050)::int + (g % 35)::int < date '2026-11-21' as done) t
    join agency a on a.code = 'B' || lpad((1 + (g * 31) % ${AGENCIES})::text, 5, '0')`.execute(db);
  const genMs = ms(start);
  start = performance.now();
  await db.transaction().execute((trx) => refreshRollups(trx, null));
  const rebuildMs = ms(start);
  await sql`analyze`.execute(db);
  const count = Number((await sql<{ n: string }>`select count(*) n from feedback`.execute(db)).rows[0]?.n);
  const rollupRows = Number(
    (
      await sql<{
        n: string;
      }>`select (select count(*) from feedback_rollup) + (select count(*) from feedback_rollup_open) + (select count(*) from feedback_rollup_days) n`.execute(
        db,
      )
    ).rows[0]?.n,
  );
  rows.push([
    `Generating ${generated.toLocaleString('en')} more items in SQL (total ${count.toLocaleString('en')})`,
    `${(genMs / 1000).toFixed(1)} s`,
  ]);
  rows.push([
    `Full rebuild of the half-month rollups (${rollupRows.toLocaleString('en')} rollup rows)`,
    `${(rebuildMs / 1000).toFixed(1)} s`,
  ]);

  const measure = QUARTER.to;
  const fromRollups = await median(5, () => countsFromRollups(db, QUARTER, measure));
  const fromItems = await median(5, () => countsFromItems(db, QUARTER, measure));
  const a = await countsFromRollups(db, QUARTER, measure);
  const b = await countsFromItems(db, QUARTER, measure);
  const same =
    a.size === b.size &&
    [...a].every(([k, v]) => JSON.stringify(feedbackFigures(v)) === JSON.stringify(feedbackFigures(b.get(k) ?? v)));
  const inQuarter = [...a.values()].reduce((s, c) => s + c.received, 0);
  rows.push([
    `Per-agency counts for Q3 (15/06–14/09/2026, ${inQuarter.toLocaleString('en')} items, ${a.size.toLocaleString('en')} agencies) from the rollups (median of 5)`,
    `${fromRollups.toFixed(0)} ms`,
  ]);
  rows.push(['The same straight from the items (median of 5)', `${fromItems.toFixed(0)} ms`]);
  rows.push(['Rollups and items give identical figures for every agency', same ? 'yes' : 'NO']);
  // Computed each time: the figures are cached per data version, so each run first bumps it with a no-op write.
  const screen = await median(3, async () => {
    await sql`update agency set code = code where false`.execute(db);
    return feedbackFiguresByAgency(db, { role: 'home_affairs', agencyId: user.agencyId }, QUARTER, clock);
  });
  rows.push(['The whole figures screen (quarter + six monthly trend points for every agency, ranks)', `${screen.toFixed(0)} ms`]);

  // (3) One workflow step with its rollup refresh, on a large agency.
  const target = await db.selectFrom('agency').select('id').where('code', '=', 'B00002').executeTakeFirstOrThrow();
  const open = await db
    .selectFrom('feedback')
    .select(['id'])
    .where('status', '=', 'assigned')
    .where('competentAgencyId', '<>', target.id)
    .where('answeredOn', 'is', null)
    .limit(21)
    .execute();
  const officer = { userId: user.id, username: 'bench', role: 'home_affairs' as const, agencyId: user.agencyId };
  const steps: number[] = [];
  for (const item of open) {
    const s = performance.now();
    await actOnFeedback(
      db,
      officer,
      ZFeedbackAction.parse({ id: item.id, action: 'forward', agencyId: target.id, note: 'bench' }),
      clock,
    );
    steps.push(ms(s));
  }
  steps.shift();
  steps.sort((x, y) => x - y);
  rows.push([
    `One workflow step (forward) incl. due dates, history, audit and the rollup refresh of two agencies (median of ${steps.length})`,
    `${(steps[Math.floor(steps.length / 2)] ?? 0).toFixed(1)} ms`,
  ]);

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const table = [
    `## Feedback — 1,000,000 items over 4,000 agencies (${when} UTC)`,
    '',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}; ${database.embedded ? 'embedded PostgreSQL 17 (fsync off)' : 'DATABASE_URL'}. Command: \`pnpm --filter @cchc/bench feedback --write\`.`,
    '',
    'Method: the import is `readSourceFile` + `importFeedbackRows` on a generated CSV with its own Vietnamese headers and status values, mapped as a user would; the rest of the items are generated in SQL (receipts spread over 2024-01 … 2026-11, 80% answered within 0–34 days, 1 in 17 refused), the rollups rebuilt once, then the per-agency counts for a Nghị định 09 quarter are read from the half-month rollups and from the items, and compared figure by figure.',
    '',
    '| measure | result |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (args.includes('--write')) writeSection('Feedback', table);
} finally {
  await db.destroy();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
