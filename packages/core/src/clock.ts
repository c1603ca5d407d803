/**
 * The app's clock. Derived statuses and jobs ask it for "today" in Vietnam. An offset (whole days)
 * can shift it for demos and browser tests, only when the deployment allows it (ALLOW_CLOCK_CONTROL).
 */
import { type IsoDate, vietnamDateOf } from '@cchc/domain/calendar/dates';

export interface Clock {
  now(): Date;
  today(): IsoDate;
}

export function systemClock(offsetDays = 0): Clock {
  const now = () => new Date(Date.now() + offsetDays * 86_400_000);
  return { now, today: () => vietnamDateOf(now()) };
}

/** A clock fixed at one instant, for tests and for jobs run "as of" a date. */
export function fixedClock(instant: Date | string): Clock {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return { now: () => at, today: () => vietnamDateOf(at) };
}

/**
 * The clock of a request or job. Only when the deployment allows clock control (demos, browser
 * tests) is the stored offset read; a production deployment always runs on the system clock.
 */
export async function resolveClock(readOffsetDays: () => Promise<number>, allowControl: boolean): Promise<Clock> {
  if (!allowControl) return systemClock();
  return systemClock(await readOffsetDays());
}
