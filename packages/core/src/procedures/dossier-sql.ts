/**
 * SQL twin of domain/procedures/dossier.ts `judgeDossier`; a test holds the two equal on every stored
 * dossier. The working-day arithmetic is the database function `add_working_days` (migration 0024),
 * the twin of WorkingCalendar.addWorkingDays on the same calendar rows.
 */
import type { IsoDate } from '@cchc/domain/calendar/dates';
import type { DossierVerdict } from '@cchc/domain/procedures/dossier';
import { type RawBuilder, sql } from 'kysely';

/** The verdict of dossier alias `d` as of `measure`: 'early' | 'on_time' | 'late' | 'not_yet_due' | 'not_judged'. */
export function dossierVerdictSql(measure: IsoDate, d = 'd'): RawBuilder<DossierVerdict> {
  const col = (c: string) => sql.ref(`${d}.${c}`);
  const finished = sql`(${col('finished_at')} at time zone 'Asia/Ho_Chi_Minh')::date`;
  const due = sql`(case when ${col('supplement_days')} > 0 then add_working_days(${col('appointment_date')}, ${col('supplement_days')}) else ${col('appointment_date')} end)`;
  return sql<DossierVerdict>`(case
    when ${col('status')} = 'withdrawn' then 'not_judged'
    when ${col('finished_at')} is null then
      case when ${col('supplement_requests')} >= 2 or ${measure}::date > ${due} then 'late' else 'not_yet_due' end
    when ${col('supplement_requests')} >= 2 or ${finished} > ${due} then 'late'
    when ${finished} < ${due} then 'early'
    else 'on_time' end)`;
}
