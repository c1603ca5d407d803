import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ComponentInput,
  componentPoints,
  DEFAULT_SCHEME,
  deadlineMeasure,
  groupOf,
  pointsToGain,
  rankTotals,
  reportInput,
  reviewInput,
  SCORE_COMPONENT_KEYS,
  type ScoreComponentKey,
  schemeProblems,
  scoreAgency,
  taskInput,
} from './scheme';

describe('component points (QĐ 766 scaling)', () => {
  it('scales the rate against the threshold and caps at the maximum', () => {
    expect(componentPoints(72, 90, 30)).toBe(24); // 72 ÷ 90 × 30
    expect(componentPoints(95, 90, 30)).toBe(30);
    expect(componentPoints(0, 90, 30)).toBe(0);
  });
});

describe('scoreAgency', () => {
  it('matches a scorecard computed by hand', () => {
    // tasks 18/20 = 90% → 30; attendance 3/4 = 75% → 11.25; head 1/2 = 50% of 80 → 6.25;
    // feedback on time 9/12 = 75% of 90 → 16.67; satisfaction 10/12 = 83.3% of 90 → 13.89; reviews 0/0 N/A.
    const r = scoreAgency(DEFAULT_SCHEME, {
      tasks_on_time: { numerator: 18, denominator: 20 },
      attendance: { numerator: 3, denominator: 4 },
      head_attendance: { numerator: 1, denominator: 2 },
      feedback_on_time: { numerator: 9, denominator: 12 },
      feedback_satisfaction: { numerator: 10, denominator: 12 },
    });
    expect(r.components.map((c) => [c.key, c.rate, c.points])).toEqual([
      ['tasks_on_time', 90, 30],
      ['attendance', 75, 11.25],
      ['head_attendance', 50, 6.25],
      ['feedback_on_time', 75, 16.67],
      ['feedback_satisfaction', 83.3, 13.89],
      ['reviews_on_time', null, null],
    ]);
    expect(r.earned).toBe(78.06);
    expect(r.available).toBe(90); // reviews' 10 points leave the maximum
    expect(r.total).toBe(86.7); // 78.06 ÷ 90
    expect(r.group).toBe('B');
  });
  it('is N/A, not 0, when every component is N/A', () => {
    const r = scoreAgency(DEFAULT_SCHEME, {});
    expect(r.total).toBeNull();
    expect(r.group).toBeNull();
  });
  it('says where the most points are to gain', () => {
    const r = scoreAgency(DEFAULT_SCHEME, {
      tasks_on_time: { numerator: 10, denominator: 20 },
      attendance: { numerator: 4, denominator: 4 },
      feedback_on_time: { numerator: 8, denominator: 10 },
    });
    // tasks: 50% of 90 → 16.67 of 30; feedback: 80% of 90 → 17.78 of 20; available 65.
    expect(pointsToGain(r)).toEqual([
      { key: 'tasks_on_time', gain: 20.5 },
      { key: 'feedback_on_time', gain: 3.4 },
    ]);
  });

  const inputArb = fc
    .record({ denominator: fc.integer({ min: 0, max: 50 }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ denominator, share }): ComponentInput => ({ denominator, numerator: Math.round(denominator * share) }));
  const inputsArb = fc.record(
    Object.fromEntries(SCORE_COMPONENT_KEYS.map((k) => [k, inputArb])) as Record<ScoreComponentKey, fc.Arbitrary<ComponentInput>>,
  );
  it('keeps every total within 0–100', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const { total } = scoreAgency(DEFAULT_SCHEME, inputs);
        if (total !== null) {
          expect(total).toBeGreaterThanOrEqual(0);
          expect(total).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
  it('never falls when one component’s rate rises', () => {
    fc.assert(
      fc.property(
        inputsArb,
        fc.constantFrom(...DEFAULT_SCHEME.components.map((c) => c.key)),
        fc.integer({ min: 1, max: 50 }),
        (inputs, key, more) => {
          const base = inputs[key];
          if (base.denominator === 0) return;
          const better = { ...inputs, [key]: { ...base, numerator: Math.min(base.denominator, base.numerator + more) } };
          expect(scoreAgency(DEFAULT_SCHEME, better).total as number).toBeGreaterThanOrEqual(
            scoreAgency(DEFAULT_SCHEME, inputs).total as number,
          );
        },
      ),
    );
  });
});

describe('groups, ranks and scheme checks', () => {
  it('puts a total in the highest group whose minimum it reaches', () => {
    expect(groupOf(90, DEFAULT_SCHEME.groups)).toBe('A');
    expect(groupOf(89.9, DEFAULT_SCHEME.groups)).toBe('B');
    expect(groupOf(12, DEFAULT_SCHEME.groups)).toBe('C');
  });
  it('ranks ties equally and leaves N/A unranked', () => {
    const rows = [{ total: 80 }, { total: 95 }, { total: 80 }, { total: null }, { total: 70 }];
    const ranks = rankTotals(rows);
    expect(rows.map((r) => ranks.get(r) ?? null)).toEqual([2, 1, 2, null, 4]);
  });
  it('accepts the default scheme and names what is wrong with a bad one', () => {
    expect(schemeProblems(DEFAULT_SCHEME)).toEqual([]);
    const bad = { components: [{ key: 'attendance' as const, points: 60, threshold: 120 }], groups: [{ name: 'A', min: 90 }] };
    expect(schemeProblems(bad)).toEqual([
      'Tổng điểm các thành phần phải bằng 100 (hiện là 60).',
      'Ngưỡng phải trong khoảng (0, 100] %.',
      'Cần một nhóm xếp loại bắt đầu từ 0 %.',
    ]);
  });
});

describe('deadlineMeasure', () => {
  it('judges a task due on the period’s last day as late once the period has closed', () => {
    const q3 = { from: '2026-06-15', to: '2026-09-14' };
    expect(deadlineMeasure(q3, '2026-09-10')).toBe('2026-09-10');
    expect(deadlineMeasure(q3, '2026-09-14')).toBe('2026-09-14');
    expect(deadlineMeasure(q3, '2026-11-21')).toBe('2026-09-15');
    expect(taskInput(['overdue'])).toEqual({ numerator: 0, denominator: 1 });
    expect(reportInput([{ due: '2026-09-14', submittedOn: null }], deadlineMeasure(q3, '2026-11-21'))).toEqual({
      numerator: 0,
      denominator: 1,
    });
  });
});

describe('component inputs', () => {
  it('counts tasks finished on time against finished and overdue ones', () => {
    expect(taskInput(['done_on_time', 'done_late', 'overdue', 'in_progress', 'cancelled', 'done_on_time'])).toEqual({
      numerator: 2,
      denominator: 4,
    });
  });
  it('counts reviews proposed by their due date, and open ones only once past due', () => {
    const reviews = [
      { proposeDue: '2026-03-10', proposedOn: '2026-03-09' },
      { proposeDue: '2026-03-10', proposedOn: '2026-03-12' },
      { proposeDue: '2026-03-10', proposedOn: null },
      { proposeDue: '2026-04-10', proposedOn: null },
    ];
    expect(reviewInput(reviews, '2026-03-31')).toEqual({ numerator: 1, denominator: 3 });
  });
});
