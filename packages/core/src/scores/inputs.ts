/**
 * The inputs of every score component, per agency, for a period: read set-based from each module and
 * turned into numerators and denominators by the modules' own domain functions (taskStatus,
 * attendanceFigures, feedbackFigures, reviewInput), so a scorecard and the module's own screens agree.
 * Agencies merged into or renamed as another count for their successor (agency lineage).
 */
import type { Database } from '@cchc/db/schema';
import { addFeedbackCounts, type FeedbackCounts, feedbackFigures } from '@cchc/domain/feedback/figures';
import { type AttendanceMark, attendanceFigures, type ExpectedLevel } from '@cchc/domain/meetings/attendance';
import { addDossierCounts, type DossierCounts, dossierFigures } from '@cchc/domain/procedures/dossier';
import type { ComponentInput, ScoreComponentKey } from '@cchc/domain/scores/scheme';
import { deadlineMeasure, reportInput, reviewInput, taskInput } from '@cchc/domain/scores/scheme';
import { taskStatus } from '@cchc/domain/tasks/status';
import { type Kysely, sql } from 'kysely';
import { feedbackCountsByAgency } from '../feedback/figures';
import { dossierCountsByAgency } from '../procedures/dossier-sql';

export type AgencyInputs = Partial<Record<ScoreComponentKey, ComponentInput>>;

export interface Period {
  from: string;
  to: string;
}

/**
 * Each agency's successor through merge and rename lineage, and a split's heir (core/org/lineage.ts)
 * (itself when none), as of a day: a merge that
 * takes effect later leaves the agency counting for itself, as it existed then (history is not rewritten).
 */
export async function successorMap(db: Kysely<Database>, asOf: string): Promise<(id: string) => string> {
  const links = await db
    .selectFrom('agencyLineage')
    .select(['fromAgencyId', 'toAgencyId'])
    .where((eb) =>
      eb.or([eb('kind', 'in', ['merge', 'rename']), eb.and([eb('kind', '=', 'split'), eb('carriesHistory', '=', true)])]),
    )
    .where('toAgencyId', 'is not', null)
    .where('effectiveDate', '<=', asOf)
    .execute();
  const next = new Map(links.map((l) => [l.fromAgencyId, l.toAgencyId as string]));
  const memo = new Map<string, string>();
  return (id: string) => {
    const known = memo.get(id);
    if (known) return known;
    let current = id;
    for (let hops = 0; hops < 20 && next.has(current); hops++) current = next.get(current) as string;
    memo.set(id, current);
    return current;
  };
}

/** The agencies whose work counts for `agencyId` in a period ending on `asOf`: itself and its predecessors, through chains. */
export async function agenciesCountingFor(db: Kysely<Database>, agencyId: string, asOf: string): Promise<string[]> {
  const successor = await successorMap(db, asOf);
  const from = await db
    .selectFrom('agencyLineage')
    .select('fromAgencyId')
    .where((eb) =>
      eb.or([eb('kind', 'in', ['merge', 'rename']), eb.and([eb('kind', '=', 'split'), eb('carriesHistory', '=', true)])]),
    )
    .where('toAgencyId', 'is not', null)
    .where('effectiveDate', '<=', asOf)
    .execute();
  return [...new Set([agencyId, ...from.map((l) => l.fromAgencyId).filter((id) => successor(id) === agencyId)])];
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The modules gatherInputs reads; a caller that needs only some (the overview) reads only those. */
export type InputSource = 'tasks' | 'attendance' | 'feedback' | 'reviews' | 'reports' | 'dossiers';
const ALL_SOURCES: readonly InputSource[] = ['tasks', 'attendance', 'feedback', 'reviews', 'reports', 'dossiers'];

/** Each agency's counts added into its successor's (merge, rename, a split's heir) as of the period's end. */
export function foldIntoSuccessors<T>(
  counts: Iterable<[string, T]>,
  successor: (id: string) => string,
  add: (a: T, b: T) => T,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const [agencyId, c] of counts) {
    const target = successor(agencyId);
    const prev = out.get(target);
    out.set(target, prev ? add(prev, c) : c);
  }
  return out;
}

/** The feedback and dossier counts of a period per agency as it is at the period's end (successors). */
export interface PeriodCounts {
  feedback: Map<string, FeedbackCounts>;
  dossiers: Map<string, DossierCounts>;
}

/** Reads a period's feedback and dossier counts once, judged on `today`, folded into successors. */
export async function periodCounts(db: Kysely<Database>, period: Period, today: string): Promise<PeriodCounts> {
  const successor = await successorMap(db, period.to);
  const [{ counts: feedback }, dossiers] = await Promise.all([
    feedbackCountsByAgency(db, period, today),
    dossierCountsByAgency(db, period, today),
  ]);
  return {
    feedback: foldIntoSuccessors(feedback, successor, addFeedbackCounts),
    dossiers: foldIntoSuccessors(dossiers, successor, addDossierCounts),
  };
}

