/**
 * The province's key figures for the overview (Tổng quan): every number comes from the function its own
 * module's screens use — the score inputs (tasks, attendance), the feedback counts, the dormancy scan,
 * the score runs — so the dashboard, a scorecard and a report never disagree.
 *
 * Each part is computed once per version of the tables it reads (data-version.ts) and day, in the
 * heavy-read queue: a progress report recomputes the task figures only, an answered feedback item the
 * feedback figures only; every call reads the versions first, so nothing shown predates a write.
 */

import type { Database } from '@cchc/db/schema';
import { periodContaining } from '@cchc/domain/calendar/periods';
import { addFeedbackCounts, EMPTY_FEEDBACK_COUNTS, feedbackFigures } from '@cchc/domain/feedback/figures';
import { addDossierCounts, dossierFigures, EMPTY_DOSSIER_COUNTS } from '@cchc/domain/procedures/dossier';
import { ratePercent as rate } from '@cchc/domain/rates';
import { type Kysely, sql } from 'kysely';
import type { Clock } from './clock';
import { memoByVersion, readVersions, type VersionedTable } from './data-version';
import { feedbackCountsByAgency, trailingMonths } from './feedback/figures';
import { countsFromRollups } from './feedback/figures-sql';
import { heavyRead } from './heavy-reads';
import { taskStatusSql } from './plans/status-sql';
import { dossierCountsByAgency } from './procedures/dossier-sql';
import { type AgencyInputs, gatherInputs, type InputSource } from './scores/inputs';
import { latestDoneRun } from './scores/runs';

type Period = { from: string; to: string };

/** The tables each part of the overview reads (lineage: the score inputs count merged agencies for their successor). */
const PARTS = {
  tasks: ['plan', 'task', 'agency_lineage'],
  meetings: ['meeting_session', 'session_invitation', 'agency_lineage'],
  feedback: ['feedback', 'feedback_rollup', 'feedback_rollup_open', 'feedback_rollup_days'],
  procedures: ['dormancy_scan', 'procedure_review'],
  scores: ['score_scheme', 'score_run', 'score_result'],
  dossiers: ['dossier', 'calendar_day'],
} satisfies Record<string, readonly VersionedTable[]>;

/** The province's figures for a period (default: the Nghị định 09 quarter containing today). */
export async function provinceOverview(db: Kysely<Database>, clock: Clock, period?: Period | null) {
  const today = clock.today();
  const quarter = period ?? periodContaining(today, 'quarter', 'nd09');
  const { versionOf } = await readVersions(db, [...new Set(Object.values(PARTS).flat())]);
  const part = <T>(name: keyof typeof PARTS, key: string, compute: () => Promise<T>) =>
    memoByVersion(db, `overview.${name}|${key}`, versionOf(PARTS[name]), () => heavyRead(compute));
  const inPeriod = `${quarter.from}|${quarter.to}|${today}`;
  const [tasks, meetings, feedback, procedures, scores, dossiers] = await Promise.all([
    part('tasks', inPeriod, () => taskFigures(db, quarter, today)),
    part('meetings', inPeriod, () => meetingFigures(db, quarter, today)),
    part('feedback', inPeriod, () => feedbackPart(db, quarter, today)),
    part('procedures', '', () => procedureFigures(db)),
    part('scores', '', () => scoreFigures(db)),
    part('dossiers', inPeriod, () => dossierPart(db, quarter, today)),
  ]);
  return {
    quarter,
    measure: today,
    // The figures are those of the data as of now (the versions say nothing they read was written since).
    asOf: new Date(clock.now()),
    tasks,
    meetings,
    procedures,
    feedback,
    dossiers,
    scores,
  };
}

/** Numerator, denominator and rate of one score input summed over every agency. */
async function inputTotal(db: Kysely<Database>, quarter: Period, today: string, source: InputSource) {
  const inputs = await gatherInputs(db, quarter, today, [source]);
  return (key: keyof AgencyInputs) => {
    let numerator = 0;
    let denominator = 0;
    for (const i of inputs.values()) {
      numerator += i[key]?.numerator ?? 0;
      denominator += i[key]?.denominator ?? 0;
    }
    return { numerator, denominator, rate: rate(numerator, denominator) };
  };
}

async function taskFigures(db: Kysely<Database>, quarter: Period, today: string) {
  const sum = await inputTotal(db, quarter, today, 'tasks');
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
  return { ...sum('tasks_on_time'), overdue: Number(taskCounts.overdue), open: Number(taskCounts.open) };
}

async function meetingFigures(db: Kysely<Database>, quarter: Period, today: string) {
  const sum = await inputTotal(db, quarter, today, 'attendance');
  const sessions = await db
    .selectFrom('meetingSession')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('finalisedAt', 'is not', null)
    .where(sql<boolean>`(starts_at at time zone 'Asia/Ho_Chi_Minh')::date between ${quarter.from}::date and ${quarter.to}::date`)
    .executeTakeFirstOrThrow();
  return { sessions: Number(sessions.n), attendance: sum('attendance'), head: sum('head_attendance') };
}

async function feedbackPart(db: Kysely<Database>, quarter: Period, today: string) {
  const feedbackCounts = (await feedbackCountsByAgency(db, quarter, today)).counts;
  const feedback = feedbackFigures(
    [...feedbackCounts.values()].reduce(addFeedbackCounts, { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] }),
  );
  // One month after the other: a single overview holds one connection, not twelve.
  const trend = [];
  for (const p of trailingMonths(today, 12)) {
    const c = [...(await countsFromRollups(db, p, today)).values()].reduce(addFeedbackCounts, {
      ...EMPTY_FEEDBACK_COUNTS,
      answerDays: [],
    });
    const f = feedbackFigures(c);
    trend.push({ month: p.from, onTimeRate: f.onTimeRate, satisfactionRate: f.satisfactionRate, received: f.received });
  }
  return {
    received: feedback.received,
    onTimeRate: feedback.onTimeRate,
    satisfactionRate: feedback.satisfactionRate,
    openOverdue: feedback.openOverdue,
    notYetDue: feedback.notYetDue,
    trend,
  };
}

/** Dossiers received in the period, early / on time / late by the dossier rule, judged today. */
async function dossierPart(db: Kysely<Database>, quarter: Period, today: string) {
  const counts = await dossierCountsByAgency(db, quarter, today);
  return dossierFigures([...counts.values()].reduce(addDossierCounts, { ...EMPTY_DOSSIER_COUNTS }));
}

async function procedureFigures(db: Kysely<Database>) {
  const lastScan = await db
    .selectFrom('dormancyScan')
    .select(['asOf', 'months', 'dormantProcedures'])
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  const reviewsOpen = await db
    .selectFrom('procedureReview')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['open', 'proposed', 'rejected'])
    .executeTakeFirstOrThrow();
  return {
    dormant: lastScan ? lastScan.dormantProcedures : null,
    scanAsOf: lastScan?.asOf ?? null,
    scanMonths: lastScan?.months ?? null,
    reviewsOpen: Number(reviewsOpen.n),
  };
}

async function scoreFigures(db: Kysely<Database>) {
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
    run: run ? { id: run.id, from: run.periodFrom, to: run.periodTo, schemeVersion: run.schemeVersion } : null,
    average: scoreTrend.find((s) => run && s.periodFrom === run.periodFrom && s.periodTo === run.periodTo)?.average ?? null,
    groups: groups.map((g) => ({ grade: g.grade, count: Number(g.n) })),
    trend: scoreTrend,
  };
}
