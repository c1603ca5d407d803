/**
 * Open311 and the public data over a seeded province: published items only, nothing personal, and an
 * item another system POSTs with its key enters the register like any other (due dates, notification,
 * audit) with its source.
 */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded, loadWorkingCalendar } from '../calendar/service';
import { fixedClock } from '../clock';
import { ZFeedbackFilter } from '../feedback/schemas';
import { duesFor, getFeedback, listFeedback, loadLimitRules } from '../feedback/service';
import { computeScoreRun, queueScoreRun, rankings } from '../scores/runs';
import { ensureDefaultScheme } from '../scores/schemes';
import { seedDemo } from '../seed/demo';
import { actor, appErrorOf } from '../testing/fixtures';
import { type ApiClient, authenticateApiKey, issueApiKey, ZApiKeyIssue } from './api-keys';
import { open311Requests, open311Services, open311Submit, ZOpen311RequestFilter, ZOpen311Submit } from './open311';
import { publicAnswerFacets, publicAnswers, publicResults, publicReviewRegister, ZPublicAnswerFilter } from './public-data';
import { DEFAULT_PUBLICATION, savePublicationSettings } from './publication';

/** Monday 7/12/2026, 10:00 in Hà Nội. */
const CLOCK = fixedClock('2026-12-07T03:00:00Z');

let t: TestDatabase;
let admin: Actor;
let client: ApiClient;
/** Every submitter's name and contact the demo seeded: none may appear in anything public. */
let personal: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureCalendarSeeded(t.db);
  await seedDemo(t.db, CLOCK.today());
  admin = await actor(t.db, 'admin');
  const { key } = await issueApiKey(
    t.db,
    admin,
    ZApiKeyIssue.parse({
      name: 'Cổng dịch vụ công tỉnh',
      scopes: ['published:read', 'feedback:submit'],
      rateLimitPerMinute: 1000,
      feedbackChannel: 'provincial_portal',
    }),
  );
  client = await authenticateApiKey(t.db, key, 'feedback:submit');
  const rows = await t.db.selectFrom('feedback').select(['submitterName', 'submitterContact']).execute();
  personal = rows.flatMap((r) => [r.submitterName, r.submitterContact ?? '']).filter((v) => v.length > 3);
});
afterAll(async () => {
  await t.drop();
});

const noPersonalData = (value: unknown) => {
  const text = JSON.stringify(value);
  expect(personal.filter((p) => text.includes(p))).toEqual([]);
};

describe('open311Services', () => {
  it('lists the feedback fields as services with stable codes, and "other"', async () => {
    const services = await open311Services(t.db);
    expect(services).toContainEqual(
      expect.objectContaining({ service_code: 'ly-lich-tu-phap', service_name: 'Lý lịch tư pháp', metadata: false }),
    );
    expect(services.at(-1)).toMatchObject({ service_code: 'khac' });
    expect(new Set(services.map((s) => s.service_code)).size).toBe(services.length);
  });
});

describe('open311Requests', () => {
  it('shows only published items, closed, without any personal data', async () => {
    const items = await open311Requests(t.db, ZOpen311RequestFilter.parse({}), null);
    const published = await t.db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(items.length).toBe(Number(published.n));
    expect(items.length).toBeGreaterThan(10);
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['closed']));
    noPersonalData(items);
  });

  it('filters by service, status and dates', async () => {
    const all = await open311Requests(t.db, ZOpen311RequestFilter.parse({}), null);
    const justice = await open311Requests(t.db, ZOpen311RequestFilter.parse({ service_code: 'ly-lich-tu-phap' }), null);
    expect(justice.length).toBeGreaterThan(0);
    expect(justice.every((i) => i.service_name === 'Lý lịch tư pháp')).toBe(true);
    expect(await open311Requests(t.db, ZOpen311RequestFilter.parse({ status: 'open' }), null)).toEqual([]);
    const middle = all[Math.floor(all.length / 2)]?.requested_datetime as string;
    const later = await open311Requests(t.db, ZOpen311RequestFilter.parse({ start_date: middle }), null);
    expect(later.length).toBeLessThan(all.length);
    expect(later.every((i) => i.requested_datetime >= middle)).toBe(true);
  });

  it('refuses a malformed filter with a Vietnamese message', () => {
    const bad = ZOpen311RequestFilter.safeParse({ status: 'pending' });
    expect(bad.error?.issues[0]?.message).toBe('status chỉ nhận open hoặc closed.');
    expect(ZOpen311RequestFilter.safeParse({ start_date: '07/12/2026' }).success).toBe(false);
  });
});

