import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countFeedback,
  type FeedbackFigureItem,
  feedbackBucket,
  feedbackFigures,
  isBucketAligned,
  isInDrill,
  percentileFromHistogram,
} from './figures';
import {
  allowedFeedbackActions,
  FEEDBACK_STATUSES,
  maskPersonal,
  NATIONAL_FEEDBACK_LIMITS,
  nextFeedbackStatus,
  resolveFeedbackLimits,
} from './workflow';

const item = (over: Partial<FeedbackFigureItem>): FeedbackFigureItem => ({
  receivedOn: '2026-07-01',
  status: 'assigned',
  answerDue: '2026-07-22',
  answeredOn: null,
  answerWorkingDays: null,
  satisfaction: 'not_rated',
  recomplaint: false,
  classification: 'regulation',
  ...over,
});

describe('feedback workflow', () => {
  it('lets the coordinators classify and assign, and only the competent agency answer', () => {
    expect(allowedFeedbackActions('received', 'coordinator')).toEqual(['classify', 'assign', 'refuse', 'return']);
    expect(allowedFeedbackActions('assigned', 'competent')).toEqual(['request_info', 'answer', 'refuse', 'return', 'forward']);
    expect(allowedFeedbackActions('assigned', 'coordinator')).not.toContain('answer');
    expect(allowedFeedbackActions('answered', 'coordinator')).toEqual(['send_back', 'publish', 'rate']);
    for (const status of FEEDBACK_STATUSES) expect(allowedFeedbackActions(status, 'other')).toEqual([]);
  });
  it('ends at published, refused or returned', () => {
    for (const status of ['published', 'refused', 'returned'] as const) {
      expect(allowedFeedbackActions(status, 'competent')).toEqual([]);
    }
    expect(allowedFeedbackActions('published', 'coordinator')).toEqual(['rate']);
  });
  it('moves through the steps and refuses a step out of order', () => {
    expect(nextFeedbackStatus('info_requested', 'answer', 'competent')).toBe('answered');
    expect(nextFeedbackStatus('answered', 'send_back', 'coordinator')).toBe('assigned');
    expect(nextFeedbackStatus('received', 'answer', 'competent')).toBeNull();
    expect(nextFeedbackStatus('published', 'rate', 'coordinator')).toBe('published');
  });
});

describe('feedback time limits', () => {
  const rules = [
    { agencyId: null, channel: null, refuseDays: 3, infoDays: 5, answerDays: 10, publishDays: 2 },
    { agencyId: null, channel: 'hotline' as const, refuseDays: 1, infoDays: 2, answerDays: 5, publishDays: 1 },
    { agencyId: 'A', channel: null, refuseDays: 2, infoDays: 5, answerDays: 20, publishDays: 2 },
    { agencyId: 'A', channel: 'letter' as const, refuseDays: 2, infoDays: 5, answerDays: 7, publishDays: 2 },
  ];
  it('uses the national defaults with no rule (2/5/15/2 working days)', () => {
    expect(resolveFeedbackLimits([], 'A', 'email')).toEqual({ refuseDays: 2, infoDays: 5, answerDays: 15, publishDays: 2 });
    expect(NATIONAL_FEEDBACK_LIMITS.answerDays).toBe(15);
  });
  it('prefers agency + channel, then agency, then channel, then the province default', () => {
    expect(resolveFeedbackLimits(rules, 'A', 'letter').answerDays).toBe(7);
    expect(resolveFeedbackLimits(rules, 'A', 'hotline').answerDays).toBe(20);
    expect(resolveFeedbackLimits(rules, 'B', 'hotline').answerDays).toBe(5);
    expect(resolveFeedbackLimits(rules, 'B', 'email').answerDays).toBe(10);
    expect(resolveFeedbackLimits(rules, null, 'email').answerDays).toBe(10);
  });
});

describe('maskPersonal', () => {
  it('hides a name whole: no initials, no word lengths', () => {
    expect(maskPersonal('Nguyễn Văn An')).toBe('***');
    expect(maskPersonal('Công ty TNHH Minh Phát')).toBe('***');
    expect(maskPersonal('Lê Thị Ánh Nguyệt')).toBe(maskPersonal('Võ An'));
  });
  it('keeps only the domain of an e-mail and the last digits of a phone number', () => {
    expect(maskPersonal('an.nguyen@gmail.com')).toBe('***@gmail.com');
    expect(maskPersonal('0912 345 678')).toBe('*******678');
    expect(maskPersonal(null)).toBeNull();
  });
  it('never returns the original text of a name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-zÀ-ỹ]{2,8}( [A-Za-zÀ-ỹ]{2,8}){0,3}$/), (name) => {
        expect(maskPersonal(name)).not.toBe(name);
      }),
    );
  });
});

