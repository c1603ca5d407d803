/**
 * The three ways of counting feedback held equal: the domain rule (countFeedback, isInDrill), the SQL over
 * the raw items and the SQL over the half-month rollups, on a few hundred stored items of several agencies.
 */
import type { FeedbackTable } from '@cchc/db/schema';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { AgencyKind } from '@cchc/domain/agency';
import { addDays, type IsoDate } from '@cchc/domain/calendar/dates';
import {
  addFeedbackCounts,
  countFeedback,
  EMPTY_FEEDBACK_COUNTS,
  FEEDBACK_DRILLS,
  type FeedbackCounts,
  type FeedbackFigureItem,
  type FeedbackPeriod,
  feedbackBucket,
  feedbackFigures,
  isBucketAligned,
  isInDrill,
} from '@cchc/domain/feedback/figures';
import {
  FEEDBACK_CHANNELS,
  FEEDBACK_CLASSIFICATIONS,
  FEEDBACK_STATUSES,
  type FeedbackClassification,
  type FeedbackStatus,
  SATISFACTIONS,
} from '@cchc/domain/feedback/workflow';
import { type Insertable, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { agencyFeedbackPage, feedbackFiguresByAgency } from './figures';
import { countsFromItems, countsFromRollups, drillCondition, type RollupKey, refreshRollups } from './figures-sql';
import { ZFeedbackFilter } from './schemas';
import { listFeedback } from './service';

interface Case {
  label: string;
  period: FeedbackPeriod;
  today: IsoDate;
}

/** Periods with a "today" inside, on the last day and after; the rollups serve every aligned one. */
const PERIODS: { label: string; period: FeedbackPeriod; aligned: boolean; todays: IsoDate[] }[] = [
  {
    label: 'February 2026',
    period: { from: '2026-02-01', to: '2026-02-28' },
    aligned: true,
    todays: ['2026-02-14', '2026-02-28', '2026-03-20'],
  },
  {
    label: 'December 2025',
    period: { from: '2025-12-01', to: '2025-12-31' },
    aligned: true,
    todays: ['2025-12-15', '2026-01-05'],
  },
  {
    label: 'Q1 2026',
    period: { from: '2026-01-01', to: '2026-03-31' },
    aligned: true,
    todays: ['2026-02-15', '2026-03-31', '2026-11-21'],
  },
  {
    label: 'Q3 2026',
    period: { from: '2026-07-01', to: '2026-09-30' },
    aligned: true,
    todays: ['2026-08-14', '2026-10-01', '2027-01-10'],
  },
  {
    label: 'ND09 Q1 2026',
    period: { from: '2025-12-15', to: '2026-03-14' },
    aligned: true,
    todays: ['2026-01-31', '2026-03-14', '2026-03-15', '2026-06-01'],
  },
  {
    label: 'ND09 Q3 2026',
    period: { from: '2026-06-15', to: '2026-09-14' },
    aligned: true,
    todays: ['2026-07-15', '2026-09-14', '2026-11-21'],
  },
  { label: 'year 2026', period: { from: '2026-01-01', to: '2026-12-31' }, aligned: true, todays: ['2026-06-30', '2027-02-01'] },
  {
    label: 'non-aligned',
    period: { from: '2026-02-10', to: '2026-05-20' },
    aligned: false,
    todays: ['2026-04-02', '2026-05-20', '2026-08-01'],
  },
];
const CASES: (Case & { aligned: boolean })[] = PERIODS.flatMap((p) =>
  p.todays.map((today) => ({ label: p.label, period: p.period, today, aligned: p.aligned })),
);

/** A deterministic pseudo-random stream (mulberry32), so a failure reproduces. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rand = random(20261121);
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)] as T;

const lastDayOf = (month: string) => addDays(`${addMonthStart(month)}`, -1);
const addMonthStart = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
const MONTHS = ['2025-11', '2025-12', ...Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)];
/** The days that decide which bucket and which period an item falls in. */
const EDGE_DAYS: IsoDate[] = MONTHS.flatMap((m) => [`${m}-01`, `${m}-14`, `${m}-15`, lastDayOf(m)]);

let t: TestDatabase;
let agencies: Record<'A' | 'B' | 'C' | 'D', string>;

/** The stored items as the domain sees them, with their competent agency. */
async function storedItems() {
  const rows = await t.db
    .selectFrom('feedback')
    .select([
      'id',
      'competentAgencyId',
      'receivedOn',
      'status',
      'answerDue',
      'answeredOn',
      'answerWorkingDays',
      'satisfaction',
      'recomplaint',
      'classification',
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agencyId: r.competentAgencyId,
    item: {
      receivedOn: r.receivedOn,
      status: r.status,
      answerDue: r.answerDue,
      answeredOn: r.answeredOn,
      answerWorkingDays: r.answerWorkingDays,
      satisfaction: r.satisfaction,
      recomplaint: r.recomplaint,
      classification: r.classification as FeedbackClassification | null,
    } satisfies FeedbackFigureItem,
  }));
}
type Stored = Awaited<ReturnType<typeof storedItems>>[number];

