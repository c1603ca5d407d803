/**
 * How well an agency responds to feedback, per period (DOMAIN.md "Feedback"). Every figure is defined
 * once here: `countFeedback` says which items count where, `feedbackFigures` turns counts into rates.
 * The SQL twins (core/feedback/figures-sql.ts, over raw items and over the half-month rollups) produce
 * the same counts; a test holds the three equal. The rule, with its sources (shown in the app as
 * "Cách tính", see ../figures/definitions.ts):
 *
 * - Which items a period counts: those first received in it (Vietnam date), each item once —
 *   QĐ 766/QĐ-TTg 2022, Phụ lục (chỉ số về tiếp nhận, xử lý PAKN: "tính theo thời điểm tiếp nhận").
 * - Within competence: not refused or returned (Nghị định 20/2008/NĐ-CP, Điều 9 and 10, as amended).
 * - The measure date is the day the figure is computed (`today`), for closed periods too: an item is
 *   judged by what happened to it, never by when the period ended. So never answering can never score
 *   better than answering late (the earlier rule judged open items at the period's end, and an item
 *   received near the end of a closed period and never answered stayed "on time" forever).
 * - Answered: on time when answered on or before its due date, else late.
 * - Open: overdue (late) once the measure date is past its due date; before that it is "chưa đến hạn"
 *   (not yet due) and is counted in neither the numerator nor the denominator of the on-time rate.
 * - On-time rate = answered on time ÷ (answered + open overdue) × 100 — QĐ 766: "Tỷ lệ PAKN được xử lý
 *   đúng hạn".
 * - Satisfaction rate = (within competence − items handled late, rated unsatisfied or complained
 *   again, each item once) ÷ within competence × 100 — QĐ 766: "(Tổng số PAKN − số PAKN không hài lòng −
 *   số PAKN xử lý quá hạn) ÷ Tổng số PAKN"; "xử lý quá hạn" includes items still open past their due date.
 *   Ratings and repeated complaints are about an answer, so they count for answered items only.
 * - Time to answer: working days from the clock start (receipt, or forwarding) to the answer.
 * A rate with no item in its denominator is null ("N/A"), never 0%.
 */

import type { IsoDate } from '../calendar/dates';
import { ratePercent } from '../rates';
import { type FeedbackClassification, type FeedbackStatus, isWithinCompetence, type Satisfaction } from './workflow';

export interface FeedbackFigureItem {
  receivedOn: IsoDate;
  status: FeedbackStatus;
  answerDue: IsoDate;
  answeredOn: IsoDate | null;
  answerWorkingDays: number | null;
  satisfaction: Satisfaction;
  recomplaint: boolean;
  classification: FeedbackClassification | null;
}

export interface FeedbackPeriod {
  from: IsoDate;
  to: IsoDate;
}

/** The counts every figure is made of; also what the rollups store. */
export interface FeedbackCounts {
  received: number;
  withinCompetence: number;
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  /** Open, and the measure date is on or before its due date: "chưa đến hạn", not judged yet. */
  openNotDue: number;
  /** Open past its due date: late. */
  openOverdue: number;
  notSatisfied: number;
  regulation: number;
  conduct: number;
  /** Answered items by working days to answer: [days, items], days ascending. */
  answerDays: [number, number][];
}

export const EMPTY_FEEDBACK_COUNTS: FeedbackCounts = {
  received: 0,
  withinCompetence: 0,
  answered: 0,
  answeredOnTime: 0,
  answeredLate: 0,
  openNotDue: 0,
  openOverdue: 0,
  notSatisfied: 0,
  regulation: 0,
  conduct: 0,
  answerDays: [],
};