describe('feedback figures (rule: QĐ 766 — received in the period, judged on the day computed)', () => {
  const period = { from: '2026-06-15', to: '2026-09-14' };
  const today = '2026-11-21';
  // A hand-checked quarter for one agency.
  const items = [
    item({ answeredOn: '2026-07-10', answerWorkingDays: 7, satisfaction: 'satisfied' }), // on time
    item({ answeredOn: '2026-07-22', answerWorkingDays: 15, satisfaction: 'unsatisfied' }), // on time (due day), unsatisfied
    item({ answeredOn: '2026-07-30', answerWorkingDays: 21 }), // late
    item({ answeredOn: '2026-07-15', answerWorkingDays: 10, recomplaint: true, classification: 'conduct' }), // on time, complained again
    item({ receivedOn: '2026-09-01', answerDue: '2026-09-22' }), // open; due after the period's end, overdue by 21/11
    item({ receivedOn: '2026-08-01', answerDue: '2026-08-21' }), // open and overdue
    item({ status: 'refused', classification: null }), // outside competence
    item({ receivedOn: '2026-06-14' }), // before the period
    item({ receivedOn: '2026-09-15' }), // after the period
  ];
  it('counts a closed quarter by hand: an item never answered is late, whenever in the period it came', () => {
    const f = feedbackFigures(countFeedback(items, period, today));
    expect(f).toEqual({
      received: 7,
      withinCompetence: 6,
      answered: 4,
      onTime: 3,
      judged: 6, // 4 answered + 2 open past their due date
      notYetDue: 0,
      onTimeRate: 50,
      openOverdue: 2,
      answeredLate: 1,
      medianAnswerDays: 12.5, // 7, 10, 15, 21
      p90AnswerDays: 19.2, // 15 + 0.7 × 6
      notSatisfied: 5, // unsatisfied, late, complained again, and the two open overdue ("xử lý quá hạn")
      satisfactionRate: 16.7,
      regulation: 5,
      conduct: 1,
      regulationShare: 83.3,
    });
  });
  it('shows open items not yet due as "chưa đến hạn", in neither the numerator nor the denominator', () => {
    const f = feedbackFigures(countFeedback(items, period, '2026-08-20'));
    expect(f.openOverdue).toBe(0); // the 21/8 item is not yet overdue on 20/8
    expect(f.notYetDue).toBe(2);
    expect(f.onTime).toBe(3);
    expect(f.judged).toBe(4);
    expect(f.onTimeRate).toBe(75);
    expect(f.satisfactionRate).toBe(50); // 6 − (unsatisfied, late, complained again) = 3 of 6
  });
  it('shows N/A, not 0%, with nothing to count', () => {
    const f = feedbackFigures(countFeedback([], period, today));
    expect(f.onTimeRate).toBeNull();
    expect(f.satisfactionRate).toBeNull();
    expect(f.medianAnswerDays).toBeNull();
  });

  // Dates as day offsets from 1/6/2026, so answers can be generated before the measure date.
  const day = (n: number) => new Date(Date.UTC(2026, 5, 1 + n)).toISOString().slice(0, 10);
  const arbItem = fc
    .record({
      received: fc.integer({ min: 0, max: 120 }),
      limit: fc.integer({ min: 1, max: 40 }),
      answeredAfter: fc.option(fc.integer({ min: 0, max: 80 })),
      status: fc.constantFrom(...FEEDBACK_STATUSES),
      answerWorkingDays: fc.option(fc.integer({ min: 0, max: 60 })),
      satisfaction: fc.constantFrom('satisfied' as const, 'unsatisfied' as const, 'not_rated' as const),
      recomplaint: fc.boolean(),
      classification: fc.constantFrom('regulation' as const, 'conduct' as const, null),
    })
    .map(
      (r): FeedbackFigureItem => ({
        receivedOn: day(r.received),
        status: r.status,
        answerDue: day(r.received + r.limit),
        answeredOn: r.answeredAfter === null ? null : day(r.received + r.answeredAfter),
        answerWorkingDays: r.answerWorkingDays,
        satisfaction: r.satisfaction,
        recomplaint: r.recomplaint,
        classification: r.classification,
      }),
    );
  const arbMeasure = fc.integer({ min: 0, max: 220 }).map(day);
  /** Answers are facts of the past: none after the measure date. */
  const asOf = (list: FeedbackFigureItem[], measure: string) =>
    list.map((i) => (i.answeredOn !== null && i.answeredOn > measure ? { ...i, answeredOn: null } : i));
  const rates = (list: FeedbackFigureItem[], measure: string) => feedbackFigures(countFeedback(list, period, measure));

  it('keeps every rate within 0–100, and every competent item in exactly one of on time, late, not yet due', () => {
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 40 }), arbMeasure, (raw, measure) => {
        const list = asOf(raw, measure);
        const f = rates(list, measure);
        for (const rate of [f.onTimeRate, f.satisfactionRate, f.regulationShare]) {
          if (rate !== null) expect(rate).toBeGreaterThanOrEqual(0);
          if (rate !== null) expect(rate).toBeLessThanOrEqual(100);
        }
        expect(f.onTime + f.answeredLate + f.openOverdue + f.notYetDue).toBe(f.withinCompetence);
        const inPeriod = list.filter((i) => i.receivedOn >= period.from && i.receivedOn <= period.to);
        expect(inPeriod.filter((i) => isInDrill(i, 'onTime', measure)).length).toBe(f.onTime);
        expect(inPeriod.filter((i) => isInDrill(i, 'late', measure)).length).toBe(f.answeredLate + f.openOverdue);
        expect(inPeriod.filter((i) => isInDrill(i, 'notYetDue', measure)).length).toBe(f.notYetDue);
      }),
    );
  });
  it('never rewards not answering: answering an open overdue item late never lowers a rate', () => {
    fc.assert(
      fc.property(
        fc.array(arbItem, { minLength: 1, maxLength: 30 }),
        arbMeasure,
        fc.nat(),
        fc.nat(),
        (raw, measure, pick, lateBy) => {
          const list = asOf(raw, measure);
          const overdue = list.flatMap((i, at) => (i.answeredOn === null && i.answerDue < measure ? [at] : []));
          if (!overdue.length) return;
          const at = overdue[pick % overdue.length] as number;
          const target = list[at] as FeedbackFigureItem;
          // Answered late: some day after its due date, no later than the measure date.
          const span = Math.round((Date.parse(measure) - Date.parse(target.answerDue)) / 86_400_000);
          const answeredOn = new Date(Date.parse(target.answerDue) + (1 + (lateBy % span)) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const before = rates(list, measure);
          const after = rates(
            list.map((i, k) => (k === at ? { ...i, answeredOn } : i)),
            measure,
          );
          expect(after.onTimeRate ?? 0).toBeGreaterThanOrEqual(before.onTimeRate ?? 0);
          expect(after.satisfactionRate ?? 0).toBeGreaterThanOrEqual(before.satisfactionRate ?? 0);
        },
      ),
    );
  });
  it('never rewards not answering: taking back any answer never raises the on-time rate, nor satisfaction once past due', () => {
    fc.assert(
      fc.property(fc.array(arbItem, { minLength: 1, maxLength: 30 }), arbMeasure, fc.nat(), (raw, measure, pick) => {
        const list = asOf(raw, measure);
        const answered = list.flatMap((i, at) => (i.answeredOn !== null ? [at] : []));
        if (!answered.length) return;
        const at = answered[pick % answered.length] as number;
        const before = rates(list, measure);
        const after = rates(
          list.map((i, k) => (k === at ? { ...i, answeredOn: null } : i)),
          measure,
        );
        if (after.onTimeRate !== null) expect(after.onTimeRate).toBeLessThanOrEqual(before.onTimeRate ?? 100);
        // Past its due date an unanswered item is deducted ("xử lý quá hạn") like a bad answer. Before it, a rated
        // or complained-about answer may weigh more than none yet: ratings exist only for answers (QĐ 766).
        const target = list[at] as FeedbackFigureItem;
        if (target.answerDue < measure && after.satisfactionRate !== null)
          expect(after.satisfactionRate).toBeLessThanOrEqual(before.satisfactionRate ?? 100);
      }),
    );
  });
});

