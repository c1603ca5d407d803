/**
 * SQL twin of domain/procedures/dossier.ts isDossierOnTime(); a test holds the two equal. The same
 * condition text feeds the Kysely queries and the import's raw rollup SQL, so there is one SQL rule.
 */
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { type RawBuilder, sql } from 'kysely';

/** The on-time condition for dossier alias `d`; `periodEnd` is an SQL date expression (open dossiers are measured at it). */
export function dossierOnTimeCondition(d: string, periodEnd: string): string {
  return `(${d}.supplement_requests < 2 and
    (coalesce((${d}.finished_at at time zone 'Asia/Ho_Chi_Minh')::date, ${periodEnd}) - ${d}.supplement_days) <= ${d}.appointment_date)`;
}

export function dossierOnTimeSql(periodEnd: string, d = 'd'): RawBuilder<boolean> {
  // Inlined as a literal, so it must be a real 'YYYY-MM-DD' date.
  if (!isIsoDate(periodEnd) || !/^[a-z_][a-z0-9_]*$/.test(d)) throw new RangeError(`Bad period end or alias: ${periodEnd} ${d}`);
  return sql<boolean>`${sql.raw(dossierOnTimeCondition(d, `'${periodEnd}'::date`))}`;
}
