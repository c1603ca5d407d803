import { describe, expect, it } from 'vitest';
import { statutoryCalendar } from '../calendar/holidays';
import { type PeriodFrequency, periodContaining } from '../calendar/periods';
import { WorkingCalendar } from '../calendar/working-calendar';
import {
  CCHC_REGIME_RULES,
  deadlineFor,
  MONTHLY_REGIME_RULES,
  periodOfYear,
  periodsBetween,
  regimePeriodByKey,
  regimePeriods,
} from './regime';

const calendar = new WorkingCalendar([2025, 2026, 2027].flatMap((y) => statutoryCalendar(y)));

describe('periods of a reporting year (Nghị định 09: 15th → 14th)', () => {
  const cases: [PeriodFrequency, number, string, string][] = [
    ['month', 1, '2025-12-15', '2026-01-14'],
    ['month', 12, '2026-11-15', '2026-12-14'],
    ['quarter', 1, '2025-12-15', '2026-03-14'],
    ['quarter', 2, '2026-03-15', '2026-06-14'],
    ['quarter', 3, '2026-06-15', '2026-09-14'],
    ['quarter', 4, '2026-09-15', '2026-12-14'],
    ['half_year', 1, '2025-12-15', '2026-06-14'],
    ['half_year', 2, '2026-06-15', '2026-12-14'],
    ['nine_months', 1, '2025-12-15', '2026-09-14'],
    ['year', 1, '2025-12-15', '2026-12-14'],
  ];
  it.each(cases)('%s %i of 2026 runs %s → %s', (frequency, index, from, to) => {
    expect(periodOfYear(2026, frequency, index, 'nd09')).toEqual({ from, to });
  });
  it('tiles every reporting year without gap or overlap, for every frequency', () => {
    for (const frequency of ['month', 'quarter', 'half_year', 'year'] as const) {
      const periods = [2025, 2026, 2027].flatMap((y) =>
        regimePeriods({ ...MONTHLY_REGIME_RULES, frequency, slots: null }, y, calendar),
      );
      for (let i = 1; i < periods.length; i++) {
        const prev = periods[i - 1] as { to: string };
        const next = new Date(`${prev.to}T00:00:00Z`);
        next.setUTCDate(next.getUTCDate() + 1);
        expect(periods[i]?.from).toBe(next.toISOString().slice(0, 10));
      }
    }
  });
  it('agrees with periodContaining for every day of two years', () => {
    for (let d = new Date('2025-12-15T00:00:00Z'); d < new Date('2027-12-15T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
      const iso = d.toISOString().slice(0, 10);
      const q = periodContaining(iso, 'quarter', 'nd09');
      expect(iso >= q.from && iso <= q.to).toBe(true);
    }
  });
  it('uses calendar months for a statistical regime', () => {
    expect(periodOfYear(2026, 'quarter', 1, 'calendar')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodOfYear(2024, 'month', 2, 'calendar')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});

describe('the provincial reform regime: Q1, 6 months, Q3, year', () => {
  const periods = regimePeriods(CCHC_REGIME_RULES, 2026, calendar);
  it('reports on the four periods with agencies due on the 17th and the province on the 20th', () => {
    expect(periods.map((p) => [p.key, p.from, p.to, p.agencyDue, p.provinceDue])).toEqual([
      ['2026-q1', '2025-12-15', '2026-03-14', '2026-03-17', '2026-03-20'],
      ['2026-h1', '2025-12-15', '2026-06-14', '2026-06-17', '2026-06-22'], // 20/6/2026 is a Saturday
      ['2026-q3', '2026-06-15', '2026-09-14', '2026-09-17', '2026-09-21'], // 20/9/2026 is a Sunday
      ['2026-y', '2025-12-15', '2026-12-14', '2026-12-17', '2026-12-21'], // 20/12/2026 is a Sunday
    ]);
  });
  it('names the reports as people write them', () => {
    expect(periods.map((p) => p.label)).toEqual(['Quý I năm 2026', '6 tháng đầu năm 2026', 'Quý III năm 2026', 'Năm 2026']);
  });
  it('finds a report by its key and lists the calendar across a year boundary', () => {
    expect(regimePeriodByKey(CCHC_REGIME_RULES, '2026-q3', calendar)?.to).toBe('2026-09-14');
    expect(regimePeriodByKey(CCHC_REGIME_RULES, '2026-q2', calendar)).toBeNull();
    expect(periodsBetween(CCHC_REGIME_RULES, '2026-11-21', '2027-06-30', calendar).map((p) => p.key)).toEqual([
      '2026-y',
      '2027-q1',
      '2027-h1',
    ]);
  });
});

describe('deadlines', () => {
  it('counts working days after the cut-off, past holidays', () => {
    // Cut-off Saturday 14/2/2026, Tết 16–20/2: two working days later is Tuesday 24/2.
    expect(deadlineFor({ kind: 'working_days_after_cutoff', days: 2 }, '2026-02-14', calendar)).toBe('2026-02-24');
  });
  it('is never the cut-off day itself', () => {
    expect(deadlineFor({ kind: 'day_of_last_month', day: 10 }, '2026-03-14', calendar)).toBe('2026-03-16');
    expect(deadlineFor({ kind: 'working_days_after_cutoff', days: 0 }, '2026-03-13', calendar)).toBe('2026-03-16');
  });
  it('moves a day of the month that falls on a holiday to the next working day', () => {
    // 30/4 and 1/5/2026 are holidays (Thursday, Friday): a deadline on the 30th moves to Monday 4/5.
    expect(deadlineFor({ kind: 'day_of_last_month', day: 30 }, '2026-04-14', calendar)).toBe('2026-05-04');
  });
});
