/**
 * A province-sized data set generated in SQL, the same shapes as the scores and feedback benchmarks'
 * generators, but dated around `today` so the live screens (the current quarter, the last twelve months)
 * have data: agencies, plans and tasks with coordinators, finalised sessions with attendance, feedback
 * items with their rollups, dormant-procedure reviews, and a finished score run for the last quarter.
 */
import { fixedClock } from '@cchc/core/clock';
import { refreshRollups } from '@cchc/core/feedback/figures-sql';
import { computeScoreRun, queueScoreRun } from '@cchc/core/scores/runs';
import { ensureDefaultScheme } from '@cchc/core/scores/schemes';
import type { Database } from '@cchc/db/schema';
import { addDays, type IsoDate } from '@cchc/domain/calendar/dates';
import { periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import { type Kysely, sql } from 'kysely';

export interface ProvinceSize {
  agencies: number;
  tasks: number;
  feedback: number;
  sessions: number;
  reviews: number;
}

export const PROVINCE: ProvinceSize = { agencies: 1100, tasks: 10_000, feedback: 260_000, sessions: 12, reviews: 2_000 };

/** Generates the data set on top of the demo seed; returns what the database then holds. */
export async function generateProvince(db: Kysely<Database>, size: ProvinceSize, today: IsoDate) {
  const existing = Number((await sql<{ n: number }>`select count(*)::int n from agency`.execute(db)).rows[0]?.n ?? 0);
  const extra = Math.max(0, size.agencies - existing);
  // A tenth departments and units, the rest communes (peer groups of the scores).
  await sql`insert into agency (code, name, full_name, kind, search_text)
    select 'L' || lpad(i::text, 5, '0'), 'Cơ quan ' || i, 'Cơ quan số ' || i,
      case when i <= ${Math.ceil(extra / 10)} then 'department' else 'commune' end, 'co quan ' || i
    from generate_series(1, ${extra}::int) i`.execute(db);
  const workers = sql`(select id, row_number() over (order by code) as n from agency where kind in ('department', 'commune'))`;
  const workerCount = Number(
    (await sql<{ n: number }>`select count(*)::int n from agency where kind in ('department', 'commune')`.execute(db)).rows[0]
      ?.n ?? 1,
  );

  // Tasks: five plans of this year, deadlines from 200 days ago to 200 days ahead; a quarter with a coordinator.
  const year = Number(today.slice(0, 4));
  const plans: string[] = [];
  for (let p = 1; p <= 5; p++) {
    const plan = await db
      .insertInto('plan')
      .values({
        year,
        title: `Kế hoạch CCHC số ${p} năm ${year}`,
        status: 'active',
        searchText: `ke hoach cchc so ${p} nam ${year}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    plans.push(plan.id);
  }
  const start = addDays(today, -200);
  await sql`insert into task (plan_id, title, lead_agency_id, deadline, progress, completed_on, weight, search_text)
    select (${plans}::uuid[])[1 + g % 5], 'Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực ' || f.field || ' số ' || g, w.id, t.d,
      case when t.done then 100 when g % 5 = 0 then 40 when g % 3 = 0 then 0 else (g * 13) % 90 end,
      case when t.done then (case when g % 7 = 0 then least(t.d + 6, ${today}::date) else t.d - 2 end) end,
      1 + g % 3, 'ra soat, don gian hoa thu tuc hanh chinh linh vuc ' || f.folded || ' so ' || g
    from generate_series(1, ${size.tasks}::int) g
    cross join lateral (select ${start}::date + (g * 37) % 400 as d,
      g % 5 <> 0 and g % 3 <> 0 and ${start}::date + (g * 37) % 400 <= ${today}::date as done) t
    cross join lateral (select (array['hộ tịch','đất đai','xây dựng','y tế','giáo dục','tư pháp','đầu tư','lao động'])[1 + g % 8] as field,
      (array['ho tich','dat dai','xay dung','y te','giao duc','tu phap','dau tu','lao dong'])[1 + g % 8] as folded) f
    join ${workers} w on w.n = 1 + (g * 31) % ${workerCount}`.execute(db);
  await sql`insert into task_coordinator (task_id, agency_id)
    select t.id, w.id from (select id, lead_agency_id, row_number() over (order by id) as n from task) t
    join ${workers} w on w.n = 1 + (t.n * 17) % ${workerCount}
    where t.n % 4 = 0 and w.id <> t.lead_agency_id`.execute(db);

  // Finalised sessions over the last two quarters, every department and commune invited.
  const group = await db.selectFrom('workingGroup').select('id').limit(1).executeTakeFirstOrThrow();
  await sql`insert into meeting_session (group_id, number, title, starts_at, mode, status, finalised_at)
    select ${group.id}::uuid, 100 + n, 'Phiên họp ' || n, (${today}::date - n * 14 + time '09:00') at time zone 'Asia/Ho_Chi_Minh',
      'online', 'held', (${today}::date - n * 14 + time '16:00') at time zone 'Asia/Ho_Chi_Minh'
    from generate_series(1, ${size.sessions}::int) n`.execute(db);
  await sql`insert into session_invitation (session_id, agency_id, expected_level, mark, absence_reason)
    select s.id, a.id, 'head',
      case when (s.number + hashtext(a.code)) % 11 = 0 then 'absent_unexcused' when (s.number + hashtext(a.code)) % 4 = 0 then 'present_deputy' else 'present_head' end, null
    from meeting_session s cross join agency a where s.number > 100 and a.kind in ('department', 'commune')`.execute(db);

  // Feedback over the last three years up to today, answered after 0–34 days (80%), then the rollups.
  await sql`insert into feedback (external_id, received_at, received_on, channel, submitter_type, submitter_name, subject, content,
      classification, competent_agency_id, status, clock_start, refuse_due, info_due, answer_due, answered_at, answered_on,
      answer_working_days, satisfaction, recomplaint, search_text)
    select 'GEN-' || g, r::timestamptz, r, 'national_portal', 'citizen', 'Người gửi ' || g, 'Phản ánh ' || g, 'Nội dung ' || g,
      case when g % 4 = 0 then 'conduct' else 'regulation' end, w.id,
      case when g % 17 = 0 then 'refused' when done then 'published' else 'assigned' end,
      r, r + 3, r + 7, r + 21,
      case when done then (r + (g % 35)::int)::timestamptz end, case when done then r + (g % 35)::int end, case when done then (g % 35)::int * 5 / 7 end,
      case when g % 9 = 0 then 'unsatisfied' when g % 3 = 0 then 'satisfied' else 'not_rated' end, g % 41 = 0, 'phan anh ' || g
    from generate_series(1, ${size.feedback}::bigint) g
    cross join lateral (select ${today}::date - ((g * 7919) % 1095)::int as r) d
    cross join lateral (select (g % 10) < 8 and d.r + (g % 35)::int < ${today}::date as done) t
    join ${workers} w on w.n = 1 + (g * 31) % ${workerCount}`.execute(db);
  await db.transaction().execute((trx) => refreshRollups(trx, null));

  // Dormant-procedure reviews due around today.
  await sql`insert into procedure (code, name, search_text)
    select '9.' || lpad(i::text, 6, '0'), 'Thủ tục ' || i, 'thu tuc ' || i from generate_series(1, ${size.reviews}::int) i`.execute(
    db,
  );
  await sql`insert into procedure_review (procedure_id, agency_id, status, propose_due, proposed_at)
    select p.id, w.id, case when i % 3 = 0 then 'open' else 'proposed' end, ${addDays(today, -150)}::date + (i % 200),
      case when i % 3 = 0 then null else (${addDays(today, -150)}::date + (i % 200) + (i % 7) - 3)::timestamptz end
    from generate_series(1, ${size.reviews}::int) i
    join procedure p on p.code = '9.' || lpad(i::text, 6, '0')
    join ${workers} w on w.n = 1 + (i * 17) % ${workerCount}`.execute(db);

  // The last closed quarter's scores, as the worker computes them.
  await ensureDefaultScheme(db, { userId: null, username: 'bench' });
  const quarter = previousPeriod(periodContaining(today, 'quarter', 'nd09'), 'quarter', 'nd09');
  const { runId } = await queueScoreRun(db, { userId: null, username: 'bench' }, { periodKind: 'quarter', ...quarter });
  await computeScoreRun(db, runId, fixedClock(`${today}T03:00:00Z`));
  // As a database in service would be: statistics current, visibility maps set (autovacuum's work).
  await sql`vacuum analyze`.execute(db);

  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*)::int n from ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0);
  return {
    agencies: await count('agency'),
    tasks: await count('task'),
    feedback: await count('feedback'),
    invitations: await count('session_invitation'),
    reviews: await count('procedure_review'),
    rollupRows: (await count('feedback_rollup')) + (await count('feedback_rollup_open')) + (await count('feedback_rollup_days')),
    scoreResults: await count('score_result'),
  };
}
