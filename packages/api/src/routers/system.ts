import { AppError } from '@cchc/core/errors';
import { runTaskChasing } from '@cchc/core/plans/chasing';
import { setClockOffsetDays } from '@cchc/core/settings/clock-offset';
import { saveTaskChasingSettings, taskChasingSettings, ZTaskChasingSettings } from '@cchc/core/settings/service';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

export const systemRouter = router({
  /** Today as the server counts it, and whether the demo clock is shifted. */
  clock: signedInProcedure.query(({ ctx }) => ({
    today: ctx.clock.today(),
    now: ctx.clock.now(),
    controllable: ctx.config.allowClockControl,
  })),
  setClockOffset: signedInProcedure
    .input(z.object({ days: z.number().int().min(-3650).max(3650) }))
    .mutation(async ({ ctx, input }) => {
      if (!ctx.config.allowClockControl) {
        throw new AppError('forbidden', 'system.clock_locked', 'Triển khai này không cho phép thay đổi đồng hồ hệ thống.');
      }
      await setClockOffsetDays(ctx.db, ctx.actor, input.days);
      return { ok: true as const };
    }),
  /** Runs the nightly task chasing now (it is idempotent), as of the server's today. */
  runTaskChasing: signedInProcedure.mutation(({ ctx }) => runTaskChasing(ctx.db, ctx.clock)),
  chasingSettings: signedInProcedure.query(({ ctx }) => taskChasingSettings(ctx.db)),
  saveChasingSettings: signedInProcedure.input(ZTaskChasingSettings).mutation(async ({ ctx, input }) => {
    await saveTaskChasingSettings(ctx.db, ctx.actor, input);
    return { ok: true as const };
  }),
});
