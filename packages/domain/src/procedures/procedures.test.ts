import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishedCalendar } from '../calendar/published';
import { WorkingCalendar } from '../calendar/working-calendar';
import { dormancyWindowStart, isDormant } from './dormancy';
import { countDossiers, DOSSIER_STATUSES, type DossierTiming, dossierFigures, judgeDossier } from './dossier';
import { statusAfterApproval } from './review';

describe('isDormant', () => {
  it('keeps a procedure alive with a filing inside the last 36 months, and not a day before', () => {
    expect(dormancyWindowStart('2026-11-21', 36)).toBe('2023-11-22');
    expect(isDormant('2023-11-22', '2026-11-21', 36)).toBe(false);
    expect(isDormant('2023-11-21', '2026-11-21', 36)).toBe(true);
  });
  it('calls a procedure that never had a filing dormant', () => {
    expect(isDormant(null, '2026-11-21', 36)).toBe(true);
  });
  it('takes the window as a parameter (one province uses 5 years)', () => {
    expect(isDormant('2022-01-10', '2026-11-21', 60)).toBe(false);
  });
});

describe('judgeDossier (rule: appointment + supplement working days; ≥ 2 supplements late; withdrawn not judged)', () => {
  // The 2026 calendar as published: Tết off Mon 16/2 – Fri 20/2/2026.
  const calendar = new WorkingCalendar(publishedCalendar(2026)?.days ?? []);
  const measure = '2026-06-30';
  const d = (over: Partial<DossierTiming>): DossierTiming => ({
    status: 'finished',
    appointmentDate: '2026-03-13',
    finishedOn: '2026-03-13',
    supplementRequests: 0,
    supplementDays: 0,
    ...over,
  });
  it('1. two supplement requests make it late, even finished early', () => {
    expect(judgeDossier(d({ finishedOn: '2026-03-02', supplementRequests: 2, supplementDays: 1 }), calendar, measure)).toBe(
      'late',
    );
  });
  it('2. 3 working days of supplement across a weekend move the due date by 3 working days, not 3 calendar days', () => {
    // Appointment Thu 5/3/2026 + 3 working days = Tue 10/3; finished Mon 9/3 + Tue 10/3.
    const over = { appointmentDate: '2026-03-05', supplementRequests: 1, supplementDays: 3 };
    expect(judgeDossier(d({ ...over, finishedOn: '2026-03-10' }), calendar, measure)).toBe('on_time');
    expect(judgeDossier(d({ ...over, finishedOn: '2026-03-09' }), calendar, measure)).toBe('early');
    expect(judgeDossier(d({ ...over, finishedOn: '2026-03-11' }), calendar, measure)).toBe('late');
  });
  it('3. a supplement over Tết counts its working days only (1 working day moves Fri 13/2 to Mon 23/2)', () => {
    const over = { appointmentDate: '2026-02-13', supplementRequests: 1, supplementDays: 1 };
    expect(judgeDossier(d({ ...over, finishedOn: '2026-02-23' }), calendar, measure)).toBe('on_time');
    // Ten calendar days would have made a dossier finished on 24/2 on time; it is late.
    expect(judgeDossier(d({ ...over, finishedOn: '2026-02-24' }), calendar, measure)).toBe('late');
  });
  it('4. finished before the appointment is early, on it on time, after it late', () => {
    expect(judgeDossier(d({ finishedOn: '2026-03-12' }), calendar, measure)).toBe('early');
    expect(judgeDossier(d({ finishedOn: '2026-03-13' }), calendar, measure)).toBe('on_time');
    expect(judgeDossier(d({ finishedOn: '2026-03-16' }), calendar, measure)).toBe('late');
  });
  it('5. still open within the limit: not yet judged', () => {
    expect(judgeDossier(d({ status: 'processing', finishedOn: null }), calendar, '2026-03-13')).toBe('not_yet_due');
  });
  it('6. still open past the limit: late', () => {
    expect(judgeDossier(d({ status: 'processing', finishedOn: null }), calendar, '2026-03-14')).toBe('late');
  });
  it('7. withdrawn by the applicant: not judged, never late forever', () => {
    expect(judgeDossier(d({ status: 'withdrawn', finishedOn: null }), calendar, '2027-01-01')).toBe('not_judged');
  });
  it('8. returned with a written reason is judged by its return date', () => {
    expect(judgeDossier(d({ status: 'returned', finishedOn: '2026-03-10' }), calendar, measure)).toBe('early');
  });
  it('counts early, on time and late apart, and shows N/A, not 0%, with none judged', () => {
    const f = dossierFigures(
      countDossiers(
        [
          d({ finishedOn: '2026-03-12' }),
          d({}),
          d({ finishedOn: '2026-03-16' }),
          d({ status: 'withdrawn', finishedOn: null }),
          d({ status: 'processing', finishedOn: null }),
        ],
        calendar,
        '2026-03-13',
      ),
    );
    expect(f).toMatchObject({ received: 5, early: 1, onTime: 1, late: 1, notYetDue: 1, notJudged: 1, judged: 3 });
    expect(f.onTimeRate).toBe(66.7);
    expect(dossierFigures(countDossiers([d({ status: 'withdrawn' })], calendar, measure)).onTimeRate).toBeNull();
  });
  it('never rewards not finishing: finishing an overdue dossier late never lowers the rate', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
    const arb = fc.record({
      appointment: fc.integer({ min: 0, max: 200 }),
      finishedAfter: fc.option(fc.integer({ min: -10, max: 30 })),
      supplementRequests: fc.integer({ min: 0, max: 3 }),
      supplementDays: fc.integer({ min: 0, max: 10 }),
      status: fc.constantFrom(...DOSSIER_STATUSES),
    });
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 260 }), fc.nat(), (raw, m, pick) => {
        const at = day(m);
        const list: DossierTiming[] = raw.map((r) => {
          const finished = r.finishedAfter === null ? null : day(r.appointment + r.finishedAfter);
          return {
            status: r.status,
            appointmentDate: day(r.appointment),
            finishedOn: finished !== null && finished <= at ? finished : null,
            supplementRequests: r.supplementRequests,
            supplementDays: r.supplementDays,
          };
        });
        const overdue = list.flatMap((x, i) => (judgeDossier(x, calendar, at) === 'late' && x.finishedOn === null ? [i] : []));
        if (!overdue.length) return;
        const i = overdue[pick % overdue.length] as number;
        const before = dossierFigures(countDossiers(list, calendar, at)).onTimeRate ?? 0;
        const after = dossierFigures(
          countDossiers(
            list.map((x, k) => (k === i ? { ...x, finishedOn: at } : x)),
            calendar,
            at,
          ),
        ).onTimeRate;
        expect(after ?? 0).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});

describe('statusAfterApproval', () => {
  it('abolishes, simplifies, or leaves the procedure as it is', () => {
    expect(statusAfterApproval('abolish')).toBe('abolished');
    expect(statusAfterApproval('simplify')).toBe('simplified');
    expect(statusAfterApproval('keep')).toBeNull();
    expect(statusAfterApproval('propose_competent')).toBeNull();
  });
});
