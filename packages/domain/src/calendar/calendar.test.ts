import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayOfWeek, isIsoDate, vietnamDateOf } from './dates';
import { dueDateFor, type TimeLimit } from './deadlines';
import { type CalendarDay, statutoryCalendar, statutoryHolidays } from './holidays';
import { tetDate } from './lunar';
import { publishedCalendar } from './published';
import { WorkingCalendar } from './working-calendar';

const published = (year: number): CalendarDay[] => publishedCalendar(year)?.days ?? [];
/** 2025–2026 as published (e.g. 2026: 2/1 and 31/8 off, Saturdays 10/1 and 22/8 worked); 2027 only pre-filled. */
const cal = new WorkingCalendar([...published(2025), ...published(2026), ...statutoryCalendar(2027)]);

describe('tetDate', () => {
  it('follows the Vietnamese calendar (UTC+7), not the Chinese one', () => {
    expect(tetDate(2026)).toBe('2026-02-17');
    expect(tetDate(2025)).toBe('2025-01-29');
    expect(tetDate(2024)).toBe('2024-02-10');
    // Years where Vietnam's Tết differs from China's: 1985 (CN 20/2), 2007 (CN 18/2).
    expect(tetDate(1985)).toBe('1985-01-21');
    expect(tetDate(2007)).toBe('2007-02-17');
  });
});

describe('statutoryHolidays', () => {
  it('pre-fills the 11 statutory days of 2026 as published: Tết 16–20/2, Giỗ Tổ 26/4, Quốc khánh 1–2/9', () => {
    expect(statutoryHolidays(2026).map((d) => d.date)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
  });

  it('picks the Quốc khánh day next to the weekend, as recent schedules did', () => {
    const adjacent = (y: number) => statutoryHolidays(y).find((d) => d.name.includes('liền kề'))?.date;
    expect(adjacent(2024)).toBe('2024-09-03'); // 2/9 Monday → Tuesday 3/9
    expect(adjacent(2025)).toBe('2025-09-01'); // 2/9 Tuesday → Monday 1/9
    expect(adjacent(2021)).toBe('2021-09-03'); // 2/9 Thursday → Friday 3/9
    expect(adjacent(2022)).toBe('2022-09-01'); // 2/9 Friday → Thursday 1/9
  });
});

describe('statutoryCalendar', () => {
  it('gives a compensatory day after Giỗ Tổ 2026, which falls on a Sunday', () => {
    const days = statutoryCalendar(2026);
    expect(days.find((d) => d.kind === 'compensatory')?.date).toBe('2026-04-27');
  });

  it('puts compensatory days after the whole holiday block (Tết 2024: mùng 1–2 on a weekend)', () => {
    const comp = statutoryCalendar(2024)
      .filter((d) => d.kind === 'compensatory')
      .map((d) => d.date);
    // Tết 2024: 9/2 (Fri) … 13/2 (Tue); 10–11/2 fall on the weekend → 14/2 and 15/2.
    expect(comp).toContain('2024-02-14');
    expect(comp).toContain('2024-02-15');
  });
});

describe('WorkingCalendar.isWorkingDay', () => {
  it('knows weekdays, weekends, Tết and the 2026 swap', () => {
    expect(cal.isWorkingDay('2026-02-13')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-02-14')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-02-18')).toBe(false); // mùng 2 Tết
    expect(cal.isWorkingDay('2026-08-22')).toBe(true); // Saturday made a working day
    expect(cal.isWorkingDay('2026-08-31')).toBe(false); // Monday given off
    expect(cal.isWorkingDay('2026-09-03')).toBe(true);
  });
});

