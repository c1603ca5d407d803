/** The real HTTP server (Fastify + tRPC) on a seeded database, driven with app.inject. */
import { SESSION_COOKIE, sessionIdFromToken } from '@cchc/core/auth/session';
import { DEMO_PASSWORD, seedDemo } from '@cchc/core/seed/demo';
import { createDb, createPool } from '@cchc/db/pool';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer, type HttpOptions } from './http';

const TTL_DAYS = 30;
const DAY_MS = 86_400_000;

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  app = await server({});
});
afterAll(async () => {
  await app.close();
  await t.drop();
});

async function server(options: Partial<HttpOptions>): Promise<FastifyInstance> {
  const built = await buildHttpServer({
    db: t.db,
    logLevel: 'silent',
    adminDistDir: null,
    sessionTtlDays: TTL_DAYS,
    secureCookies: 'auto',
    trustProxy: false,
    ...options,
  });
  await built.ready();
  return built;
}

function signIn(username: string, password: string, on = app) {
  return on.inject({ method: 'POST', url: '/trpc/auth.signIn', payload: { username, password } });
}

/** Signs in and returns the session cookie's value. */
async function tokenOf(username: string): Promise<string> {
  const response = await signIn(username, DEMO_PASSWORD);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (response.statusCode !== 200 || !cookie) throw new Error(`sign-in failed for ${username}: ${response.body}`);
  return cookie.value;
}

/** A mutation without input, as a tRPC client sends one: JSON content type, empty body. */
function signOut(token: string, on = app) {
  return on.inject({
    method: 'POST',
    url: '/trpc/auth.signOut',
    headers: { 'content-type': 'application/json' },
    cookies: { [SESSION_COOKIE]: token },
  });
}

function query(path: string, input: unknown, token?: string, on = app) {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return on.inject({ method: 'GET', url: `/trpc/${path}${search}`, cookies: token ? { [SESSION_COOKIE]: token } : {} });
}

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

describe('GET /health', () => {
  it('answers 200 {status: ok} when the database answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('POST /trpc/auth.signIn', () => {
  it('sets an httpOnly, SameSite=Lax session cookie for the whole site, valid for the session lifetime', async () => {
    const response = await signIn('admin', DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ result: { data: { ok: true } } });
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // Plain HTTP here, so not Secure (COOKIE_SECURE=auto follows the request's protocol).
    expect(cookie?.secure).toBeFalsy();
    expect(new Date(cookie?.expires ?? 0).getTime()).toBeGreaterThan(Date.now() + (TTL_DAYS - 1) * DAY_MS);
    // The token travels only in the cookie.
    expect(response.body).not.toContain(cookie?.value);
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await server({ trustProxy: true });
    try {
      const response = await proxied.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'sonoivu', password: DEMO_PASSWORD },
      });
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      await proxied.close();
    }
  });

  it('refuses a wrong password with 401, the Vietnamese message and no cookie', async () => {
    const response = await signIn('admin', 'Sai-mat-khau-1');
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({
      message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
      data: { code: 'UNAUTHORIZED', appCode: 'auth.invalid_credentials' },
    });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('answers invalid input with 400 and Vietnamese messages per field', async () => {
    const response = await signIn('', '');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.data.fieldErrors).toEqual({
      username: ['Vui lòng nhập tên đăng nhập.'],
      password: ['Vui lòng nhập mật khẩu.'],
    });
  });
});

describe('GET /trpc/auth.me', () => {
  it('returns the signed-in user and their modules when the session cookie is sent', async () => {
    const token = await tokenOf('sonoivu');
    const response = await query('auth.me', undefined, token);
    expect(response.statusCode).toBe(200);
    const me = response.json().result.data;
    expect(me).toMatchObject({ username: 'sonoivu', role: 'home_affairs', agencyName: 'Sở Nội vụ' });
    expect(me.modules).toContain('audit');
    expect(me.modules).not.toContain('users');
  });

  it('returns null without a cookie or with a forged one', async () => {
    expect((await query('auth.me', undefined)).json()).toEqual({ result: { data: null } });
    expect((await query('auth.me', undefined, 'forged-token-forged-token-forged')).json()).toEqual({ result: { data: null } });
  });

  it('re-sends the cookie with a later expiry once half the session lifetime has passed', async () => {
    const token = await tokenOf('totongtac');
    await t.db
      .updateTable('userSession')
      .set({ expiresAt: new Date(Date.now() + 5 * DAY_MS) })
      .where('id', '=', sessionIdFromToken(token))
      .execute();
    const response = await query('auth.me', undefined, token);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.value).toBe(token);
    expect(new Date(cookie?.expires ?? 0).getTime()).toBeGreaterThan(Date.now() + (TTL_DAYS - 1) * DAY_MS);
  });
});

