import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, generateSessionToken, pruneExpiredSessions, sessionIdFromToken, validateSessionToken } from './session';

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

  it('slides a session forward once half its life is used, and says the cookie must be re-sent', async () => {
    const token = await sessionExpiringIn(10 * DAY_MS);
    const session = await validateSessionToken(t.db, token, TTL_DAYS);
    expect(session?.refreshed).toBe(true);
    expect(session?.expiresAt.getTime()).toBeGreaterThan(Date.now() + (TTL_DAYS - 1) * DAY_MS);
    const row = await t.db
      .selectFrom('userSession')
      .select('expiresAt')
      .where('id', '=', sessionIdFromToken(token))
      .executeTakeFirstOrThrow();
    expect(row.expiresAt.getTime()).toBe(session?.expiresAt.getTime());
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
  it('removes expired sessions, failed sign-in attempts older than a day and successful ones older than 30 days', async () => {
    await t.db.deleteFrom('userSession').execute();
    const live = await sessionExpiringIn(DAY_MS);
    await sessionExpiringIn(-1000);
    await sessionExpiringIn(-DAY_MS);
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

    expect(await pruneExpiredSessions(t.db)).toEqual({ sessions: 2, attempts: 3 });

    const sessions = await t.db.selectFrom('userSession').select('id').execute();
    expect(sessions.map((s) => s.id)).toEqual([sessionIdFromToken(live)]);
    const attempts = await t.db.selectFrom('signInAttempt').select('succeeded').orderBy('attemptedAt').execute();
    expect(attempts).toEqual([{ succeeded: true }, { succeeded: false }]);
    expect(await pruneExpiredSessions(t.db)).toEqual({ sessions: 0, attempts: 0 });
  });
});
