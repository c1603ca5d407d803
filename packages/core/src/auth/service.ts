/** Sign-in (with throttling), sign-out and password changes. */
import type { Database } from '@cchc/db/schema';
import { lockedUntil, SIGN_IN_LIMITS } from '@cchc/domain/rate-limit';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError } from '../errors';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import type { TChangePassword, TSignIn } from './schemas';
import { createSession, invalidateSession, invalidateUserSessions } from './session';

export interface SignInResult {
  token: string;
  expiresAt: Date;
  userId: string;
}

async function recentFailures(db: Kysely<Database>, column: 'usernameKey' | 'address', value: string) {
  const since = new Date(Date.now() - SIGN_IN_LIMITS.perUsername.windowMinutes * 60_000);
  const rows = await db
    .selectFrom('signInAttempt')
    .select('attemptedAt')
    .where(column, '=', value)
    .where('succeeded', '=', false)
    .where('attemptedAt', '>', since)
    .orderBy('attemptedAt')
    .execute();
  return rows.map((r) => r.attemptedAt);
}

function rateLimited(until: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    'too_many_requests',
    'auth.rate_limited',
    `Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
    { minutes },
  );
}

export async function signIn(
  db: Kysely<Database>,
  input: TSignIn & { address: string; requestId?: string },
  sessionTtlDays: number,
): Promise<SignInResult> {
  const usernameKey = input.username.trim().toLowerCase();
  const now = new Date();
  const byUser = lockedUntil(await recentFailures(db, 'usernameKey', usernameKey), SIGN_IN_LIMITS.perUsername, now);
  const byAddress = lockedUntil(await recentFailures(db, 'address', input.address), SIGN_IN_LIMITS.perAddress, now);
  const lock = byUser ?? byAddress;
  if (lock) throw rateLimited(lock);

  const user = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'passwordHash', 'isActive'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', usernameKey))
    .executeTakeFirst();
  const ok = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await dummyPasswordHash(), input.password);

  if (!user || !ok || !user.isActive) {
    await db.insertInto('signInAttempt').values({ usernameKey, address: input.address, succeeded: false }).execute();
    if (user && ok && !user.isActive) {
      throw new AppError('unauthorized', 'auth.account_disabled', 'Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.');
    }
    throw new AppError('unauthorized', 'auth.invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.');
  }

  return db.transaction().execute(async (trx) => {
    await trx.insertInto('signInAttempt').values({ usernameKey, address: input.address, succeeded: true }).execute();
    await trx.updateTable('appUser').set({ lastSignInAt: new Date() }).where('id', '=', user.id).execute();
    const session = await createSession(trx, user.id, sessionTtlDays);
    await recordAudit(
      trx,
      { userId: user.id, username: user.username, requestId: input.requestId },
      { action: 'auth.sign_in', entityType: 'user', entityId: user.id },
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

export async function changePassword(
  db: Kysely<Database>,
  actor: Actor,
  input: TChangePassword,
  currentSessionId: string,
): Promise<void> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'passwordHash'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('bad_request', 'auth.wrong_current_password', 'Mật khẩu hiện tại không đúng.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
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
