/**
 * The feedback rule now judges every item on the day a figure is computed (domain feedback/figures.ts):
 * an open item past its due date is "xử lý quá hạn" and is deducted from the satisfaction rate at
 * query time, so the rollup's not_satisfied keeps only the answered items (rated unsatisfied,
 * complained about again, or answered late). Recomputed here from the items. Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update feedback_rollup r set not_satisfied = (
      select count(*) from feedback f
      where f.competent_agency_id = r.agency_id and feedback_bucket(f.received_on) = r.bucket
        and f.status not in ('refused', 'returned') and f.answered_on is not null
        and (f.satisfaction = 'unsatisfied' or f.recomplaint or f.answered_on > f.answer_due))`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update feedback_rollup r set not_satisfied = (
      select count(*) from feedback f
      where f.competent_agency_id = r.agency_id and feedback_bucket(f.received_on) = r.bucket
        and f.status not in ('refused', 'returned')
        and (f.satisfaction = 'unsatisfied' or f.recomplaint or coalesce(f.answered_on > f.answer_due, false)))`.execute(db);
}
