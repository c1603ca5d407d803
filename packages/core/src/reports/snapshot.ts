/**
 * The frozen figures of one report: every number comes from the function the module's own screens and
 * the scores use (score inputs, feedback counts, dormancy scan, score runs), so a report, a dashboard
 * and a scorecard never disagree. The tables built from it feed both the XLSX and the PDF.
 */

import type { Database } from '@cchc/db/schema';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { EMPTY_FEEDBACK_COUNTS, feedbackFigures } from '@cchc/domain/feedback/figures';
import { howComputed } from '@cchc/domain/figures/definitions';
import { dossierFigures, EMPTY_DOSSIER_COUNTS } from '@cchc/domain/procedures/dossier';
import { ratePercent as rate } from '@cchc/domain/rates';
import { DATA_TABLES, type DataTableKey, type RegimePeriod } from '@cchc/domain/reports/regime';
import type { ComponentInput, ComponentResult } from '@cchc/domain/scores/scheme';
import type { Table } from '@cchc/reports/table';
import { type Kysely, sql } from 'kysely';
import { agencySubtreeIds } from '../org/scope';
import { gatherInputs, periodCounts, successorMap } from '../scores/inputs';
import { latestDoneRun } from '../scores/runs';
import type { Regime } from './regimes';

const withRate = (i: ComponentInput | undefined) => {
  const numerator = i?.numerator ?? 0;
  const denominator = i?.denominator ?? 0;
  return { numerator, denominator, rate: rate(numerator, denominator) };
};

export interface SnapshotAgency {
  id: string;
  code: string;
  name: string;
  /** For a period before a merge, split or rename: the agency it is part of today. */
  nowPartOf?: string | null;
  tasks: ReturnType<typeof withRate>;
  attendance: ReturnType<typeof withRate>;
  headAttendance: ReturnType<typeof withRate>;
  reviews: ReturnType<typeof withRate>;
  feedback: {
    received: number;
    withinCompetence: number;
    /** Answered on time, and the items judged (answered + open past due): the on-time rate's parts. */
    onTime: number;
    judged: number;
    onTimeRate: number | null;
    openOverdue: number;
    notYetDue: number;
    /** Within competence less the deductions: the satisfaction rate's numerator. */
    satisfied: number;
    satisfactionRate: number | null;
  };
  dossiers: {
    received: number;
    early: number;
    onTime: number;
    late: number;
    notYetDue: number;
    judged: number;
    /** Early + on time: the on-time rate's numerator. */
    inTime: number;
    onTimeRate: number | null;
  };
  score: { total: number | null; grade: string | null; rank: number | null } | null;
}

export interface ReportSnapshot {
  regime: { id: string; code: string; name: string };
  period: { key: string; label: string; from: string; to: string; agencyDue: string; provinceDue: string };
  scope: { id: string; name: string };
  measure: string;
  generatedAt: string;
  agencies: SnapshotAgency[];
  province: Omit<SnapshotAgency, 'id' | 'code' | 'name' | 'score' | 'nowPartOf'>;
  procedures: { dormantProcedures: number | null; scanAsOf: string | null; scanMonths: number | null };
  scores: { runId: string; schemeVersion: number; average: number | null } | null;
  submissions: {
    agencyId: string;
    agencyName: string;
    status: string;
    submittedAt: string | null;
    onTime: boolean | null;
    sections: Record<string, string>;
  }[];
}

/**
 * Every agency's figures for a period. With a finished score run of exactly this period, the inputs
 * it stored are the frozen source of every rate it holds (the report never recomputes what the
 * scorecard shows); the counts a run does not store (items received, not yet due, the dossier split)
 * are read by the same functions as the overview. Merged or renamed agencies count for their successor
 * as of the period's end, as in the scores.
 */