export interface FeedbackFigures {
  received: number;
  withinCompetence: number;
  answered: number;
  /** Answered on or before the due date. */
  onTime: number;
  /** Items judged for the on-time rate: answered, or open past their due date. */
  judged: number;
  /** Open items not yet due at the measure date ("chưa đến hạn"): in no on-time count. */
  notYetDue: number;
  /** On time ÷ judged, % with one decimal; null = N/A. */
  onTimeRate: number | null;
  openOverdue: number;
  answeredLate: number;
  medianAnswerDays: number | null;
  p90AnswerDays: number | null;
  notSatisfied: number;
  satisfactionRate: number | null;
  regulation: number;
  conduct: number;
  /** Share of classified items about regulations/policies/procedures, %; the rest are about conduct. */
  regulationShare: number | null;
}

/** Answered on or before its due date (an open item is never on time: it is either late or not yet due). */
export function isFeedbackOnTime(item: Pick<FeedbackFigureItem, 'answerDue' | 'answeredOn'>): boolean {
  return item.answeredOn !== null && item.answeredOn <= item.answerDue;
}

export function isAnsweredLate(item: Pick<FeedbackFigureItem, 'answerDue' | 'answeredOn'>): boolean {
  return item.answeredOn !== null && item.answeredOn > item.answerDue;
}

/** Still open once `measure` is past its due date. */
export function isOpenOverdue(item: Pick<FeedbackFigureItem, 'answerDue' | 'answeredOn'>, measure: IsoDate): boolean {
  return item.answeredOn === null && measure > item.answerDue;
}

/**
 * Counts toward the satisfaction rate's deductions (each item once): handled late (answered late, or
 * still open past its due date at `measure`), or an answer rated unsatisfied or complained about again.
 */
export function isNotSatisfied(
  item: Pick<FeedbackFigureItem, 'satisfaction' | 'recomplaint' | 'answerDue' | 'answeredOn'>,
  measure: IsoDate,
): boolean {
  if (item.answeredOn === null) return isOpenOverdue(item, measure);
  return item.satisfaction === 'unsatisfied' || item.recomplaint || isAnsweredLate(item);
}

/** Which counts an item adds to (the drill-down lists the items behind each). */
export function feedbackCountsOf(item: FeedbackFigureItem, measure: IsoDate): (keyof Omit<FeedbackCounts, 'answerDays'>)[] {
  const keys: (keyof Omit<FeedbackCounts, 'answerDays'>)[] = ['received'];
  if (item.classification === 'regulation') keys.push('regulation');
  if (item.classification === 'conduct') keys.push('conduct');
  if (!isWithinCompetence(item.status)) return keys;
  keys.push('withinCompetence');
  if (item.answeredOn !== null) {
    keys.push('answered', isFeedbackOnTime(item) ? 'answeredOnTime' : 'answeredLate');
  } else {
    keys.push(isOpenOverdue(item, measure) ? 'openOverdue' : 'openNotDue');
  }
  if (isNotSatisfied(item, measure)) keys.push('notSatisfied');
  return keys;
}

/** The counts of the items first received in `period`, judged at `measure` (the day the figure is computed). */
export function countFeedback(items: readonly FeedbackFigureItem[], period: FeedbackPeriod, measure: IsoDate): FeedbackCounts {
  const counts = { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] as [number, number][] };
  const days = new Map<number, number>();
  for (const item of items) {
    if (item.receivedOn < period.from || item.receivedOn > period.to) continue;
    for (const key of feedbackCountsOf(item, measure)) counts[key]++;
    if (isWithinCompetence(item.status) && item.answeredOn !== null && item.answerWorkingDays !== null) {
      days.set(item.answerWorkingDays, (days.get(item.answerWorkingDays) ?? 0) + 1);
    }
  }
  counts.answerDays = [...days.entries()].sort((a, b) => a[0] - b[0]);
  return counts;
}

/** Adds counts (e.g. half-month rollups into a quarter, or sub-agencies into their parent). */
export function addFeedbackCounts(a: FeedbackCounts, b: FeedbackCounts): FeedbackCounts {
  const days = new Map(a.answerDays);
  for (const [d, n] of b.answerDays) days.set(d, (days.get(d) ?? 0) + n);
  return {
    received: a.received + b.received,
    withinCompetence: a.withinCompetence + b.withinCompetence,
    answered: a.answered + b.answered,
    answeredOnTime: a.answeredOnTime + b.answeredOnTime,
    answeredLate: a.answeredLate + b.answeredLate,
    openNotDue: a.openNotDue + b.openNotDue,
    openOverdue: a.openOverdue + b.openOverdue,
    notSatisfied: a.notSatisfied + b.notSatisfied,
    regulation: a.regulation + b.regulation,
    conduct: a.conduct + b.conduct,
    answerDays: [...days.entries()].sort((x, y) => x[0] - y[0]),
  };
}

