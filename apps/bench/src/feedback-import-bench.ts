/**
 * The feedback import alone, on a generated file, against a reference measured in the same run: COPY of the
 * same typed items into an indexed copy of the `feedback` table (what landing the rows costs at least).
 * Run: pnpm --filter @cchc/bench feedback-import [--write] [--rows 50000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ensureCalendarSeeded } from '@cchc/core/calendar/service';
import { fixedClock } from '@cchc/core/clock';
import { importFeedbackRows, readSourceFile } from '@cchc/core/feedback/import';
import { ZImportMapping } from '@cchc/core/feedback/schemas';
import { ensureDatabase } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { writeSection } from './docs';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) || fallback : fallback;
};
const ROWS = arg('--rows', 50_000);
const AGENCIES = 400;
const clock = fixedClock('2026-11-21T03:00:00Z');
const ms = (start: number) => performance.now() - start;

const dataDir = mkdtempSync(join(tmpdir(), 'cchc-bench-fbi-'));
const database = await ensureDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir,
  port: Number(process.env.BENCH_PG_PORT) || 54503,
  databaseName: 'cchc_bench_fbi',
});
const pool = createPool(database.url, { max: 4 });
const db = createDb(pool);
const out: [string, string][] = [];
try {
  await migrateToLatest(db, pool);
  await ensureCalendarSeeded(db);
  await sql`insert into agency (code, name, full_name, kind, search_text)
    select 'B' || lpad(i::text, 5, '0'), 'Cơ quan ' || i, 'Cơ quan số ' || i, 'department', 'co quan ' || i
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
    .returning(['id'])
    .executeTakeFirstOrThrow();

  const header = 'Mã PAKN,Ngày nhận,Người gửi,Tiêu đề,Nội dung,Đơn vị,Tình trạng,Ngày trả lời,Kênh\n';
  const lines: string[] = [];
  let seed = 7;
  const random = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  for (let i = 0; i < ROWS; i++) {
    const day = Math.floor(random() * 680);
    const received = new Date(Date.UTC(2024, 11, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const answered =
      random() < 0.8
        ? new Date(Date.UTC(2024, 11, 1) + (day + 3 + Math.floor(random() * 30)) * 86_400_000).toISOString().slice(0, 10)
        : '';
    lines.push(
      `IMP-${i},${received} 09:00:00+07:00,Nguyễn Văn ${i},Phản ánh số ${i},Nội dung phản ánh về thủ tục hành chính số ${i},B${String(1 + Math.floor(random() * AGENCIES)).padStart(5, '0')},${answered ? 'Đã trả lời' : 'Đang xử lý'},${answered},Cổng tỉnh`,
    );
  }
  const file = Buffer.from(header + lines.join('\n'));
  const mapping = ZImportMapping.parse({
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
    defaults: { submitterType: 'citizen' },
    source: 'bench',
  });
  const actor = { userId: user.id, username: 'bench', runId: null };

  let start = performance.now();
  const first = await importFeedbackRows(db, actor, await readSourceFile('bench.csv', file), mapping, clock);
  const importMs = ms(start);
  if (!first.ok) throw new Error(`import failed: ${JSON.stringify(first.errors.slice(0, 3))}`);
  start = performance.now();
  const again = await importFeedbackRows(db, actor, await readSourceFile('bench.csv', file), mapping, clock);
  const againMs = ms(start);

  // Reference: the same typed items, as COPY text, into an indexed copy of `feedback` (same indexes and constraints).
  await sql`create table feedback_ref (like feedback including all)`.execute(db);
  const typed = await sql<{ line: string }>`
    select concat_ws(E'\t', source, external_id, received_at, received_on, channel, submitter_type, submitter_name, subject,
      content, coalesce(competent_agency_id::text, '\\N'), status, clock_start, refuse_due, info_due, answer_due,
      coalesce(answered_at::text, '\\N'), coalesce(answered_on::text, '\\N'), coalesce(answer_working_days::text, '\\N'),
      coalesce(publish_due::text, '\\N'), search_text) as line
    from feedback where source = 'bench'`.execute(db);
  const text = `${typed.rows.map((r) => r.line).join('\n')}\n`;
  const client = await pool.connect();
  start = performance.now();
  try {
    await pipeline(
      Readable.from([text]),
      client.query(
        copyFrom(`copy feedback_ref (source, external_id, received_at, received_on, channel, submitter_type, submitter_name,
          subject, content, competent_agency_id, status, clock_start, refuse_due, info_due, answer_due, answered_at, answered_on,
          answer_working_days, publish_due, search_text) from stdin`),
      ),
    );
  } finally {
    client.release();
  }
  const copyMs = ms(start);
  const rate = (n: number, t: number) => Math.round(n / (t / 1000)).toLocaleString('en');
  out.push([
    `Import of a ${ROWS.toLocaleString('en')}-row CSV (${(file.length / 1024 / 1024).toFixed(1)} MB, offsets in the times, mapped): read, validate, due dates, merge, history, rollups`,
    `${importMs.toFixed(0)} ms — ${rate(ROWS, importMs)} rows/s`,
  ]);
  out.push([
    `Re-import of the same file (${again.inserted} new, ${again.updated} updated, ${again.unchanged.toLocaleString('en')} unchanged)`,
    `${againMs.toFixed(0)} ms — ${rate(ROWS, againMs)} rows/s`,
  ]);
  out.push([
    'Reference, same run: COPY of the same typed items into an indexed copy of `feedback`',
    `${copyMs.toFixed(0)} ms — ${rate(ROWS, copyMs)} rows/s (import = ${(copyMs / importMs).toFixed(2)} × COPY)`,
  ]);
  for (const [k, v] of out) console.log(`${k}: ${v}`);
  if (args.includes('--write')) {
    const heading = 'Feedback import — reference COPY in the same run';
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const table = [
      `## ${heading} (${when} UTC)`,
      '',
      `Machine: 2 cores (shared with other work while measured), Node ${process.version}; embedded PostgreSQL. Command: \`pnpm --filter @cchc/bench feedback-import --write --rows ${ROWS}\`.`,
      '',
      '| measure | result |',
      '| --- | --- |',
      ...out.map(([k, v]) => `| ${k} | ${v} |`),
      '',
    ].join('\n');
    writeSection(heading, table);
  }
} finally {
  await db.destroy();
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