function domainCounts(items: Stored[], agencyIds: readonly string[], period: FeedbackPeriod, today: IsoDate): FeedbackCounts {
  return countFeedback(
    items.filter((i) => i.agencyId !== null && agencyIds.includes(i.agencyId)).map((i) => i.item),
    period,
    today,
  );
}

const inPeriod = (i: Stored, p: FeedbackPeriod) => i.item.receivedOn >= p.from && i.item.receivedOn <= p.to;

async function rollupSnapshot() {
  const [counts, open, days] = await Promise.all([
    t.db.selectFrom('feedbackRollup').selectAll().orderBy('agencyId').orderBy('bucket').execute(),
    t.db.selectFrom('feedbackRollupOpen').selectAll().orderBy('agencyId').orderBy('bucket').orderBy('answerDue').execute(),
    t.db.selectFrom('feedbackRollupDays').selectAll().orderBy('agencyId').orderBy('bucket').orderBy('days').execute(),
  ]);
  return { counts, open, days };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const agency = async (code: string, name: string, kind: AgencyKind, parentId: string | null = null) =>
    (
      await t.db
        .insertInto('agency')
        .values({ code, name, fullName: `${name} tỉnh Hưng Yên`, kind, parentId, searchText: code })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const A = await agency('33.STP', 'Sở Tư pháp', 'department');
  const B = await agency('33.STC', 'Sở Tài chính', 'department');
  const C = await agency('33.SXD', 'Sở Xây dựng', 'department');
  // A commune under Sở Tư pháp only to exercise the subtree on the agency page.
  const D = await agency('33.X1', 'Phòng Tư pháp thử nghiệm', 'commune', A);
  agencies = { A, B, C, D };

  const rows = [];
  for (let i = 0; i < 420; i++) {
    const receivedOn = i % 2 === 0 ? (EDGE_DAYS[(i / 2) % EDGE_DAYS.length] as IsoDate) : addDays('2025-11-01', int(0, 425));
    const status = FEEDBACK_STATUSES[i % FEEDBACK_STATUSES.length] as FeedbackStatus;
    const answerDue = addDays(receivedOn, int(0, 40));
    let answeredOn: IsoDate | null = null;
    if (status === 'answered' || status === 'published') {
      const r = rand();
      const candidate = r < 0.15 ? answerDue : r < 0.25 ? addDays(answerDue, 1) : addDays(answerDue, int(-14, 10));
      // Never before the receipt (dates as text: Math.max does not apply).
      answeredOn = [candidate, receivedOn].sort()[1] ?? candidate;
    }
    const agencyRoll = rand();
    const competentAgencyId = agencyRoll < 0.06 ? null : pick([A, B, C, D]);
    rows.push(
      row(i, {
        receivedOn,
        status,
        answerDue,
        answeredOn,
        answerWorkingDays: answeredOn === null ? null : rand() < 0.1 ? null : int(0, 25),
        satisfaction: pick(SATISFACTIONS),
        recomplaint: rand() < 0.15,
        classification: pick([...FEEDBACK_CLASSIFICATIONS, null]),
        competentAgencyId,
      }),
    );
  }
  // Open items due exactly on each measure date and the day before: not yet due vs overdue at the edge.
  let n = 1000;
  for (const c of CASES) {
    const measure = c.today;
    for (const due of [measure, addDays(measure, -1)]) {
      rows.push(
        row(n++, {
          receivedOn: c.period.from,
          status: 'assigned',
          answerDue: due,
          answeredOn: null,
          answerWorkingDays: null,
          satisfaction: 'not_rated',
          recomplaint: false,
          classification: 'regulation',
          competentAgencyId: pick([A, B]),
        }),
      );
    }
  }
  await t.db.insertInto('feedback').values(rows).execute();
  await refreshRollups(t.db, null);
});
afterAll(async () => t.drop());