describe('open311Submit', () => {
  it('creates a feedback item through the normal intake, with its source, due dates, notification and audit', async () => {
    const stp = await t.db.selectFrom('agency').select(['id', 'code']).where('code', 'like', '%.STP').executeTakeFirstOrThrow();
    const created = await open311Submit(
      t.db,
      client,
      ZOpen311Submit.parse({
        service_code: 'ly-lich-tu-phap',
        description: 'Đã nộp hồ sơ cấp phiếu lý lịch tư pháp 20 ngày nhưng chưa nhận được kết quả.',
        first_name: 'Bình',
        last_name: 'Trần Thị',
        phone: '0901234567',
        'attribute[agency_code]': stp.code,
      }),
      CLOCK,
    );
    const item = await t.db
      .selectFrom('feedback')
      .selectAll()
      .where('number', '=', Number(created.service_request_id))
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      sourceApiKeyId: client.keyId,
      channel: 'provincial_portal',
      status: 'assigned',
      competentAgencyId: stp.id,
      field: 'Lý lịch tư pháp',
      submitterName: 'Trần Thị Bình',
      submitterContact: '0901234567',
      receivedOn: '2026-12-07',
      createdBy: null,
    });
    // Due dates from the working-day calendar and the province's time limits, as for any item received today.
    const dues = duesFor(await loadWorkingCalendar(t.db), await loadLimitRules(t.db), stp.id, 'provincial_portal', '2026-12-07');
    expect(item.answerDue).toBe(dues.answerDue);
    expect(item.answerDue > '2026-12-14').toBe(true);
    const notices = await t.db.selectFrom('notification').select('title').where('entityId', '=', item.id).execute();
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]?.title).toBe(`Phản ánh, kiến nghị số ${item.number} được chuyển đến cơ quan`);
    const audit = await t.db.selectFrom('auditLog').select(['action', 'actorUsername']).where('entityId', '=', item.id).execute();
    expect(audit).toEqual([{ action: 'feedback.created', actorUsername: 'api:Cổng dịch vụ công tỉnh' }]);
    // In the register, as the coordinators see it.
    const manager = await actor(t.db, 'sonoivu');
    const register = await listFeedback(t.db, manager, ZFeedbackFilter.parse({ q: String(item.number), limit: 5 }), CLOCK);
    expect(register.rows.map((r) => r.number)).toContain(item.number);
    // Its detail names the system it came from.
    expect((await getFeedback(t.db, manager, item.id, CLOCK)).sourceSystem).toBe('Cổng dịch vụ công tỉnh');
    // The sending system sees its own item, open, without the submitter's name or phone.
    const own = await open311Requests(t.db, ZOpen311RequestFilter.parse({ service_request_id: String(item.number) }), client);
    expect(own).toEqual([
      expect.objectContaining({
        service_request_id: String(item.number),
        status: 'open',
        expected_datetime: `${dues.answerDue}T17:00:00+07:00`,
      }),
    ]);
    expect(JSON.stringify(own)).not.toContain('0901234567');
    expect(JSON.stringify(own)).not.toContain('Trần Thị Bình');
    // Nobody else does until it is published.
    expect(await open311Requests(t.db, ZOpen311RequestFilter.parse({ service_request_id: String(item.number) }), null)).toEqual(
      [],
    );
  });

  it('refuses a media_url that is not a web address (javascript:, data:, vbscript:) in Vietnamese', () => {
    const base = { service_code: 'khac', description: 'Nội dung phản ánh đủ dài để được nhận.' };
    for (const media_url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'VBScript:msgbox(1)']) {
      const parsed = ZOpen311Submit.safeParse({ ...base, media_url });
      expect(parsed.error?.issues[0]).toMatchObject({ path: ['media_url'] });
      expect(parsed.error?.issues[0]?.message).toMatch(/^Liên kết không được bắt đầu bằng javascript:/);
    }
    expect(ZOpen311Submit.parse({ ...base, media_url: 'https://hungyen.gov.vn/anh.jpg' }).media_url).toBe(
      'https://hungyen.gov.vn/anh.jpg',
    );
  });

  it('refuses an unknown service or a missing name in Vietnamese', async () => {
    const base = { description: 'Nội dung phản ánh đủ dài để được nhận.', first_name: 'An', last_name: 'Lê Văn' };
    const unknown = await appErrorOf(
      open311Submit(t.db, client, ZOpen311Submit.parse({ ...base, service_code: 'khong-co' }), CLOCK),
    );
    expect(unknown.message).toBe('service_code "khong-co" không có trong danh sách dịch vụ.');
    const nameless = await appErrorOf(
      open311Submit(t.db, client, ZOpen311Submit.parse({ service_code: 'khac', description: base.description }), CLOCK),
    );
    expect(nameless.message).toBe('Vui lòng gửi họ tên người phản ánh (first_name, last_name).');
  });
});

