/**
 * The indicator catalogue (chỉ tiêu) of the periodic reports: code, name, unit, formula and the data table
 * (biểu) that carries it, read from a frozen snapshot. It feeds the report's "so với cùng kỳ" table and
 * the machine-readable export (Thông tư 05/2025/TT-VPCP asks reporting systems to take indicator values
 * as data). The codes are this application's own ("CCHC.…"): the official code list of the national
 * reporting system is not published with the Thông tư, so a province maps them when it submits.
 */
import type { Database } from '@cchc/db/schema';
import { formatChangeVi } from '@cchc/domain/format';
import type { DataTableKey } from '@cchc/domain/reports/regime';
import type { Kysely } from 'kysely';
import { periodOf, type Regime } from './regimes';
import { buildSnapshot, type ReportSnapshot } from './snapshot';

/** What an indicator reads: the province's figures of a period (this one's or the same period last year's). */
export type IndicatorSource = Pick<ReportSnapshot, 'province' | 'procedures' | 'scores'>;

export interface Indicator {
  code: string;
  name: string;
  unit: 'nhiệm vụ' | 'lượt' | 'phản ánh, kiến nghị' | 'thủ tục' | '%' | 'điểm';
  /** 'rate' compares in percentage points, 'count' in units and %. */
  kind: 'rate' | 'count';
  formula: string;
  table: DataTableKey;
  value: (s: IndicatorSource) => number | null;
}

export const INDICATORS: readonly Indicator[] = [
  {
    code: 'CCHC.NV.01',
    name: 'Số nhiệm vụ cải cách hành chính đến hạn trong kỳ',
    unit: 'nhiệm vụ',
    kind: 'count',
    formula: 'Nhiệm vụ của kế hoạch CCHC có thời hạn trong kỳ báo cáo',
    table: 'tasks',
    value: (s) => s.province.tasks.denominator,
  },
  {
    code: 'CCHC.NV.02',
    name: 'Tỷ lệ nhiệm vụ hoàn thành đúng hạn',
    unit: '%',
    kind: 'rate',
    formula: 'Nhiệm vụ hoàn thành đúng hạn ÷ nhiệm vụ đến hạn trong kỳ × 100',
    table: 'tasks',
    value: (s) => s.province.tasks.rate,
  },
  {
    code: 'CCHC.TCT.01',
    name: 'Tỷ lệ tham dự phiên họp của Tổ công tác',
    unit: '%',
    kind: 'rate',
    formula: 'Lượt có mặt ÷ lượt được mời × 100',
    table: 'meetings',
    value: (s) => s.province.attendance.rate,
  },
  {
    code: 'CCHC.TCT.02',
    name: 'Tỷ lệ thủ trưởng trực tiếp dự họp',
    unit: '%',
    kind: 'rate',
    formula: 'Lượt thủ trưởng trực tiếp dự ÷ lượt giấy mời yêu cầu thủ trưởng × 100',
    table: 'meetings',
    value: (s) => s.province.headAttendance.rate,
  },
  {
    code: 'CCHC.PAKN.01',
    name: 'Số phản ánh, kiến nghị tiếp nhận',
    unit: 'phản ánh, kiến nghị',
    kind: 'count',
    formula: 'Phản ánh, kiến nghị tiếp nhận trong kỳ (Nghị định 20/2008/NĐ-CP)',
    table: 'feedback',
    value: (s) => s.province.feedback.received,
  },
  {
    code: 'CCHC.PAKN.02',
    name: 'Tỷ lệ phản ánh, kiến nghị được trả lời đúng hạn',
    unit: '%',
    kind: 'rate',
    formula: 'Trả lời đúng hạn ÷ (đã trả lời + chưa trả lời đã quá hạn) × 100',
    table: 'feedback',
    value: (s) => s.province.feedback.onTimeRate,
  },
  {
    code: 'CCHC.PAKN.03',
    name: 'Số phản ánh, kiến nghị đang quá hạn trả lời',
    unit: 'phản ánh, kiến nghị',
    kind: 'count',
    formula: 'Phản ánh, kiến nghị chưa trả lời đã quá hạn tại ngày chốt số liệu',
    table: 'feedback',
    value: (s) => s.province.feedback.openOverdue,
  },
  {
    code: 'CCHC.PAKN.04',
    name: 'Tỷ lệ hài lòng với việc trả lời phản ánh, kiến nghị',
    unit: '%',
    kind: 'rate',
    formula: '(Thuộc thẩm quyền − không hài lòng) ÷ thuộc thẩm quyền × 100',
    table: 'feedback',
    value: (s) => s.province.feedback.satisfactionRate,
  },
  {
    code: 'CCHC.TTHC.01',
    name: 'Tỷ lệ rà soát thủ tục hành chính đề xuất đúng hạn',
    unit: '%',
    kind: 'rate',
    formula: 'Đợt rà soát có đề xuất đúng hạn ÷ đợt rà soát đến hạn × 100',
    table: 'procedures',
    value: (s) => s.province.reviews.rate,
  },
  {
    code: 'CCHC.TTHC.02',
    name: 'Số thủ tục hành chính không phát sinh hồ sơ',
    unit: 'thủ tục',
    kind: 'count',
    formula: 'Thủ tục không phát sinh hồ sơ trong số tháng của lượt rà soát gần nhất đến ngày chốt số liệu',
    table: 'procedures',
    value: (s) => s.procedures.dormantProcedures,
  },
  {
    code: 'CCHC.DG.01',
    name: 'Điểm cải cách hành chính bình quân của cơ quan',
    unit: 'điểm',
    kind: 'rate',
    formula: 'Bình quân tổng điểm (%) của các cơ quan được chấm trong kỳ',
    table: 'scores',
    value: (s) => s.scores?.average ?? null,
  },
];

