/**
 * Reporting regimes (chế độ báo cáo, DOMAIN.md "Reporting periods", Nghị định 09/2019): which periods a
 * regime reports on in a year, their cut-offs, and the send deadline of each level. Pure: the holiday
 * calendar comes in as a WorkingCalendar.
 */
import { addDays, type IsoDate, isoDate } from '../calendar/dates';
import { type Period, type PeriodConvention, type PeriodFrequency, periodContaining } from '../calendar/periods';
import type { WorkingCalendar } from '../calendar/working-calendar';

/** One report of the year, e.g. the CCHC regime's "6 tháng" = the first half year. */
export interface RegimeSlot {
  key: string;
  label: string;
  frequency: PeriodFrequency;
  /** 1-based index of the period within the (reporting) year: quarter 3, half 1, month 11 … */
  index: number;
}

/**
 * A send deadline: `day_of_last_month` = that day of the period's last month (agencies → province by
 * the 17th); `working_days_after_cutoff` = that many working days after the cut-off. A day that is not a
 * working day moves to the next working day (Bộ luật Dân sự, Điều 148).
 */
export type DeadlineRule = { kind: 'day_of_last_month'; day: number } | { kind: 'working_days_after_cutoff'; days: number };

export interface RegimeRules {
  frequency: PeriodFrequency;
  convention: PeriodConvention;
  /** Reports of the year when they are not simply every period of `frequency` (e.g. Q1, 6 months, Q3, year). */
  slots: RegimeSlot[] | null;
  agencyDeadline: DeadlineRule;
  provinceDeadline: DeadlineRule;
}

export interface RegimePeriod extends Period {
  key: string;
  label: string;
  frequency: PeriodFrequency;
  /** The last day of data: the period's end. */
  cutoff: IsoDate;
  /** Reporting agencies → receiving agency. */
  agencyDue: IsoDate;
  /** Receiving agency (province) → the next level. */
  provinceDue: IsoDate;
}

const SPAN: Record<PeriodFrequency, number> = { month: 1, quarter: 3, half_year: 6, nine_months: 9, year: 12 };
const COUNT: Record<PeriodFrequency, number> = { month: 12, quarter: 4, half_year: 2, nine_months: 1, year: 1 };
const LABEL: Record<PeriodFrequency, (i: number) => string> = {
  month: (i) => `Tháng ${i}`,
  quarter: (i) => `Quý ${['I', 'II', 'III', 'IV'][i - 1]}`,
  half_year: (i) => (i === 1 ? '6 tháng đầu năm' : '6 tháng cuối năm'),
  nine_months: () => '9 tháng',
  year: () => 'Năm',
};

/** The period `index` of `frequency` in reporting year `year` (Nghị định 09: the year ends on 14/12). */
export function periodOfYear(year: number, frequency: PeriodFrequency, index: number, convention: PeriodConvention): Period {
  const lastMonth = frequency === 'nine_months' ? 9 : index * SPAN[frequency];
  // Any date inside the period identifies it: the 1st of its last month works for both conventions.
  return periodContaining(isoDate(year, lastMonth, 1), frequency, convention);
}

export function deadlineFor(rule: DeadlineRule, cutoff: IsoDate, calendar: WorkingCalendar): IsoDate {
  if (rule.kind === 'working_days_after_cutoff') return calendar.addWorkingDays(cutoff, Math.max(1, rule.days));
  const [y, m] = cutoff.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = isoDate(y, m, Math.min(rule.day, last));
  // At least one working day after the cut-off (Điều 8.5), then on a working day.
  const earliest = calendar.addWorkingDays(cutoff, 1);
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as text (Math.max would give NaN)
  return calendar.onOrNextWorkingDay(day < earliest ? earliest : day);
}

/** The slots of a regime's year: its own, or every period of its frequency. */
export function slotsOf(rules: Pick<RegimeRules, 'frequency' | 'slots'>): RegimeSlot[] {
  if (rules.slots?.length) return rules.slots;
  return Array.from({ length: COUNT[rules.frequency] }, (_, i) => ({
    key: `${rules.frequency}-${i + 1}`,
    label: LABEL[rules.frequency](i + 1),
    frequency: rules.frequency,
    index: i + 1,
  }));
}

