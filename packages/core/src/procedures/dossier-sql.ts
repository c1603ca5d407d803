/** SQL twin of domain/procedures/dossier.ts isDossierOnTime(); a test holds the two equal. `d` is the dossier alias. */
import { type RawBuilder, sql } from 'kysely';

export function dossierOnTimeSql(periodEnd: string, d = 'd'): RawBuilder<boolean> {
  const c = (col: string) => sql.ref(`${d}.${col}`);
  return sql<boolean>`(${c('supplement_requests')} < 2 and
    (coalesce((${c('finished_at')} at time zone 'Asia/Ho_Chi_Minh')::date, ${periodEnd}::date) - ${c('supplement_days')}) <= ${c('appointment_date')})`;
}