export async function gatherInputs(
  db: Kysely<Database>,
  period: Period,
  today: string,
  sources: readonly InputSource[] = ALL_SOURCES,
  /** The period's counts when the caller has read them already (the report does). */
  counts?: PeriodCounts,
): Promise<Map<string, AgencyInputs>> {
  // Deadlines (tasks, reviews, reports) are judged at the end of the period's last day once it has closed.
  const measure = deadlineMeasure(period, today);
  const successor = await successorMap(db, period.to);
  const out = new Map<string, AgencyInputs>();
  const set = (agencyId: string, key: ScoreComponentKey, input: ComponentInput) => {
    const target = successor(agencyId);
    const inputs = out.get(target) ?? {};
    const prev = inputs[key];
    inputs[key] = prev
      ? { numerator: prev.numerator + input.numerator, denominator: prev.denominator + input.denominator }
      : input;
    out.set(target, inputs);
  };

  // Tasks led by the agency, due in the period, in plans in force; status as of the measure date.
  if (sources.includes('tasks')) {
    const tasks = await db
      .selectFrom('task as t')
      .innerJoin('plan as p', 'p.id', 't.planId')
      .select(['t.leadAgencyId', 't.deadline', 't.progress', 't.completedOn', 't.cancelledAt'])
      .where('p.status', '<>', 'draft')
      .where('t.deadline', '>=', period.from)
      .where('t.deadline', '<=', period.to)
      .execute();
    const byLead = new Map<string, string[]>();
    for (const t of tasks) {
      // A completion after the measure date did not exist yet at the period's end.
      const completedOn = t.completedOn && t.completedOn <= measure ? t.completedOn : null;
      const status = taskStatus(
        { deadline: t.deadline, progress: t.progress, completedOn, cancelled: t.cancelledAt !== null },
        measure,
      );
      push(byLead, t.leadAgencyId, status);
    }
    for (const [agencyId, statuses] of byLead) set(agencyId, 'tasks_on_time', taskInput(statuses));
  }

  // Attendance at finalised sessions held in the period.
  if (sources.includes('attendance')) {
    const invitations = await db
      .selectFrom('sessionInvitation as i')
      .innerJoin('meetingSession as s', 's.id', 'i.sessionId')
      .select(['i.agencyId', 'i.mark', 'i.expectedLevel', 'i.lateMinutes'])
      .where('s.finalisedAt', 'is not', null)
      .where('s.status', '<>', 'cancelled')
      .where(
        sql<boolean>`(s.starts_at at time zone 'Asia/Ho_Chi_Minh')::date between ${period.from}::date and ${period.to}::date`,
      )
      .execute();
    const byInvitee = new Map<
      string,
      { mark: AttendanceMark | null; expectedLevel: ExpectedLevel; lateMinutes: number | null }[]
    >();
    for (const i of invitations) {
      push(byInvitee, i.agencyId, {
        mark: i.mark as AttendanceMark | null,
        expectedLevel: i.expectedLevel as ExpectedLevel,
        lateMinutes: i.lateMinutes,
      });
    }
    for (const [agencyId, records] of byInvitee) {
      const f = attendanceFigures(records);
      set(agencyId, 'attendance', { numerator: f.attended, denominator: f.invited });
      set(agencyId, 'head_attendance', { numerator: f.headExpectedAttendedByHead, denominator: f.headExpected });
    }
  }

  // Feedback: the same counts as the feedback screens (rollups when the period allows).
  if (sources.includes('feedback')) {
    const merged =
      counts?.feedback ??
      foldIntoSuccessors((await feedbackCountsByAgency(db, period, today)).counts, successor, addFeedbackCounts);
    for (const [agencyId, c] of merged) {
      const f = feedbackFigures(c);
      set(agencyId, 'feedback_on_time', { numerator: f.onTime, denominator: f.judged });
      set(agencyId, 'feedback_satisfaction', { numerator: f.withinCompetence - f.notSatisfied, denominator: f.withinCompetence });
    }
  }

  // Dossiers received in the period, judged by the dossier rule on the day the figures are computed.
  if (sources.includes('dossiers')) {
    const merged =
      counts?.dossiers ?? foldIntoSuccessors(await dossierCountsByAgency(db, period, today), successor, addDossierCounts);
    for (const [agencyId, c] of merged) {
      const f = dossierFigures(c);
      set(agencyId, 'dossiers_on_time', { numerator: f.early + f.onTime, denominator: f.judged });
    }
  }

  // Dormant-procedure reviews whose proposal was due in the period.
  if (sources.includes('reviews')) {
    const reviews = await db
      .selectFrom('procedureReview')
      .select([
        'agencyId',
        'proposeDue',
        sql<string | null>`(proposed_at at time zone 'Asia/Ho_Chi_Minh')::date`.as('proposedOn'),
      ])
      .where('proposeDue', '>=', period.from)
      .where('proposeDue', '<=', period.to)
      .execute();
    const byReviewer = new Map<string, { proposeDue: string; proposedOn: string | null }[]>();
    for (const r of reviews) {
      const proposedOn = r.proposedOn && r.proposedOn <= measure ? r.proposedOn : null;
      push(byReviewer, r.agencyId, { proposeDue: r.proposeDue, proposedOn });
    }
    for (const [agencyId, list] of byReviewer) set(agencyId, 'reviews_on_time', reviewInput(list, measure));
  }

  // Periodic reports whose agency deadline fell in the period.
  if (sources.includes('reports')) {
    const submissions = await db
      .selectFrom('reportSubmission')
      .select(['agencyId', 'dueDate', sql<string | null>`(submitted_at at time zone 'Asia/Ho_Chi_Minh')::date`.as('submittedOn')])
      .where('dueDate', '>=', period.from)
      .where('dueDate', '<=', period.to)
      .execute();
    const bySubmitter = new Map<string, { due: string; submittedOn: string | null }[]>();
    for (const r of submissions) {
      const submittedOn = r.submittedOn && r.submittedOn <= measure ? r.submittedOn : null;
      push(bySubmitter, r.agencyId, { due: r.dueDate, submittedOn });
    }
    for (const [agencyId, list] of bySubmitter) set(agencyId, 'reports_on_time', reportInput(list, measure));
  }
  return out;
}