describe('POST /trpc/auth.signOut', () => {
  it('clears the cookie and the token stops working', async () => {
    const token = await tokenOf('canbo.stp');
    const response = await signOut(token);
    expect(response.statusCode).toBe(200);
    const cleared = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect(new Date(cleared?.expires ?? Date.now()).getTime()).toBeLessThan(Date.now());
    expect((await query('auth.me', undefined, token)).json()).toEqual({ result: { data: null } });
  });
});

describe('access over HTTP', () => {
  it('answers 401 to a stranger listing users', async () => {
    const response = await query('users.list', {});
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toBe('Vui lòng đăng nhập.');
  });

  it('answers 403 to an agency officer listing users or reading the audit log', async () => {
    const token = await tokenOf('canbo.stp');
    for (const path of ['users.list', 'audit.list']) {
      const response = await query(path, {}, token);
      expect(response.statusCode, path).toBe(403);
      expect(response.json().error.message).toBe('Bạn không có quyền thực hiện chức năng này.');
    }
  });

  it('lets an admin list users, without password hashes', async () => {
    const token = await tokenOf('admin');
    const response = await query('users.list', {}, token);
    expect(response.statusCode).toBe(200);
    const users = response.json().result.data as Record<string, unknown>[];
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'sonoivu', 'canbo.stp']));
    expect(keysOf(users)).not.toContain('passwordHash');
  });
});

describe('request ids', () => {
  it('puts a distinct x-request-id on every response, errors and unknown routes included', async () => {
    const responses: LightMyRequestResponse[] = [
      await app.inject({ method: 'GET', url: '/health' }),
      await query('users.list', {}),
      await signIn('', ''),
      await app.inject({ method: 'GET', url: '/khong-co-trang-nay' }),
      await app.inject({ method: 'GET', url: '/' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 400, 404, 200]);
    const ids = responses.map((r) => r.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the request id written in the audit row of what the request did', async () => {
    const response = await signIn('giamdoc.stp', DEMO_PASSWORD);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('actorUsername')
      .where('requestId', '=', String(response.headers['x-request-id']))
      .execute();
    expect(audit).toEqual([{ actorUsername: 'giamdoc.stp' }]);
  });
});

describe('unexpected failures', () => {
  let broken: FastifyInstance;
  let brokenDb: ReturnType<typeof createDb>;
  beforeAll(async () => {
    // The same server on a database that does not exist: every query fails.
    const url = new URL(t.url);
    url.pathname = '/khong_ton_tai';
    brokenDb = createDb(createPool(url.toString(), { max: 1 }));
    broken = await server({ db: brokenDb });
  });
  afterAll(async () => {
    await broken.close();
    await brokenDb.destroy();
  });

  it('answer 500 with a generic Vietnamese message and no stack trace or internal detail', async () => {
    for (const response of [
      await signIn('admin', DEMO_PASSWORD, broken),
      // Validating the session cookie fails before any procedure runs.
      await query('auth.me', undefined, 'a-token-that-needs-the-database-00', broken),
    ]) {
      expect(response.statusCode).toBe(500);
      expect(response.headers['x-request-id']).toBeTruthy();
      const body = response.json();
      expect(body.error.message).toBe('Đã có lỗi xảy ra. Vui lòng thử lại sau.');
      expect(keysOf(body)).not.toContain('stack');
      expect(response.body).not.toMatch(/khong_ton_tai|at .+\.ts:\d+/);
    }
  });

  it('reports the database as unavailable on /health with 503', async () => {
    const response = await broken.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'database_unavailable' });
  });
});

describe('logs', () => {
  it('name the request id of a sign-in and contain neither the password nor the session token', async () => {
    const lines: string[] = [];
    const logged = await server({ logLevel: 'trace', logStream: { write: (line: string) => void lines.push(line) } });
    try {
      const failed = await signIn('admin', 'Sai-mat-khau-bi-mat-1', logged);
      const response = await signIn('admin', DEMO_PASSWORD, logged);
      const token = response.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
      if (!token) throw new Error('sign-in failed');
      await query('auth.me', undefined, token, logged);
      await signOut(token, logged);

      const reqId = String(response.headers['x-request-id']);
      const entries = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
      const ofSignIn = entries.filter((e) => e.reqId === reqId);
      expect(ofSignIn.map((e) => e.msg)).toEqual(expect.arrayContaining(['incoming request', 'signed in', 'request completed']));
      expect(entries.some((e) => e.reqId === failed.headers['x-request-id'])).toBe(true);

      const text = lines.join('');
      expect(text).not.toContain(DEMO_PASSWORD);
      expect(text).not.toContain('Sai-mat-khau-bi-mat-1');
      expect(text).not.toContain(token);
      expect(text).not.toContain(sessionIdFromToken(token));
    } finally {
      await logged.close();
    }
  });
});
