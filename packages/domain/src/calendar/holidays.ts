/**
 * The holiday calendar of a year as data (DOMAIN.md "Working days and deadlines"):
 * statutory holidays (Bộ luật Lao động 2019, Điều 112), compensatory days for holidays that fall
 * on a weekend (Điều 111.3), and the government's yearly swaps (a weekday off, a Saturday worked).
 * `statutoryCalendar(year)` pre-fills a year; people then edit it to the published schedule
 * (published.ts carries the schedules of the years already published).
 */
import { addDays, dayOfWeek, type IsoDate, isoDate, isWeekend } from './dates';
import { lunarToSolar, tetDate } from './lunar';

/**
 * holiday: a statutory public holiday; compensatory: a day off because a holiday fell on a weekend;
 * day_off: a working day given off by the government's swap; working_day: a weekend day worked instead.
 */
export const CALENDAR_DAY_KINDS = ['holiday', 'compensatory', 'day_off', 'working_day'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  date: IsoDate;
  kind: CalendarDayKind;
  name: string;
  /** The document that sets this day (number and date), e.g. 'Công văn 12729/VPCP-KGVX ngày 25/12/2025'. */
  source?: string | null;
}

/**
 * Which day beside 2/9 is the second Quốc khánh holiday: the law lets the government choose;
 * this follows recent practice — the side that joins the weekend (2021–2026 schedules).
 */
function nationalDayAdjacent(year: number): IsoDate {
  const sep2 = isoDate(year, 9, 2);
  // Sunday, Monday, Thursday → the day after; Tuesday, Wednesday, Friday, Saturday → the day before.
  const after = [0, 1, 4].includes(dayOfWeek(sep2));
  return addDays(sep2, after ? 1 : -1);
}

export function statutoryHolidays(year: number): CalendarDay[] {
  const tet = tetDate(year);
  const days: CalendarDay[] = [
    { date: isoDate(year, 1, 1), kind: 'holiday', name: 'Tết Dương lịch' },
    // Five Tết days: the last day of the old lunar year and the first four of the new one.
    { date: addDays(tet, -1), kind: 'holiday', name: 'Tết Nguyên đán (cuối năm)' },
    ...[0, 1, 2, 3].map((i) => ({ date: addDays(tet, i), kind: 'holiday' as const, name: `Tết Nguyên đán (mùng ${i + 1})` })),
    { date: lunarToSolar(year, 3, 10), kind: 'holiday', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: isoDate(year, 4, 30), kind: 'holiday', name: 'Ngày Chiến thắng (30/4)' },
    { date: isoDate(year, 5, 1), kind: 'holiday', name: 'Ngày Quốc tế Lao động (1/5)' },
    { date: isoDate(year, 9, 2), kind: 'holiday', name: 'Quốc khánh (2/9)' },
    { date: nationalDayAdjacent(year), kind: 'holiday', name: 'Quốc khánh (ngày liền kề)' },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** Statutory holidays plus a compensatory day, on the next working day, for each one on a weekend. */
export function statutoryCalendar(year: number): CalendarDay[] {
  const holidays = statutoryHolidays(year);
  const taken = new Set(holidays.map((h) => h.date));
  const compensatory: CalendarDay[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    compensatory.push({ date: d, kind: 'compensatory', name: `Nghỉ bù ${h.name}` });
  }
  return [...holidays, ...compensatory].sort((a, b) => a.date.localeCompare(b.date));
}

/** A year's calendar is pre-filled from the law until someone confirms it against the published schedule. */
export const CALENDAR_YEAR_STATUSES = ['prefilled', 'published'] as const;
export type CalendarYearStatus = (typeof CALENDAR_YEAR_STATUSES)[number];
