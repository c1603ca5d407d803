import {
  getCalendarYear,
  listCalendarYears,
  prefillYear,
  previewDueDate,
  saveCalendarYear,
  ZCalendarYearInput,
  ZDueDateQuery,
} from '@cchc/core/calendar/service';
import { z } from 'zod';
import { allow, router } from '../trpc';

// Up to 2100: the lunar calendar the Tết pre-fill needs, and the app's dates, end there.
const ZYear = z.object({ year: z.number().int().min(1990).max(2100) });

export const calendarRouter = router({
  years: allow().query(({ ctx }) => listCalendarYears(ctx.db)),
  year: allow()
    .input(ZYear)
    .query(({ ctx, input }) => getCalendarYear(ctx.db, input.year)),
  /** The statutory pre-fill of a year, not saved: the editor shows it for review. */
  prefill: allow('admin', 'home_affairs')
    .input(ZYear)
    .query(({ input }) => prefillYear(input.year)),
  saveYear: allow('admin', 'home_affairs')
    .input(ZCalendarYearInput)
    .mutation(({ ctx, input }) => saveCalendarYear(ctx.db, ctx.actor, input)),
  dueDate: allow()
    .input(ZDueDateQuery)
    .query(({ ctx, input }) => previewDueDate(ctx.db, input)),
});
