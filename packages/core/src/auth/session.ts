/**
 * Database sessions after the Lucia session guide: the client holds a random token, the database holds
 * only its SHA-256. A session ends at the first of (OWASP ASVS 3.3.1–3.3.2, issue 15 item 8):
 * - its absolute lifetime (SESSION_TTL_HOURS from sign-in; it never slides), and
 * - an idle timeout (SESSION_IDLE_MINUTES, default 30) since it was last used.
 * Each session remembers the browser and address, so its owner can list and revoke it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@cchc/db/schema';
import { SIGN_IN_LIMITS } from '@cchc/domain/rate-limit';
import { isRole, type Role } from '@cchc/domain/roles';
import type { Kysely, Transaction } from 'kysely';

export const SESSION_COOKIE = 'cchc_session';
/**
 * The cookie's name over HTTPS: the `__Host-` prefix makes the browser refuse it unless it is Secure, has
 * Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite it (ASVS 3.4.4).
 */
export const SECURE_SESSION_COOKIE = '__Host-cchc_session';

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;
/** Default idle timeout (SESSION_IDLE_MINUTES). */
export const DEFAULT_IDLE_MINUTES = 30;
/** last_seen_at is written at most this often per session (it drives the idle timeout, to the minute). */
const TOUCH_EVERY_MS = MINUTE_MS;
const USER_AGENT_MAX = 400;

/** Where a session was signed in from: shown to its owner in "my sessions". */
export interface SessionDevice {
  userAgent?: string | null;
  address?: string | null;
}

/** The idle timeout and whereabouts a validation uses. */
export interface SessionCheck {
  idleMinutes?: number;
  /** The address using the session now (remembered as where it was last seen). */
  address?: string | null;
}

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
  /** True when the expiry moved and the cookie must be re-sent (never, now that the lifetime is absolute). */
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
  device: SessionDevice = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + ttlDays * DAY_MS);
  await db
    .insertInto('userSession')
    .values({
      id: sessionIdFromToken(token),
      userId,
      expiresAt,
      userAgent: device.userAgent ? device.userAgent.slice(0, USER_AGENT_MAX) : null,
      address: device.address ?? null,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * The session of a token, or null when there is none, it has passed its absolute lifetime, it has been idle
 * longer than the idle timeout, or its user is deactivated (an ended session is deleted). `_ttlDays` is kept
 * for the callers: the lifetime was fixed when the session was created.
 */
export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
  _ttlDays: number,
  check: SessionCheck = {},
): Promise<ValidSession | null> {
  if (token.length < 20 || token.length > 100) return null;
  const sessionId = sessionIdFromToken(token);
  const row = await db
    .selectFrom('userSession as s')
    .innerJoin('appUser as u', 'u.id', 's.userId')
    .innerJoin('agency as a', 'a.id', 'u.agencyId')
    .select([
      's.id as sessionId',
      's.expiresAt',
      's.lastSeenAt',
      's.address',
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
  const idleMs = (check.idleMinutes ?? DEFAULT_IDLE_MINUTES) * MINUTE_MS;
  const idle = now - row.lastSeenAt.getTime() >= idleMs;
  if (row.expiresAt.getTime() <= now || idle || !row.isActive || !isRole(row.role)) {
    await db.deleteFrom('userSession').where('id', '=', sessionId).execute();
    return null;
  }
  const address = check.address ?? null;
  if (now - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS || (address !== null && address !== row.address)) {
    await db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(now), ...(address !== null ? { address } : {}) })
      .where('id', '=', sessionId)
      .execute();
  }
  return {
    sessionId,
    expiresAt: row.expiresAt,
    refreshed: false,
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
 * Housekeeping: removes ended sessions (past their lifetime or idle too long), failed sign-in attempts older than a day, and successful ones
 * older than the throttle remembers an address as known (SIGN_IN_LIMITS.knownAddressDays).
 */
export async function pruneExpiredSessions(
  db: Kysely<Database>,
  idleMinutes: number = DEFAULT_IDLE_MINUTES,
): Promise<{ sessions: number; attempts: number }> {
  const sessions = await db
    .deleteFrom('userSession')
    .where((eb) =>
      eb.or([eb('expiresAt', '<=', new Date()), eb('lastSeenAt', '<=', new Date(Date.now() - idleMinutes * MINUTE_MS))]),
    )
    .executeTakeFirst();
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

/** One of a user's live sessions, as "my sessions" lists it. */
export interface SessionSummary {
  /** A handle to revoke it by: the first 16 hex digits of the stored hash (never the token). */
  ref: string;
  userAgent: string | null;
  address: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** When it ends if left unused. */
  idleUntil: Date;
  current: boolean;
}

export const SESSION_REF_LENGTH = 16;

export function sessionRefOf(sessionId: string): string {
  return sessionId.slice(0, SESSION_REF_LENGTH);
}

/** A user's live sessions, the most recently used first. */
export async function listUserSessions(
  db: Kysely<Database>,
  userId: string,
  currentSessionId: string,
  idleMinutes: number = DEFAULT_IDLE_MINUTES,
): Promise<SessionSummary[]> {
  const now = new Date();
  const rows = await db
    .selectFrom('userSession')
    .select(['id', 'userAgent', 'address', 'createdAt', 'lastSeenAt', 'expiresAt'])
    .where('userId', '=', userId)
    .where('expiresAt', '>', now)
    .where('lastSeenAt', '>', new Date(now.getTime() - idleMinutes * MINUTE_MS))
    .orderBy('lastSeenAt', 'desc')
    .execute();
  return rows.map((r) => ({
    ref: sessionRefOf(r.id),
    userAgent: r.userAgent,
    address: r.address,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    expiresAt: r.expiresAt,
    idleUntil: new Date(Math.min(r.expiresAt.getTime(), r.lastSeenAt.getTime() + idleMinutes * MINUTE_MS)),
    current: r.id === currentSessionId,
  }));
}
