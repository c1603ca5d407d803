/** The real HTTP server (Fastify + tRPC) on a seeded database, driven with app.inject. */

import { createServer } from 'node:net';
import { hashPassword } from '@cchc/core/auth/password';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionIdFromToken } from '@cchc/core/auth/session';
import { MAX_FILE_BYTES, MAX_IMPORT_BYTES } from '@cchc/core/files/service';
import { ZSessionCreate } from '@cchc/core/meetings/schemas';
import { createSession } from '@cchc/core/meetings/service';
import { ZPlanCreate, ZTaskCreate } from '@cchc/core/plans/schemas';
import { createPlan, createTask } from '@cchc/core/plans/service';
import { DEMO_PASSWORD, seedDemo } from '@cchc/core/seed/demo';
import { createDb, createPool } from '@cchc/db/pool';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer, type HttpOptions } from './http';

const TTL_DAYS = 30;
/** What the admin app sends with every request that changes something (the CSRF proof). */
const CSRF = { 'x-cchc-csrf': '1' } as const;
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
  return on.inject({ method: 'POST', url: '/trpc/auth.signIn', headers: CSRF, payload: { username, password } });
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
    headers: { ...CSRF, 'content-type': 'application/json' },
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
    expect(response.json()).toEqual({ status: 'ok', database: 'ok', worker: 'none' });
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

  it('marks the cookie Secure and names it __Host- when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await server({ trustProxy: true });
    try {
      const response = await proxied.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { ...CSRF, 'x-forwarded-proto': 'https' },
        payload: { username: 'sonoivu', password: DEMO_PASSWORD },
      });
      expect(response.cookies.find((c) => c.name === SECURE_SESSION_COOKIE)).toMatchObject({
        secure: true,
        httpOnly: true,
        path: '/',
      });
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

  it('never extends a session: its lifetime is absolute (issue 15), and no cookie is re-sent', async () => {
    const token = await tokenOf('totongtac');
    const soon = new Date(Date.now() + 5 * DAY_MS);
    await t.db.updateTable('userSession').set({ expiresAt: soon }).where('id', '=', sessionIdFromToken(token)).execute();
    const response = await query('auth.me', undefined, token);
    expect(response.json().result.data).toMatchObject({ username: 'totongtac' });
    expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    const row = await t.db
      .selectFrom('userSession')
      .select('expiresAt')
      .where('id', '=', sessionIdFromToken(token))
      .executeTakeFirstOrThrow();
    expect(row.expiresAt.getTime()).toBe(soon.getTime());
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
    expect(response.json()).toEqual({ status: 'database_unavailable', database: 'unavailable', worker: 'none' });
  });
});