/** Every report of a regime for reporting year `year`, with cut-offs and deadlines. */
export function regimePeriods(rules: RegimeRules, year: number, calendar: WorkingCalendar): RegimePeriod[] {
  return slotsOf(rules).map((slot) => {
    const p = periodOfYear(year, slot.frequency, slot.index, rules.convention);
    return {
      ...p,
      key: `${year}-${slot.key}`,
      // "Quý III năm 2026", but "Năm 2026" and "6 tháng đầu năm 2026" (no "năm năm").
      label: /năm$/i.test(slot.label) ? `${slot.label} ${year}` : `${slot.label} năm ${year}`,
      frequency: slot.frequency,
      cutoff: p.to,
      agencyDue: deadlineFor(rules.agencyDeadline, p.to, calendar),
      provinceDue: deadlineFor(rules.provinceDeadline, p.to, calendar),
    };
  });
}

/** Reports whose cut-off falls in [from, to] (the report calendar), across reporting years. */
export function periodsBetween(rules: RegimeRules, from: IsoDate, to: IsoDate, calendar: WorkingCalendar): RegimePeriod[] {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4)) + 1;
  const out: RegimePeriod[] = [];
  for (let y = first; y <= last; y++)
    for (const p of regimePeriods(rules, y, calendar)) if (p.cutoff >= from && p.cutoff <= to) out.push(p);
  return out.sort((a, b) => a.cutoff.localeCompare(b.cutoff) || a.key.localeCompare(b.key));
}

/** The report of a regime with this key ('2026-quarter-3'), or null. */
export function regimePeriodByKey(rules: RegimeRules, key: string, calendar: WorkingCalendar): RegimePeriod | null {
  const year = Number(key.slice(0, 4));
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return null;
  return regimePeriods(rules, year, calendar).find((p) => p.key === key) ?? null;
}

/** Whether a submission made on `submittedOn` met its deadline. */
export function submittedOnTime(submittedOn: IsoDate, due: IsoDate): boolean {
  return submittedOn <= due;
}

/** The day after the cut-off: when a period's report opens. */
export function opensOn(period: Pick<RegimePeriod, 'cutoff'>): IsoDate {
  return addDays(period.cutoff, 1);
}

/** The provincial reform regime of the DOMAIN: Q1, 6 months, Q3, year; agencies by the 17th, province by the 20th. */
export const CCHC_REGIME_RULES: RegimeRules = {
  frequency: 'quarter',
  convention: 'nd09',
  slots: [
    { key: 'q1', label: 'Quý I', frequency: 'quarter', index: 1 },
    { key: 'h1', label: '6 tháng đầu năm', frequency: 'half_year', index: 1 },
    { key: 'q3', label: 'Quý III', frequency: 'quarter', index: 3 },
    { key: 'y', label: 'Năm', frequency: 'year', index: 1 },
  ],
  agencyDeadline: { kind: 'day_of_last_month', day: 17 },
  provinceDeadline: { kind: 'day_of_last_month', day: 20 },
};

export const MONTHLY_REGIME_RULES: RegimeRules = {
  frequency: 'month',
  convention: 'nd09',
  slots: null,
  agencyDeadline: { kind: 'working_days_after_cutoff', days: 2 },
  provinceDeadline: { kind: 'working_days_after_cutoff', days: 4 },
};

/** The đề cương of a reform report. */
export const DEFAULT_OUTLINE = [
  { key: 'results', title: 'Kết quả thực hiện nhiệm vụ cải cách hành chính' },
  { key: 'shortcomings', title: 'Tồn tại, hạn chế' },
  { key: 'causes', title: 'Nguyên nhân' },
  { key: 'directions', title: 'Phương hướng, nhiệm vụ kỳ tới' },
  { key: 'proposals', title: 'Đề xuất, kiến nghị' },
];

/** The biểu số liệu a report can carry, each filled from its module's figures. */
export const DATA_TABLES = [
  { key: 'tasks', title: 'Biểu 1. Kết quả thực hiện nhiệm vụ' },
  { key: 'meetings', title: 'Biểu 2. Tham dự phiên họp của Tổ công tác' },
  { key: 'feedback', title: 'Biểu 3. Tiếp nhận, trả lời phản ánh, kiến nghị' },
  { key: 'procedures', title: 'Biểu 4. Rà soát thủ tục hành chính không phát sinh hồ sơ' },
  { key: 'scores', title: 'Biểu 5. Điểm đánh giá CCHC của cơ quan' },
  { key: 'dossiers', title: 'Biểu 6. Giải quyết hồ sơ thủ tục hành chính' },
] as const;
export type DataTableKey = (typeof DATA_TABLES)[number]['key'];

export const REPORT_STATUSES = ['generating', 'ready', 'failed', 'finalised'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