async function figuresOfPeriod(db: Kysely<Database>, period: { from: string; to: string }, today: string) {
  const run = await latestDoneRun(db, period);
  // The feedback and dossier counts are read once: the score inputs and the report's own columns share them.
  const counts = await periodCounts(db, period, today);
  const inputs = await gatherInputs(db, period, today, undefined, counts);
  const results = run
    ? await db
        .selectFrom('scoreResult')
        .select(['agencyId', 'total', 'grade', 'rank', 'components'])
        .where('runId', '=', run.id)
        .execute()
    : [];
  for (const r of results) {
    const own = inputs.get(r.agencyId) ?? {};
    for (const c of r.components as ComponentResult[]) own[c.key] = { numerator: c.numerator, denominator: c.denominator };
    inputs.set(r.agencyId, own);
  }
  const { feedback, dossiers } = counts;
  const scores = run ? new Map(results.map((r) => [r.agencyId, r])) : null;
  const withFigures = new Set([...inputs.keys(), ...feedback.keys(), ...dossiers.keys(), ...(scores?.keys() ?? [])]);
  return { run, inputs, feedback, dossiers, scores, withFigures };
}

function rowsOf(
  agencies: { id: string; code: string; name: string; nowPartOf?: string | null }[],
  f: Awaited<ReturnType<typeof figuresOfPeriod>>,
): SnapshotAgency[] {
  return agencies.map((a) => {
    const i = f.inputs.get(a.id) ?? {};
    const fb = feedbackFigures(f.feedback.get(a.id) ?? EMPTY_FEEDBACK_COUNTS);
    const onTime = i.feedback_on_time ?? { numerator: fb.onTime, denominator: fb.judged };
    const satisfied = i.feedback_satisfaction ?? {
      numerator: fb.withinCompetence - fb.notSatisfied,
      denominator: fb.withinCompetence,
    };
    const ds = dossierFigures(f.dossiers.get(a.id) ?? EMPTY_DOSSIER_COUNTS);
    const dossierInput = i.dossiers_on_time ?? { numerator: ds.early + ds.onTime, denominator: ds.judged };
    const s = f.scores?.get(a.id);
    return {
      id: a.id,
      code: a.code,
      name: a.name,
      nowPartOf: a.nowPartOf ?? null,
      tasks: withRate(i.tasks_on_time),
      attendance: withRate(i.attendance),
      headAttendance: withRate(i.head_attendance),
      reviews: withRate(i.reviews_on_time),
      feedback: {
        received: fb.received,
        withinCompetence: satisfied.denominator,
        onTime: onTime.numerator,
        judged: onTime.denominator,
        onTimeRate: rate(onTime.numerator, onTime.denominator),
        openOverdue: fb.openOverdue,
        notYetDue: fb.notYetDue,
        satisfied: satisfied.numerator,
        satisfactionRate: rate(satisfied.numerator, satisfied.denominator),
      },
      dossiers: {
        received: ds.received,
        early: ds.early,
        onTime: ds.onTime,
        late: ds.late,
        notYetDue: ds.notYetDue,
        judged: dossierInput.denominator,
        inTime: dossierInput.numerator,
        onTimeRate: rate(dossierInput.numerator, dossierInput.denominator),
      },
      score: f.scores ? { total: s?.total ?? null, grade: s?.grade ?? null, rank: s?.rank ?? null } : null,
    };
  });
}

/** The figures of each given agency for a period (also what an agency's submission is pre-filled with). */
export async function agencyFigures(
  db: Kysely<Database>,
  agencies: { id: string; code: string; name: string }[],
  period: { from: string; to: string },
  today: string,
) {
  const f = await figuresOfPeriod(db, period, today);
  return { rows: rowsOf(agencies, f), run: f.run };
}

/**
 * The agencies in scope of a report — one definition for its rows and its province totals: the
 * reporting agencies as they existed during the period (so a report of May 2025 lists the communes
 * merged on 1/7/2025, each with its own figures, and where it went), the receiver, and any other agency
 * of the province with figures in the period. The province totals are the sums over exactly these rows.
 */
