import { describe, expect, it } from 'vitest';
import { periodContaining, previousPeriod } from './periods';

describe('Nghị định 09 periods (15th → 14th)', () => {
  it('puts 15/12 in the next year’s first quarter, month, half year and year', () => {
    expect(periodContaining('2025-12-15', 'quarter', 'nd09')).toEqual({ from: '2025-12-15', to: '2026-03-14' });
    expect(periodContaining('2025-12-15', 'month', 'nd09')).toEqual({ from: '2025-12-15', to: '2026-01-14' });
    expect(periodContaining('2025-12-31', 'half_year', 'nd09')).toEqual({ from: '2025-12-15', to: '2026-06-14' });
    expect(periodContaining('2025-12-15', 'year', 'nd09')).toEqual({ from: '2025-12-15', to: '2026-12-14' });
  });
  it('keeps 14/12 in the current year', () => {
    expect(periodContaining('2025-12-14', 'quarter', 'nd09')).toEqual({ from: '2025-09-15', to: '2025-12-14' });
    expect(periodContaining('2025-12-14', 'year', 'nd09')).toEqual({ from: '2024-12-15', to: '2025-12-14' });
  });
  it('has the four quarters of the decree', () => {
    expect(periodContaining('2026-03-14', 'quarter', 'nd09')).toEqual({ from: '2025-12-15', to: '2026-03-14' });
    expect(periodContaining('2026-03-15', 'quarter', 'nd09')).toEqual({ from: '2026-03-15', to: '2026-06-14' });
    expect(periodContaining('2026-08-01', 'quarter', 'nd09')).toEqual({ from: '2026-06-15', to: '2026-09-14' });
    expect(periodContaining('2026-11-21', 'quarter', 'nd09')).toEqual({ from: '2026-09-15', to: '2026-12-14' });
  });
  it('counts nine months from 15/12 of the previous year to 14/9', () => {
    expect(periodContaining('2026-05-01', 'nine_months', 'nd09')).toEqual({ from: '2025-12-15', to: '2026-09-14' });
    expect(periodContaining('2026-09-20', 'nine_months', 'nd09')).toEqual({ from: '2026-12-15', to: '2027-09-14' });
  });
  it('steps back one period across a year boundary', () => {
    expect(previousPeriod({ from: '2025-12-15', to: '2026-03-14' }, 'quarter', 'nd09')).toEqual({
      from: '2025-09-15',
      to: '2025-12-14',
    });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-01-31' }, 'month', 'calendar')).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });
});

describe('calendar periods', () => {
  it('uses whole months, leap years included', () => {
    expect(periodContaining('2024-02-10', 'month', 'calendar')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodContaining('2026-11-21', 'quarter', 'calendar')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodContaining('2026-07-01', 'half_year', 'calendar')).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(periodContaining('2026-12-31', 'year', 'calendar')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});
