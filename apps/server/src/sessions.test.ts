/**
 * Issue 15, item 8 over real HTTP: the session cookie is `__Host-`-prefixed over HTTPS, a session ends
 * after the idle timeout, and "my active sessions" lists each device with revoke and "sign out everywhere
 * else" — audited.
 */
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionIdFromToken } from '@cchc/core/auth/session';
import { DEMO_PASSWORD, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from './http';

const CSRF = { 'x-cchc-csrf': '1' } as const;
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const PHONE = 'Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36';

let t: TestDatabase;
let plain: FastifyInstance;
let secure: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const common = { db: t.db, logLevel: 'silent', adminDistDir: null, sessionTtlDays: 0.5, trustProxy: false } as const;
  plain = await buildHttpServer({ ...common, secureCookies: 'false', sessionIdleMinutes: 30 });
  secure = await buildHttpServer({ ...common, secureCookies: 'true' });
  await Promise.all([plain.ready(), secure.ready()]);
});
afterAll(async () => {
  await Promise.all([plain.close(), secure.close()]);
  await t.drop();
});

async function signIn(app: FastifyInstance, username: string, userAgent: string, address = '10.20.0.1') {
  const response = await app.inject({
    method: 'POST',
    url: '/trpc/auth.signIn',
    headers: { ...CSRF, 'user-agent': userAgent },
    remoteAddress: address,
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response;
}
const tokenOf = (response: Awaited<ReturnType<typeof signIn>>, name = SESSION_COOKIE) => {
  const cookie = response.cookies.find((c) => c.name === name);
  if (!cookie) throw new Error(`no ${name} cookie`);
  return cookie.value;
};
async function me(app: FastifyInstance, cookies: Record<string, string>) {
  const response = await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies });
  return response.json().result.data as { username: string } | null;
}
function call(app: FastifyInstance, token: string, path: string, input?: Record<string, unknown>) {
  return app.inject({
    method: input === undefined && path === 'auth.sessions' ? 'GET' : 'POST',
    url: `/trpc/${path}`,
    headers: { ...CSRF, 'user-agent': FIREFOX },
    cookies: { [SESSION_COOKIE]: token },
    ...(input !== undefined ? { payload: input } : {}),
  });
}

describe('the session cookie', () => {
  it('is __Host-cchc_session over HTTPS: Secure, HttpOnly, Path=/ and no Domain', async () => {
    const response = await signIn(secure, 'canbo.stp', FIREFOX);
    const cookie = response.cookies.find((c) => c.name === SECURE_SESSION_COOKIE);
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
    expect(cookie?.domain).toBeUndefined();
    expect(response.cookies.map((c) => c.name)).not.toContain(SESSION_COOKIE);
    const token = tokenOf(response, SECURE_SESSION_COOKIE);
    expect(await me(secure, { [SECURE_SESSION_COOKIE]: token })).toMatchObject({ username: 'canbo.stp' });
    // Over HTTPS only the prefixed name counts: a cookie a sibling subdomain could plant is ignored.
    expect(await me(secure, { [SESSION_COOKIE]: token })).toBeNull();
  });

  it('keeps the plain name over HTTP, where the browser would refuse a __Host- cookie', async () => {
    const response = await signIn(plain, 'canbo.stp', FIREFOX);
    expect(response.cookies.map((c) => c.name)).toEqual([SESSION_COOKIE]);
  });
});