export async function reportScope(
  db: Kysely<Database>,
  regime: Regime,
  period: { from: string; to: string },
  withFigures: ReadonlySet<string>,
) {
  const receiver = await db
    .selectFrom('agency')
    .select(['id', 'parentId'])
    .where('id', '=', regime.receivingAgencyId)
    .executeTakeFirstOrThrow();
  const province = new Set(await agencySubtreeIds(db, receiver.parentId ?? receiver.id));
  // Where each agency went: its successor today, for agencies merged, renamed or split since. A unit of
  // before a reorganisation is the province's when what it became is (its old district and province are gone).
  const today = await successorMap(db, '9999-12-31');
  const ofProvince = (id: string) => province.has(id) || province.has(today(id));
  const reporting = regime.reporting;
  const rows = await db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'kind', 'parentId'])
    .where((eb) =>
      eb.or([
        eb('id', '=', receiver.id),
        eb('id', 'in', reporting.agencyIds.length ? reporting.agencyIds : ['00000000-0000-0000-0000-000000000000']),
        reporting.kinds.length
          ? eb.and([eb('kind', 'in', reporting.kinds), eb('parentId', '=', receiver.parentId ?? receiver.id)])
          : sql<boolean>`false`,
        eb('id', 'in', [...withFigures].filter(ofProvince).concat('00000000-0000-0000-0000-000000000000')),
      ]),
    )
    .where(sql<boolean>`(valid_from is null or valid_from <= ${period.to}::date)`)
    .where(sql<boolean>`(valid_to is null or valid_to > ${period.from}::date)`)
    .orderBy('kind')
    .orderBy('code')
    .execute();
  const names = new Map((await db.selectFrom('agency').select(['id', 'name']).execute()).map((a) => [a.id, a.name] as const));
  return rows.map((a) => {
    const now = today(a.id);
    return { id: a.id, code: a.code, name: a.name, nowPartOf: now !== a.id ? (names.get(now) ?? null) : null };
  });
}

export async function buildSnapshot(
  db: Kysely<Database>,
  regime: Regime,
  period: RegimePeriod,
  today: string,
  now: Date = new Date(),
): Promise<ReportSnapshot> {
  // Feedback and dossiers are judged on the day the report is generated (domain feedback/figures.ts).
  const measure = today;
  const figures = await figuresOfPeriod(db, period, today);
  const rows = rowsOf(await reportScope(db, regime, period, figures.withFigures), figures);
  const run = figures.run;
  const sum = (pick: (a: SnapshotAgency) => { numerator: number; denominator: number }) => {
    const numerator = rows.reduce((s, a) => s + pick(a).numerator, 0);
    const denominator = rows.reduce((s, a) => s + pick(a).denominator, 0);
    return { numerator, denominator, rate: rate(numerator, denominator) };
  };
  const total = <K extends 'feedback' | 'dossiers'>(part: K, key: keyof SnapshotAgency[K]) =>
    rows.reduce((s, a) => s + Number(a[part][key] ?? 0), 0);

  const scan = await db
    .selectFrom('dormancyScan')
    .select(['asOf', 'months', 'dormantProcedures'])
    .where('asOf', '<=', period.to)
    .orderBy('asOf', 'desc')
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirst();
  const submissions = await db
    .selectFrom('reportSubmission as s')
    .innerJoin('agency as a', 'a.id', 's.agencyId')
    .select(['s.agencyId', 'a.name as agencyName', 's.status', 's.submittedAt', 's.dueDate', 's.sections'])
    .where('s.regimeId', '=', regime.id)
    .where('s.periodKey', '=', period.key)
    .orderBy('a.code')
    .execute();
  const scored = rows.filter((r) => r.score?.total !== null && r.score?.total !== undefined);
  const scope = await db
    .selectFrom('agency')
    .select(['id', 'name'])
    .where('id', '=', regime.receivingAgencyId)
    .executeTakeFirstOrThrow();
  return {
    regime: { id: regime.id, code: regime.code, name: regime.name },
    period: {
      key: period.key,
      label: period.label,
      from: period.from,
      to: period.to,
      agencyDue: period.agencyDue,
      provinceDue: period.provinceDue,
    },
    scope,
    measure,
    generatedAt: now.toISOString(),
    agencies: rows,
    province: {
      tasks: sum((a) => a.tasks),
      attendance: sum((a) => a.attendance),
      headAttendance: sum((a) => a.headAttendance),
      reviews: sum((a) => a.reviews),
      feedback: {
        received: total('feedback', 'received'),
        withinCompetence: total('feedback', 'withinCompetence'),
        onTime: total('feedback', 'onTime'),
        judged: total('feedback', 'judged'),
        onTimeRate: rate(total('feedback', 'onTime'), total('feedback', 'judged')),
        openOverdue: total('feedback', 'openOverdue'),
        notYetDue: total('feedback', 'notYetDue'),
        satisfied: total('feedback', 'satisfied'),
        satisfactionRate: rate(total('feedback', 'satisfied'), total('feedback', 'withinCompetence')),
      },
      dossiers: {
        received: total('dossiers', 'received'),
        early: total('dossiers', 'early'),
        onTime: total('dossiers', 'onTime'),
        late: total('dossiers', 'late'),
        notYetDue: total('dossiers', 'notYetDue'),
        judged: total('dossiers', 'judged'),
        inTime: total('dossiers', 'inTime'),
        onTimeRate: rate(total('dossiers', 'inTime'), total('dossiers', 'judged')),
      },
    },
    procedures: {
      dormantProcedures: scan?.dormantProcedures ?? null,
      scanAsOf: scan?.asOf ?? null,
      scanMonths: scan?.months ?? null,
    },
    scores: run
      ? {
          runId: run.id,
          schemeVersion: run.schemeVersion,
          average: scored.length
            ? Math.round((scored.reduce((s, r) => s + (r.score?.total ?? 0), 0) / scored.length) * 10) / 10
            : null,
        }
      : null,
    submissions: submissions.map((s) => {
      const submittedOn = s.submittedAt ? vietnamDateOf(s.submittedAt) : null;
      return {
        agencyId: s.agencyId,
        agencyName: s.agencyName,
        status: s.status,
        submittedAt: s.submittedAt ? s.submittedAt.toISOString() : null,
        onTime: submittedOn ? submittedOn <= s.dueDate : null,
        sections: (s.sections ?? {}) as Record<string, string>,
      };
    }),
  };
}

