/**
 * The frozen figures of one report: every number comes from the function the module's own screens and
 * the scores use (score inputs, feedback counts, dormancy scan, score runs), so a report, a dashboard
 * and a scorecard never disagree. The tables built from it feed both the XLSX and the PDF.
 */

import type { Database } from '@cchc/db/schema';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { addFeedbackCounts, EMPTY_FEEDBACK_COUNTS, type FeedbackCounts, feedbackFigures } from '@cchc/domain/feedback/figures';
import { ratePercent as rate } from '@cchc/domain/rates';
import { DATA_TABLES, type DataTableKey, type RegimePeriod } from '@cchc/domain/reports/regime';
import type { ComponentInput } from '@cchc/domain/scores/scheme';
import type { Table } from '@cchc/reports/table';
import type { Kysely } from 'kysely';
import { feedbackCountsByAgency } from '../feedback/figures';
import { gatherInputs, successorMap } from '../scores/inputs';
import { latestDoneRun } from '../scores/runs';
import { type Regime, reportingAgencies } from './regimes';

const withRate = (i: ComponentInput | undefined) => {
  const numerator = i?.numerator ?? 0;
  const denominator = i?.denominator ?? 0;
  return { numerator, denominator, rate: rate(numerator, denominator) };
};

export interface SnapshotAgency {
  id: string;
  code: string;
  name: string;
  tasks: ReturnType<typeof withRate>;
  attendance: ReturnType<typeof withRate>;
  headAttendance: ReturnType<typeof withRate>;
  reviews: ReturnType<typeof withRate>;
  feedback: {
    received: number;
    withinCompetence: number;
    onTime: number;
    onTimeRate: number | null;
    openOverdue: number;
    satisfactionRate: number | null;
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
  province: Omit<SnapshotAgency, 'id' | 'code' | 'name' | 'score'>;
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

/** The figures of each given agency for a period (also what an agency's submission is pre-filled with). */
export async function agencyFigures(
  db: Kysely<Database>,
  agencies: { id: string; code: string; name: string }[],
  period: { from: string; to: string },
  today: string,
) {
  const inputs = await gatherInputs(db, period, today);
  // Feedback of merged or renamed agencies counts for their successor, as in the scores; the rows (and
  // the province total) are the reporting agencies'.
  const successor = await successorMap(db, period.to);
  const wanted = new Set(agencies.map((a) => a.id));
  const counts = new Map<string, FeedbackCounts>();
  for (const [agencyId, c] of (await feedbackCountsByAgency(db, period, today)).counts) {
    const target = successor(agencyId);
    if (!wanted.has(target)) continue;
    const prev = counts.get(target);
    counts.set(target, prev ? addFeedbackCounts(prev, c) : c);
  }
  const run = await latestDoneRun(db, period);
  const scores = run
    ? new Map(
        (
          await db.selectFrom('scoreResult').select(['agencyId', 'total', 'grade', 'rank']).where('runId', '=', run.id).execute()
        ).map((r) => [r.agencyId, r]),
      )
    : null;
  const rows: SnapshotAgency[] = agencies.map((a) => {
    const i = inputs.get(a.id) ?? {};
    const f = feedbackFigures(counts.get(a.id) ?? EMPTY_FEEDBACK_COUNTS);
    const s = scores?.get(a.id);
    return {
      id: a.id,
      code: a.code,
      name: a.name,
      tasks: withRate(i.tasks_on_time),
      attendance: withRate(i.attendance),
      headAttendance: withRate(i.head_attendance),
      reviews: withRate(i.reviews_on_time),
      feedback: {
        received: f.received,
        withinCompetence: f.withinCompetence,
        onTime: f.onTime,
        onTimeRate: f.onTimeRate,
        openOverdue: f.openOverdue,
        satisfactionRate: f.satisfactionRate,
      },
      score: scores ? { total: s?.total ?? null, grade: s?.grade ?? null, rank: s?.rank ?? null } : null,
    };
  });
  return { rows, run, counts };
}

export async function buildSnapshot(
  db: Kysely<Database>,
  regime: Regime,
  period: RegimePeriod,
  today: string,
  now: Date = new Date(),
): Promise<ReportSnapshot> {
  // Feedback is judged on the day the report is generated (domain feedback/figures.ts).
  const measure = today;
  const agencies = await reportingAgencies(db, regime);
  const { rows, run, counts } = await agencyFigures(db, agencies, period, today);
  const sum = (pick: (a: SnapshotAgency) => { numerator: number; denominator: number }) => {
    const numerator = rows.reduce((s, a) => s + pick(a).numerator, 0);
    const denominator = rows.reduce((s, a) => s + pick(a).denominator, 0);
    return { numerator, denominator, rate: rate(numerator, denominator) };
  };
  // The province's feedback figures from the summed counts, by the same function as every agency's.
  const province = feedbackFigures([...counts.values()].reduce(addFeedbackCounts, { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] }));

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
        received: province.received,
        withinCompetence: province.withinCompetence,
        onTime: province.onTime,
        onTimeRate: province.onTimeRate,
        openOverdue: province.openOverdue,
        satisfactionRate: province.satisfactionRate,
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
      subtitle,
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Nhiệm vụ đến hạn', type: 'number' },
        { header: 'Hoàn thành đúng hạn', type: 'number' },
        { header: 'Tỷ lệ (%)', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [a.code, a.name, a.tasks.denominator, a.tasks.numerator, a.tasks.rate]),
        total([s.province.tasks.denominator, s.province.tasks.numerator, s.province.tasks.rate]),
      ],
    },
    meetings: {
      title: TITLES.meetings,
      subtitle,
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
          a.name,
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
      subtitle,
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Tiếp nhận', type: 'number' },
        { header: 'Thuộc thẩm quyền', type: 'number' },
        { header: 'Trả lời đúng hạn', type: 'number' },
        { header: 'Tỷ lệ đúng hạn (%)', type: 'number' },
        { header: 'Đang quá hạn', type: 'number' },
        { header: 'Tỷ lệ hài lòng (%)', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [
          a.code,
          a.name,
          a.feedback.received,
          a.feedback.withinCompetence,
          a.feedback.onTime,
          a.feedback.onTimeRate,
          a.feedback.openOverdue,
          a.feedback.satisfactionRate,
        ]),
        total([
          s.province.feedback.received,
          s.province.feedback.withinCompetence,
          s.province.feedback.onTime,
          s.province.feedback.onTimeRate,
          s.province.feedback.openOverdue,
          s.province.feedback.satisfactionRate,
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
      ],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Rà soát đến hạn', type: 'number' },
        { header: 'Đề xuất đúng hạn', type: 'number' },
        { header: 'Tỷ lệ (%)', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [a.code, a.name, a.reviews.denominator, a.reviews.numerator, a.reviews.rate]),
        total([s.province.reviews.denominator, s.province.reviews.numerator, s.province.reviews.rate]),
      ],
    },
    scores: {
      title: TITLES.scores,
      subtitle: [...subtitle, s.scores ? `Bộ tiêu chí phiên bản ${s.scores.schemeVersion}` : 'Chưa tính điểm cho kỳ này.'],
      columns: [
        { header: 'Mã' },
        { header: 'Cơ quan', width: 36 },
        { header: 'Tổng điểm (%)', type: 'number' },
        { header: 'Xếp loại' },
        { header: 'Hạng', type: 'number' },
      ],
      rows: [
        ...s.agencies.map((a) => [a.code, a.name, a.score?.total ?? null, a.score?.grade ?? null, a.score?.rank ?? null]),
        total([s.scores?.average ?? null, null, null]),
      ],
    },
  };
  return keys.filter((k): k is DataTableKey => k in tables).map((k, i) => ({ ...tables[k], key: k, sheet: `Biểu ${i + 1}` }));
}

export function fmt(date: string): string {
  return date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : '';
}

/** An instant as dd/MM/yyyy HH:mm in Vietnam time. */
export function fmtInstant(iso: string): string {
  const vn = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${fmt(vn.slice(0, 10))} ${vn.slice(11, 16)}`;
}