function row(i: number, f: FeedbackFigureItem & { competentAgencyId: string | null }): Insertable<FeedbackTable> {
  // Received between 00:00 and 23:59 in Hà Nội: the receipt date is the Vietnamese calendar day.
  const hour = [0, 8, 13, 23][i % 4] as number;
  const receivedAt = new Date(`${f.receivedOn}T${String(hour).padStart(2, '0')}:${hour === 23 ? '59' : '01'}:00+07:00`);
  return {
    externalId: `G-${i}`,
    receivedAt,
    receivedOn: f.receivedOn,
    channel: FEEDBACK_CHANNELS[i % FEEDBACK_CHANNELS.length] ?? 'letter',
    submitterType: i % 3 === 0 ? ('business' as const) : ('citizen' as const),
    submitterName: `Người gửi ${i}`,
    subject: `Phản ánh thử nghiệm ${i}`,
    content: 'Nội dung phản ánh thử nghiệm.',
    classification: f.classification,
    competentAgencyId: f.competentAgencyId,
    status: f.status,
    clockStart: f.receivedOn,
    refuseDue: f.receivedOn,
    infoDue: f.receivedOn,
    answerDue: f.answerDue,
    answeredOn: f.answeredOn,
    answeredAt: f.answeredOn === null ? null : new Date(`${f.answeredOn}T10:00:00+07:00`),
    answerWorkingDays: f.answerWorkingDays,
    satisfaction: f.satisfaction,
    recomplaint: f.recomplaint,
    searchText: `g-${i}`,
  };
}

describe('countsFromItems and countsFromRollups', () => {
  it('are tested on periods that are (or, for one, are not) whole half-months', () => {
    for (const p of PERIODS) expect(isBucketAligned(p.period), p.label).toBe(p.aligned);
  });

  it.each(CASES)('count every agency as countFeedback does: $label $period.from→$period.to, today $today', async (c) => {
    const items = await storedItems();
    const measure = c.today;
    const fromItems = await countsFromItems(t.db, c.period, measure);
    const fromRollups = c.aligned ? await countsFromRollups(t.db, c.period, measure) : null;
    const withItems = new Set(items.filter((i) => i.agencyId !== null && inPeriod(i, c.period)).map((i) => i.agencyId));
    // One entry per agency that received something in the period, and nothing for items without an agency.
    expect(new Set(fromItems.keys())).toEqual(withItems);
    if (fromRollups) expect(new Set(fromRollups.keys())).toEqual(withItems);
    for (const [name, id] of Object.entries(agencies)) {
      const expected = domainCounts(items, [id], c.period, c.today);
      expect(fromItems.get(id) ?? EMPTY_FEEDBACK_COUNTS, `items, agency ${name}`).toEqual(expected);
      if (fromRollups) expect(fromRollups.get(id) ?? EMPTY_FEEDBACK_COUNTS, `rollups, agency ${name}`).toEqual(expected);
    }
  });

  it('restricts the counts to the agencies asked for', async () => {
    const items = await storedItems();
    const c = { period: { from: '2026-01-01', to: '2026-03-31' }, today: '2026-11-21' };
    const measure = c.today;
    for (const counts of [
      await countsFromItems(t.db, c.period, measure, [agencies.A, agencies.D]),
      await countsFromRollups(t.db, c.period, measure, [agencies.A, agencies.D]),
    ]) {
      expect([...counts.keys()].sort()).toEqual([agencies.A, agencies.D].sort());
      expect(counts.get(agencies.D)).toEqual(domainCounts(items, [agencies.D], c.period, c.today));
    }
  });

  it('is a real check: every count occurs somewhere in the grid, and open items fall on both sides of the due date', async () => {
    const items = await storedItems();
    const seen = new Map<string, number>();
    let openBoth = false;
    for (const c of CASES) {
      for (const id of Object.values(agencies)) {
        const counts = domainCounts(items, [id], c.period, c.today);
        for (const [k, v] of Object.entries(counts)) seen.set(k, (seen.get(k) ?? 0) + (Array.isArray(v) ? v.length : v));
        openBoth ||= counts.openNotDue > 0 && counts.openOverdue > 0;
      }
    }
    for (const key of Object.keys(EMPTY_FEEDBACK_COUNTS)) expect(seen.get(key), key).toBeGreaterThan(0);
    expect(openBoth).toBe(true);
    // Some answered items have no working-day count, some items no agency and no classification.
    expect(items.some((i) => i.item.answeredOn !== null && i.item.answerWorkingDays === null)).toBe(true);
    expect(items.some((i) => i.agencyId === null)).toBe(true);
    expect(new Set(items.map((i) => i.item.status))).toEqual(new Set(FEEDBACK_STATUSES));
  });
});

