/**
 * Agency compliance scores (DOMAIN.md "Agency compliance scores"): a versioned scheme of components,
 * each with its points (weight) and threshold, scaled by the QĐ 766 rule
 * points = min(rate ÷ threshold, 1) × max points, and grouped by total (e.g. A ≥ 90%, B ≥ 80%).
 *
 * N/A: a component whose denominator is zero has no rate. Its points leave the maximum: the total is
 * the points earned ÷ the points available × 100. This is the same as sharing its weight among the
 * other components in proportion to theirs, so an agency is never punished (0 points) nor rewarded
 * (full points) for something it had no occasion to do. The scorecard shows the reduced maximum.
 */
import { ratePercent } from '../rates';
export const SCORE_COMPONENT_KEYS = [
  'tasks_on_time',
  'attendance',
  'head_attendance',
  'feedback_on_time',
  'feedback_satisfaction',
  'reviews_on_time',
  'reports_on_time',
  'dossiers_on_time',
] as const;
export type ScoreComponentKey = (typeof SCORE_COMPONENT_KEYS)[number];

/** The module each component's inputs come from, for links to the items behind it. */
export const COMPONENT_MODULE: Record<ScoreComponentKey, 'plans' | 'meetings' | 'feedback' | 'procedures' | 'reports'> = {
  tasks_on_time: 'plans',
  attendance: 'meetings',
  head_attendance: 'meetings',
  feedback_on_time: 'feedback',
  feedback_satisfaction: 'feedback',
  reviews_on_time: 'procedures',
  reports_on_time: 'reports',
  dossiers_on_time: 'procedures',
};

/**
 * The points and threshold a component starts with when a province adds it to its scheme. Dossiers on
 * time weigh 20 of 100 points, as "tiến độ, kết quả giải quyết" in QĐ 766/QĐ-TTg; the others are the
 * default scheme's.
 */
export const COMPONENT_DEFAULTS: Record<ScoreComponentKey, { points: number; threshold: number }> = {
  tasks_on_time: { points: 30, threshold: 90 },
  attendance: { points: 15, threshold: 100 },
  head_attendance: { points: 10, threshold: 80 },
  feedback_on_time: { points: 20, threshold: 90 },
  feedback_satisfaction: { points: 15, threshold: 90 },
  reviews_on_time: { points: 10, threshold: 80 },
  reports_on_time: { points: 10, threshold: 100 },
  dossiers_on_time: { points: 20, threshold: 100 },
};

export interface SchemeComponent {
  key: ScoreComponentKey;
  /** Maximum points; the points of all components add up to 100. */
  points: number;
  /** Rate (%) at or above which the component earns its full points. */
  threshold: number;
}

export interface SchemeGroup {
  name: string;
  /** Lowest total (%) of the group; groups are tried from the highest minimum down. */
  min: number;
}

export interface ScoreScheme {
  components: SchemeComponent[];
  groups: SchemeGroup[];
}

/** A component's inputs for one agency and period. */
export interface ComponentInput {
  numerator: number;
  denominator: number;
}

export interface ComponentResult extends ComponentInput {
  key: ScoreComponentKey;
  /** % with one decimal; null = N/A. */
  rate: number | null;
  maxPoints: number;
  threshold: number;
  /** null when N/A. */
  points: number | null;
}

export interface ScoreResult {
  components: ComponentResult[];
  earned: number;
  /** Maximum points once N/A components are left out. */
  available: number;
  /** earned ÷ available × 100, one decimal; null when every component is N/A. */
  total: number | null;
  group: string | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** QĐ 766 scaling: min(rate ÷ threshold, 1) × max points; a threshold of 0 gives full points. */
export function componentPoints(rate: number, threshold: number, maxPoints: number): number {
  if (threshold <= 0) return maxPoints;
  return round2(Math.min(rate / threshold, 1) * maxPoints);
}

export function groupOf(total: number | null, groups: readonly SchemeGroup[]): string | null {
  if (total === null) return null;
  const sorted = [...groups].sort((a, b) => b.min - a.min);
  return sorted.find((g) => total >= g.min)?.name ?? null;
}

export function scoreAgency(scheme: ScoreScheme, inputs: Partial<Record<ScoreComponentKey, ComponentInput>>): ScoreResult {
  const components: ComponentResult[] = scheme.components.map((c) => {
    const input = inputs[c.key] ?? { numerator: 0, denominator: 0 };
    const rate = ratePercent(input.numerator, input.denominator);
    // Points from the exact ratio, not the rounded rate, so a hair below the threshold is not full points.
    const points =
      input.denominator === 0 ? null : componentPoints((input.numerator / input.denominator) * 100, c.threshold, c.points);
    return {
      key: c.key,
      numerator: input.numerator,
      denominator: input.denominator,
      rate,
      maxPoints: c.points,
      threshold: c.threshold,
      points,
    };
  });
  const earned = round2(components.reduce((s, c) => s + (c.points ?? 0), 0));
  const available = round2(components.reduce((s, c) => s + (c.points === null ? 0 : c.maxPoints), 0));
  const total = available === 0 ? null : round1((earned / available) * 100);
  return { components, earned, available, total, group: groupOf(total, scheme.groups) };
}

/**
 * Where the most points are to gain: for each component with a rate, how many points of the total (%)
 * reaching its threshold would add, largest first.
 */
export function pointsToGain(result: ScoreResult): { key: ScoreComponentKey; gain: number }[] {
  if (result.available === 0) return [];
  return result.components
    .filter((c) => c.points !== null && c.points < c.maxPoints)
    .map((c) => ({ key: c.key, gain: round1((((c.maxPoints - (c.points ?? 0)) / result.available) * 100) as number) }))
    .sort((a, b) => b.gain - a.gain);
}

/** Competition ranks by total (1, 2, 2, 4 …) within one peer group; N/A totals are not ranked. */
export function rankTotals<T extends { total: number | null }>(rows: readonly T[]): Map<T, number> {
  const ranked = rows.filter((r) => r.total !== null).sort((a, b) => (b.total as number) - (a.total as number));
  const ranks = new Map<T, number>();
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    ranks.set(r, prev && prev.total === r.total ? (ranks.get(prev) as number) : i + 1);
  });
  return ranks;
}

