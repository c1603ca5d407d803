/**
 * The dossier rule (domain procedures/dossier.ts): the supplement time moves the appointment by WORKING
 * days on the holiday calendar, so SQL needs the calendar's working-day arithmetic — `add_working_days`,
 * the twin of WorkingCalendar.addWorkingDays (Monday–Friday, minus days off, plus Saturdays worked; a
 * year without a calendar falls back to weekends only, as the domain does). Figures per agency and
 * period read dossiers by (competent agency, receipt), hence the index. The monthly filing rollup's
 * on-time columns were written and never read, and went stale with every calendar edit: dropped.
 * Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function add_working_days(start date, n integer) returns date language sql stable parallel safe as $$
      select case when n <= 0 then start else (
        select s.d from (select start + i as d from generate_series(1, n * 7 + 60) as i) s
        where coalesce((select c.kind = 'working_day' from calendar_day c where c.date = s.d), extract(isodow from s.d) < 6)
        order by s.d offset n - 1 limit 1) end
    $$`.execute(db);
  await sql`create index dossier_agency_received_idx on dossier (competent_agency_id, received_at)`.execute(db);
  await sql`alter table filing_monthly drop column finished_on_time, drop column finished_late`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table filing_monthly add column finished_on_time integer not null default 0, add column finished_late integer not null default 0`.execute(
    db,
  );
  await sql`drop index if exists dossier_agency_received_idx`.execute(db);
  await sql`drop function if exists add_working_days(date, integer)`.execute(db);
}
