/**
 * Score computation runs (queued, run by the worker with progress, stored per agency × run with every
 * component's inputs and the scheme version) and what is read from them: rankings, scorecards,
 * the items behind a component, a scheme preview, the XLSX export.
 */
import type { Database } from '@cchc/db/schema';
import { isIsoDate, vietnamDateOf } from '@cchc/domain/calendar/dates';
import { type PeriodFrequency, periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import { isPresent } from '@cchc/domain/meetings/attendance';
import {
  type ComponentResult,
  deadlineMeasure,
  pointsToGain,
  rankTotals,
  SCORE_PERIOD_KINDS,
  type ScoreComponentKey,
  type ScoreScheme,
  scoreAgency,
} from '@cchc/domain/scores/scheme';
import { taskStatus } from '@cchc/domain/tasks/status';
import { renderXlsx, type Table } from '@cchc/reports/table';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { isAgencyInScope } from '../org/scope';
import { dossierVerdictSql } from '../procedures/dossier-sql';
import { agenciesCountingFor, gatherInputs } from './inputs';
import { getScheme, schemeInForce } from './schemes';

export const SCORE_TASK = 'scores__compute';
export const SCORED_KINDS = ['department', 'commune'] as const;
const CHUNK = 500;

export const ZRunCreate = z
  .object({
    periodKind: z.enum(SCORE_PERIOD_KINDS),
    from: z.string().refine(isIsoDate, 'Ngày không hợp lệ.'),
    to: z.string().refine(isIsoDate, 'Ngày không hợp lệ.'),
    schemeId: z.uuid().nullish(),
  })
  .refine((v) => v.from <= v.to, { message: 'Ngày bắt đầu phải trước ngày kết thúc.', path: ['to'] });
export type TRunCreate = z.output<typeof ZRunCreate>;

/** Creates the run and queues its job in one transaction; the scheme is the one in force at the period's end. */
export async function queueScoreRun(
  db: Kysely<Database>,
  actor: AuditActor,
  input: TRunCreate,
  trigger: 'manual' | 'schedule' = 'manual',
) {
  return db.transaction().execute(async (trx) => {
    const scheme = input.schemeId ? await getScheme(trx, input.schemeId) : await schemeInForce(trx, input.to);
    if (!scheme) throw new AppError('bad_request', 'scores.no_scheme', 'Chưa có bộ tiêu chí có hiệu lực cho kỳ này.');
    const run = await trx
      .insertInto('scoreRun')
      .values({
        periodKind: input.periodKind,
        periodFrom: input.from,
        periodTo: input.to,
        schemeId: scheme.id,
        status: 'queued',
        phase: 'queued',
        trigger,
        createdBy: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`select graphile_worker.add_job(${SCORE_TASK}, json_build_object('runId', ${run.id}::text), max_attempts => 3)`.execute(
      trx,
    );
    await recordAudit(trx, actor, {
      action: 'score.run_queued',
      entityType: 'score_run',
      entityId: run.id,
      after: { ...input, schemeVersion: scheme.version, trigger },
    });
    return { runId: run.id, schemeVersion: scheme.version };
  });
}

/**
 * The worker's side. Results are written in one transaction with the run's status, so a run killed
 * halfway leaves no partial results and the retry starts over.
 */
export async function computeScoreRun(db: Kysely<Database>, runId: string, clock: Clock): Promise<{ agencies: number }> {
  const run = await db.selectFrom('scoreRun').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound('lượt tính điểm');
  if (run.status === 'done') return { agencies: run.agenciesTotal };
  const period = { from: run.periodFrom, to: run.periodTo };
  // The day the figures are computed: feedback is judged on it (domain feedback/figures.ts).
  const measure = clock.today();
  const progress = (patch: { phase: string; agenciesDone?: number; agenciesTotal?: number }) =>
    db.updateTable('scoreRun').set(patch).where('id', '=', runId).execute();
  await db
    .updateTable('scoreRun')
    .set({ status: 'running', phase: 'inputs', measure, error: null })
    .where('id', '=', runId)
    .execute();
  try {
    const scheme = await getScheme(db, run.schemeId);
    const inputs = await gatherInputs(db, period, clock.today());
    const agencies = await db
      .selectFrom('agency')
      .select(['id', 'kind'])
      .where('kind', 'in', [...SCORED_KINDS])
      .where((eb) => eb.or([eb('validFrom', 'is', null), eb('validFrom', '<=', period.to)]))
      .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', period.to)]))
      .execute();
    await progress({ phase: 'scoring', agenciesTotal: agencies.length, agenciesDone: 0 });
    const scored = agencies.map((a) => ({ agency: a, result: scoreAgency(scheme.scheme, inputs.get(a.id) ?? {}) }));
    const ranks = new Map<(typeof scored)[number], number>();
    for (const kind of SCORED_KINDS) {
      const peers = scored.filter((s) => s.agency.kind === kind);
      const r = rankTotals(peers.map((p) => ({ p, total: p.result.total })));
      for (const [row, rank] of r) ranks.set(row.p, rank);
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('scoreResult').where('runId', '=', runId).execute();
      for (let i = 0; i < scored.length; i += CHUNK) {
        const chunk = scored.slice(i, i + CHUNK);
        await trx
          .insertInto('scoreResult')
          .values(
            chunk.map((s) => ({
              runId,
              agencyId: s.agency.id,
              peerGroup: s.agency.kind,
              total: s.result.total,
              earned: s.result.earned,
              available: s.result.available,
              grade: s.result.group,
              rank: ranks.get(s) ?? null,
              components: JSON.stringify(s.result.components),
            })),
          )
          .execute();
        // Progress is visible outside the transaction (a separate connection).
        await progress({ phase: 'scoring', agenciesDone: Math.min(i + CHUNK, scored.length) });
      }
      await trx
        .updateTable('scoreRun')
        .set({ status: 'done', phase: 'done', agenciesDone: scored.length, agenciesTotal: scored.length, finishedAt: new Date() })
        .where('id', '=', runId)
        .execute();
      await recordAudit(
        trx,
        { userId: null, username: `job:${SCORE_TASK}` },
        {
          action: 'score.run_done',
          entityType: 'score_run',
          entityId: runId,
          after: { period, schemeVersion: scheme.version, agencies: scored.length, measure },
        },
      );
    });
    return { agencies: scored.length };
  } catch (error) {
    await db
      .updateTable('scoreRun')
      .set({ status: 'failed', phase: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : 'error' })
      .where('id', '=', runId)
      // A concurrent run of the same job may have finished it: a finished run stays finished.
      .where('status', '<>', 'done')
      .execute();
    throw error;
  }
}

/**
 * The scheduled side: on the day after a Nghị định 09 quarter's cut-off (the 15th of March, June,
 * September, December, Vietnam date), computes the quarter just closed, once.
 */
export async function scheduleQuarterRun(db: Kysely<Database>, clock: Clock): Promise<string | null> {
  const today = clock.today();
  if (!/-(03|06|09|12)-15$/.test(today)) return null;
  const closed = previousPeriod(periodContaining(today, 'quarter', 'nd09'), 'quarter', 'nd09');
  const existing = await db
    .selectFrom('scoreRun')
    .select('id')
    .where('periodFrom', '=', closed.from)
    .where('periodTo', '=', closed.to)
    .where('trigger', '=', 'schedule')
    .executeTakeFirst();
  if (existing) return null;
  try {
    const { runId } = await queueScoreRun(
      db,
      { userId: null, username: 'job:scores__schedule' },
      { periodKind: 'quarter', from: closed.from, to: closed.to },
      'schedule',
    );
    return runId;
  } catch (error) {
    // Two scheduled runs racing: the unique index lets one through, the other finds it queued.
    if ((error as { code?: string }).code === '23505') return null;
    throw error;
  }
}

const RUN_COLUMNS = [
  'r.id',
  'r.periodKind',
  'r.periodFrom',
  'r.periodTo',
  'r.measure',
  'r.status',
  'r.phase',
  'r.agenciesTotal',
  'r.agenciesDone',
  'r.error',
  'r.trigger',
  'r.createdAt',
  'r.finishedAt',
  's.version as schemeVersion',
  's.name as schemeName',
  's.id as schemeId',
] as const;

export async function listRuns(db: Kysely<Database>, limit = 50) {
  return db
    .selectFrom('scoreRun as r')
    .innerJoin('scoreScheme as s', 's.id', 'r.schemeId')
    .select(RUN_COLUMNS)
    .orderBy('r.createdAt', 'desc')
    .limit(limit)
    .execute();
}

export async function getRun(db: Kysely<Database>, id: string) {
  const run = await db
    .selectFrom('scoreRun as r')
    .innerJoin('scoreScheme as s', 's.id', 'r.schemeId')
    .select(RUN_COLUMNS)
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!run) throw notFound('lượt tính điểm');
  return run;
}

/** The latest finished run (optionally of one period). */
export async function latestDoneRun(db: Kysely<Database>, period?: { from: string; to: string }) {
  let q = db
    .selectFrom('scoreRun as r')
    .innerJoin('scoreScheme as s', 's.id', 'r.schemeId')
    .select(RUN_COLUMNS)
    .where('r.status', '=', 'done');
  if (period) q = q.where('r.periodFrom', '=', period.from).where('r.periodTo', '=', period.to);
  return q.orderBy('r.periodTo', 'desc').orderBy('r.finishedAt', 'desc').limit(1).executeTakeFirst();
}

async function resultsOf(db: Kysely<Database>, runId: string) {
  const rows = await db
    .selectFrom('scoreResult as r')
    .innerJoin('agency as a', 'a.id', 'r.agencyId')
    .select([
      'r.agencyId',
      'a.code',
      'a.name',
      'r.peerGroup',
      'r.total',
      'r.earned',
      'r.available',
      'r.grade',
      'r.rank',
      'r.components',
    ])
    .where('r.runId', '=', runId)
    .execute();
  return rows.map((r) => ({ ...r, components: r.components as ComponentResult[] }));
}

/** The ranking of a run, with another run's totals and ranks beside it for comparison. */
export async function rankings(db: Kysely<Database>, runId: string, compareRunId?: string | null) {
  const run = await getRun(db, runId);
  const rows = await resultsOf(db, runId);
  const other = compareRunId ? new Map((await resultsOf(db, compareRunId)).map((r) => [r.agencyId, r])) : null;
  const compareRun = compareRunId ? await getRun(db, compareRunId) : null;
  return {
    run,
    compareRun,
    rows: rows
      .map((r) => ({
        agencyId: r.agencyId,
        code: r.code,
        name: r.name,
        peerGroup: r.peerGroup,
        total: r.total,
        grade: r.grade,
        rank: r.rank,
        available: r.available,
        components: r.components.map((c) => ({ key: c.key, rate: c.rate, points: c.points })),
        previousTotal: other?.get(r.agencyId)?.total ?? null,
        previousRank: other?.get(r.agencyId)?.rank ?? null,
      }))
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name, 'vi')),
  };
}

