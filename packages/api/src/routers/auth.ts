import { ZChangePassword, ZSignIn } from '@cchc/core/auth/schemas';
import { changePassword, signIn, signOut } from '@cchc/core/auth/service';
import { modulesForRole } from '@cchc/domain/access';
import { publicProcedure, router, signedInProcedure } from '../trpc';

export const authRouter = router({
  /** The signed-in user and the modules their role may open; null when signed out. */
  me: publicProcedure.query(({ ctx }) => {
    if (!ctx.session) return null;
    const { user } = ctx.session;
    return { ...user, modules: modulesForRole(user.role) };
  }),

  signIn: publicProcedure.input(ZSignIn).mutation(async ({ ctx, input }) => {
    const result = await signIn(ctx.db, { ...input, address: ctx.address, requestId: ctx.requestId }, ctx.config.sessionTtlDays);
    ctx.cookie.set(result.token, result.expiresAt);
    ctx.log.info({ userId: result.userId }, 'signed in');
    return { ok: true as const };
  }),

  signOut: signedInProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.db, ctx.actor, ctx.session.sessionId);
    ctx.cookie.clear();
    return { ok: true as const };
  }),

  changePassword: signedInProcedure.input(ZChangePassword).mutation(async ({ ctx, input }) => {
    await changePassword(ctx.db, ctx.actor, input, ctx.session.sessionId, ctx.address);
    return { ok: true as const };
  }),
});
