/**
 * SQL twins of domain/feedback/figures.ts: the same counts from raw items, from the half-month rollups,
 * and the drill-down conditions. A test holds all three equal to the domain on the same items.
 */
import type { Database } from '@cchc/db/schema';
import type { IsoDate } from '@cchc/domain/calendar/dates';
import {
  EMPTY_FEEDBACK_COUNTS,
  type FeedbackCounts,
  type FeedbackDrill,
  type FeedbackPeriod,
} from '@cchc/domain/feedback/figures';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

// Conditions over feedback alias `f`; `measure` is bound as a parameter.
const WITHIN = sql`f.status not in ('refused', 'returned')`;
const ANSWERED = sql`(${WITHIN} and f.answered_on is not null)`;
const ANSWERED_ON_TIME = sql`(${ANSWERED} and f.answered_on <= f.answer_due)`;
const ANSWERED_LATE = sql`(${ANSWERED} and f.answered_on > f.answer_due)`;
const OPEN = sql`(${WITHIN} and f.answered_on is null)`;
const openNotDue = (measure: IsoDate) => sql`(${OPEN} and ${measure}::date <= f.answer_due)`;
const openOverdue = (measure: IsoDate) => sql`(${OPEN} and ${measure}::date > f.answer_due)`;
/** The measure-independent part of "not satisfied" (answers rated unsatisfied, complained about, or late); open overdue items add to it. */
const ANSWER_NOT_SATISFIED = sql`(${ANSWERED} and (f.satisfaction = 'unsatisfied' or f.recomplaint or f.answered_on > f.answer_due))`;
const notSatisfied = (measure: IsoDate) => sql`(${ANSWER_NOT_SATISFIED} or ${openOverdue(measure)})`;
const REGULATION = sql`(f.classification = 'regulation')`;
const CONDUCT = sql`(f.classification = 'conduct')`;
const HAS_DAYS = sql`(${ANSWERED} and f.answer_working_days is not null)`;

/** The condition that puts an item behind a drill-down figure (domain isInDrill). */
export function drillCondition(drill: FeedbackDrill, measure: IsoDate): RawBuilder<boolean> {
  switch (drill) {
    case 'received':
      return sql<boolean>`true`;
    case 'withinCompetence':
      return sql<boolean>`${WITHIN}`;
    case 'answered':
      return sql<boolean>`${ANSWERED}`;
    case 'onTime':
      return sql<boolean>`${ANSWERED_ON_TIME}`;
    case 'notYetDue':
      return sql<boolean>`${openNotDue(measure)}`;
    case 'late':
      return sql<boolean>`(${ANSWERED_LATE} or ${openOverdue(measure)})`;
    case 'openOverdue':
      return sql<boolean>`${openOverdue(measure)}`;
    case 'notSatisfied':
      return sql<boolean>`${notSatisfied(measure)}`;
    case 'regulation':
      return sql<boolean>`${REGULATION}`;
    case 'conduct':
      return sql<boolean>`${CONDUCT}`;
  }
}

type CountRow = Omit<FeedbackCounts, 'answerDays'> & { agencyId: string };
const n = (v: unknown) => Number(v ?? 0);

function assemble(rows: CountRow[], days: { agencyId: string; days: number; items: number }[]): Map<string, FeedbackCounts> {
  const out = new Map<string, FeedbackCounts>();
  for (const r of rows) {
    out.set(r.agencyId, {
      received: n(r.received),
      withinCompetence: n(r.withinCompetence),
      answered: n(r.answered),
      answeredOnTime: n(r.answeredOnTime),
      answeredLate: n(r.answeredLate),
      openNotDue: n(r.openNotDue),
      openOverdue: n(r.openOverdue),
      notSatisfied: n(r.notSatisfied),
      regulation: n(r.regulation),
      conduct: n(r.conduct),
      answerDays: [],
    });
  }
  for (const d of days) {
    const c = out.get(d.agencyId) ?? { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] };
    c.answerDays.push([n(d.days), n(d.items)]);
    out.set(d.agencyId, c);
  }
  for (const c of out.values()) c.answerDays.sort((a, b) => a[0] - b[0]);
  return out;
}

