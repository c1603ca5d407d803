/**
 * How well an agency responds to feedback, per period (DOMAIN.md "Feedback", QĐ 766). Every figure is
 * defined once here: `countFeedback` says which items count where, `feedbackFigures` turns counts into
 * rates. The SQL twins (core/feedback/figures-sql.ts, over raw items and over the half-month rollups)
 * produce the same counts; a test holds the three equal.
 *
 * - Items belong to a period by their first-receipt date (Vietnam), each item once.
 * - The measure date is the period's end, or today while the period runs.
 * - Within competence: not refused or returned.
 * - On time: answered on or before the answer due date; an open item is on time while the measure date
 *   is on or before its due date (QĐ 766: open items count as on time until the limit passes).
 * - On-time rate = on time ÷ within competence × 100.
 * - Satisfaction rate = (within competence − items rated unsatisfied, complained again or answered late,
 *   each item once) ÷ within competence × 100.
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
  openOnTime: number;
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
  openOnTime: 0,
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
  onTime: number;
  /** % with one decimal; null = N/A. */
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

/** The date open items are measured at: the period's end, or `today` while the period runs. */
export function measureDate(period: FeedbackPeriod, today: IsoDate): IsoDate {
  return today < period.to ? today : period.to;
}

/** Answered on or before the due date; an open item is on time while `measure` is on or before its due date. */
export function isFeedbackOnTime(item: Pick<FeedbackFigureItem, 'answerDue' | 'answeredOn'>, measure: IsoDate): boolean {
  return (item.answeredOn ?? measure) <= item.answerDue;
}

export function isAnsweredLate(item: Pick<FeedbackFigureItem, 'answerDue' | 'answeredOn'>): boolean {
  return item.answeredOn !== null && item.answeredOn > item.answerDue;
}

/** Counts toward the satisfaction rate's deductions: rated unsatisfied, complained again, or answered late. */
export function isNotSatisfied(
  item: Pick<FeedbackFigureItem, 'satisfaction' | 'recomplaint' | 'answerDue' | 'answeredOn'>,
): boolean {
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
    keys.push('answered', isFeedbackOnTime(item, measure) ? 'answeredOnTime' : 'answeredLate');
  } else {
    keys.push(isFeedbackOnTime(item, measure) ? 'openOnTime' : 'openOverdue');
  }
  if (isNotSatisfied(item)) keys.push('notSatisfied');
  return keys;
}

export function countFeedback(items: readonly FeedbackFigureItem[], period: FeedbackPeriod, today: IsoDate): FeedbackCounts {
  const measure = measureDate(period, today);
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
    openOnTime: a.openOnTime + b.openOnTime,
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
  const onTime = c.answeredOnTime + c.openOnTime;
  return {
    received: c.received,
    withinCompetence: c.withinCompetence,
    answered: c.answered,
    onTime,
    onTimeRate: pct(onTime, c.withinCompetence),
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
      return keys.includes('answeredOnTime') || keys.includes('openOnTime');
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
