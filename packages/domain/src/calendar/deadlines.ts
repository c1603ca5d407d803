/**
 * Due dates of time limits (Bộ luật Dân sự 2015, Điều 147–148): counting starts the day after
 * the triggering day; a last day that is not a working day moves to the next working day.
 */
import { addDays, addMonths, type IsoDate, yearOf } from './dates';
import type { WorkingCalendar } from './working-calendar';

export const TIME_UNITS = ['working_day', 'day', 'hour', 'month'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export interface TimeLimit {
  value: number;
  unit: TimeUnit;
  /** Hour of day (Vietnam time) after which a receipt counts from the next working day, e.g. 15. */
  cutoffHour?: number;
}

export interface Trigger {
  date: IsoDate;
  /** 'HH:mm' in Vietnam time; needed for hour limits and cut-offs. */
  time?: string;
}

export interface DueAt {
  date: IsoDate;
  /** Present for hour limits. */
  time?: string;
}

function minutesOf(time: string | undefined): number {
  if (!time) return 0;
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The due date of `limit` counted from `trigger`.
 * - working_day: the value-th working day after the triggering day;
 * - day / month: that many calendar days / months later, moved to the next working day if needed;
 * - hour: hours run on working days only (a receipt on Friday 16:00 with 24 hours is due Monday 16:00).
 * With a cut-off hour, a receipt at or after it (or on a non-working day) is treated as received on the
 * next working day.
 *
 * @example dueDateFor(cal, { date: '2026-02-13' }, { value: 15, unit: 'working_day' }) // { date: '2026-03-13' }
 */
export function dueDateFor(calendar: WorkingCalendar, trigger: Trigger, limit: TimeLimit): DueAt {
  if (!Number.isInteger(limit.value) || limit.value < 0) throw new RangeError('A time limit is a whole number ≥ 0');
  let start = trigger.date;
  let startMinutes = minutesOf(trigger.time);
  const afterCutoff = limit.cutoffHour !== undefined && startMinutes >= limit.cutoffHour * 60;
  if (limit.cutoffHour !== undefined && (afterCutoff || !calendar.isWorkingDay(start))) {
    // Received late (or on a day off): treated as received on the next working day, and counted from the day after.
    start = calendar.onOrNextWorkingDay(addDays(start, 1));
    startMinutes = 0;
  }
  switch (limit.unit) {
    case 'working_day':
      return { date: calendar.addWorkingDays(start, limit.value) };
    case 'day':
      return { date: calendar.onOrNextWorkingDay(addDays(start, limit.value)) };
    case 'month':
      return { date: calendar.onOrNextWorkingDay(addMonths(start, limit.value)) };
    case 'hour': {
      let date = start;
      let minutes = startMinutes;
      if (!calendar.isWorkingDay(date)) {
        date = calendar.onOrNextWorkingDay(date);
        minutes = 0;
      }
      let left = limit.value * 60;
      while (left >= 24 * 60 - minutes) {
        left -= 24 * 60 - minutes;
        date = calendar.addWorkingDays(date, 1);
        minutes = 0;
      }
      return { date, time: hhmm(minutes + left) };
    }
  }
}

/**
 * The years a due-date computation from `from` to `due` ran through whose holiday calendar nobody
 * has confirmed yet (status 'prefilled', or no calendar at all): a deadline counted on them may move
 * once the year's notices are entered, so it is shown with a warning.
 *
 * @example unconfirmedYearsOf('2026-12-24', '2027-01-08', new Set([2026])) // [2027]
 */
export function unconfirmedYearsOf(from: IsoDate, due: IsoDate, confirmedYears: ReadonlySet<number>): number[] {
  const [first, last] = from <= due ? [yearOf(from), yearOf(due)] : [yearOf(due), yearOf(from)];
  const years: number[] = [];
  for (let year = first; year <= last; year++) if (!confirmedYears.has(year)) years.push(year);
  return years;
}
