/**
 * Issue 15 over real HTTP (app.inject on a seeded database): security headers on every answer,
 * no-store where personal data travels, CSRF refused beyond SameSite, uploads checked by content,
 * and the forced password change holding on the file routes too.
 */
import { SESSION_COOKIE } from '@cchc/core/auth/session';
import { DEMO_PASSWORD, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from './http';
import { CSRF_REFUSED } from './security';

const CSRF = { 'x-cchc-csrf': '1' } as const;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n');

let t: TestDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  app = await buildHttpServer({
    db: t.db,
    logLevel: 'silent',
    adminDistDir: null,
    sessionTtlDays: 30,
    secureCookies: 'auto',
    trustProxy: false,
    uploadQuotaBytes: 50 * 1024 * 1024,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.drop();
});

async function tokenOf(username: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/trpc/auth.signIn',
    headers: CSRF,
    payload: { username, password: DEMO_PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`sign-in failed: ${response.body}`);
  return cookie.value;
}

const upload = (token: string, content: Buffer, name: string, headers: Record<string, string> = CSRF) =>
  app.inject({
    method: 'POST',
    url: '/api/files',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
    cookies: { [SESSION_COOKIE]: token },
    payload: content,
  });

describe('security headers', () => {
  it('are on the app, the API and a download, with no-store where personal data travels', async () => {
    const token = await tokenOf('canbo.stp');
    const file = (await upload(token, PDF, 'Minh chứng.pdf')).json();
    const answers = {
      app: await app.inject({ method: 'GET', url: '/' }),
      api: await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: { [SESSION_COOKIE]: token } }),
      download: await app.inject({ method: 'GET', url: `/api/files/${file.id}`, cookies: { [SESSION_COOKIE]: token } }),
    };
    expect(answers.download.statusCode).toBe(200);
    for (const [name, response] of Object.entries(answers)) {
      const csp = String(response.headers['content-security-policy']);
      expect(csp, name).toContain("script-src 'self'");
      expect(csp, name).toContain("frame-ancestors 'none'");
      expect(csp, name).toContain("object-src 'none'");
      expect(csp, name).toContain("base-uri 'self'");
      expect(csp, name).not.toContain("script-src 'self' 'unsafe-inline'");
      expect(response.headers['x-frame-options'], name).toBe('DENY');
      expect(response.headers['x-content-type-options'], name).toBe('nosniff');
      expect(response.headers['referrer-policy'], name).toBe('same-origin');
      expect(String(response.headers['permissions-policy']), name).toContain('camera=()');
    }
    expect(answers.api.headers['cache-control']).toBe('no-store');
    expect(answers.download.headers['cache-control']).toBe('no-store');
  });
});

describe('CSRF beyond SameSite=Lax', () => {
  it('refuses a plain cross-site form POST and a text/plain POST to a mutation, and changes nothing', async () => {
    const token = await tokenOf('sonoivu');
    const form = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signOut',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      cookies: { [SESSION_COOKIE]: token },
      payload: 'a=1',
    });
    const textPlain = await app.inject({
      method: 'POST',
      url: '/trpc/notifications.markRead',
      headers: { 'content-type': 'text/plain' },
      cookies: { [SESSION_COOKIE]: token },
      payload: '{}',
    });
    for (const response of [form, textPlain]) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'csrf', message: CSRF_REFUSED });
    }
    // Still signed in: the forged sign-out did nothing.
    const me = await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: { [SESSION_COOKIE]: token } });
    expect(me.json().result.data.username).toBe('sonoivu');
  });

  it('refuses the header from another site (a same-site page, another origin) and accepts it from the app itself', async () => {
    const token = await tokenOf('totongtac');
    const call = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/trpc/notifications.markRead',
        headers: { ...headers, 'content-type': 'application/json' },
        cookies: { [SESSION_COOKIE]: token },
        payload: {},
      });
    expect((await call({ ...CSRF, 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await call({ ...CSRF, origin: 'http://other.localhost' })).statusCode).toBe(403);
    expect((await call({ ...CSRF, origin: 'null' })).statusCode).toBe(403);
    expect((await call({ ...CSRF, 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' })).statusCode).toBe(200);
    expect((await call(CSRF)).statusCode).toBe(200);
  });

  it('refuses an upload without the header', async () => {
    const token = await tokenOf('canbo.stp');
    const response = await upload(token, PDF, 'Minh chứng.pdf', {});
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toBe('csrf');
  });
});

describe('uploads', () => {
  it('refuses an executable, whatever it is called, and stores nothing', async () => {
    const token = await tokenOf('canbo.stp');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]);
    const before = (await t.db.selectFrom('storedFile').select('id').execute()).length;
    for (const name of ['setup.exe', 'bao-cao.pdf']) {
      const response = await upload(token, exe, name);
      expect(response.statusCode, name).toBe(400);
      expect(response.json()).toMatchObject({ error: 'files.type_not_allowed' });
      expect(response.json().message).toMatch(/^Loại tệp không được phép/);
    }
    expect((await t.db.selectFrom('storedFile').select('id').execute()).length).toBe(before);
  });

  it('refuses an upload past the agency quota with a Vietnamese message', async () => {
    const token = await tokenOf('giamdoc.stp');
    const big = Buffer.concat([PDF, Buffer.alloc(19 * 1024 * 1024, 0x20)]);
    const codes: number[] = [];
    let last = '';
    for (let i = 0; i < 4; i++) {
      const response = await upload(token, big, `Hồ sơ ${i}.pdf`);
      codes.push(response.statusCode);
      last = response.json().message;
    }
    expect(codes).toEqual([201, 201, 400, 400]);
    expect(last).toMatch(/^Cơ quan của bạn đã dùng 3\d MB trong hạn mức 50 MB/);
  });
});

describe('the forced change of an admin-issued password', () => {
  it('holds on the file routes too', async () => {
    const token = await tokenOf('admin');
    await t.db.updateTable('appUser').set({ mustChangePassword: true }).where('username', '=', 'admin').execute();
    const response = await upload(token, PDF, 'Minh chứng.pdf');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'auth.must_change_password' });
    const tasks = await app.inject({ method: 'GET', url: '/api/exports/tasks.csv', cookies: { [SESSION_COOKIE]: token } });
    expect(tasks.statusCode).toBe(403);
  });
});

describe("Fastify's own refusals", () => {
  it('answer an oversized request in Vietnamese', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { ...CSRF, 'content-type': 'application/json' },
      payload: Buffer.alloc(26 * 1024 * 1024, 0x20),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'too_large', message: 'Dữ liệu gửi lên quá lớn.' });
  });
});

describe('the file routes’ filters', () => {
  it('refuse a NUL or a date out of range in a query parameter with a Vietnamese 400, not a 500', async () => {
    const token = await tokenOf('sonoivu');
    for (const [url, kind] of [
      ['/api/exports/feedback.csv?q=h%E1%BB%93%20s%C6%A1%00', 'input.bad_text'],
      ['/api/exports/tasks.csv?deadlineFrom=9999-01-01', 'input.date_range'],
    ] as const) {
      const response = await app.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: token } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error, url).toBe(kind);
    }
  });
});
