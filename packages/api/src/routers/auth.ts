import { ZChangePassword, ZSessionRef, ZSignIn } from '@cchc/core/auth/schemas';
import { changePassword, revokeOtherSessions, revokeSession, signIn, signOut } from '@cchc/core/auth/service';
import { listUserSessions } from '@cchc/core/auth/session';
import { confirmTwoFactor, disableTwoFactor, startTwoFactor, twoFactorStatus, ZTwoFactorCode } from '@cchc/core/auth/two-factor';
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
    const result = await signIn(
      ctx.db,
      { ...input, address: ctx.address, requestId: ctx.requestId, userAgent: ctx.userAgent ?? null },
      ctx.config.sessionTtlDays,
    );
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

  /** "My active sessions": browser, address, when signed in and last seen, which one is this. */
  sessions: signedInProcedure.query(({ ctx }) =>
    listUserSessions(ctx.db, ctx.user.id, ctx.session.sessionId, ctx.config.sessionIdleMinutes),
  ),

  /** Ends one of my sessions; ending this one signs me out here. */
  revokeSession: signedInProcedure.input(ZSessionRef).mutation(async ({ ctx, input }) => {
    const { current } = await revokeSession(ctx.db, ctx.actor, input.ref, ctx.session.sessionId);
    if (current) ctx.cookie.clear();
    return { current };
  }),

  /** "Sign out everywhere else". */
  revokeOtherSessions: signedInProcedure.mutation(({ ctx }) => revokeOtherSessions(ctx.db, ctx.actor, ctx.session.sessionId)),

  /** Two-factor sign-in (TOTP): whether it is on, set it up with a code from the app, turn it off with one. */
  twoFactor: signedInProcedure.query(({ ctx }) => twoFactorStatus(ctx.db, ctx.actor)),
  startTwoFactor: signedInProcedure.mutation(({ ctx }) => startTwoFactor(ctx.db, ctx.actor)),
  confirmTwoFactor: signedInProcedure
    .input(ZTwoFactorCode)
    .mutation(({ ctx, input }) => confirmTwoFactor(ctx.db, ctx.actor, input)),
  disableTwoFactor: signedInProcedure
    .input(ZTwoFactorCode)
    .mutation(({ ctx, input }) => disableTwoFactor(ctx.db, ctx.actor, input)),
});
