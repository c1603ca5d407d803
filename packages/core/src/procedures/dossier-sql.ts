/**
 * SQL twin of domain/procedures/dossier.ts `judgeDossier`; a test holds the two equal on every stored
 * dossier. The working-day arithmetic is the database function `add_working_days` (migration 0024),
 * the twin of WorkingCalendar.addWorkingDays on the same calendar rows.
 */
import type { Database } from '@cchc/db/schema';
import type { IsoDate } from '@cchc/domain/calendar/dates';
import { COUNT_OF, type DossierCounts, type DossierVerdict, EMPTY_DOSSIER_COUNTS } from '@cchc/domain/procedures/dossier';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';

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

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Counts per competent agency of the dossiers received in `period` (Vietnam dates), each judged by
 * the rule's twin as of `measure` — what the overview, the scores and the report read.
 */
export async function dossierCountsByAgency(
  db: Db,
  period: { from: IsoDate; to: IsoDate },
  measure: IsoDate,
  agencyIds: readonly string[] | null = null,
): Promise<Map<string, DossierCounts>> {
  const { rows } = await sql<{ agencyId: string; verdict: DossierVerdict; n: string }>`
    select d.competent_agency_id as agency_id, ${dossierVerdictSql(measure)} as verdict, count(*) as n
    from dossier d
    where d.received_at >= (${period.from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')
      and d.received_at < ((${period.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')
      ${agencyIds ? sql`and d.competent_agency_id = any(${[...agencyIds]}::uuid[])` : sql``}
    group by 1, 2`.execute(db);
  const out = new Map<string, DossierCounts>();
  for (const r of rows) {
    const c = out.get(r.agencyId) ?? { ...EMPTY_DOSSIER_COUNTS };
    const n = Number(r.n);
    c.received += n;
    c[COUNT_OF[r.verdict]] += n;
    out.set(r.agencyId, c);
  }
  return out;
}