describe('when PostgreSQL is down', () => {
  let down: FastifyInstance;
  let downDb: ReturnType<typeof createDb>;
  beforeAll(async () => {
    // A port where nothing listens: every connection is refused, as while PostgreSQL restarts.
    const url = new URL(t.url);
    url.port = String(await closedPort());
    downDb = createDb(createPool(url.toString(), { max: 1 }));
    down = await server({ db: downDb });
  });
  afterAll(async () => {
    await down.close();
    await downDb.destroy();
  });

  it('answers 503 with a Vietnamese "try again" message, not 500, for procedures, session checks and downloads', async () => {
    for (const response of [
      await signIn('admin', DEMO_PASSWORD, down),
      await query('auth.me', undefined, 'a-token-that-needs-the-database-00', down),
      await down.inject({
        method: 'GET',
        url: '/api/files/00000000-0000-4000-8000-000000000000',
        cookies: { [SESSION_COOKIE]: 'x'.repeat(40) },
      }),
    ]) {
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('Cơ sở dữ liệu tạm thời không sẵn sàng');
    }
    const health = await down.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ database: 'unavailable' });
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

describe('evidence files over /api/files', () => {
  const NAME = 'Báo cáo tiến độ.pdf';
  // Bytes that are not valid UTF-8 text, so any re-encoding on the way would show.
  const CONTENT = Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a]),
    Buffer.from('báo cáo'),
  ]);
  let officer: string;
  let head: string;
  let otherOfficer: string;
  let taskId: string;

  beforeAll(async () => {
    const agencies = await t.db.selectFrom('agency').select(['id', 'code']).where('kind', '=', 'department').execute();
    const agencyId = (code: string) => agencies.find((a) => a.code === code)?.id ?? '';
    await t.db
      .insertInto('appUser')
      .values({
        username: 'canbo.stc',
        displayName: 'Đỗ Minh Khoa (Sở Tài chính)',
        role: 'agency_officer',
        agencyId: agencyId('33.STC'),
        passwordHash: await hashPassword(DEMO_PASSWORD),
        searchText: 'canbo.stc do minh khoa',
      })
      .execute();
    const manager = await t.db
      .selectFrom('appUser')
      .select(['id', 'agencyId'])
      .where('username', '=', 'sonoivu')
      .executeTakeFirstOrThrow();
    const actor = { userId: manager.id, username: 'sonoivu', role: 'home_affairs' as const, agencyId: manager.agencyId };
    const plan = await createPlan(
      t.db,
      actor,
      ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch CCHC năm 2026', status: 'active' }),
    );
    const task = await createTask(
      t.db,
      actor,
      ZTaskCreate.parse({
        planId: plan.id,
        title: 'Rà soát thủ tục lĩnh vực hộ tịch',
        leadAgencyId: agencyId('33.STP'),
        deadline: '2026-12-15',
      }),
    );
    taskId = task.id;
    officer = await tokenOf('canbo.stp');
    head = await tokenOf('giamdoc.stp');
    otherOfficer = await tokenOf('canbo.stc');
  });

  function upload(content: Buffer, token?: string, name = NAME, contentType = 'application/pdf') {
    return app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...CSRF, 'content-type': contentType, 'x-file-name': encodeURIComponent(name) },
      cookies: token ? { [SESSION_COOKIE]: token } : {},
      payload: content,
    });
  }

  function download(id: string, token?: string) {
    return app.inject({ method: 'GET', url: `/api/files/${id}`, cookies: token ? { [SESSION_COOKIE]: token } : {} });
  }

  const storedCount = async () => (await t.db.selectFrom('storedFile').select('id').execute()).length;

  /** The file name a browser reads from Content-Disposition (the RFC 5987 form wins). */
  function downloadedName(header: string | string[] | number | undefined): string | null {
    const match = /filename\*=UTF-8''([^;]+)/.exec(String(header));
    return match?.[1] ? decodeURIComponent(match[1]) : null;
  }

  it('stores raw bytes an officer uploads, keeping the Vietnamese file name, and answers 201 with the id', async () => {
    const response = await upload(CONTENT, officer);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ fileName: NAME, sizeBytes: CONTENT.length, contentType: 'application/pdf' });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 401 to an upload without a session and stores nothing', async () => {
    const before = await storedCount();
    const response = await upload(CONTENT);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'unauthorized', message: 'Vui lòng đăng nhập.' });
    expect(await storedCount()).toBe(before);
  });

  it('refuses a file over 20 MB with a clear message and stores nothing', async () => {
    const before = await storedCount();
    const response = await upload(Buffer.alloc(21 * 1024 * 1024, 0x41), officer);
    expect([400, 413]).toContain(response.statusCode);
    expect(response.json().message).toBe('Tệp quá lớn (tối đa 20 MB).');
    expect(await storedCount()).toBe(before);
    // Exactly the limit is still accepted.
    const atLimit = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_FILE_BYTES - 9, 0x42)]);
    expect((await upload(atLimit, officer, 'toi-da.pdf')).statusCode).toBe(201);
  });

  it('takes a 22.7 MiB export uploaded for an import, and refuses a file past the import limit', async () => {
    const line = 'PAKN-000001,2016-07-13 15:11:07+00:00,Nguyễn Văn An,Phản ánh về thời hạn giải quyết hồ sơ\n';
    const csv = Buffer.from(
      `Mã,Thời gian,Người gửi,Tiêu đề\n${line.repeat(Math.ceil((22.7 * 1024 * 1024) / Buffer.byteLength(line)))}`,
    );
    const importUpload = (content: Buffer) =>
      app.inject({
        method: 'POST',
        url: '/api/files?purpose=import',
        headers: { ...CSRF, 'content-type': 'text/csv', 'x-file-name': encodeURIComponent('pakn-2016.csv') },
        cookies: { [SESSION_COOKIE]: officer },
        payload: content,
      });
    const accepted = await importUpload(csv);
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().sizeBytes).toBe(csv.length);
    const before = await storedCount();
    const refused = await importUpload(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41));
    expect([400, 413]).toContain(refused.statusCode);
    expect(refused.json().message).toBe(`Tệp quá lớn (tối đa ${MAX_IMPORT_BYTES / 1024 / 1024} MB).`);
    expect(await storedCount()).toBe(before);
  });

  it('refuses an empty file', async () => {
    const before = await storedCount();
    const response = await upload(Buffer.alloc(0), officer);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'files.empty', message: 'Tệp rỗng.' });
    expect(await storedCount()).toBe(before);
  });

  it('accepts text and JSON files byte for byte, like any other file', async () => {
    for (const [name, type, text] of [
      ['Ghi chú.txt', 'text/plain; charset=utf-8', 'Đã rà soát 12 thủ tục.\n'],
      ['so-lieu.json', 'application/json', '{"hoSo": 120, "dungHan": 118}'],
      ['hong.json', 'application/json', '{không phải JSON'],
    ] as const) {
      const created = await upload(Buffer.from(text), officer, name, type);
      expect(created.statusCode, name).toBe(201);
      const got = await download(created.json().id, officer);
      expect(got.rawPayload.toString('utf8'), name).toBe(text);
    }
  });

  it('stores a file sent without a content type as the type its content shows', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...CSRF, 'x-file-name': encodeURIComponent('Biên bản.pdf') },
      cookies: { [SESSION_COOKIE]: officer },
      payload: CONTENT,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ fileName: 'Biên bản.pdf', contentType: 'application/pdf' });
  });

  it('refuses a file name header that is not valid percent-encoding with 400, not a server error', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { ...CSRF, 'content-type': 'application/pdf', 'x-file-name': 'bao-cao%E0%A4%A.pdf' },
      cookies: { [SESSION_COOKIE]: officer },
      payload: CONTENT,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('Tên tệp không hợp lệ.');
  });

  it('gives the uploader the same bytes back, with the Vietnamese name in Content-Disposition', async () => {
    const id = (await upload(CONTENT, officer)).json().id;
    const response = await download(id, officer);
    expect(response.statusCode).toBe(200);
    expect(Buffer.compare(response.rawPayload, CONTENT)).toBe(0);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(NAME)}`);
    expect(downloadedName(disposition)).toBe(NAME);
  });

  it('answers 401 to a download without a session and 404 to an unknown id', async () => {
    const id = (await upload(CONTENT, officer)).json().id;
    expect((await download(id)).statusCode).toBe(401);
    expect((await download('00000000-0000-4000-8000-000000000000', officer)).statusCode).toBe(404);
    expect((await download('khong-phai-id', officer)).statusCode).toBe(404);
  });

  it('lets the Sở Tư pháp head download evidence of a Sở Tư pháp task, and refuses an officer of another department', async () => {
    const id = (await upload(CONTENT, officer)).json().id;
    // Not yet evidence of any task: only the uploader may read it.
    expect((await download(id, head)).statusCode).toBe(403);

    const reported = await app.inject({
      method: 'POST',
      url: '/trpc/plans.reportProgress',
      headers: CSRF,
      cookies: { [SESSION_COOKIE]: officer },
      payload: { taskId, progress: 60, note: 'Đã rà soát 12/20 thủ tục.', fileIds: [id] },
    });
    expect(reported.statusCode).toBe(200);

    const byHead = await download(id, head);
    expect(byHead.statusCode).toBe(200);
    expect(Buffer.compare(byHead.rawPayload, CONTENT)).toBe(0);
    expect(downloadedName(byHead.headers['content-disposition'])).toBe(NAME);

    const byOther = await download(id, otherOfficer);
    expect(byOther.statusCode).toBe(403);
    expect(byOther.json()).toEqual({ error: 'files.forbidden', message: 'Bạn không có quyền xem tệp này.' });
    expect(byOther.rawPayload.includes(CONTENT)).toBe(false);
  });
});

describe('session exports over /api/exports/sessions/:id/:file', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  let secretariat: string;
  let officer: string;
  /** Phiên họp thứ 1, Sở Tư pháp and Sở Tài chính invited. */
  let sessionId: string;
  /** Phiên họp thứ 2, Sở Tài chính only. */
  let otherSessionId: string;

  beforeAll(async () => {
    const agencies = await t.db.selectFrom('agency').select(['id', 'code']).where('kind', '=', 'department').execute();
    const agencyId = (code: string) => agencies.find((a) => a.code === code)?.id ?? '';
    const user = await t.db
      .selectFrom('appUser')
      .select(['id', 'agencyId'])
      .where('username', '=', 'totongtac')
      .executeTakeFirstOrThrow();
    const actor = { userId: user.id, username: 'totongtac', role: 'working_group' as const, agencyId: user.agencyId };
    const group = await t.db.selectFrom('workingGroup').select('id').executeTakeFirstOrThrow();
    const session = (title: string, startsAt: string, codes: string[]) =>
      createSession(
        t.db,
        actor,
        ZSessionCreate.parse({
          groupId: group.id,
          title,
          startsAt,
          mode: 'online',
          invitations: codes.map((code) => ({ agencyId: agencyId(code) })),
        }),
      );
    sessionId = (await session('Sơ kết cải cách thủ tục hành chính quý IV', '2026-12-03T08:00:00+07:00', ['33.STP', '33.STC']))
      .id;
    otherSessionId = (await session('Rà soát thủ tục lĩnh vực tài chính', '2026-12-10T08:00:00+07:00', ['33.STC'])).id;
    secretariat = await tokenOf('totongtac');
    officer = await tokenOf('canbo.stp');
  });

  function exported(id: string, file: string, token?: string) {
    return app.inject({
      method: 'GET',
      url: `/api/exports/sessions/${id}/${file}`,
      cookies: token ? { [SESSION_COOKIE]: token } : {},
    });
  }

  it('sends the attendance sheet as PDF and XLSX and the invitation as iCalendar, each as a named attachment', async () => {
    for (const [file, contentType, fileName, magic] of [
      ['attendance.pdf', 'application/pdf', 'diem-danh-phien-1.pdf', '%PDF-'],
      ['attendance.xlsx', XLSX, 'diem-danh-phien-1.xlsx', 'PK'],
      ['invitation.ics', 'text/calendar; charset=utf-8', 'phien-hop-1.ics', 'BEGIN:VCALENDAR'],
    ] as const) {
      const response = await exported(sessionId, file, secretariat);
      expect(response.statusCode, file).toBe(200);
      expect(response.headers['content-type'], file).toBe(contentType);
      expect(response.headers['content-disposition'], file).toBe(
        `attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`,
      );
      expect(response.rawPayload.subarray(0, magic.length).toString(), file).toBe(magic);
    }
  });

  it('lets an officer of an invited agency download the sheet', async () => {
    const response = await exported(sessionId, 'attendance.xlsx', officer);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX);
  });

  it('answers 401 without a session', async () => {
    for (const file of ['attendance.pdf', 'attendance.xlsx', 'invitation.ics']) {
      const response = await exported(sessionId, file);
      expect(response.statusCode, file).toBe(401);
      expect(response.json(), file).toEqual({ error: 'unauthorized', message: 'Vui lòng đăng nhập.' });
    }
  });

  it('answers 403 to an officer of an agency that was not invited, and sends no file', async () => {
    for (const file of ['attendance.pdf', 'attendance.xlsx', 'invitation.ics']) {
      const response = await exported(otherSessionId, file, officer);
      expect(response.statusCode, file).toBe(403);
      expect(response.headers['content-disposition'], file).toBeUndefined();
      expect(response.json(), file).toEqual({
        error: 'meetings.not_invited',
        message: 'Cơ quan của bạn không được mời dự phiên họp này.',
      });
    }
  });

  it('answers 404 to a file it does not make, an unknown session and an id that is no id', async () => {
    for (const [id, file] of [
      [sessionId, 'attendance.docx'],
      [sessionId, 'minutes.pdf'],
      ['00000000-0000-4000-8000-000000000000', 'attendance.pdf'],
      ['phien-1', 'attendance.pdf'],
    ] as const) {
      const response = await exported(id, file, secretariat);
      expect(response.statusCode, `${id}/${file}`).toBe(404);
      expect(response.headers['content-disposition'], `${id}/${file}`).toBeUndefined();
    }
  });
});

describe('report and ranking downloads', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  let reportId: string;
  let runId: string;

  beforeAll(async () => {
    const { ensureCalendarSeeded } = await import('@cchc/core/calendar/service');
    const { fixedClock } = await import('@cchc/core/clock');
    const { queueGeneration, runGeneration } = await import('@cchc/core/reports/generate');
    const { computeScoreRun, queueScoreRun } = await import('@cchc/core/scores/runs');
    const { ensureDefaultScheme } = await import('@cchc/core/scores/schemes');
    await ensureCalendarSeeded(t.db);
    await ensureDefaultScheme(t.db, { userId: null, username: 'test' });
    const clock = fixedClock('2026-11-21T03:00:00Z');
    const regime = await t.db.selectFrom('reportRegime').select('id').where('code', '=', 'CCHC').executeTakeFirstOrThrow();
    reportId = (await queueGeneration(t.db, { userId: null, username: 'test' }, { regimeId: regime.id, periodKey: '2026-q3' }))
      .reportId;
    await runGeneration(t.db, reportId, clock);
    runId = (
      await queueScoreRun(
        t.db,
        { userId: null, username: 'test' },
        { periodKind: 'quarter', from: '2026-06-15', to: '2026-09-14' },
      )
    ).runId;
    await computeScoreRun(t.db, runId, clock);
  });

  const get = (url: string, token?: string) =>
    app.inject({ method: 'GET', url, cookies: token ? { [SESSION_COOKIE]: token } : {} });

  it('sends the Sở Nội vụ the report as XLSX and PDF, named after the regime, period and version', async () => {
    const token = await tokenOf('sonoivu');
    for (const [format, contentType, magic] of [
      ['xlsx', XLSX, 'PK'],
      ['pdf', 'application/pdf', '%PDF-'],
    ] as const) {
      const response = await get(`/api/reports/${reportId}.${format}`, token);
      expect(response.statusCode, format).toBe(200);
      expect(response.headers['content-type'], format).toBe(contentType);
      expect(response.headers['content-disposition'], format).toContain(`bao-cao-cchc-2026-q3-v1.${format}`);
      expect(response.rawPayload.subarray(0, magic.length).toString(), format).toBe(magic);
    }
  });

  it('answers 401 without a session, 403 to an agency officer and 404 to an unknown report or format', async () => {
    expect((await get(`/api/reports/${reportId}.pdf`)).statusCode).toBe(401);
    const officer = await tokenOf('canbo.stp');
    const refused = await get(`/api/reports/${reportId}.pdf`, officer);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-disposition']).toBeUndefined();
    const token = await tokenOf('sonoivu');
    expect((await get('/api/reports/00000000-0000-4000-8000-000000000000.pdf', token)).statusCode).toBe(404);
    // Word is one of the report's formats now; an unknown one is still not found.
    expect((await get(`/api/reports/${reportId}.odt`, token)).statusCode).toBe(404);
  });

  it('exports a ranking as XLSX to the province, and to nobody else', async () => {
    const token = await tokenOf('totongtac');
    const response = await get(`/api/exports/scores/${runId}.xlsx`, token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('xep-hang-cchc-2026-06-15-2026-09-14.xlsx');
    expect(response.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await get(`/api/exports/scores/${runId}.xlsx`, await tokenOf('giamdoc.stp'))).statusCode).toBe(403);
    expect((await get(`/api/exports/scores/${runId}.xlsx`)).statusCode).toBe(401);
  });
});

/** A local port that was free a moment ago and where nothing listens now. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
