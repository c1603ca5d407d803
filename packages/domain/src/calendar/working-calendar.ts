/** Working days on a holiday calendar: Monday–Friday (QĐ 188/1999) minus days off, plus weekend days worked. */
import { addDays, type IsoDate, isWeekend } from './dates';
import type { CalendarDay } from './holidays';

export class WorkingCalendar {
  private readonly off = new Set<IsoDate>();
  private readonly worked = new Set<IsoDate>();
  /** Imports compute the same few hundred dates over and over: the calendar is immutable, so answers are kept. */
  private readonly added = new Map<string, IsoDate>();
  private readonly between = new Map<string, number>();

  constructor(days: readonly CalendarDay[]) {
    for (const day of days) {
      if (day.kind === 'working_day') this.worked.add(day.date);
      else this.off.add(day.date);
    }
  }

  isWorkingDay(date: IsoDate): boolean {
    if (this.worked.has(date)) return true;
    if (this.off.has(date)) return false;
    return !isWeekend(date);
  }

  /** The date itself when it is a working day, else the next one. */
  onOrNextWorkingDay(date: IsoDate): IsoDate {
    let d = date;
    // A year has at most ~15 consecutive non-working days (Tết with weekends).
    for (let guard = 0; guard < 60 && !this.isWorkingDay(d); guard++) d = addDays(d, 1);
    return d;
  }

  /** The n-th working day after `date` (n ≥ 0; n = 0 gives `date` moved to a working day). */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (n < 0) throw new RangeError('n must be ≥ 0');
    if (n === 0) return this.onOrNextWorkingDay(date);
    const key = `${date}|${n}`;
    const known = this.added.get(key);
    if (known) return known;
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    if (this.added.size < 100_000) this.added.set(key, d);
    return d;
  }

  /**
   * Working days in (from, to]: the days after `from` up to and including `to`; negative when
   * `to` is before `from`. So `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    const key = `${from}|${to}`;
    const known = this.between.get(key);
    if (known !== undefined) return known;
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    if (this.between.size < 100_000) this.between.set(key, count);
    return count;
  }
}
