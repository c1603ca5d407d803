import { describe, expect, it } from 'vitest';
import { formatVietnameseDate, parseDayMonthYear } from './dates';

describe('parseDayMonthYear', () => {
  it('reads dates as people type them', () => {
    expect(parseDayMonthYear('24/12/2026')).toBe('2026-12-24');
    expect(parseDayMonthYear(' 1/2/2026 ')).toBe('2026-02-01');
    expect(parseDayMonthYear('29.02.2028')).toBe('2028-02-29');
    expect(parseDayMonthYear('05-03-2026')).toBe('2026-03-05');
  });

  it('refuses a day that does not exist instead of rolling it into the next month', () => {
    expect(parseDayMonthYear('31/02/2026')).toBe('invalid');
    expect(parseDayMonthYear('29/02/2026')).toBe('invalid');
    expect(parseDayMonthYear('31/04/2026')).toBe('invalid');
    expect(parseDayMonthYear('00/01/2026')).toBe('invalid');
    expect(parseDayMonthYear('12/13/2026')).toBe('invalid');
  });

  it('refuses text that is not a whole date, and reads blank as no date', () => {
    expect(parseDayMonthYear('31/02')).toBe('invalid');
    expect(parseDayMonthYear('2026-02-01')).toBe('invalid');
    expect(parseDayMonthYear('hôm nay')).toBe('invalid');
    expect(parseDayMonthYear('  ')).toBeNull();
  });
});

describe('formatVietnameseDate', () => {
  it('writes dd/MM/yyyy', () => {
    expect(formatVietnameseDate('2026-03-02')).toBe('02/03/2026');
  });
});