const agencyFilter = (agencyIds: readonly string[] | null, column: RawBuilder<unknown>) =>
  agencyIds ? sql`and ${column} = any(${[...agencyIds]}::uuid[])` : sql``;

/** Counts per competent agency straight from the items (any period). */
export async function countsFromItems(
  db: Db,
  period: FeedbackPeriod,
  measure: IsoDate,
  agencyIds: readonly string[] | null = null,
): Promise<Map<string, FeedbackCounts>> {
  const where = sql`f.competent_agency_id is not null and f.received_on between ${period.from}::date and ${period.to}::date
    ${agencyFilter(agencyIds, sql`f.competent_agency_id`)}`;
  const { rows } = await sql<CountRow>`
    select f.competent_agency_id as agency_id,
      count(*) as received,
      count(*) filter (where ${WITHIN}) as within_competence,
      count(*) filter (where ${ANSWERED}) as answered,
      count(*) filter (where ${ANSWERED_ON_TIME}) as answered_on_time,
      count(*) filter (where ${ANSWERED_LATE}) as answered_late,
      count(*) filter (where ${openNotDue(measure)}) as open_not_due,
      count(*) filter (where ${openOverdue(measure)}) as open_overdue,
      count(*) filter (where ${notSatisfied(measure)}) as not_satisfied,
      count(*) filter (where ${REGULATION}) as regulation,
      count(*) filter (where ${CONDUCT}) as conduct
    from feedback f where ${where}
    group by 1`.execute(db);
  const days = await sql<{ agencyId: string; days: number; items: number }>`
    select f.competent_agency_id as agency_id, f.answer_working_days as days, count(*) as items
    from feedback f where ${where} and ${HAS_DAYS}
    group by 1, 2`.execute(db);
  return assemble(rows, days.rows);
}

/** Counts per agency from the rollups; the period must be bucket-aligned (see domain isBucketAligned). */
export async function countsFromRollups(
  db: Db,
  period: FeedbackPeriod,
  measure: IsoDate,
  agencyIds: readonly string[] | null = null,
): Promise<Map<string, FeedbackCounts>> {
  const range = (alias: string) =>
    sql`${sql.ref(`${alias}.bucket`)} between ${period.from}::date and ${period.to}::date ${agencyFilter(agencyIds, sql.ref(`${alias}.agency_id`))}`;
  const { rows } = await sql<CountRow>`
    with base as (
      select r.agency_id, sum(r.received) received, sum(r.within_competence) within_competence, sum(r.answered) answered,
        sum(r.answered_on_time) answered_on_time, sum(r.answered_late) answered_late, sum(r.not_satisfied) not_satisfied,
        sum(r.regulation) regulation, sum(r.conduct) conduct
      from feedback_rollup r where ${range('r')} group by 1
    ), open as (
      select o.agency_id,
        coalesce(sum(o.items) filter (where ${measure}::date <= o.answer_due), 0) open_not_due,
        coalesce(sum(o.items) filter (where ${measure}::date > o.answer_due), 0) open_overdue
      from feedback_rollup_open o where ${range('o')} group by 1
    )
    -- The rollup's not_satisfied holds the answered items; open items past their due date are added here.
    select base.agency_id, base.received, base.within_competence, base.answered, base.answered_on_time, base.answered_late,
      base.regulation, base.conduct, coalesce(open.open_not_due, 0) open_not_due, coalesce(open.open_overdue, 0) open_overdue,
      base.not_satisfied + coalesce(open.open_overdue, 0) not_satisfied
    from base left join open using (agency_id)`.execute(db);
  const days = await sql<{ agencyId: string; days: number; items: number }>`
    select d.agency_id, d.days, sum(d.items) as items from feedback_rollup_days d where ${range('d')} group by 1, 2`.execute(db);
  return assemble(rows, days.rows);
}

