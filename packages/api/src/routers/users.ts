import { ZCreateUser, ZResetPassword, ZSetUserActive, ZUpdateUser, ZUserList } from '@cchc/core/users/schemas';
import { createUser, listUsers, resetUserPassword, setUserActive, updateUser } from '@cchc/core/users/service';
import { allow, router } from '../trpc';

export const usersRouter = router({
  // Agency heads see their own agency's accounts; province-wide roles see all.
  list: allow('admin', 'home_affairs', 'agency_head')
    .input(ZUserList)
    .query(({ ctx, input }) => listUsers(ctx.db, ctx.user, input)),
  create: allow('admin')
    .input(ZCreateUser)
    .mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input)),
  update: allow('admin')
    .input(ZUpdateUser)
    .mutation(({ ctx, input }) => updateUser(ctx.db, ctx.actor, input)),
  setActive: allow('admin')
    .input(ZSetUserActive)
    .mutation(({ ctx, input }) => setUserActive(ctx.db, ctx.actor, input)),
  resetPassword: allow('admin')
    .input(ZResetPassword)
    .mutation(async ({ ctx, input }) => {
      await resetUserPassword(ctx.db, ctx.actor, input);
      return { ok: true as const };
    }),
});