describe('dueDateFor', () => {
  const wd = (value: number): TimeLimit => ({ value, unit: 'working_day' });

  it('received Friday 13/2/2026 + 15 working days = Friday 13/3/2026 (Tết 16–20/2 skipped)', () => {
    expect(dueDateFor(cal, { date: '2026-02-13' }, wd(15))).toEqual({ date: '2026-03-13' });
  });

  it('starts counting the next day: received Monday 2/3/2026 + 1 working day = Tuesday 3/3', () => {
    expect(dueDateFor(cal, { date: '2026-03-02' }, wd(1))).toEqual({ date: '2026-03-03' });
  });

  it('counts a worked Saturday: 21/8/2026 + 1 working day = Saturday 22/8/2026', () => {
    expect(dueDateFor(cal, { date: '2026-08-21' }, wd(1))).toEqual({ date: '2026-08-22' });
  });

  it('skips the Quốc khánh block 31/8–2/9/2026: Friday 28/8 + 1 working day = Thursday 3/9', () => {
    expect(dueDateFor(cal, { date: '2026-08-28' }, wd(1))).toEqual({ date: '2026-09-03' });
    expect(dueDateFor(cal, { date: '2026-08-28' }, wd(2))).toEqual({ date: '2026-09-04' });
  });

  it('counts across the new year: 24/12/2026 + 10 working days skips 1/1/2027', () => {
    // 25,28,29,30,31/12 (5), 4,5,6,7,8/1 (10)
    expect(dueDateFor(cal, { date: '2026-12-24' }, wd(10))).toEqual({ date: '2027-01-08' });
  });

  it('moves a calendar-day deadline that ends on a holiday to the next working day', () => {
    // 9/2/2026 + 7 days = 16/2 (Tết) → next working day 23/2.
    expect(dueDateFor(cal, { date: '2026-02-09' }, { value: 7, unit: 'day' })).toEqual({ date: '2026-02-23' });
  });

  it('counts months to the same day, or the month’s last day', () => {
    expect(dueDateFor(cal, { date: '2026-01-31' }, { value: 1, unit: 'month' })).toEqual({ date: '2026-03-02' }); // 28/2 is Saturday
    expect(dueDateFor(cal, { date: '2026-03-16' }, { value: 1, unit: 'month' })).toEqual({ date: '2026-04-16' });
  });

  it('treats a receipt after the 15:00 cut-off as received the next working day', () => {
    const limit: TimeLimit = { value: 3, unit: 'working_day', cutoffHour: 15 };
    expect(dueDateFor(cal, { date: '2026-03-02', time: '14:59' }, limit)).toEqual({ date: '2026-03-05' });
    expect(dueDateFor(cal, { date: '2026-03-02', time: '15:00' }, limit)).toEqual({ date: '2026-03-06' });
    // Friday after 15:00 → received Monday → due Thursday.
    expect(dueDateFor(cal, { date: '2026-03-06', time: '16:30' }, limit)).toEqual({ date: '2026-03-12' });
  });

  it('runs hour limits on working days only', () => {
    expect(dueDateFor(cal, { date: '2026-03-06', time: '16:00' }, { value: 24, unit: 'hour' })).toEqual({
      date: '2026-03-09',
      time: '16:00',
    });
    expect(dueDateFor(cal, { date: '2026-03-02', time: '09:30' }, { value: 4, unit: 'hour' })).toEqual({
      date: '2026-03-02',
      time: '13:30',
    });
  });

  it('rejects a negative or fractional limit', () => {
    expect(() => dueDateFor(cal, { date: '2026-03-02' }, wd(-1))).toThrow(RangeError);
    expect(() => dueDateFor(cal, { date: '2026-03-02' }, wd(1.5))).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to the second', () => {
    expect(cal.workingDaysBetween('2026-02-13', '2026-03-13')).toBe(15);
    expect(cal.workingDaysBetween('2026-03-13', '2026-02-13')).toBe(-15);
    expect(cal.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
  });
});

const dateArb = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2025-01-01', n));
const limitArb = fc.record({
  value: fc.integer({ min: 0, max: 90 }),
  unit: fc.constantFrom('working_day' as const, 'day' as const, 'month' as const),
});

describe('properties', () => {
  it('a due date is always a working day', () => {
    fc.assert(fc.property(dateArb, limitArb, (d, limit) => cal.isWorkingDay(dueDateFor(cal, { date: d }, limit).date)));
  });

  it('adding more days never gives an earlier date', () => {
    fc.assert(
      fc.property(dateArb, limitArb, fc.integer({ min: 0, max: 30 }), (d, limit, extra) => {
        const a = dueDateFor(cal, { date: d }, limit).date;
        const b = dueDateFor(cal, { date: d }, { ...limit, value: limit.value + extra }).date;
        return a <= b;
      }),
    );
  });

  it('a later trigger never gives an earlier due date', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 20 }), limitArb, (d, shift, limit) => {
        return dueDateFor(cal, { date: d }, limit).date <= dueDateFor(cal, { date: addDays(d, shift) }, limit).date;
      }),
    );
  });

  it('working days between a date and its n-th working day is n', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 60 }), (d, n) => cal.workingDaysBetween(d, cal.addWorkingDays(d, n)) === n),
    );
  });
});

describe('dates', () => {
  it('validates real calendar dates only', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('13/02/2026')).toBe(false);
  });
  it('adds months clamping to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });
  it('gives the Vietnam date of an instant', () => {
    expect(vietnamDateOf(new Date('2025-12-31T17:30:00Z'))).toBe('2026-01-01');
    expect(dayOfWeek('2026-02-13')).toBe(5);
  });
});
