import { listNotifications, listOutbox, markNotificationsRead } from '@cchc/core/notifications/service';
import { myWork } from '@cchc/core/work/my-work';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

export const notificationsRouter = router({
  mine: signedInProcedure.query(({ ctx }) => listNotifications(ctx.db, ctx.user.id)),
  markRead: signedInProcedure
    .input(z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      await markNotificationsRead(ctx.db, ctx.user.id, input.ids);
      return { ok: true as const };
    }),
  /** "Việc của tôi": the work waiting for the user, with deadlines in working days; its counts label the menu. */
  work: signedInProcedure.query(({ ctx }) => myWork(ctx.db, ctx.actor, ctx.clock)),
  outbox: signedInProcedure.query(({ ctx }) => listOutbox(ctx.db)),
});