/** An agency head's scorecard: the latest finished run unless one is asked for. */
export async function scorecard(db: Kysely<Database>, viewer: Actor, input: { agencyId?: string | null; runId?: string | null }) {
  const agencyId = input.agencyId ?? viewer.agencyId;
  if (!(await isAgencyInScope(db, viewer, 'scores.scorecard', agencyId))) {
    throw new AppError('forbidden', 'scores.not_your_agency', 'Bạn chỉ xem được điểm của cơ quan mình.');
  }
  const run = input.runId ? await getRun(db, input.runId) : await latestRunWithAgency(db, agencyId);
  const agency = await db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'kind'])
    .where('id', '=', agencyId)
    .executeTakeFirst();
  if (!agency) throw notFound('cơ quan');
  if (!run) return { agency, run: null, result: null, peers: 0, gains: [], trend: [] };
  const result = await db
    .selectFrom('scoreResult')
    .selectAll()
    .where('runId', '=', run.id)
    .where('agencyId', '=', agencyId)
    .executeTakeFirst();
  const peers = await db
    .selectFrom('scoreResult')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('runId', '=', run.id)
    .where('peerGroup', '=', agency.kind)
    .where('rank', 'is not', null)
    .executeTakeFirstOrThrow();
  // Trend: this agency in the latest finished run of each period.
  const trend = await sql<{
    periodFrom: string;
    periodTo: string;
    periodKind: string;
    total: number | null;
    grade: string | null;
    rank: number | null;
    runId: string;
  }>`
    select distinct on (r.period_from, r.period_to) r.period_from, r.period_to, r.period_kind, x.total::float8 as total, x.grade, x.rank, r.id as run_id
    from score_result x join score_run r on r.id = x.run_id
    where x.agency_id = ${agencyId} and r.status = 'done'
    order by r.period_from, r.period_to, r.finished_at desc`.execute(db);
  const components = (result?.components ?? []) as ComponentResult[];
  const parsed = result
    ? {
        total: result.total,
        earned: result.earned,
        available: result.available,
        group: result.grade,
        rank: result.rank,
        components,
      }
    : null;
  return {
    agency,
    run,
    result: parsed,
    peers: Number(peers.n),
    gains: parsed ? pointsToGain({ ...parsed, total: parsed.total }) : [],
    trend: trend.rows.slice(-8),
  };
}

