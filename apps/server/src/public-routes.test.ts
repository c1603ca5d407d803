/**
 * The public face of the app over HTTP (issue 19), on a seeded province: Open311 GeoReport v2 with its
 * field names and error format, API keys on the wire, the public pages and open data files (never a
 * submitter's name or phone), caching, the indicator endpoint and the OpenAPI document.
 */
import { ensureCalendarSeeded } from '@cchc/core/calendar/service';
import { systemClock } from '@cchc/core/clock';
import { issueApiKey, ZApiKeyIssue } from '@cchc/core/integrations/api-keys';
import { DATASET_COLUMNS } from '@cchc/core/integrations/open-data';
import { getRegime, periodOf } from '@cchc/core/reports/regimes';
import { buildSnapshot } from '@cchc/core/reports/snapshot';
import { computeScoreRun, queueScoreRun } from '@cchc/core/scores/runs';
import { ensureDefaultScheme } from '@cchc/core/scores/schemes';
import { seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHttpServer } from './http';

/** GeoReport v2 (wiki.open311.org/GeoReport_v2), as JSON: the fields and types the standard defines. */
const GeoService = z.strictObject({
  service_code: z.string().min(1),
  service_name: z.string().min(1),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
const GeoRequest = z.strictObject({
  service_request_id: z.string().min(1),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.iso.datetime({ offset: true }),
  updated_datetime: z.iso.datetime({ offset: true }),
  expected_datetime: z.iso.datetime({ offset: true }).nullable(),
  address: z.string().nullable(),
  media_url: z.string().nullable(),
});
const GeoCreated = z.array(
  z.strictObject({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() }),
);
const GeoErrors = z.array(z.strictObject({ code: z.number().int(), description: z.string().min(1) })).min(1);

let t: TestDatabase;
let app: FastifyInstance;
let submitKey: string;
let readKey: string;
let figuresKey: string;
/** Every seeded submitter's name and phone: none may be served by a public page, file or API. */
let personal: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  const today = systemClock().today();
  await ensureCalendarSeeded(t.db);
  await seedDemo(t.db, today);
  await ensureDefaultScheme(t.db, { userId: null, username: 'test' });
  const admin = await t.db.selectFrom('appUser').select(['id']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  const actor = { userId: admin.id, username: 'admin' };
  const issue = async (name: string, scopes: string[], rateLimitPerMinute = 1000) =>
    (await issueApiKey(t.db, actor, ZApiKeyIssue.parse({ name, scopes, rateLimitPerMinute }))).key;
  submitKey = await issue('Cổng dịch vụ công tỉnh', ['feedback:submit', 'published:read']);
  readKey = await issue('Cổng dữ liệu mở', ['published:read']);
  figuresKey = await issue('Hệ thống báo cáo quốc gia', ['figures:read']);
  const run = await queueScoreRun(t.db, actor, { periodKind: 'quarter', from: '2026-07-01', to: '2026-09-30', schemeId: null });
  await computeScoreRun(t.db, run.runId, systemClock());
  const rows = await t.db.selectFrom('feedback').select(['submitterName', 'submitterContact']).execute();
  personal = [...new Set(rows.flatMap((r) => [r.submitterName, r.submitterContact ?? '']).filter((v) => v.length > 3))];
  app = await buildHttpServer({
    db: t.db,
    logLevel: 'silent',
    adminDistDir: null,
    sessionTtlDays: 30,
    secureCookies: 'auto',
    trustProxy: false,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.drop();
});

const leaked = (text: string) => personal.filter((p) => text.includes(p));

describe('Open311 GeoReport v2', () => {
  it('lists the services in JSON and XML', async () => {
    const json = await app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    expect(json.statusCode).toBe(200);
    const services = z.array(GeoService).parse(json.json());
    expect(services.map((s) => s.service_code)).toContain('ly-lich-tu-phap');
    const xml = await app.inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(xml.headers['content-type']).toMatch(/^text\/xml/);
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>/);
    expect(xml.body.match(/<service>/g)?.length).toBe(services.length);
  });

  it('serves published requests that validate against the standard, with no personal data', async () => {
    const response = await app.inject({ method: 'GET', url: '/open311/v2/requests.json' });
    expect(response.statusCode).toBe(200);
    const requests = z.array(GeoRequest).parse(response.json());
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.every((r) => r.status === 'closed' && r.status_notes)).toBe(true);
    expect(leaked(response.body)).toEqual([]);
    const xml = await app.inject({ method: 'GET', url: '/open311/v2/requests.xml?service_code=ly-lich-tu-phap' });
    expect(xml.body).toContain('<service_requests><request><service_request_id>');
    expect(xml.body).not.toContain('<service_code>ho-tich</service_code>');
    expect(leaked(xml.body)).toEqual([]);
    const one = requests[0] as z.infer<typeof GeoRequest>;
    const single = await app.inject({ method: 'GET', url: `/open311/v2/requests/${one.service_request_id}.json` });
    expect(z.array(GeoRequest).parse(single.json())).toEqual([one]);
  });

  it('answers errors in the standard format, in Vietnamese', async () => {
    const bad = await app.inject({ method: 'GET', url: '/open311/v2/requests.json?status=pending' });
    expect(bad.statusCode).toBe(400);
    expect(GeoErrors.parse(bad.json())).toEqual([{ code: 400, description: 'status: status chỉ nhận open hoặc closed.' }]);
    const missing = await app.inject({ method: 'GET', url: '/open311/v2/requests/999999.xml' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<errors><error><code>404</code><description>Không tìm thấy phản ánh, kiến nghị');
  });

  it('refuses a POST without a key, or with a key that may not submit', async () => {
    const form = 'service_code=khac&description=Noi+dung+phan+anh+du+dai&first_name=An&last_name=Le';
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const without = await app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers, payload: form });
    expect(without.statusCode).toBe(401);
    expect(GeoErrors.parse(without.json())).toEqual([{ code: 401, description: 'Thiếu khóa API (api_key).' }]);
    const readOnly = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers,
      payload: `${form}&api_key=${readKey}`,
    });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json()).toEqual([{ code: 403, description: 'Khóa API này không có quyền feedback:submit.' }]);
    const count = await t.db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('sourceApiKeyId', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('creates an item from a form-encoded POST with a key; it is in the register with its source', async () => {
    const payload = new URLSearchParams({
      api_key: submitKey,
      service_code: 'ho-tich',
      description: 'Đề nghị hướng dẫn rõ hồ sơ đăng ký khai sinh cho con khi cha mẹ ở hai tỉnh khác nhau.',
      first_name: 'Hoa',
      last_name: 'Phạm Thị',
      phone: '0977 123 456',
      'attribute[external_id]': 'DVC-2026-000123',
    }).toString();
    const response = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    expect(response.statusCode).toBe(201);
    const [created] = GeoCreated.parse(response.json());
    const item = await t.db
      .selectFrom('feedback as f')
      .innerJoin('apiKey as k', 'k.id', 'f.sourceApiKeyId')
      .select(['f.status', 'f.externalId', 'f.field', 'f.submitterName', 'k.name as source'])
      .where('f.number', '=', Number(created?.service_request_id))
      .executeTakeFirstOrThrow();
    expect(item).toEqual({
      status: 'received',
      externalId: 'DVC-2026-000123',
      field: 'Hộ tịch',
      submitterName: 'Phạm Thị Hoa',
      source: 'Cổng dịch vụ công tỉnh',
    });
    // The same external id again: refused, nothing created twice.
    const again = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    expect(again.statusCode).toBe(409);
    expect(GeoErrors.parse(again.json())[0]?.description).toMatch(/^Mã DVC-2026-000123 đã có trong sổ/);
    // The sending system follows its item; the public does not see it until it is published.
    const mine = await app.inject({
      method: 'GET',
      url: `/open311/v2/requests/${created?.service_request_id}.json?api_key=${submitKey}`,
    });
    expect(z.array(GeoRequest).parse(mine.json())[0]).toMatchObject({ status: 'open', status_notes: 'Đang xử lý.' });
    expect(mine.body).not.toContain('Phạm Thị Hoa');
    const anonymous = await app.inject({ method: 'GET', url: `/open311/v2/requests/${created?.service_request_id}.json` });
    expect(anonymous.statusCode).toBe(404);
  });

  it('limits a key to its requests per minute, counted in PostgreSQL', async () => {
    const admin = await t.db.selectFrom('appUser').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const { key } = await issueApiKey(
      t.db,
      { userId: admin.id, username: 'admin' },
      ZApiKeyIssue.parse({ name: 'Hệ thống thử giới hạn', scopes: ['published:read'], rateLimitPerMinute: 2 }),
    );
    const second = new Date().getUTCSeconds();
    if (second > 55) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
    const call = () => app.inject({ method: 'GET', url: `/open311/v2/services.json`, headers: { 'x-api-key': key } });
    const requests = () => app.inject({ method: 'GET', url: `/open311/v2/requests.json?api_key=${key}&status=open` });
    expect((await requests()).statusCode).toBe(200);
    expect((await requests()).statusCode).toBe(200);
    const limited = await requests();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(GeoErrors.parse(limited.json())[0]?.description).toMatch(/^Vượt quá giới hạn 2 yêu cầu mỗi phút/);
    // Services are public: a key there is not needed and not counted.
    expect((await call()).statusCode).toBe(200);
  });
});

describe('public pages and open data', () => {
  it('shows published answers searchable by agency and field, without any personal data', async () => {
    const list = await app.inject({ method: 'GET', url: '/cong-khai/tra-loi-pakn' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(list.body).toContain('<html lang="vi">');
    expect(list.body).toMatch(/Tìm thấy [\d.]+ câu trả lời\./);
    expect(leaked(list.body)).toEqual([]);
    const number = /href="\/cong-khai\/tra-loi-pakn\/(\d+)"/.exec(list.body)?.[1];
    const one = await app.inject({ method: 'GET', url: `/cong-khai/tra-loi-pakn/${number}` });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('<h3>Trả lời</h3>');
    expect(leaked(one.body)).toEqual([]);
    const field = await app.inject({ method: 'GET', url: `/cong-khai/tra-loi-pakn?field=${encodeURIComponent('Hộ tịch')}` });
    expect(field.body).toContain('Lĩnh vực: Hộ tịch');
    expect(field.body).not.toContain('Lĩnh vực: Đất đai');
    // The search form sends its empty boxes too.
    const empty = await app.inject({ method: 'GET', url: '/cong-khai/tra-loi-pakn?q=&agency=&field=&from=&to=' });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toMatch(/Tìm thấy [\d.]+ câu trả lời\./);
    const bad = await app.inject({ method: 'GET', url: '/cong-khai/tra-loi-pakn?from=31/12/2026' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ngày không hợp lệ (định dạng YYYY-MM-DD).');
    const english = await app.inject({ method: 'GET', url: '/cong-khai/tra-loi-pakn?lang=en' });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Answers to feedback');
  });

  it('publishes the rankings and the register of procedures under review', async () => {
    const results = await app.inject({ method: 'GET', url: '/cong-khai/ket-qua' });
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain('Kỳ đánh giá: 01/07/2026 – 30/09/2026.');
    expect(results.body).toContain('Số liệu tính đến');
    expect(results.body).toContain('Tỷ lệ phản ánh, kiến nghị trả lời đúng hạn (QĐ 766/QĐ-TTg)');
    const register = await app.inject({ method: 'GET', url: '/cong-khai/ra-soat-thu-tuc' });
    expect(register.statusCode).toBe(200);
    expect(register.body).toContain('Thủ tục hành chính đang rà soát');
    const home = await app.inject({ method: 'GET', url: '/cong-khai' });
    for (const file of ['tra-loi-pakn', 'ket-qua', 'ra-soat-thu-tuc']) {
      expect(home.body).toContain(`/cong-khai/du-lieu/${file}.csv`);
      expect(home.body).toContain(`/cong-khai/du-lieu/${file}.json`);
    }
    expect(home.body).toContain('CC BY 4.0');
  });

  it("takes a citizen's challenge to a procedure under review from a plain form, and routes it to the reviewing agency", async () => {
    const stp = await t.db.selectFrom('agency').select('id').where('code', 'like', '%.STP').executeTakeFirstOrThrow();
    const procedure = await t.db
      .insertInto('procedure')
      .values({ code: '9.999003', name: 'Thủ tục thử góp ý qua trang', searchText: 'thu tuc' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const review = await t.db
      .insertInto('procedureReview')
      .values({ procedureId: procedure.id, agencyId: stp.id, proposeDue: '2026-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const register = await app.inject({ method: 'GET', url: '/cong-khai/ra-soat-thu-tuc' });
    expect(register.body).toContain(`href="/cong-khai/ra-soat-thu-tuc/${review.id}"`);
    const form = await app.inject({ method: 'GET', url: `/cong-khai/ra-soat-thu-tuc/${review.id}` });
    expect(form.body).toContain('<form method="post"');
    const post = (fields: Record<string, string>, address = '198.51.100.20') =>
      app.inject({
        method: 'POST',
        url: `/cong-khai/ra-soat-thu-tuc/${review.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
        remoteAddress: address,
      });
    const short = await post({ kind: 'simplify', content: 'ngắn quá', contact: '' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Vui lòng nêu lý do (ít nhất 20 ký tự).');
    expect(short.body).toContain('ngắn quá</textarea>');
    const robot = await post({ kind: 'simplify', content: 'Nội dung tự động rất dài để vượt kiểm tra độ dài.', website: 'x' });
    expect(robot.body).toContain('Đã nhận ý kiến.');
    const sent = await post({
      kind: 'unnecessary',
      content: 'Thủ tục này trùng với thủ tục cấp giấy phép đã có, đề nghị bãi bỏ.',
      contact: '0912 345 678',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.body).toMatch(/Đã nhận ý kiến số \d+\. Cơ quan rà soát trả lời trước ngày \d{2}\/\d{2}\/\d{4}/);
    const stored = await t.db
      .selectFrom('procedureChallenge')
      .select(['agencyId', 'contact'])
      .where('reviewId', '=', review.id)
      .execute();
    expect(stored).toEqual([{ agencyId: stp.id, contact: '0912 345 678' }]);
    const page = await app.inject({ method: 'GET', url: `/cong-khai/ra-soat-thu-tuc/${review.id}` });
    expect(page.body).toContain('Thủ tục này trùng với thủ tục cấp giấy phép đã có');
    expect(page.body).toContain('Đang chờ trả lời (hạn');
    expect(page.body).not.toContain('0912 345 678');
  });

  it('serves each list as valid CSV and JSON with the documented columns, licence and data date', async () => {
    for (const dataset of ['tra-loi-pakn', 'ket-qua', 'ra-soat-thu-tuc'] as const) {
      const csv = await app.inject({ method: 'GET', url: `/cong-khai/du-lieu/${dataset}.csv` });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['x-data-date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(leaked(csv.body)).toEqual([]);
      const json = await app.inject({ method: 'GET', url: `/cong-khai/du-lieu/${dataset}.json` });
      const file = json.json() as {
        licence: string;
        dataDate: string;
        columns: { name: string }[];
        rows: Record<string, unknown>[];
      };
      expect(file.licence).toMatch(/^CC BY 4.0/);
      expect(file.dataDate).toBe(csv.headers['x-data-date']);
      expect(file.columns.map((c) => c.name)).toEqual(DATASET_COLUMNS[dataset].map((c) => c.name));
      expect(file.rows.every((r) => Object.keys(r).join() === file.columns.map((c) => c.name).join())).toBe(true);
      expect(leaked(json.body)).toEqual([]);
      // CSV: a BOM, the documented header, one record per JSON row (quoted fields may span lines).
      const text = csv.body.replace(/^\uFEFF/, '');
      expect(text.split('\r\n')[0]).toBe(DATASET_COLUMNS[dataset].map((c) => c.name).join(','));
      const records = parseCsv(text);
      expect(records.length - 1).toBe(file.rows.length);
      expect(records.every((r) => r.length === file.columns.length)).toBe(true);
    }
    const ranking = (await app.inject({ method: 'GET', url: '/cong-khai/du-lieu/ket-qua.json' })).json() as { rows: unknown[] };
    expect(ranking.rows.length).toBeGreaterThan(0);
  });

  it('is cacheable: Cache-Control and an ETag that answers 304', async () => {
    const first = await app.inject({ method: 'GET', url: '/cong-khai/du-lieu/ket-qua.csv' });
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.inject({ method: 'GET', url: '/cong-khai/du-lieu/ket-qua.csv', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('/api/v1', () => {
  it('gives the indicator values of a period to a key with figures:read, as the report froze them', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/v1/indicators?period=2026-q3' });
    expect(none.statusCode).toBe(401);
    const wrong = await app.inject({
      method: 'GET',
      url: '/api/v1/indicators?period=2026-q3',
      headers: { 'x-api-key': readKey },
    });
    expect(wrong.statusCode).toBe(403);
    const headers = { authorization: `Bearer ${figuresKey}` };
    const missing = await app.inject({ method: 'GET', url: '/api/v1/indicators?period=2026-q3', headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'api.no_report', message: 'Chưa có báo cáo đã tạo cho kỳ 2026-q3.' });
    const noPeriod = await app.inject({ method: 'GET', url: '/api/v1/indicators', headers });
    expect(noPeriod.statusCode).toBe(400);

    const regimeRow = await t.db.selectFrom('reportRegime').select(['id', 'code']).orderBy('code').executeTakeFirstOrThrow();
    const regime = await getRegime(t.db, regimeRow.id);
    const period = await periodOf(t.db, regime, '2026-q3');
    const snapshot = await buildSnapshot(t.db, regime, period, '2026-10-15');
    await t.db
      .insertInto('report')
      .values({
        regimeId: regime.id,
        periodKey: period.key,
        periodFrom: period.from,
        periodTo: period.to,
        scopeAgencyId: regime.receivingAgencyId,
        version: 1,
        status: 'finalised',
        snapshot: JSON.stringify(snapshot),
        generatedAt: new Date(),
        finalisedAt: new Date(),
      })
      .execute();
    const found = await app.inject({ method: 'GET', url: `/api/v1/indicators?period=2026-q3&regime=${regimeRow.code}`, headers });
    expect(found.statusCode).toBe(200);
    const body = found.json() as { measuredOn: string; province: unknown; agencies: { code: string; feedback: unknown }[] };
    expect(body.measuredOn).toBe(snapshot.measure);
    expect(body.province).toEqual(snapshot.province);
    expect(body.agencies.map((a) => [a.code, a.feedback])).toEqual(snapshot.agencies.map((a) => [a.code, a.feedback]));
  });

  it('serves an OpenAPI 3.1 document of the REST and Open311 endpoints', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const doc = response.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/open311/v2/services.{format}',
        '/open311/v2/requests.{format}',
        '/open311/v2/requests/{id}.{format}',
        '/api/v1/indicators',
        '/cong-khai/du-lieu/{dataset}.{format}',
      ]),
    );
  });
});

/** RFC 4180 records (the test's own reader: quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}
