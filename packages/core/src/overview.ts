/**
 * The province's key figures for the overview (Tổng quan): every number comes from the function its own
 * module's screens use — the score inputs (tasks, attendance), the feedback counts, the dormancy scan,
 * the score runs — so the dashboard, a scorecard and a report never disagree.
 */

import type { Database } from '@cchc/db/schema';
import { periodContaining } from '@cchc/domain/calendar/periods';
import { addFeedbackCounts, EMPTY_FEEDBACK_COUNTS, feedbackFigures, measureDate } from '@cchc/domain/feedback/figures';
import { ratePercent as rate } from '@cchc/domain/rates';
import { type Kysely, sql } from 'kysely';
import type { Clock } from './clock';
import { dataVersion } from './data-version';
import { feedbackCountsByAgency, trailingMonths } from './feedback/figures';
import { countsFromRollups } from './feedback/figures-sql';
import { heavyRead } from './heavy-reads';
import { taskStatusSql } from './plans/status-sql';
import { gatherInputs } from './scores/inputs';
import { latestDoneRun } from './scores/runs';

/** Every table the figures below read: a write to any of them changes the data version and the figures are recomputed. */
export const OVERVIEW_TABLES = [
  'agency',
  'agency_lineage',
  'plan',
  'task',
  'meeting_session',
  'session_invitation',
  'feedback',
  'feedback_rollup',
  'feedback_rollup_open',
  'feedback_rollup_days',
  'procedure_review',
  'dormancy_scan',
  'report_submission',
  'score_scheme',
  'score_run',
  'score_result',
] as const;

type Figures = Awaited<ReturnType<typeof computeFigures>>;
/** Per database: the figures of a (period, today) and the data version they were computed at. */
const cached = new WeakMap<Kysely<Database>, Map<string, { version: string; figures: Promise<Figures> }>>();
const MAX_CACHED_PERIODS = 64;

/**
 * The province's figures for a period (default: the Nghị định 09 quarter containing today). They are
 * computed once per data version (see data-version.ts) and day, in the heavy-read queue; every call
 * first reads the version, so a figure served was computed after the last write it could depend on.
 */
export async function provinceOverview(db: Kysely<Database>, clock: Clock, period?: { from: string; to: string } | null) {
  const today = clock.today();
  const quarter = period ?? periodContaining(today, 'quarter', 'nd09');
  const version = await dataVersion(db, OVERVIEW_TABLES);
  let byPeriod = cached.get(db);
  if (!byPeriod) {
    byPeriod = new Map();
    cached.set(db, byPeriod);
  }
  const key = `${quarter.from}|${quarter.to}|${today}`;
  let entry = byPeriod.get(key);
  if (entry?.version !== version) {
    const figures = heavyRead(() => computeFigures(db, today, quarter));
    const fresh = { version, figures };
    entry = fresh;
    byPeriod.delete(key);
    byPeriod.set(key, fresh);
    // A failed computation is not kept: the next call tries again.
    figures.catch(() => {
      if (byPeriod.get(key) === fresh) byPeriod.delete(key);
    });
    for (const oldest of byPeriod.keys()) {
      if (byPeriod.size <= MAX_CACHED_PERIODS) break;
      byPeriod.delete(oldest);
    }
  }
  const { measure, ...figures } = await entry.figures;
  // The figures are those of the data as of now (the version says nothing was written since).
  return { quarter, measure, asOf: new Date(clock.now()), ...figures };
}