/** The indicators a regime's data tables cover, in the catalogue's order. */
export function indicatorsOf(dataTables: readonly string[]): Indicator[] {
  return INDICATORS.filter((i) => dataTables.includes(i.table));
}

/** The same period last year's figures, kept in the snapshot beside this period's. */
export interface LastYearFigures extends IndicatorSource {
  periodKey: string;
  label: string;
  /** From that period's latest frozen report, or computed now by the same functions. */
  source: { kind: 'report'; version: number } | { kind: 'computed' };
}

/** '2026-q3' → '2025-q3' (a regime's period keys begin with the reporting year). */
export function lastYearKey(periodKey: string): string {
  return `${Number(periodKey.slice(0, 4)) - 1}${periodKey.slice(4)}`;
}

export async function samePeriodLastYear(
  db: Kysely<Database>,
  regime: Regime,
  periodKey: string,
  today: string,
): Promise<LastYearFigures | null> {
  const key = lastYearKey(periodKey);
  let period: Awaited<ReturnType<typeof periodOf>>;
  try {
    period = await periodOf(db, regime, key);
  } catch {
    return null;
  }
  const frozen = await db
    .selectFrom('report')
    .select(['version', 'snapshot'])
    .where('regimeId', '=', regime.id)
    .where('periodKey', '=', key)
    .where('status', 'in', ['ready', 'finalised'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const s = frozen?.snapshot as ReportSnapshot | undefined;
  if (frozen && s?.province) {
    return {
      periodKey: key,
      label: period.label,
      source: { kind: 'report', version: frozen.version },
      province: s.province,
      procedures: s.procedures,
      scores: s.scores,
    };
  }
  const computed = await buildSnapshot(db, regime, period, today);
  return {
    periodKey: key,
    label: period.label,
    source: { kind: 'computed' },
    province: computed.province,
    procedures: computed.procedures,
    scores: computed.scores,
  };
}

export interface IndicatorValue {
  code: string;
  name: string;
  unit: Indicator['unit'];
  formula: string;
  table: DataTableKey;
  value: number | null;
  lastYear: number | null;
  /** "tăng 4,2 điểm %", "giảm 12 (15,8%)", "không đổi"; null when a side is missing. */
  change: string | null;
}

export function indicatorValues(
  dataTables: readonly string[],
  current: IndicatorSource,
  lastYear: IndicatorSource | null | undefined,
): IndicatorValue[] {
  return indicatorsOf(dataTables).map((i) => {
    const value = i.value(current);
    const before = lastYear ? i.value(lastYear) : null;
    return {
      code: i.code,
      name: i.name,
      unit: i.unit,
      formula: i.formula,
      table: i.table,
      value,
      lastYear: before,
      change: formatChangeVi(value, before, i.kind),
    };
  });
}
