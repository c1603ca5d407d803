import { ZCreateUser, ZResetPassword, ZSetUserActive, ZUpdateUser, ZUserList } from '@cchc/core/users/schemas';
import { createUser, listUsers, resetUserPassword, setUserActive, updateUser } from '@cchc/core/users/service';
import { router, signedInProcedure } from '../trpc';

export const usersRouter = router({
  // Agency heads see their own agency's accounts; province-wide roles see all.
  list: signedInProcedure.input(ZUserList).query(({ ctx, input }) => listUsers(ctx.db, ctx.user, input)),
  create: signedInProcedure.input(ZCreateUser).mutation(({ ctx, input }) => createUser(ctx.db, ctx.actor, input)),
  update: signedInProcedure.input(ZUpdateUser).mutation(({ ctx, input }) => updateUser(ctx.db, ctx.actor, input)),
  setActive: signedInProcedure.input(ZSetUserActive).mutation(({ ctx, input }) => setUserActive(ctx.db, ctx.actor, input)),
  resetPassword: signedInProcedure.input(ZResetPassword).mutation(async ({ ctx, input }) => {
    await resetUserPassword(ctx.db, ctx.actor, input);
    return { ok: true as const };
  }),
});
