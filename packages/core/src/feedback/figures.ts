/** Per-agency responsiveness figures for a period: from the rollups when the period allows, else from the items. */
import type { Database } from '@cchc/db/schema';
import { addMonths, type IsoDate } from '@cchc/domain/calendar/dates';
import {
  addFeedbackCounts,
  EMPTY_FEEDBACK_COUNTS,
  type FeedbackCounts,
  type FeedbackFigures,
  type FeedbackPeriod,
  feedbackFigures,
  isBucketAligned,
} from '@cchc/domain/feedback/figures';
import { isAgencyScoped, type Role } from '@cchc/domain/roles';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock';
import { cachedByVersion } from '../data-version';
import { heavyRead } from '../heavy-reads';
import { agencySubtreeIds } from '../org/scope';
import { countsFromItems, countsFromRollups } from './figures-sql';

export type FiguresSource = 'rollups' | 'items';

/** Counts per agency for a period, choosing the rollups when the period is made of whole half-months. */
export async function feedbackCountsByAgency(
  db: Kysely<Database>,
  period: FeedbackPeriod,
  today: IsoDate,
  agencyIds: readonly string[] | null = null,
): Promise<{ source: FiguresSource; measure: IsoDate; counts: Map<string, FeedbackCounts> }> {
  // Judged on the day the figures are computed, for closed periods too (domain feedback/figures.ts).
  const measure = today;
  if (isBucketAligned(period))
    return { source: 'rollups', measure, counts: await countsFromRollups(db, period, measure, agencyIds) };
  return { source: 'items', measure, counts: await countsFromItems(db, period, measure, agencyIds) };
}

export interface AgencyFeedbackRow extends FeedbackFigures {
  agencyId: string;
  code: string;
  name: string;
  kind: string;
  /** Rank by on-time rate, then satisfaction rate, among agencies of the same kind (N/A last). */
  rank: number | null;
  /** On-time rate of each of the last six calendar months, oldest first. */
  trend: { month: IsoDate; onTimeRate: number | null }[];
}

const byRate = (a: AgencyFeedbackRow, b: AgencyFeedbackRow) =>
  (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) ||
  (b.satisfactionRate ?? -1) - (a.satisfactionRate ?? -1) ||
  a.name.localeCompare(b.name, 'vi');

/** The last `months` calendar months up to `today`'s month, oldest first. */
export function trailingMonths(today: IsoDate, months: number): FeedbackPeriod[] {
  const first = `${today.slice(0, 7)}-01`;
  return Array.from({ length: months }, (_, i) => {
    const from = addMonths(first, i - months + 1);
    const [y, m] = from.split('-').map(Number) as [number, number];
    return { from, to: `${from.slice(0, 8)}${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` };
  });
}

/** The tables the figures of every agency read: a write to any of them means computing them afresh. */
const FIGURES_TABLES = ['agency', 'feedback', 'feedback_rollup', 'feedback_rollup_open', 'feedback_rollup_days'] as const;

/**
 * Every agency's figures for a period, ranked among peers, with a six-month trend. The same for every
 * viewer, so computed once per data version and day (in the heavy-read queue) and shared.
 */
export async function feedbackFiguresByAgency(
  db: Kysely<Database>,
  viewer: { role: Role; agencyId: string },
  input: { from: IsoDate; to: IsoDate; agencyKind?: string | null },
  clock: Clock,
) {
  const today = clock.today();
  const period = { from: input.from, to: input.to };
  const kind = input.agencyKind ?? null;
  const figures = await cachedByVersion(db, FIGURES_TABLES, `feedback.figures|${period.from}|${period.to}|${kind}|${today}`, () =>
    heavyRead(() => computeFiguresByAgency(db, period, kind, today)),
  );
  // Agency-scoped viewers see every agency's figures (they are public in the index) but the ranking is about peers.
  const own = isAgencyScoped(viewer.role) ? viewer.agencyId : null;
  return { period, ...figures, asOf: new Date(clock.now()), ownAgencyId: own };
}

async function computeFiguresByAgency(db: Kysely<Database>, period: FeedbackPeriod, agencyKind: string | null, today: IsoDate) {
  const { source, measure, counts } = await feedbackCountsByAgency(db, period, today);
  const trendPeriods = trailingMonths(today, 6);
  // One month after the other: one connection for the whole screen.
  const trendCounts: Awaited<ReturnType<typeof countsFromRollups>>[] = [];
  for (const p of trendPeriods) trendCounts.push(await countsFromRollups(db, p, today));
  let agencies = db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'kind'])
    .where('id', 'in', [...counts.keys(), '00000000-0000-0000-0000-000000000000']);
  if (agencyKind) agencies = agencies.where(sql<boolean>`kind = ${agencyKind}`);
  const rows: AgencyFeedbackRow[] = (await agencies.execute()).map((a) => ({
    agencyId: a.id,
    code: a.code,
    name: a.name,
    kind: a.kind,
    rank: null,
    ...feedbackFigures(counts.get(a.id) ?? EMPTY_FEEDBACK_COUNTS),
    trend: trendPeriods.map((p, i) => ({
      month: p.from,
      onTimeRate: feedbackFigures(trendCounts[i]?.get(a.id) ?? EMPTY_FEEDBACK_COUNTS).onTimeRate,
    })),
  }));
  for (const kind of new Set(rows.map((r) => r.kind))) {
    const peers = rows.filter((r) => r.kind === kind && r.onTimeRate !== null).sort(byRate);
    peers.forEach((r, i) => {
      r.rank = i + 1;
    });
  }
  rows.sort((a, b) => a.kind.localeCompare(b.kind) || byRate(a, b));
  const total = feedbackFigures([...counts.values()].reduce(addFeedbackCounts, { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] }));
  return { measure, source, rows, total };
}

/** One agency (with its sub-agencies) over the last twelve months and for the period: its head's page. */
export async function agencyFeedbackPage(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: IsoDate; to: IsoDate },
  clock: Clock,
) {
  const today = clock.today();
  const page = await cachedByVersion(
    db,
    FIGURES_TABLES,
    `feedback.agencyPage|${agencyId}|${input.from}|${input.to}|${today}`,
    () => computeAgencyPage(db, agencyId, { from: input.from, to: input.to }, today),
  );
  return { ...page, asOf: new Date(clock.now()) };
}

async function computeAgencyPage(db: Kysely<Database>, agencyId: string, period: FeedbackPeriod, today: IsoDate) {
  const ids = await agencySubtreeIds(db, agencyId);
  const agency = await db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'kind'])
    .where('id', '=', agencyId)
    .executeTakeFirst();
  const { source, measure, counts } = await feedbackCountsByAgency(db, period, today, ids);
  const sum = [...counts.values()].reduce(addFeedbackCounts, { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] });
  // One month after the other: one connection for the page, not twelve.
  const trend = [];
  for (const p of trailingMonths(today, 12)) {
    const c = [...(await countsFromRollups(db, p, today, ids)).values()].reduce(addFeedbackCounts, {
      ...EMPTY_FEEDBACK_COUNTS,
      answerDays: [],
    });
    const f = feedbackFigures(c);
    trend.push({ month: p.from, received: f.received, onTimeRate: f.onTimeRate, satisfactionRate: f.satisfactionRate });
  }
  return { agency, period, measure, source, figures: feedbackFigures(sum), trend };
}