/** Advisory-lock class of the feedback rollups (an arbitrary constant of this app). */
const ROLLUP_LOCK = 0x66656564; // 'feed'

/** A (competent agency, half-month bucket) whose rollups must be rebuilt after a write. */
export interface RollupKey {
  agencyId: string;
  bucket: IsoDate;
}

/**
 * Rebuilds the rollups of the given keys from the items, in the caller's transaction (so figures and
 * items never disagree). With `null`, rebuilds everything.
 */
export async function refreshRollups(trx: Db, keys: readonly RollupKey[] | null): Promise<void> {
  if (keys !== null && keys.length === 0) return;
  const unique = keys ? [...new Map(keys.map((k) => [`${k.agencyId}|${k.bucket}`, k])).values()] : null;
  const agencies = unique?.map((k) => k.agencyId) ?? [];
  const buckets = unique?.map((k) => k.bucket) ?? [];
  const keyed = sql`unnest(${agencies}::uuid[], ${buckets}::date[]) as k(agency_id, bucket)`;
  // Two writes on the same (agency, half-month) would both delete then insert, and the second insert
  // would meet the first one's rows: each key is locked (in a fixed order, so no deadlock) until commit.
  // A full rebuild takes the whole rollup exclusively; key refreshes share it.
  if (unique) {
    await sql`select pg_advisory_xact_lock_shared(${ROLLUP_LOCK}::bigint)`.execute(trx);
    await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK}::int, hashtext(k.agency_id::text || k.bucket::text))
      from ${keyed} order by hashtext(k.agency_id::text || k.bucket::text)`.execute(trx);
  } else {
    await sql`select pg_advisory_xact_lock(${ROLLUP_LOCK}::bigint)`.execute(trx);
  }
  for (const table of ['feedback_rollup', 'feedback_rollup_open', 'feedback_rollup_days']) {
    if (unique) {
      await sql`delete from ${sql.table(table)} r using ${keyed} where r.agency_id = k.agency_id and r.bucket = k.bucket`.execute(
        trx,
      );
    } else {
      await sql`truncate ${sql.table(table)}`.execute(trx);
    }
  }
  // Items of the keys: joined by range so the (agency, received_on) index serves it.
  const source = unique
    ? sql`feedback f join ${keyed} on f.competent_agency_id = k.agency_id and f.received_on >= k.bucket
        and f.received_on < case when extract(day from k.bucket) = 1 then k.bucket + 14 else (date_trunc('month', k.bucket) + interval '1 month')::date end`
    : sql`feedback f`;
  const where = sql`f.competent_agency_id is not null`;
  await sql`
    insert into feedback_rollup (agency_id, bucket, received, within_competence, answered, answered_on_time, answered_late,
      not_satisfied, regulation, conduct)
    select f.competent_agency_id, feedback_bucket(f.received_on), count(*),
      count(*) filter (where ${WITHIN}), count(*) filter (where ${ANSWERED}), count(*) filter (where ${ANSWERED_ON_TIME}),
      count(*) filter (where ${ANSWERED_LATE}), count(*) filter (where ${ANSWER_NOT_SATISFIED}),
      count(*) filter (where ${REGULATION}), count(*) filter (where ${CONDUCT})
    from ${source} where ${where} group by 1, 2`.execute(trx);
  await sql`
    insert into feedback_rollup_open (agency_id, bucket, answer_due, items)
    select f.competent_agency_id, feedback_bucket(f.received_on), f.answer_due, count(*)
    from ${source} where ${where} and ${OPEN} group by 1, 2, 3`.execute(trx);
  await sql`
    insert into feedback_rollup_days (agency_id, bucket, days, items)
    select f.competent_agency_id, feedback_bucket(f.received_on), f.answer_working_days, count(*)
    from ${source} where ${where} and ${HAS_DAYS} group by 1, 2, 3`.execute(trx);
}
