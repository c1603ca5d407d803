/**
 * Database sessions after the Lucia session guide: the client holds a random token, the
 * database holds only its SHA-256; sessions slide forward when half their life is used.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@cchc/db/schema';
import { SIGN_IN_LIMITS } from '@cchc/domain/rate-limit';
import { isRole, type Role } from '@cchc/domain/roles';
import type { Kysely, Transaction } from 'kysely';

export const SESSION_COOKIE = 'cchc_session';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string;
  agencyName: string;
  mustChangePassword: boolean;
}

export interface ValidSession {
  sessionId: string;
  expiresAt: Date;
  /** True when the expiry moved and the cookie must be re-sent. */
  refreshed: boolean;
  user: SessionUser;
}

export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  ttlDays: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + ttlDays * DAY_MS);
  await db
    .insertInto('userSession')
    .values({ id: sessionIdFromToken(token), userId, expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function validateSessionToken(db: Kysely<Database>, token: string, ttlDays: number): Promise<ValidSession | null> {
  if (token.length < 20 || token.length > 100) return null;
  const sessionId = sessionIdFromToken(token);
  const row = await db
    .selectFrom('userSession as s')
    .innerJoin('appUser as u', 'u.id', 's.userId')
    .innerJoin('agency as a', 'a.id', 'u.agencyId')
    .select([
      's.id as sessionId',
      's.expiresAt',
      'u.id as userId',
      'u.username',
      'u.displayName',
      'u.role',
      'u.agencyId',
      'u.isActive',
      'u.mustChangePassword',
      'a.name as agencyName',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || !row.isActive || !isRole(row.role)) {
    await db.deleteFrom('userSession').where('id', '=', sessionId).execute();
    return null;
  }
  let expiresAt = row.expiresAt;
  let refreshed = false;
  if (expiresAt.getTime() - now < (ttlDays * DAY_MS) / 2) {
    expiresAt = new Date(now + ttlDays * DAY_MS);
    refreshed = true;
    await db.updateTable('userSession').set({ expiresAt, lastSeenAt: new Date() }).where('id', '=', sessionId).execute();
  }
  return {
    sessionId,
    expiresAt,
    refreshed,
    user: {
      id: row.userId,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      agencyId: row.agencyId,
      agencyName: row.agencyName,
      mustChangePassword: row.mustChangePassword,
    },
  };
}

export async function invalidateSession(db: Kysely<Database> | Transaction<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('userSession').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  let q = db.deleteFrom('userSession').where('userId', '=', userId);
  if (exceptSessionId) q = q.where('id', '<>', exceptSessionId);
  await q.execute();
}

/**
 * Housekeeping: removes expired sessions, failed sign-in attempts older than a day, and successful ones
 * older than the throttle remembers an address as known (SIGN_IN_LIMITS.knownAddressDays).
 */
export async function pruneExpiredSessions(db: Kysely<Database>): Promise<{ sessions: number; attempts: number }> {
  const sessions = await db.deleteFrom('userSession').where('expiresAt', '<=', new Date()).executeTakeFirst();
  const attempts = await db
    .deleteFrom('signInAttempt')
    .where((eb) =>
      eb.or([
        eb.and([eb('succeeded', 'is not', true), eb('attemptedAt', '<', new Date(Date.now() - DAY_MS))]),
        eb('attemptedAt', '<', new Date(Date.now() - SIGN_IN_LIMITS.knownAddressDays * DAY_MS)),
      ]),
    )
    .executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), attempts: Number(attempts.numDeletedRows) };
}
