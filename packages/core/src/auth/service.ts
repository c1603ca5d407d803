/**
 * Sign-in, sign-out and password changes. Every password check is throttled (./throttle): reserved
 * before the password is verified, settled after. Failed sign-ins are audited (never the password).
 */
import type { Database } from '@cchc/db/schema';
import type { Kysely } from 'kysely';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError } from '../errors';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { assertStrongPassword } from './password-strength';
import type { TChangePassword, TSignIn } from './schemas';
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  SESSION_REF_LENGTH,
  sessionIdFromToken as sessionIdFromTokenOf,
  sessionRefOf,
} from './session';
import { reservePasswordCheck, settlePasswordCheck, usernameKeyOf } from './throttle';
import { verifySecondFactor } from './two-factor';

export interface SignInResult {
  token: string;
  expiresAt: Date;
  userId: string;
}

/** Who a failed sign-in is recorded as: nobody is signed in, so not the username they typed. */
const ANONYMOUS = (requestId: string | undefined): AuditActor => ({ userId: null, username: 'anonymous', requestId });

export async function signIn(
  db: Kysely<Database>,
  input: TSignIn & { address: string; requestId?: string; userAgent?: string | null },
  sessionTtlDays: number,
): Promise<SignInResult> {
  const usernameKey = usernameKeyOf(input.username);
  const reservation = await reservePasswordCheck(db, { usernameKey, address: input.address });

  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'passwordHash', 'isActive', 'totpSecret'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', usernameKey))
    .executeTakeFirst();
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyPasswordHash(), input.password);

  if (!user || !ok || !user.isActive) {
    const reason = user && ok ? 'account_disabled' : 'invalid_credentials';
    await db.transaction().execute(async (trx) => {
      await settlePasswordCheck(trx, reservation, false);
      await recordAudit(trx, ANONYMOUS(input.requestId), {
        action: 'auth.sign_in_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        after: { username: input.username.trim().slice(0, 64), address: input.address, reason },
      });
    });
    if (reason === 'account_disabled') {
      throw new AppError('unauthorized', 'auth.account_disabled', 'Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.');
    }
    throw new AppError('unauthorized', 'auth.invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
  }

  // Two-factor accounts: the password alone is not a sign-in. Asking for the code, or a wrong code, counts as a
  // failed attempt under the same throttle, so the code cannot be guessed faster than a password.
  if (user.totpSecret) {
    const how = input.otp ? await db.transaction().execute((trx) => verifySecondFactor(trx, user.id, input.otp as string)) : null;
    if (!how) {
      const reason = input.otp ? 'otp_invalid' : 'otp_required';
      await db.transaction().execute(async (trx) => {
        await settlePasswordCheck(trx, reservation, false);
        await recordAudit(trx, ANONYMOUS(input.requestId), {
          action: 'auth.sign_in_failed',
          entityType: 'user',
          entityId: user.id,
          after: { username: input.username.trim().slice(0, 64), address: input.address, reason },
        });
      });
      if (reason === 'otp_required')
        throw new AppError('unauthorized', 'auth.otp_required', 'Vui lòng nhập mã xác thực từ ứng dụng trên điện thoại.');
      throw new AppError('unauthorized', 'auth.otp_invalid', 'Mã xác thực không đúng hoặc đã hết hạn.');
    }
  }

  return db.transaction().execute(async (trx) => {
    await settlePasswordCheck(trx, reservation, true);
    await trx.updateTable('appUser').set({ lastSignInAt: new Date() }).where('id', '=', user.id).execute();
    const session = await createSession(trx, user.id, sessionTtlDays, {
      userAgent: input.userAgent ?? null,
      address: input.address,
    });
    await recordAudit(
      trx,
      { userId: user.id, username: user.username, requestId: input.requestId },
      {
        action: 'auth.sign_in',
        entityType: 'user',
        entityId: user.id,
        after: { address: input.address, session: sessionRefOf(sessionIdFromTokenOf(session.token)) },
      },
    );
    return { ...session, userId: user.id };
  });
}

export async function signOut(db: Kysely<Database>, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await invalidateSession(trx, sessionId);
    await recordAudit(trx, actor, { action: 'auth.sign_out', entityType: 'user', entityId: actor.userId });
  });
}

/**
 * Changes the signed-in user's own password. The current password is checked under the same throttle as
 * sign-in (same username and address), so a stolen session cannot be used to guess it.
 */
export async function changePassword(
  db: Kysely<Database>,
  actor: Actor,
  input: TChangePassword,
  currentSessionId: string,
  address: string,
): Promise<void> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'displayName', 'email', 'passwordHash'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  // Checked first: it reveals nothing about the current password and costs no attempt.
  assertStrongPassword(input.newPassword, user, 'newPassword');
  const reservation = await reservePasswordCheck(db, { usernameKey: usernameKeyOf(user.username), address });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await db.transaction().execute(async (trx) => {
      await settlePasswordCheck(trx, reservation, false);
      await recordAudit(trx, actor, {
        action: 'auth.change_password_failed',
        entityType: 'user',
        entityId: actor.userId,
        after: { address, reason: 'wrong_current_password' },
      });
    });
    throw new AppError('bad_request', 'auth.wrong_current_password', 'Mật khẩu hiện tại không đúng.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await settlePasswordCheck(trx, reservation, true);
    await trx
      .updateTable('appUser')
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date() })
      .where('id', '=', actor.userId)
      .execute();
    // Other devices must sign in again with the new password.
    await invalidateUserSessions(trx, actor.userId, currentSessionId);
    await recordAudit(trx, actor, { action: 'auth.change_password', entityType: 'user', entityId: actor.userId });
  });
}

/**
 * Ends one of the user's own sessions (another device, or this one), audited with the device it was.
 * Returns whether it was the session making the request (the caller then clears the cookie).
 */
export async function revokeSession(
  db: Kysely<Database>,
  actor: Actor,
  ref: string,
  currentSessionId: string,
): Promise<{ current: boolean }> {
  if (ref.length !== SESSION_REF_LENGTH) throw sessionNotFound();
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('userSession')
      .where('userId', '=', actor.userId)
      .where('id', 'like', `${ref}%`)
      .returning(['id', 'userAgent', 'address', 'createdAt'])
      .execute();
    const session = removed[0];
    if (!session || removed.length > 1) throw sessionNotFound();
    const current = session.id === currentSessionId;
    await recordAudit(trx, actor, {
      action: 'auth.session_revoked',
      entityType: 'user',
      entityId: actor.userId,
      before: { session: ref, userAgent: session.userAgent, address: session.address, signedInAt: session.createdAt },
      after: { current },
    });
    return { current };
  });
}

/** "Sign out everywhere else": ends every session of the user but this one, audited with how many. */
export async function revokeOtherSessions(
  db: Kysely<Database>,
  actor: Actor,
  currentSessionId: string,
): Promise<{ revoked: number }> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('userSession')
      .where('userId', '=', actor.userId)
      .where('id', '<>', currentSessionId)
      .returning('id')
      .execute();
    await recordAudit(trx, actor, {
      action: 'auth.other_sessions_revoked',
      entityType: 'user',
      entityId: actor.userId,
      after: { revoked: removed.length, sessions: removed.map((r) => sessionRefOf(r.id)) },
    });
    return { revoked: removed.length };
  });
}

function sessionNotFound(): AppError {
  return new AppError('not_found', 'auth.session_not_found', 'Không tìm thấy phiên đăng nhập này (có thể đã kết thúc).');
}
