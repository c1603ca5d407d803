import { describe, expect, it } from 'vitest';
import { dayOfWeek } from './dates';
import { dueDateFor, unconfirmedYearsOf } from './deadlines';
import { CALENDAR_DAY_KINDS, statutoryCalendar } from './holidays';
import { PUBLISHED_CALENDARS, publishedCalendar } from './published';
import { WorkingCalendar } from './working-calendar';

const cal = new WorkingCalendar(PUBLISHED_CALENDARS.flatMap((c) => c.days));
const dayOf = (date: string) => publishedCalendar(Number(date.slice(0, 4)))?.days.find((d) => d.date === date);

/**
 * Every day the notices set for civil servants in 2024–2026: off or worked, and the document that
 * says so. Written out from the notices, not from the data under test.
 */
const NOTICES: [date: string, state: 'off' | 'worked', source: string][] = [
  ['2024-01-01', 'off', 'Bộ luật Lao động 2019'],
  ['2024-02-08', 'off', '5015/TB-LĐTBXH'],
  ['2024-02-09', 'off', '5015/TB-LĐTBXH'],
  ['2024-02-10', 'off', '5015/TB-LĐTBXH'],
  ['2024-02-11', 'off', '5015/TB-LĐTBXH'],
  ['2024-02-12', 'off', '5015/TB-LĐTBXH'],
  ['2024-02-13', 'off', '5015/TB-LĐTBXH'],
  ['2024-02-14', 'off', '5015/TB-LĐTBXH'],
  ['2024-04-18', 'off', 'Bộ luật Lao động 2019'],
  ['2024-04-29', 'off', '2450/VPCP-KGVX'],
  ['2024-04-30', 'off', 'Bộ luật Lao động 2019'],
  ['2024-05-01', 'off', 'Bộ luật Lao động 2019'],
  ['2024-05-04', 'worked', '2450/VPCP-KGVX'],
  ['2024-09-02', 'off', '5015/TB-LĐTBXH'],
  ['2024-09-03', 'off', '5015/TB-LĐTBXH'],
  ['2025-01-01', 'off', 'Bộ luật Lao động 2019'],
  ['2025-01-27', 'off', '6150/TB-LĐTBXH'],
  ['2025-01-28', 'off', '6150/TB-LĐTBXH'],
  ['2025-01-29', 'off', '6150/TB-LĐTBXH'],
  ['2025-01-30', 'off', '6150/TB-LĐTBXH'],
  ['2025-01-31', 'off', '6150/TB-LĐTBXH'],
  ['2025-04-07', 'off', 'Bộ luật Lao động 2019'],
  ['2025-04-26', 'worked', '6150/TB-LĐTBXH'],
  ['2025-04-30', 'off', '6150/TB-LĐTBXH'],
  ['2025-05-01', 'off', '6150/TB-LĐTBXH'],
  ['2025-05-02', 'off', '6150/TB-LĐTBXH'],
  ['2025-09-01', 'off', '6150/TB-LĐTBXH'],
  ['2025-09-02', 'off', '6150/TB-LĐTBXH'],
  ['2026-01-01', 'off', 'Bộ luật Lao động 2019'],
  ['2026-01-02', 'off', '12729/VPCP-KGVX'],
  ['2026-01-10', 'worked', '12729/VPCP-KGVX'],
  ['2026-02-16', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-02-17', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-02-18', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-02-19', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-02-20', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-04-26', 'off', 'Bộ luật Lao động 2019'],
  ['2026-04-27', 'off', 'Điều 111 khoản 3'],
  ['2026-04-30', 'off', 'Bộ luật Lao động 2019'],
  ['2026-05-01', 'off', 'Bộ luật Lao động 2019'],
  ['2026-08-22', 'worked', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-08-31', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-09-01', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
  ['2026-09-02', 'off', 'Văn phòng Chính phủ tháng 10/2025'],
];

describe('PUBLISHED_CALENDARS', () => {
  it.each(NOTICES)('%s is %s, per %s', (date, state, source) => {
    expect(cal.isWorkingDay(date)).toBe(state === 'worked');
    expect(dayOf(date)?.source).toContain(source);
  });

  it('holds exactly the days of the notices, no more', () => {
    expect(PUBLISHED_CALENDARS.flatMap((c) => c.days.map((d) => d.date)).sort()).toEqual(NOTICES.map(([d]) => d).sort());
  });

  it('works only Saturdays as swapped days, and every day has a kind, a name and a source', () => {
    for (const c of PUBLISHED_CALENDARS) {
      for (const d of c.days) {
        expect(d.date.startsWith(String(c.year)), d.date).toBe(true);
        expect(CALENDAR_DAY_KINDS).toContain(d.kind);
        expect(d.name.length).toBeGreaterThan(0);
        expect(d.source?.length).toBeGreaterThan(0);
        if (d.kind === 'working_day') expect(dayOfWeek(d.date), d.date).toBe(6);
      }
    }
  });

  it('differs from the statutory pre-fill on the 12 days the notices moved', () => {
    const moved: string[] = [];
    for (const c of PUBLISHED_CALENDARS) {
      const prefill = new WorkingCalendar(statutoryCalendar(c.year));
      for (let d = new Date(Date.UTC(c.year, 0, 1)); d.getUTCFullYear() === c.year; d.setUTCDate(d.getUTCDate() + 1)) {
        const date = d.toISOString().slice(0, 10);
        if (prefill.isWorkingDay(date) !== cal.isWorkingDay(date)) moved.push(date);
      }
    }
    expect(moved).toEqual([
      '2024-02-08', // Tết 2024 starts on 29 tháng Chạp…
      '2024-02-15', // …so the compensatory days end on 14/2
      '2024-04-29',
      '2024-05-04',
      '2025-01-27', // Tết 2025 starts on 28 tháng Chạp…
      '2025-02-03', // …and mùng 4 (Saturday) is not a Tết day, so no compensatory Monday
      '2025-04-26',
      '2025-05-02',
      '2026-01-02',
      '2026-01-10',
      '2026-08-22', // the Quốc khánh swap, already in the 2026 calendar seeded before
      '2026-08-31',
    ]);
  });
});

describe('dueDateFor on the published 2026 calendar', () => {
  const wd = (value: number) => ({ value, unit: 'working_day' as const });

  it('31/12/2025 + 1 working day = Monday 05/01/2026 (1/1 holiday, 2/1 swapped off, 3–4/1 weekend)', () => {
    expect(dueDateFor(cal, { date: '2025-12-31' }, wd(1))).toEqual({ date: '2026-01-05' });
  });

  it('counts Saturday 10/01/2026 as a working day: Friday 9/1 + 1 working day = Saturday 10/1', () => {
    expect(dueDateFor(cal, { date: '2026-01-09' }, wd(1))).toEqual({ date: '2026-01-10' });
  });

  it('skips Tết 2025 from 28 tháng Chạp: Friday 24/1/2025 + 1 working day = Monday 3/2/2025', () => {
    expect(dueDateFor(cal, { date: '2025-01-24' }, wd(1))).toEqual({ date: '2025-02-03' });
  });

  it('skips the 2024 swap 27/4–1/5: Friday 26/4/2024 + 1 working day = Thursday 2/5/2024', () => {
    expect(dueDateFor(cal, { date: '2024-04-26' }, wd(1))).toEqual({ date: '2024-05-02' });
  });
});

describe('unconfirmedYearsOf', () => {
  const confirmed = new Set([2024, 2025, 2026]);

  it('is empty when the computation stays in confirmed years', () => {
    expect(unconfirmedYearsOf('2025-12-31', '2026-01-05', confirmed)).toEqual([]);
  });

  it('names the pre-filled year a deadline runs into', () => {
    expect(unconfirmedYearsOf('2026-12-24', '2027-01-08', confirmed)).toEqual([2027]);
    expect(unconfirmedYearsOf('2027-03-01', '2027-03-20', confirmed)).toEqual([2027]);
  });

  it('names every unconfirmed year in between, in order, whatever the direction', () => {
    expect(unconfirmedYearsOf('2027-06-01', '2029-02-01', confirmed)).toEqual([2027, 2028, 2029]);
    expect(unconfirmedYearsOf('2027-01-08', '2026-12-24', confirmed)).toEqual([2027]);
  });
});