describe('percentileFromHistogram', () => {
  const naive = (values: number[], p: number) => {
    const s = [...values].sort((a, b) => a - b);
    const pos = p * (s.length - 1);
    const lo = Math.floor(pos);
    const a = s[lo] as number;
    const b = s[Math.min(lo + 1, s.length - 1)] as number;
    return Math.round((a + (b - a) * (pos - lo)) * 10) / 10;
  };
  it('interpolates like percentile_cont', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          const hist = new Map<number, number>();
          for (const v of values) hist.set(v, (hist.get(v) ?? 0) + 1);
          expect(
            percentileFromHistogram(
              [...hist.entries()].sort((a, b) => a[0] - b[0]),
              p,
            ),
          ).toBe(naive(values, p));
        },
      ),
    );
  });
});

describe('half-month buckets', () => {
  it('puts a date in the bucket of the 1st or the 15th', () => {
    expect(feedbackBucket('2026-03-14')).toBe('2026-03-01');
    expect(feedbackBucket('2026-03-15')).toBe('2026-03-15');
    expect(feedbackBucket('2026-12-31')).toBe('2026-12-15');
  });
  it('serves calendar months and Nghị định 09 periods, nothing else', () => {
    expect(isBucketAligned({ from: '2025-12-15', to: '2026-03-14' })).toBe(true);
    expect(isBucketAligned({ from: '2026-01-01', to: '2026-03-31' })).toBe(true);
    expect(isBucketAligned({ from: '2026-02-01', to: '2026-02-28' })).toBe(true);
    expect(isBucketAligned({ from: '2024-02-01', to: '2024-02-28' })).toBe(false);
    expect(isBucketAligned({ from: '2026-01-02', to: '2026-03-31' })).toBe(false);
    expect(isBucketAligned({ from: '2026-01-01', to: '2026-03-20' })).toBe(false);
  });
});
