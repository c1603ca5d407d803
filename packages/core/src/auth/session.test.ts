import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  generateSessionToken,
  pruneExpiredSessions,
  sessionCookieName,
  sessionIdFromToken,
  validateSessionToken,
} from './session';

const TTL_DAYS = 30;
const DAY_MS = 86_400_000;

let t: TestDatabase;
let userId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const agency = await t.db
    .insertInto('agency')
    .values({ code: '33', name: 'Hưng Yên', fullName: 'Tỉnh Hưng Yên', kind: 'province', searchText: 'hung yen' })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Sessions never look at the password, so any hash will do.
  const user = await t.db
    .insertInto('appUser')
    .values({
      username: 'vy.ha',
      displayName: 'Hà Vy',
      passwordHash: 'x',
      role: 'home_affairs',
      agencyId: agency.id,
      searchText: 'vy.ha',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  userId = user.id;
});
afterAll(async () => t.drop());

/** A session whose expiry is `expiresInMs` from now, written as createSession would. */
async function sessionExpiringIn(expiresInMs: number): Promise<string> {
  const token = generateSessionToken();
  await t.db
    .insertInto('userSession')
    .values({ id: sessionIdFromToken(token), userId, expiresAt: new Date(Date.now() + expiresInMs) })
    .execute();
  return token;
}

describe('validateSessionToken', () => {
  it('returns the user of a live session without moving its expiry', async () => {
    const { token, expiresAt } = await createSession(t.db, userId, TTL_DAYS);
    const session = await validateSessionToken(t.db, token, TTL_DAYS);
    expect(session).toMatchObject({ refreshed: false, user: { id: userId, role: 'home_affairs', agencyName: 'Hưng Yên' } });
    expect(session?.expiresAt.getTime()).toBe(expiresAt.getTime());
  });

  it('refuses an expired session and deletes it', async () => {
    const token = await sessionExpiringIn(-1000);
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).toBeNull();
    const left = await t.db.selectFrom('userSession').select('id').where('id', '=', sessionIdFromToken(token)).execute();
    expect(left).toEqual([]);
  });

  it('never slides: the lifetime fixed at sign-in is the absolute end, however active the session', async () => {
    const token = await sessionExpiringIn(10 * DAY_MS);
    const before = await t.db
      .selectFrom('userSession')
      .select('expiresAt')
      .where('id', '=', sessionIdFromToken(token))
      .executeTakeFirstOrThrow();
    const session = await validateSessionToken(t.db, token, TTL_DAYS);
    expect(session?.refreshed).toBe(false);
    expect(session?.expiresAt.getTime()).toBe(before.expiresAt.getTime());
  });

  it('ends a session left unused longer than the idle timeout (default 30 minutes), and deletes it', async () => {
    const { token } = await createSession(t.db, userId, TTL_DAYS);
    const id = sessionIdFromToken(token);
    await t.db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(Date.now() - 29 * 60_000) })
      .where('id', '=', id)
      .execute();
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).not.toBeNull();
    // Using it counted as activity: 29 minutes later it is still alive.
    await t.db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where('id', '=', id)
      .execute();
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).toBeNull();
    expect(await t.db.selectFrom('userSession').select('id').where('id', '=', id).execute()).toEqual([]);
  });

  it('applies a configured idle timeout', async () => {
    const { token } = await createSession(t.db, userId, TTL_DAYS);
    await t.db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(Date.now() - 10 * 60_000) })
      .where('id', '=', sessionIdFromToken(token))
      .execute();
    expect(await validateSessionToken(t.db, token, TTL_DAYS, { idleMinutes: 60 })).not.toBeNull();
    await t.db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(Date.now() - 10 * 60_000) })
      .where('id', '=', sessionIdFromToken(token))
      .execute();
    expect(await validateSessionToken(t.db, token, TTL_DAYS, { idleMinutes: 5 })).toBeNull();
  });

  it('remembers the browser and address it was signed in from, and where it was last seen', async () => {
    const { token } = await createSession(t.db, userId, TTL_DAYS, {
      userAgent: 'Mozilla/5.0 Firefox/140.0',
      address: '10.0.0.1',
    });
    const id = sessionIdFromToken(token);
    await validateSessionToken(t.db, token, TTL_DAYS, { address: '10.0.0.2' });
    const row = await t.db
      .selectFrom('userSession')
      .select(['userAgent', 'address'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ userAgent: 'Mozilla/5.0 Firefox/140.0', address: '10.0.0.2' });
  });

  it('names the cookie with the __Host- prefix over HTTPS only', () => {
    expect(sessionCookieName(true)).toBe('__Host-cchc_session');
    expect(sessionCookieName(false)).toBe('cchc_session');
  });

  it('refuses tokens that are not ones it issued', async () => {
    expect(await validateSessionToken(t.db, generateSessionToken(), TTL_DAYS)).toBeNull();
    expect(await validateSessionToken(t.db, 'short', TTL_DAYS)).toBeNull();
    expect(await validateSessionToken(t.db, 'x'.repeat(500), TTL_DAYS)).toBeNull();
  });

  it('refuses the session of a user who has been deactivated since', async () => {
    const { token } = await createSession(t.db, userId, TTL_DAYS);
    await t.db.updateTable('appUser').set({ isActive: false }).where('id', '=', userId).execute();
    try {
      expect(await validateSessionToken(t.db, token, TTL_DAYS)).toBeNull();
    } finally {
      await t.db.updateTable('appUser').set({ isActive: true }).where('id', '=', userId).execute();
    }
  });
});

describe('pruneExpiredSessions', () => {
  it('removes expired and idle sessions, failed sign-in attempts older than a day and successful ones older than 30 days', async () => {
    await t.db.deleteFrom('userSession').execute();
    const live = await sessionExpiringIn(DAY_MS);
    await sessionExpiringIn(-1000);
    await sessionExpiringIn(-DAY_MS);
    const idle = await sessionExpiringIn(DAY_MS);
    await t.db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where('id', '=', sessionIdFromToken(idle))
      .execute();
    await t.db
      .insertInto('signInAttempt')
      .values([
        { usernameKey: 'vy.ha', address: '10.1.0.1', succeeded: false, attemptedAt: new Date(Date.now() - 2 * DAY_MS) },
        { usernameKey: 'vy.ha', address: '10.1.0.1', succeeded: null, attemptedAt: new Date(Date.now() - 2 * DAY_MS) },
        { usernameKey: 'vy.ha', address: '10.1.0.1', succeeded: true, attemptedAt: new Date(Date.now() - 31 * DAY_MS) },
        // Kept: it makes 10.1.0.1 a known address of vy.ha for the throttle.
        { usernameKey: 'vy.ha', address: '10.1.0.1', succeeded: true, attemptedAt: new Date(Date.now() - DAY_MS - 60_000) },
        { usernameKey: 'vy.ha', address: '10.1.0.1', succeeded: false, attemptedAt: new Date(Date.now() - 60_000) },
      ])
      .execute();

    expect(await pruneExpiredSessions(t.db)).toEqual({ sessions: 3, attempts: 3 });

    const sessions = await t.db.selectFrom('userSession').select('id').execute();
    expect(sessions.map((s) => s.id)).toEqual([sessionIdFromToken(live)]);
    const attempts = await t.db.selectFrom('signInAttempt').select('succeeded').orderBy('attemptedAt').execute();
    expect(attempts).toEqual([{ succeeded: true }, { succeeded: false }]);
    expect(await pruneExpiredSessions(t.db)).toEqual({ sessions: 0, attempts: 0 });
  });
});