const pct = ratePercent;

/**
 * The p-th percentile (0–1) of the values a histogram describes, interpolated between the two nearest
 * ranks like PostgreSQL's percentile_cont; one decimal; null when empty.
 */
export function percentileFromHistogram(histogram: readonly [number, number][], p: number): number | null {
  const total = histogram.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const position = p * (total - 1);
  const lo = Math.floor(position);
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [value, n] of histogram) {
      seen += n;
      if (rank < seen) return value;
    }
    return histogram[histogram.length - 1]?.[0] ?? 0;
  };
  const low = valueAt(lo);
  const high = valueAt(Math.min(lo + 1, total - 1));
  return Math.round((low + (high - low) * (position - lo)) * 10) / 10;
}

export function feedbackFigures(c: FeedbackCounts): FeedbackFigures {
  const judged = c.answered + c.openOverdue;
  return {
    received: c.received,
    withinCompetence: c.withinCompetence,
    answered: c.answered,
    onTime: c.answeredOnTime,
    judged,
    notYetDue: c.openNotDue,
    onTimeRate: pct(c.answeredOnTime, judged),
    openOverdue: c.openOverdue,
    answeredLate: c.answeredLate,
    medianAnswerDays: percentileFromHistogram(c.answerDays, 0.5),
    p90AnswerDays: percentileFromHistogram(c.answerDays, 0.9),
    notSatisfied: c.notSatisfied,
    satisfactionRate: pct(c.withinCompetence - c.notSatisfied, c.withinCompetence),
    regulation: c.regulation,
    conduct: c.conduct,
    regulationShare: pct(c.regulation, c.regulation + c.conduct),
  };
}

/** The figures behind which the drill-down lists items. */
export const FEEDBACK_DRILLS = [
  'received',
  'withinCompetence',
  'answered',
  'onTime',
  'late',
  'openOverdue',
  'notYetDue',
  'notSatisfied',
  'regulation',
  'conduct',
] as const;
export type FeedbackDrill = (typeof FEEDBACK_DRILLS)[number];

/** Whether an item is behind a drill-down figure; the SQL drill-down is held equal to this by test. */
export function isInDrill(item: FeedbackFigureItem, drill: FeedbackDrill, measure: IsoDate): boolean {
  const keys = feedbackCountsOf(item, measure);
  switch (drill) {
    case 'onTime':
      return keys.includes('answeredOnTime');
    case 'notYetDue':
      return keys.includes('openNotDue');
    case 'late':
      return keys.includes('answeredLate') || keys.includes('openOverdue');
    default:
      return keys.includes(drill);
  }
}

/**
 * Half-month bucket of a date: the 1st or the 15th of its month. Calendar months and Nghị định 09's
 * 15th→14th periods are both unions of such buckets, so rollups serve either convention.
 */
export function feedbackBucket(date: IsoDate): IsoDate {
  return `${date.slice(0, 8)}${Number(date.slice(8, 10)) < 15 ? '01' : '15'}`;
}

/** Whether a period is a whole number of buckets (starts on a 1st or 15th, ends on a 14th or a month's end). */
export function isBucketAligned(period: FeedbackPeriod): boolean {
  const startDay = period.from.slice(8, 10);
  if (startDay !== '01' && startDay !== '15') return false;
  const endDay = Number(period.to.slice(8, 10));
  if (endDay === 14) return true;
  const [y, m] = period.to.split('-').map(Number) as [number, number];
  return endDay === new Date(Date.UTC(y, m, 0)).getUTCDate();
}