describe('drillCondition', () => {
  it.each(CASES)(
    'lists exactly the items isInDrill puts behind each figure: $label $period.from→$period.to, today $today',
    async (c) => {
      const items = await storedItems();
      const measure = c.today;
      const candidates = items.filter((i) => i.agencyId !== null && inPeriod(i, c.period));
      for (const drill of FEEDBACK_DRILLS) {
        const rows = await t.db
          .selectFrom('feedback as f')
          .select('f.id')
          .where('f.competentAgencyId', 'is not', null)
          .where('f.receivedOn', '>=', c.period.from)
          .where('f.receivedOn', '<=', c.period.to)
          .where(drillCondition(drill, measure))
          .execute();
        const expected = candidates.filter((i) => isInDrill(i.item, drill, measure)).map((i) => i.id);
        expect(rows.map((r) => r.id).sort(), drill).toEqual(expected.sort());
      }
    },
  );

  it('makes the register list, behind each figure of the table, as many items as the figure says', async () => {
    const period = { from: '2026-06-15', to: '2026-09-14' };
    const clock = fixedClock('2026-08-20T03:00:00Z');
    const viewer = { userId: '00000000-0000-0000-0000-000000000000', role: 'working_group' as const, agencyId: agencies.C };
    const figures = await feedbackFiguresByAgency(t.db, viewer, period, clock);
    const row = figures.rows.find((r) => r.agencyId === agencies.B);
    if (!row) throw new Error('no row for agency B');
    const byDrill: Record<(typeof FEEDBACK_DRILLS)[number], number> = {
      received: row.received,
      withinCompetence: row.withinCompetence,
      answered: row.answered,
      onTime: row.onTime,
      late: row.answeredLate + row.openOverdue,
      openOverdue: row.openOverdue,
      notYetDue: row.notYetDue,
      notSatisfied: row.notSatisfied,
      regulation: row.regulation,
      conduct: row.conduct,
    };
    for (const drill of FEEDBACK_DRILLS) {
      const list = await listFeedback(
        t.db,
        viewer,
        ZFeedbackFilter.parse({ ...period, agencyId: agencies.B, drill, limit: 500 }),
        clock,
      );
      expect(list.total, drill).toBe(byDrill[drill]);
      expect(list.rows).toHaveLength(list.total);
    }
    expect(row.openOverdue).toBeGreaterThan(0);
  });
});