describe('idle timeout and absolute lifetime', () => {
  it('ends a session unused for longer than the idle timeout', async () => {
    const token = tokenOf(await signIn(plain, 'canbo.stp', FIREFOX));
    const id = sessionIdFromToken(token);
    await t.db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where('id', '=', id)
      .execute();
    expect(await me(plain, { [SESSION_COOKIE]: token })).toBeNull();
    expect((await call(plain, token, 'auth.sessions')).statusCode).toBe(401);
  });

  it('ends at the lifetime fixed at sign-in (12 hours here), however active', async () => {
    const token = tokenOf(await signIn(plain, 'canbo.stp', FIREFOX));
    const row = await t.db
      .selectFrom('userSession')
      .select(['createdAt', 'expiresAt'])
      .where('id', '=', sessionIdFromToken(token))
      .executeTakeFirstOrThrow();
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(11.9 * 3600_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThan(12.1 * 3600_000);
    await t.db
      .updateTable('userSession')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', sessionIdFromToken(token))
      .execute();
    expect(await me(plain, { [SESSION_COOKIE]: token })).toBeNull();
  });
});

describe('my active sessions', () => {
  it('lists each device with its browser, address and last use, and marks this one', async () => {
    await t.db.deleteFrom('userSession').execute();
    const laptop = tokenOf(await signIn(plain, 'sonoivu', FIREFOX, '10.20.0.7'));
    tokenOf(await signIn(plain, 'sonoivu', PHONE, '10.20.0.8'));
    tokenOf(await signIn(plain, 'canbo.stp', PHONE, '10.20.0.9'));
    const response = await call(plain, laptop, 'auth.sessions');
    expect(response.statusCode).toBe(200);
    const list = response.json().result.data as { userAgent: string; address: string; current: boolean; ref: string }[];
    expect(list).toHaveLength(2);
    // The address is where the session was last used: this request came from the test's own address.
    expect(list.find((s) => s.current)).toMatchObject({ userAgent: FIREFOX, address: '127.0.0.1' });
    expect(list.find((s) => !s.current)).toMatchObject({ userAgent: PHONE, address: '10.20.0.8' });
    expect(list.every((s) => /^[0-9a-f]{16}$/.test(s.ref))).toBe(true);
  });

  it('revokes another device: its cookie stops working at once, and the revocation is audited', async () => {
    await t.db.deleteFrom('userSession').execute();
    const laptop = tokenOf(await signIn(plain, 'sonoivu', FIREFOX));
    const phone = tokenOf(await signIn(plain, 'sonoivu', PHONE));
    const list = (await call(plain, laptop, 'auth.sessions')).json().result.data as { ref: string; current: boolean }[];
    const other = list.find((s) => !s.current);
    if (!other) throw new Error('no other session');
    const revoked = await call(plain, laptop, 'auth.revokeSession', { ref: other.ref });
    expect(revoked.json().result.data).toEqual({ current: false });
    expect(await me(plain, { [SESSION_COOKIE]: phone })).toBeNull();
    expect(await me(plain, { [SESSION_COOKIE]: laptop })).toMatchObject({ username: 'sonoivu' });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'before'])
      .where('action', '=', 'auth.session_revoked')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actorUsername).toBe('sonoivu');
    expect(audit.before).toMatchObject({ session: other.ref, userAgent: PHONE });
  });

  it("cannot revoke someone else's session (not found, in Vietnamese), and revoking one's own here signs out", async () => {
    await t.db.deleteFrom('userSession').execute();
    const mine = tokenOf(await signIn(plain, 'sonoivu', FIREFOX));
    const theirs = tokenOf(await signIn(plain, 'canbo.stp', FIREFOX));
    const theirRef = sessionIdFromToken(theirs).slice(0, 16);
    const refused = await call(plain, mine, 'auth.revokeSession', { ref: theirRef });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.message).toBe('Không tìm thấy phiên đăng nhập này (có thể đã kết thúc).');
    expect(await me(plain, { [SESSION_COOKIE]: theirs })).toMatchObject({ username: 'canbo.stp' });
    const own = await call(plain, mine, 'auth.revokeSession', { ref: sessionIdFromToken(mine).slice(0, 16) });
    expect(own.json().result.data).toEqual({ current: true });
    expect(own.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect(await me(plain, { [SESSION_COOKIE]: mine })).toBeNull();
  });

  it('signs out everywhere else, keeping this device, audited with how many', async () => {
    await t.db.deleteFrom('userSession').execute();
    const here = tokenOf(await signIn(plain, 'sonoivu', FIREFOX));
    const others = [tokenOf(await signIn(plain, 'sonoivu', PHONE)), tokenOf(await signIn(plain, 'sonoivu', PHONE))];
    const response = await call(plain, here, 'auth.revokeOtherSessions', {});
    expect(response.json().result.data).toEqual({ revoked: 2 });
    for (const token of others) expect(await me(plain, { [SESSION_COOKIE]: token })).toBeNull();
    expect(await me(plain, { [SESSION_COOKIE]: here })).toMatchObject({ username: 'sonoivu' });
    const audit = await t.db
      .selectFrom('auditLog')
      .select('after')
      .where('action', '=', 'auth.other_sessions_revoked')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ revoked: 2 });
  });
});
