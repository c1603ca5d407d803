import { listNotifications, listOutbox, markNotificationsRead } from '@cchc/core/notifications/service';
import { myWork } from '@cchc/core/work/my-work';
import { z } from 'zod';
import { allow, router } from '../trpc';

export const notificationsRouter = router({
  mine: allow().query(({ ctx }) => listNotifications(ctx.db, ctx.user.id)),
  markRead: allow()
    .input(z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      await markNotificationsRead(ctx.db, ctx.user.id, input.ids);
      return { ok: true as const };
    }),
  /** "Việc của tôi": the work waiting for the user, with deadlines in working days; its counts label the menu. */
  work: allow().query(({ ctx }) => myWork(ctx.db, ctx.actor, ctx.clock)),
  outbox: allow('admin').query(({ ctx }) => listOutbox(ctx.db)),
});