describe('feedbackFiguresByAgency and agencyFeedbackPage', () => {
  const clock = fixedClock('2026-11-21T03:00:00Z');
  const viewer = { userId: '00000000-0000-0000-0000-000000000000', role: 'agency_officer' as const, agencyId: '' };

  it('shows each agency the figures of the domain, from the rollups for a Nghị định 09 quarter', async () => {
    const items = await storedItems();
    const period = { from: '2026-06-15', to: '2026-09-14' };
    const result = await feedbackFiguresByAgency(t.db, { ...viewer, agencyId: agencies.A }, period, clock);
    // Judged on the day the figures are read, although the quarter closed on 14/9.
    expect(result).toMatchObject({ source: 'rollups', measure: '2026-11-21', ownAgencyId: agencies.A });
    expect(result.rows.map((r) => r.agencyId).sort()).toEqual(Object.values(agencies).sort());
    for (const r of result.rows) {
      const { agencyId, code: _c, name: _n, kind: _k, rank: _r, trend, ...figures } = r;
      expect(figures).toEqual(feedbackFigures(domainCounts(items, [agencyId], period, clock.today())));
      // The trend: the last six calendar months, each judged today.
      expect(trend.map((p) => p.month)).toEqual([
        '2026-06-01',
        '2026-07-01',
        '2026-08-01',
        '2026-09-01',
        '2026-10-01',
        '2026-11-01',
      ]);
      for (const p of trend) {
        const month = { from: p.month, to: addDays(addMonthStart(p.month.slice(0, 7)), -1) };
        expect(p.onTimeRate).toBe(feedbackFigures(domainCounts(items, [agencyId], month, clock.today())).onTimeRate);
      }
    }
    const all = Object.values(agencies);
    expect(result.total).toEqual(feedbackFigures(domainCounts(items, all, period, clock.today())));
    // Ranked among peers of the same kind by on-time rate (the commune is alone in its kind).
    const departments = result.rows.filter((r) => r.kind === 'department');
    expect(departments.map((r) => r.rank)).toEqual([1, 2, 3]);
    const rates = departments.map((r) => r.onTimeRate ?? -1);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(result.rows.find((r) => r.kind === 'commune')?.rank).toBe(1);
  });

  it('counts a period that is not made of half-months from the items', async () => {
    const items = await storedItems();
    const period = { from: '2026-02-10', to: '2026-05-20' };
    const result = await feedbackFiguresByAgency(t.db, { ...viewer, role: 'home_affairs', agencyId: agencies.A }, period, clock);
    expect(result.source).toBe('items');
    expect(result.ownAgencyId).toBeNull();
    const b = result.rows.find((r) => r.agencyId === agencies.B);
    expect(b?.onTimeRate).toBe(feedbackFigures(domainCounts(items, [agencies.B], period, clock.today())).onTimeRate);
  });

  it("gives an agency head's page the figures of the agency with its sub-agencies", async () => {
    const items = await storedItems();
    const period = { from: '2026-01-01', to: '2026-03-31' };
    const page = await agencyFeedbackPage(t.db, agencies.A, period, clock);
    expect(page.source).toBe('rollups');
    expect(page.figures).toEqual(feedbackFigures(domainCounts(items, [agencies.A, agencies.D], period, clock.today())));
    expect(page.figures.received).toBeGreaterThan(
      feedbackFigures(domainCounts(items, [agencies.A], period, clock.today())).received,
    );
    expect(page.trend).toHaveLength(12);
    const december = page.trend.find((p) => p.month === '2025-12-01');
    const decemberCounts = domainCounts(items, [agencies.A, agencies.D], { from: '2025-12-01', to: '2025-12-31' }, clock.today());
    expect(december).toEqual({
      month: '2025-12-01',
      received: decemberCounts.received,
      onTimeRate: feedbackFigures(decemberCounts).onTimeRate,
      satisfactionRate: feedbackFigures(decemberCounts).satisfactionRate,
    });
  });
});