const TITLES = Object.fromEntries(DATA_TABLES.map((t) => [t.key, t.title])) as Record<DataTableKey, string>;

/** The data tables (biểu số liệu) of a snapshot, in the regime's order; the last row of each is the province. */
export function snapshotTables(s: ReportSnapshot, keys: readonly string[]): (Table & { sheet: string; key: DataTableKey })[] {
  const subtitle = [`${s.period.label}: ${fmt(s.period.from)} – ${fmt(s.period.to)}`, `Số liệu tính đến ${fmt(s.measure)}`];
  const total = (cells: (string | number | null)[]) => ['', 'Toàn tỉnh', ...cells];
  const tables: Record<DataTableKey, Table> = {
    tasks: {
      title: TITLES.tasks,
      subtitle: [...subtitle, howComputed('tasks_on_time')],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Nhiệm vụ đến hạn', type: 'number' },
        { header: 'Hoàn thành đúng hạn', type: 'number' },
        { header: 'Tỷ lệ (%)', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [a.code, nameOf(a), a.tasks.denominator, a.tasks.numerator, a.tasks.rate]),
        total([s.province.tasks.denominator, s.province.tasks.numerator, s.province.tasks.rate]),
      ],
    },
    meetings: {
      title: TITLES.meetings,
      subtitle: [...subtitle, howComputed('attendance'), howComputed('head_attendance')],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Lượt được mời', type: 'number' },
        { header: 'Có mặt', type: 'number' },
        { header: 'Tỷ lệ tham dự (%)', type: 'number' },
        { header: 'Thủ trưởng dự / được yêu cầu', type: 'text' },
        { header: 'Tỷ lệ thủ trưởng dự (%)', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [
          a.code,
          nameOf(a),
          a.attendance.denominator,
          a.attendance.numerator,
          a.attendance.rate,
          `${a.headAttendance.numerator}/${a.headAttendance.denominator}`,
          a.headAttendance.rate,
        ]),
        total([
          s.province.attendance.denominator,
          s.province.attendance.numerator,
          s.province.attendance.rate,
          `${s.province.headAttendance.numerator}/${s.province.headAttendance.denominator}`,
          s.province.headAttendance.rate,
        ]),
      ],
    },
    feedback: {
      title: TITLES.feedback,
      subtitle: [...subtitle, howComputed('feedback_on_time'), howComputed('feedback_satisfaction')],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Tiếp nhận', type: 'number' },
        { header: 'Thuộc thẩm quyền', type: 'number' },
        { header: 'Trả lời đúng hạn', type: 'number' },
        { header: 'Tỷ lệ đúng hạn (%)', type: 'number' },
        { header: 'Đang quá hạn', type: 'number' },
        { header: 'Chưa đến hạn', type: 'number' },
        { header: 'Tỷ lệ hài lòng (%)', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [
          a.code,
          nameOf(a),
          a.feedback.received,
          a.feedback.withinCompetence,
          a.feedback.onTime,
          a.feedback.onTimeRate,
          a.feedback.openOverdue,
          a.feedback.notYetDue ?? null,
          a.feedback.satisfactionRate,
        ]),
        total([
          s.province.feedback.received,
          s.province.feedback.withinCompetence,
          s.province.feedback.onTime,
          s.province.feedback.onTimeRate,
          s.province.feedback.openOverdue,
          s.province.feedback.notYetDue ?? null,
          s.province.feedback.satisfactionRate,
        ]),
      ],
    },
    dossiers: {
      title: TITLES.dossiers,
      subtitle: [...subtitle, howComputed('dossiers_on_time')],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Tiếp nhận', type: 'number' },
        { header: 'Trước hạn', type: 'number' },
        { header: 'Đúng hạn', type: 'number' },
        { header: 'Quá hạn', type: 'number' },
        { header: 'Chưa đến hạn', type: 'number' },
        { header: 'Tỷ lệ đúng hạn (%)', type: 'number' },
      ],
      rows: [
        // Snapshots frozen before the dossier figures existed have none: their cells stay empty.
        ...s.agencies.map((a) => [
          a.code,
          nameOf(a),
          a.dossiers?.received ?? null,
          a.dossiers?.early ?? null,
          a.dossiers?.onTime ?? null,
          a.dossiers?.late ?? null,
          a.dossiers?.notYetDue ?? null,
          a.dossiers?.onTimeRate ?? null,
        ]),
        total([
          s.province.dossiers?.received ?? null,
          s.province.dossiers?.early ?? null,
          s.province.dossiers?.onTime ?? null,
          s.province.dossiers?.late ?? null,
          s.province.dossiers?.notYetDue ?? null,
          s.province.dossiers?.onTimeRate ?? null,
        ]),
      ],
    },
    procedures: {
      title: TITLES.procedures,
      subtitle: [
        ...subtitle,
        s.procedures.dormantProcedures === null
          ? 'Chưa có lượt rà soát TTHC không phát sinh hồ sơ.'
          : `TTHC không phát sinh hồ sơ trong ${s.procedures.scanMonths} tháng (lượt rà soát ngày ${fmt(s.procedures.scanAsOf ?? '')}): ${s.procedures.dormantProcedures}`,
        howComputed('reviews_on_time'),
      ],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Rà soát đến hạn', type: 'number' },
        { header: 'Đề xuất đúng hạn', type: 'number' },
        { header: 'Tỷ lệ (%)', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [a.code, nameOf(a), a.reviews.denominator, a.reviews.numerator, a.reviews.rate]),
        total([s.province.reviews.denominator, s.province.reviews.numerator, s.province.reviews.rate]),
      ],
    },
    scores: {
      title: TITLES.scores,
      subtitle: [
        ...subtitle,
        s.scores ? `Bộ tiêu chí phiên bản ${s.scores.schemeVersion}` : 'Chưa tính điểm cho kỳ này.',
        howComputed('score_total'),
      ],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Tổng điểm (%)', type: 'number' },
        { header: 'Xếp loại' },
        { header: 'Hạng', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [a.code, nameOf(a), a.score?.total ?? null, a.score?.grade ?? null, a.score?.rank ?? null]),
        total([s.scores?.average ?? null, null, null]),
      ],
    },
  };
  return keys.filter((k): k is DataTableKey => k in tables).map((k, i) => ({ ...tables[k], key: k, sheet: `Biểu ${i + 1}` }));
}

/** An agency's name, with where it went for a past period ("→ nay thuộc …"). */
function nameOf(a: { name: string; nowPartOf?: string | null }): string {
  return a.nowPartOf ? `${a.name} (nay thuộc ${a.nowPartOf})` : a.name;
}

export function fmt(date: string): string {
  return date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : '';
}

/** An instant as dd/MM/yyyy HH:mm in Vietnam time. */
export function fmtInstant(iso: string): string {
  const vn = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${fmt(vn.slice(0, 10))} ${vn.slice(11, 16)}`;
}
