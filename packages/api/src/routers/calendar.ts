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
import { router, signedInProcedure } from '../trpc';

// Up to 2100: the lunar calendar the Tết pre-fill needs, and the app's dates, end there.
const ZYear = z.object({ year: z.number().int().min(1990).max(2100) });

export const calendarRouter = router({
  years: signedInProcedure.query(({ ctx }) => listCalendarYears(ctx.db)),
  year: signedInProcedure.input(ZYear).query(({ ctx, input }) => getCalendarYear(ctx.db, input.year)),
  /** The statutory pre-fill of a year, not saved: the editor shows it for review. */
  prefill: signedInProcedure.input(ZYear).query(({ input }) => prefillYear(input.year)),
  saveYear: signedInProcedure.input(ZCalendarYearInput).mutation(({ ctx, input }) => saveCalendarYear(ctx.db, ctx.actor, input)),
  dueDate: signedInProcedure.input(ZDueDateQuery).query(({ ctx, input }) => previewDueDate(ctx.db, input)),
});