describe('refreshRollups with keys', () => {
  it('after changes to some items, rebuilds just their buckets to what a full rebuild gives', async () => {
    const before = await rollupSnapshot();
    const items = await storedItems();
    const pickItem = (test: (i: Stored) => boolean, what: string) => {
      const found = items.find((i) => test(i) && !touched.has(i.id));
      if (!found) throw new Error(`no item: ${what}`);
      touched.add(found.id);
      return found;
    };
    const touched = new Set<string>();
    const keys: RollupKey[] = [];
    const keyOf = (agencyId: string | null, receivedOn: IsoDate) => {
      if (agencyId) keys.push({ agencyId, bucket: feedbackBucket(receivedOn) });
    };
    const change = async (i: Stored, patch: Record<string, unknown>) => {
      const after = await t.db
        .updateTable('feedback')
        .set(patch)
        .where('id', '=', i.id)
        .returning(['competentAgencyId', 'receivedOn'])
        .executeTakeFirstOrThrow();
      keyOf(i.agencyId, i.item.receivedOn);
      keyOf(after.competentAgencyId, after.receivedOn);
    };
    // Answered late, with its working days.
    const open = pickItem((i) => i.agencyId === agencies.A && i.item.status === 'assigned' && i.item.answeredOn === null, 'open');
    await change(open, {
      status: 'answered',
      answeredOn: addDays(open.item.answerDue, 3),
      answeredAt: new Date(`${addDays(open.item.answerDue, 3)}T09:00:00+07:00`),
      answerWorkingDays: 18,
    });
    // Forwarded from B to C.
    await change(
      pickItem((i) => i.agencyId === agencies.B && i.item.status === 'forwarded', 'forwarded'),
      { competentAgencyId: agencies.C },
    );
    // Received on the 14th, corrected to the 15th: another bucket.
    const fourteenth = pickItem((i) => i.agencyId === agencies.C && i.item.receivedOn.endsWith('-14'), '14th');
    await change(fourteenth, { receivedOn: addDays(fourteenth.item.receivedOn, 1) });
    // Refused, rated unsatisfied, a complaint again.
    await change(
      pickItem((i) => i.agencyId === agencies.D && i.item.status === 'info_requested', 'info requested'),
      {
        status: 'refused',
      },
    );
    await change(
      pickItem(
        (i) => i.agencyId === agencies.A && i.item.status === 'published' && i.item.satisfaction !== 'unsatisfied',
        'published',
      ),
      { satisfaction: 'unsatisfied', recomplaint: true },
    );
    // An item without an agency assigned, and one taken away from its agency.
    await change(
      pickItem((i) => i.agencyId === null, 'without agency'),
      { competentAgencyId: agencies.D, status: 'assigned' },
    );
    await change(
      pickItem((i) => i.agencyId === agencies.B && i.item.status === 'classified', 'classified'),
      { competentAgencyId: null },
    );

    await refreshRollups(t.db, keys);
    const keyed = await rollupSnapshot();
    expect(keyed).not.toEqual(before);
    await refreshRollups(t.db, null);
    const full = await rollupSnapshot();
    expect(keyed).toEqual(full);

    // And the figures from the rollups follow the items.
    const now = await storedItems();
    const period = { from: '2025-11-01', to: '2026-12-31' };
    const counts = await countsFromRollups(t.db, period, '2026-11-21');
    for (const id of Object.values(agencies)) {
      expect(counts.get(id)).toEqual(domainCounts(now, [id], period, '2026-11-21'));
    }
    const sum = [...counts.values()].reduce(addFeedbackCounts, { ...EMPTY_FEEDBACK_COUNTS, answerDays: [] });
    expect(sum.received).toBe(now.filter((i) => i.agencyId !== null).length);
  });

  it('stays right when two writes on the same agency and half-month commit at the same time', async () => {
    const row = await t.db
      .selectFrom('feedbackRollup')
      .select(['agencyId', 'bucket'])
      .where('agencyId', '=', agencies.A)
      .limit(1)
      .executeTakeFirstOrThrow();
    const key = { agencyId: row.agencyId, bucket: row.bucket };
    // Each transaction stays open a moment after its refresh, so the other one starts in the middle of it.
    await Promise.all(
      [0, 1].map(() =>
        t.db.transaction().execute(async (trx) => {
          await refreshRollups(trx, [key]);
          await sql`select pg_sleep(0.2)`.execute(trx);
        }),
      ),
    );
    const both = await rollupSnapshot();
    await refreshRollups(t.db, null);
    expect(both).toEqual(await rollupSnapshot());
  });
});