describe('public data', () => {
  it('publishes answers searchable by agency, field and date, with personal data removed', async () => {
    const all = await publicAnswers(t.db, ZPublicAnswerFilter.parse({ limit: 1000 }));
    expect(all.total).toBeGreaterThan(10);
    noPersonalData(all.items);
    const facets = await publicAnswerFacets(t.db);
    const agency = facets.agencies[0]?.code as string;
    const byAgency = await publicAnswers(t.db, ZPublicAnswerFilter.parse({ agency, limit: 1000 }));
    expect(byAgency.total).toBeGreaterThan(0);
    expect(byAgency.items.every((i) => i.agencyCode === agency)).toBe(true);
    const byField = await publicAnswers(t.db, ZPublicAnswerFilter.parse({ field: 'Hộ tịch', limit: 1000 }));
    expect(byField.items.every((i) => i.field === 'Hộ tịch')).toBe(true);
    const day = all.items[0]?.publishedAt.slice(0, 10) as string;
    const after = await publicAnswers(t.db, ZPublicAnswerFilter.parse({ from: '2099-01-01' }));
    expect(after.total).toBe(0);
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('removes personal data a clerk left in the question or the answer', async () => {
    const item = await t.db
      .selectFrom('feedback')
      .select(['id', 'number', 'submitterName'])
      .where('status', '=', 'published')
      .orderBy('number')
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('feedback')
      .set({
        content: `Tôi là ${item.submitterName}, điện thoại 0988 777 666.`,
        answerText: `Kính gửi ${item.submitterName}: đã trả lời.`,
      })
      .where('id', '=', item.id)
      .execute();
    const found = (await publicAnswers(t.db, ZPublicAnswerFilter.parse({ limit: 1000 }))).items.find(
      (i) => i.number === item.number,
    );
    expect(found?.question).toBe('Tôi là [đã ẩn], điện thoại [đã ẩn].');
    expect(found?.answer).toBe('Kính gửi [đã ẩn]: đã trả lời.');
  });

  it('publishes the latest finished score run as computed, and nothing when the province says so', async () => {
    expect(await publicResults(t.db)).toBeNull();
    await ensureDefaultScheme(t.db, { userId: null, username: 'test' });
    const manager = await actor(t.db, 'sonoivu');
    const { runId } = await queueScoreRun(t.db, manager, {
      periodKind: 'quarter',
      from: '2026-07-01',
      to: '2026-09-30',
      schemeId: null,
    });
    await computeScoreRun(t.db, runId, CLOCK);
    const results = await publicResults(t.db);
    const ranked = await rankings(t.db, runId);
    expect(results?.run).toMatchObject({ id: runId, periodFrom: '2026-07-01', periodTo: '2026-09-30' });
    expect(results?.rows.length).toBe(ranked.rows.length);
    expect(results?.rows.map((r) => [r.agencyCode, r.total, r.feedbackOnTimeRate])).toEqual(
      ranked.rows.map((r) => [r.code, r.total, r.components.find((c) => c.key === 'feedback_on_time')?.rate ?? null]),
    );
    expect(results?.definitions.feedbackOnTimeRate).toMatch(/^Tỷ lệ phản ánh, kiến nghị trả lời đúng hạn/);
    await savePublicationSettings(t.db, admin, { ...DEFAULT_PUBLICATION, scoreResults: false, feedbackAnswers: false });
    expect(await publicResults(t.db)).toBeNull();
    expect((await publicAnswers(t.db, ZPublicAnswerFilter.parse({}))).total).toBe(0);
    expect(await open311Requests(t.db, ZOpen311RequestFilter.parse({}), null)).toEqual([]);
    await savePublicationSettings(t.db, admin, DEFAULT_PUBLICATION);
  });

  it('lists the procedures under review with the reviewing agency, proposal and decision', async () => {
    const stp = await t.db.selectFrom('agency').select('id').where('code', 'like', '%.STP').executeTakeFirstOrThrow();
    const procedure = await t.db
      .insertInto('procedure')
      .values({
        code: '9.999001',
        name: 'Thủ tục thử nghiệm công khai',
        field: 'Hộ tịch',
        searchText: 'thu tuc thu nghiem',
        detailUrl: 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=9.999001',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('procedureReview')
      .values({
        procedureId: procedure.id,
        agencyId: stp.id,
        lastFiling: '2022-05-10',
        status: 'approved',
        proposal: 'abolish',
        proposeDue: '2026-11-20',
        decisionNo: '123/QĐ-UBND',
        decisionDate: '2026-12-01',
      })
      .execute();
    const register = await publicReviewRegister(t.db);
    expect(register).toContainEqual(
      expect.objectContaining({
        procedureCode: '9.999001',
        lastFiling: '2022-05-10',
        proposal: 'abolish',
        decisionNo: '123/QĐ-UBND',
        decisionDate: '2026-12-01',
        detailUrl: expect.stringContaining('9.999001'),
      }),
    );
  });
});
