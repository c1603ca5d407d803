import { provinceOverview } from '@cchc/core/overview';
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

const ZPeriod = z
  .object({ from: z.string().refine(isIsoDate, 'Ngày không hợp lệ.'), to: z.string().refine(isIsoDate, 'Ngày không hợp lệ.') })
  .refine((p) => p.from <= p.to, { message: 'Ngày bắt đầu phải trước ngày kết thúc.', path: ['to'] })
  .nullish();

export const overviewRouter = router({
  province: signedInProcedure
    .input(z.object({ period: ZPeriod }).optional())
    .query(({ ctx, input }) => provinceOverview(ctx.db, ctx.clock, input?.period ?? null)),
});