async function computeFigures(db: Kysely<Database>, today: string, quarter: { from: string; to: string }) {
  const measure = measureDate(quarter, today);
  const inputs = await gatherInputs(db, quarter, today);
  const sum = (key: 'tasks_on_time' | 'attendance' | 'head_attendance') => {
    let numerator = 0;
    let denominator = 0;
    for (const i of inputs.values()) {
      numerator += i[key]?.numerator ?? 0;
      denominator += i[key]?.denominator ?? 0;
    }
    return { numerator, denominator, rate: rate(numerator, denominator) };
  };
  const status = taskStatusSql(today, 't');
  const taskCounts = await db
    .selectFrom('task as t')
    .innerJoin('plan as p', 'p.id', 't.planId')
    .where('p.status', '<>', 'draft')
    .select([
      sql<number>`count(*) filter (where ${status} = 'overdue')`.as('overdue'),
      sql<number>`count(*) filter (where ${status} in ('not_started', 'in_progress'))`.as('open'),
    ])
    .executeTakeFirstOrThrow();
  const sessions = await db
    .selectFrom('meetingSession')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('finalisedAt', 'is not', null)
    .where(sql<boolean>`(starts_at at time zone 'Asia/Ho_Chi_Minh')::date between ${quarter.from}::date and ${quarter.to}::date`)
    .executeTakeFirstOrThrow();
  const feedbackCounts = (await feedbackCountsByAgency(db, quarter, today)).counts;
  const feedback = feedbackFigures(
    [...feedbackCounts.values()].reduce(addFeedbackCounts, { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] }),
  );
  // One month after the other: a single overview holds one connection, not twelve.
  const feedbackTrend = [];
  for (const p of trailingMonths(today, 12)) {
    const c = [...(await countsFromRollups(db, p, measureDate(p, today))).values()].reduce(addFeedbackCounts, {
      ...EMPTY_FEEDBACK_COUNTS,
      answerDays: [],
    });
    const f = feedbackFigures(c);
    feedbackTrend.push({ month: p.from, onTimeRate: f.onTimeRate, satisfactionRate: f.satisfactionRate, received: f.received });
  }
  const lastScan = await db
    .selectFrom('dormancyScan')
    .select(['asOf', 'months', 'dormantProcedures'])
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  const dormant = lastScan ? lastScan.dormantProcedures : null;
  const reviewsOpen = await db
    .selectFrom('procedureReview')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['open', 'proposed', 'rejected'])
    .executeTakeFirstOrThrow();
  const run = await latestDoneRun(db);
  const scoreTrend = (
    await sql<{ periodFrom: string; periodTo: string; average: number | null; agencies: number }>`
      select distinct on (r.period_from, r.period_to) r.period_from, r.period_to,
        round(avg(x.total)::numeric, 1)::float8 as average, count(x.total)::int as agencies
      from score_run r join score_result x on x.run_id = r.id
      where r.status = 'done' and x.peer_group = 'department'
      group by r.id, r.period_from, r.period_to, r.finished_at
      order by r.period_from, r.period_to, r.finished_at desc`.execute(db)
  ).rows.slice(-8);
  const groups = run
    ? await db
        .selectFrom('scoreResult')
        .select(['grade', (eb) => eb.fn.countAll<number>().as('n')])
        .where('runId', '=', run.id)
        .where('peerGroup', '=', 'department')
        .groupBy('grade')
        .execute()
    : [];
  return {
    measure,
    tasks: { ...sum('tasks_on_time'), overdue: Number(taskCounts.overdue), open: Number(taskCounts.open) },
    meetings: { sessions: Number(sessions.n), attendance: sum('attendance'), head: sum('head_attendance') },
    procedures: {
      dormant,
      scanAsOf: lastScan?.asOf ?? null,
      scanMonths: lastScan?.months ?? null,
      reviewsOpen: Number(reviewsOpen.n),
    },
    feedback: {
      received: feedback.received,
      onTimeRate: feedback.onTimeRate,
      satisfactionRate: feedback.satisfactionRate,
      openOverdue: feedback.openOverdue,
      trend: feedbackTrend,
    },
    scores: {
      run: run ? { id: run.id, from: run.periodFrom, to: run.periodTo, schemeVersion: run.schemeVersion } : null,
      average: scoreTrend.find((s) => run && s.periodFrom === run.periodFrom && s.periodTo === run.periodTo)?.average ?? null,
      groups: groups.map((g) => ({ grade: g.grade, count: Number(g.n) })),
      trend: scoreTrend,
    },
  };
}