/** A scheme is valid when its components are distinct, points add up to 100 and thresholds lie in (0, 100]. */
export function schemeProblems(scheme: ScoreScheme): string[] {
  const problems: string[] = [];
  const keys = scheme.components.map((c) => c.key);
  if (new Set(keys).size !== keys.length) problems.push('Mỗi thành phần chỉ được khai báo một lần.');
  if (!scheme.components.length) problems.push('Bộ tiêu chí cần ít nhất một thành phần.');
  const sum = round2(scheme.components.reduce((s, c) => s + c.points, 0));
  if (sum !== 100) problems.push(`Tổng điểm các thành phần phải bằng 100 (hiện là ${sum}).`);
  for (const c of scheme.components) {
    if (c.points <= 0) problems.push('Điểm tối đa của mỗi thành phần phải lớn hơn 0.');
    if (c.threshold <= 0 || c.threshold > 100) problems.push('Ngưỡng phải trong khoảng (0, 100] %.');
  }
  const mins = scheme.groups.map((g) => g.min);
  if (new Set(scheme.groups.map((g) => g.name)).size !== scheme.groups.length) problems.push('Tên nhóm xếp loại bị trùng.');
  if (mins.some((m) => m < 0 || m > 100)) problems.push('Ngưỡng nhóm xếp loại phải trong khoảng 0–100 %.');
  if (!mins.includes(0)) problems.push('Cần một nhóm xếp loại bắt đầu từ 0 %.');
  return [...new Set(problems)];
}

/** The scheme provinces start from: PAR-Index-like weights, 766 thresholds, A ≥ 90%, B ≥ 80%, C below. */
export const DEFAULT_SCHEME: ScoreScheme = {
  components: [
    { key: 'tasks_on_time', points: 30, threshold: 90 },
    { key: 'attendance', points: 15, threshold: 100 },
    { key: 'head_attendance', points: 10, threshold: 80 },
    { key: 'feedback_on_time', points: 20, threshold: 90 },
    { key: 'feedback_satisfaction', points: 15, threshold: 90 },
    { key: 'reviews_on_time', points: 10, threshold: 80 },
  ],
  groups: [
    { name: 'A', min: 90 },
    { name: 'B', min: 80 },
    { name: 'C', min: 0 },
  ],
};

/**
 * The day deadlines are judged on: today while the period runs; once it has closed, the day after its
 * end, so something due on the period's last day and not done by the end of that day counts as late
 * (periods under Nghị định 09 end on the 14th, a common deadline).
 */
export function deadlineMeasure(period: { from: string; to: string }, today: string): string {
  if (today <= period.to) return today;
  const d = new Date(`${period.to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Report inputs: submissions made by their due date ÷ submissions due in the period that are made or past due. */
export function reportInput(
  submissions: readonly { due: string; submittedOn: string | null }[],
  measure: string,
): ComponentInput {
  return reviewInput(
    submissions.map((s) => ({ proposeDue: s.due, proposedOn: s.submittedOn })),
    measure,
  );
}

/** Task inputs: finished on time ÷ (finished + overdue) among tasks due in the period (domain taskStatus). */
export function taskInput(statuses: readonly string[]): ComponentInput {
  const onTime = statuses.filter((s) => s === 'done_on_time').length;
  const counted = statuses.filter((s) => s === 'done_on_time' || s === 'done_late' || s === 'overdue').length;
  return { numerator: onTime, denominator: counted };
}

/** Review inputs: proposals made by their due date ÷ reviews due in the period that are proposed or past due. */
export function reviewInput(
  reviews: readonly { proposeDue: string; proposedOn: string | null }[],
  measure: string,
): ComponentInput {
  let numerator = 0;
  let denominator = 0;
  for (const r of reviews) {
    if (r.proposedOn !== null) {
      denominator++;
      if (r.proposedOn <= r.proposeDue) numerator++;
    } else if (measure > r.proposeDue) denominator++;
  }
  return { numerator, denominator };
}

export const SCORE_PERIOD_KINDS = ['month', 'quarter', 'half_year', 'nine_months', 'year', 'custom'] as const;
export type ScorePeriodKind = (typeof SCORE_PERIOD_KINDS)[number];
export const SCORE_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ScoreRunStatus = (typeof SCORE_RUN_STATUSES)[number];