async function latestRunWithAgency(db: Kysely<Database>, agencyId: string) {
  const row = await db
    .selectFrom('scoreResult as x')
    .innerJoin('scoreRun as r', 'r.id', 'x.runId')
    .select('r.id')
    .where('x.agencyId', '=', agencyId)
    .where('r.status', '=', 'done')
    .orderBy('r.periodTo', 'desc')
    .orderBy('r.finishedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? getRun(db, row.id) : undefined;
}

/** The items behind one component of an agency's score: what cost it points. */
export async function componentItems(
  db: Kysely<Database>,
  viewer: Actor,
  input: { runId: string; agencyId: string; key: ScoreComponentKey },
  clock: Clock,
) {
  if (!(await isAgencyInScope(db, viewer, 'scores.componentItems', input.agencyId))) {
    throw new AppError('forbidden', 'scores.not_your_agency', 'Bạn chỉ xem được điểm của cơ quan mình.');
  }
  const run = await getRun(db, input.runId);
  const period = { from: run.periodFrom, to: run.periodTo };
  // The same day the run judged deadlines on (see deadlineMeasure): what the score counted is what is listed.
  const measure = deadlineMeasure(period, vietnamDateOf(run.createdAt));
  void clock;
  // The same agencies the score counted: the agency and its predecessors in force by the period's end.
  const ids = await agenciesCountingFor(db, input.agencyId, period.to);
  switch (input.key) {
    case 'tasks_on_time': {
      const tasks = await db
        .selectFrom('task as t')
        .innerJoin('plan as p', 'p.id', 't.planId')
        .select(['t.id', 't.title', 't.deadline', 't.progress', 't.completedOn', 't.cancelledAt'])
        .where('p.status', '<>', 'draft')
        .where('t.leadAgencyId', 'in', ids)
        .where('t.deadline', '>=', period.from)
        .where('t.deadline', '<=', period.to)
        .orderBy('t.deadline')
        .execute();
      return {
        kind: 'tasks' as const,
        items: tasks
          .map((t) => {
            const completedOn = t.completedOn && t.completedOn <= measure ? t.completedOn : null;
            const status = taskStatus(
              { deadline: t.deadline, progress: t.progress, completedOn, cancelled: t.cancelledAt !== null },
              measure,
            );
            return {
              id: t.id,
              title: t.title,
              date: t.deadline,
              status,
              counts: status === 'done_on_time' || status === 'done_late' || status === 'overdue',
              lost: status === 'done_late' || status === 'overdue',
            };
          })
          .filter((t) => t.counts),
      };
    }
    case 'attendance':
    case 'head_attendance': {
      const rows = await db
        .selectFrom('sessionInvitation as i')
        .innerJoin('meetingSession as s', 's.id', 'i.sessionId')
        .innerJoin('workingGroup as g', 'g.id', 's.groupId')
        .select(['s.id', 's.number', 's.title', 's.startsAt', 'i.mark', 'i.expectedLevel', 'g.name as groupName'])
        .where('i.agencyId', 'in', ids)
        .where('s.finalisedAt', 'is not', null)
        .where('s.status', '<>', 'cancelled')
        .where(
          sql<boolean>`(s.starts_at at time zone 'Asia/Ho_Chi_Minh')::date between ${period.from}::date and ${period.to}::date`,
        )
        .orderBy('s.startsAt')
        .execute();
      return {
        kind: 'sessions' as const,
        items: rows
          .filter((r) => input.key === 'attendance' || r.expectedLevel === 'head')
          .map((r) => {
            const mark = r.mark ?? 'absent_unexcused';
            const lost = input.key === 'attendance' ? !isPresent(mark) : mark !== 'present_head';
            return { id: r.id, title: `Phiên ${r.number}: ${r.title}`, group: r.groupName, startsAt: r.startsAt, mark, lost };
          }),
      };
    }
    case 'feedback_on_time':
    case 'feedback_satisfaction':
      return {
        kind: 'feedback' as const,
        drill: input.key === 'feedback_on_time' ? 'late' : 'notSatisfied',
        period,
        agencyId: input.agencyId,
        items: [],
      };
    case 'reviews_on_time': {
      const rows = await db
        .selectFrom('procedureReview as r')
        .innerJoin('procedure as p', 'p.id', 'r.procedureId')
        .select([
          'r.id',
          'p.id as procedureId',
          'p.code',
          'p.name',
          'r.proposeDue',
          sql<string | null>`(r.proposed_at at time zone 'Asia/Ho_Chi_Minh')::date`.as('proposedOn'),
        ])
        .where('r.agencyId', 'in', ids)
        .where('r.proposeDue', '>=', period.from)
        .where('r.proposeDue', '<=', period.to)
        .execute();
      return {
        kind: 'reviews' as const,
        items: rows.map((r) => ({
          id: r.procedureId,
          title: `${r.code} — ${r.name}`,
          date: r.proposeDue,
          proposedOn: r.proposedOn,
          lost: r.proposedOn === null ? measure > r.proposeDue : r.proposedOn > r.proposeDue,
        })),
      };
    }
    case 'reports_on_time': {
      const rows = await db
        .selectFrom('reportSubmission as s')
        .innerJoin('reportRegime as g', 'g.id', 's.regimeId')
        .select([
          's.id as submissionId',
          's.agencyId',
          's.regimeId',
          's.periodKey',
          'g.name',
          's.dueDate',
          sql<string | null>`(s.submitted_at at time zone 'Asia/Ho_Chi_Minh')::date`.as('submittedOn'),
        ])
        .where('s.agencyId', 'in', ids)
        .where('s.dueDate', '>=', period.from)
        .where('s.dueDate', '<=', period.to)
        .orderBy('s.dueDate')
        .execute();
      return {
        kind: 'reports' as const,
        items: rows
          .map((r) => {
            const submittedOn = r.submittedOn && r.submittedOn <= measure ? r.submittedOn : null;
            return {
              id: r.submissionId,
              // The submission's page, of the agency that owed it (a predecessor's, after a merge).
              path: `${r.regimeId}/${r.periodKey}/submission?agency=${r.agencyId}`,
              title: `${r.name} (${r.periodKey})`,
              date: r.dueDate,
              submittedOn,
              counts: submittedOn !== null || measure > r.dueDate,
              lost: submittedOn === null ? measure > r.dueDate : submittedOn > r.dueDate,
            };
          })
          .filter((r) => r.counts),
      };
    }
    case 'dossiers_on_time': {
      // The late dossiers behind the component (early and on-time ones cost nothing), judged as the run did.
      const verdict = dossierVerdictSql(run.measure ?? vietnamDateOf(run.createdAt));
      const rows = await db
        .selectFrom('dossier as d')
        .innerJoin('procedure as p', 'p.id', 'd.procedureId')
        .select(['d.id', 'd.sourceId', 'p.id as procedureId', 'p.code', 'p.name', 'd.appointmentDate', verdict.as('verdict')])
        .where('d.competentAgencyId', 'in', ids)
        .where(sql<boolean>`d.received_at >= (${period.from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`)
        .where(sql<boolean>`d.received_at < ((${period.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`)
        .where(sql<boolean>`${verdict} = 'late'`)
        .orderBy('d.appointmentDate')
        .limit(500)
        .execute();
      return {
        kind: 'dossiers' as const,
        items: rows.map((r) => ({
          id: r.procedureId,
          title: `${r.sourceId} — ${r.code} ${r.name}`,
          date: r.appointmentDate,
          lost: true,
        })),
      };
    }
    default:
      return { kind: 'none' as const, items: [] };
  }
}

/** How a draft scheme would score and rank a run's agencies, from the inputs stored with the run; nothing is saved. */
export async function previewScheme(db: Kysely<Database>, runId: string, scheme: ScoreScheme) {
  const rows = await resultsOf(db, runId);
  const rescored = rows.map((r) => {
    const inputs = Object.fromEntries(r.components.map((c) => [c.key, { numerator: c.numerator, denominator: c.denominator }]));
    return { row: r, result: scoreAgency(scheme, inputs) };
  });
  const ranks = new Map<(typeof rescored)[number], number>();
  for (const group of new Set(rows.map((r) => r.peerGroup))) {
    const r = rankTotals(rescored.filter((x) => x.row.peerGroup === group).map((x) => ({ x, total: x.result.total })));
    for (const [k, v] of r) ranks.set(k.x, v);
  }
  return rescored
    .map((x) => ({
      agencyId: x.row.agencyId,
      name: x.row.name,
      peerGroup: x.row.peerGroup,
      total: x.row.total,
      rank: x.row.rank,
      grade: x.row.grade,
      newTotal: x.result.total,
      newRank: ranks.get(x) ?? null,
      newGrade: x.result.group,
    }))
    .filter((x) => x.total !== null || x.newTotal !== null)
    .sort((a, b) => a.peerGroup.localeCompare(b.peerGroup) || (a.newRank ?? 1e9) - (b.newRank ?? 1e9));
}

export async function rankingsXlsx(db: Kysely<Database>, runId: string): Promise<{ fileName: string; body: Buffer }> {
  const { run, rows } = await rankings(db, runId);
  const scheme = await getScheme(db, run.schemeId);
  const keys = scheme.scheme.components.map((c) => c.key);
  const fmt = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  const table: Table = {
    title: `Xếp hạng cải cách hành chính của cơ quan, kỳ ${fmt(run.periodFrom)} – ${fmt(run.periodTo)}`,
    subtitle: [
      `Bộ tiêu chí phiên bản ${run.schemeVersion}: ${run.schemeName}`,
      `Số liệu tính đến ${fmt(run.measure ?? run.periodTo)}`,
    ],
    columns: [
      { header: 'Nhóm', width: 12 },
      { header: 'Hạng', type: 'number', width: 6 },
      { header: 'Mã', width: 10 },
      { header: 'Cơ quan', width: 40 },
      { header: 'Tổng điểm (%)', type: 'number', width: 12 },
      { header: 'Xếp loại', width: 9 },
      ...keys.map((k) => ({ header: COMPONENT_LABELS[k], type: 'number' as const, width: 14 })),
    ],
    rows: rows.map((r) => [
      r.peerGroup === 'department' ? 'Sở, ngành' : 'Xã, phường',
      r.rank,
      r.code,
      r.name,
      r.total,
      r.grade,
      ...keys.map((k) => r.components.find((c) => c.key === k)?.points ?? null),
    ]),
  };
  return { fileName: `xep-hang-cchc-${run.periodFrom}-${run.periodTo}.xlsx`, body: await renderXlsx(table) };
}

export const COMPONENT_LABELS: Record<ScoreComponentKey, string> = {
  tasks_on_time: 'Nhiệm vụ hoàn thành đúng hạn',
  attendance: 'Tham dự phiên họp',
  head_attendance: 'Thủ trưởng dự họp',
  feedback_on_time: 'PAKN trả lời đúng hạn',
  feedback_satisfaction: 'Hài lòng với trả lời PAKN',
  reviews_on_time: 'Rà soát TTHC đúng hạn',
  reports_on_time: 'Báo cáo đúng hạn',
  dossiers_on_time: 'Hồ sơ TTHC đúng hạn',
};

/** Period presets for the compute form. */
export function periodOf(kind: PeriodFrequency, date: string) {
  return periodContaining(date, kind, 'nd09');
}
