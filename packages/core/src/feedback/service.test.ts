/**
 * Feedback (PAKN) through the services as its users live it: the coordinators receive and assign, the competent
 * agency answers or forwards, personal data is shown only to those allowed (and every such view is logged),
 * deadlines follow the working-day calendar and the agencies' own rules, and the nightly chase tells once.
 */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { FeedbackPeriod } from '@cchc/domain/feedback/figures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { ensureCalendarSeeded, getCalendarYear, saveCalendarYear, ZCalendarYearInput } from '../calendar/service';
import { type Clock, fixedClock } from '../clock';
import { seedDemo } from '../seed/demo';
import { actor, addUser, appErrorOf, departmentIds, type IdsByCode } from '../testing/fixtures';
import { countsFromItems, countsFromRollups } from './figures-sql';
import { ZFeedbackAction, ZFeedbackCreate, ZFeedbackFilter, ZFeedbackLimit } from './schemas';
import {
  actOnFeedback,
  chaseFeedback,
  createFeedback,
  deleteFeedbackLimit,
  getFeedback,
  listFeedback,
  saveFeedbackLimit,
} from './service';

/** Friday 13/2/2026, 10:00 in Hà Nội: the last working day before Tết (16–20/2). */
const RECEIVED = fixedClock('2026-02-13T03:00:00Z');
/** Wednesday 4/3/2026. */
const ANSWERED = fixedClock('2026-03-04T03:00:00Z');
/** Thursday 5/3/2026. */
const SENT_BACK = fixedClock('2026-03-05T03:00:00Z');
/** Monday 9/3/2026. */
const FORWARDED = fixedClock('2026-03-09T03:00:00Z');
/** Friday 20/3/2026. */
const ANSWERED_AGAIN = fixedClock('2026-03-20T03:00:00Z');
/** Monday 23/3/2026. */
const PUBLISHED = fixedClock('2026-03-23T03:00:00Z');

const NAME = 'Nguyễn Văn An';
const CONTACT = '0912 345 678';
const CONTENT = 'Tôi nộp hồ sơ xin cấp phiếu lý lịch tư pháp từ ngày 05/01/2026 nhưng đến nay chưa nhận được kết quả.';
const FEBRUARY: FeedbackPeriod = { from: '2026-02-01', to: '2026-02-28' };

let t: TestDatabase;
let agency: IdsByCode;
let admin: Actor;
let homeAffairs: Actor; // sonoivu, Sở Nội vụ
let group: Actor; // totongtac, tổ công tác (Văn phòng UBND tỉnh)
let head: Actor; // giamdoc.stp, giám đốc Sở Tư pháp
let officer: Actor; // canbo.stp, Sở Tư pháp
let financeOfficer: Actor; // canbo.stc, Sở Tài chính

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  agency = await departmentIds(t.db);
  await addUser(t.db, 'canbo.stc', 'agency_officer', agency('33.STC'));
  admin = await actor(t.db, 'admin');
  homeAffairs = await actor(t.db, 'sonoivu');
  group = await actor(t.db, 'totongtac');
  head = await actor(t.db, 'giamdoc.stp');
  officer = await actor(t.db, 'canbo.stp');
  financeOfficer = await actor(t.db, 'canbo.stc');
});
afterAll(async () => t.drop());

const create = (by: Actor, fields: Partial<z.input<typeof ZFeedbackCreate>> = {}, clock: Clock = RECEIVED) =>
  createFeedback(
    t.db,
    by,
    ZFeedbackCreate.parse({
      receivedAt: '2026-02-13T09:15:00+07:00',
      channel: 'provincial_portal',
      submitterType: 'citizen',
      submitterName: NAME,
      submitterContact: CONTACT,
      subject: 'Thời hạn cấp phiếu lý lịch tư pháp kéo dài',
      content: CONTENT,
      ...fields,
    }),
    clock,
  );

const act = (by: Actor, id: string, fields: Omit<z.input<typeof ZFeedbackAction>, 'id'>, clock: Clock) =>
  actOnFeedback(t.db, by, ZFeedbackAction.parse({ id, ...fields }), clock);

const stored = (id: string) => t.db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function auditOf(id: string, action?: string) {
  let q = t.db
    .selectFrom('auditLog')
    .select(['action', 'actorUsername', 'before', 'after'])
    .where('entityType', '=', 'feedback')
    .where('entityId', '=', id);
  if (action) q = q.where('action', '=', action);
  return q.orderBy('id').execute();
}

async function auditCount() {
  const { n } = await t.db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Usernames notified about an item, by kind. */
async function notified(id: string, kind: string) {
  const rows = await t.db
    .selectFrom('notification as n')
    .innerJoin('appUser as u', 'u.id', 'n.userId')
    .select(['u.username', 'n.title', 'n.body', 'n.link'])
    .where('n.entityId', '=', id)
    .where('n.kind', '=', kind)
    .orderBy('u.username')
    .execute();
  return rows;
}

async function notificationCount() {
  const { n } = await t.db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The rollups are written in the transaction of every write: they always agree with the items. */
async function expectRollupsAgree(period: FeedbackPeriod, measure: string) {
  expect(await countsFromRollups(t.db, period, measure)).toEqual(await countsFromItems(t.db, period, measure));
}

describe('createFeedback', () => {
  it('counts the answer due in working days over Tết: received Friday 13/2/2026, due Friday 13/3/2026', async () => {
    const before = await auditCount();
    const { id, number } = await create(homeAffairs, { competentAgencyId: agency('33.STP') });
    expect(await stored(id)).toMatchObject({
      status: 'assigned',
      receivedOn: '2026-02-13',
      clockStart: '2026-02-13',
      refuseDue: '2026-02-24', // 2 working days: Tết is 16–20/2
      infoDue: '2026-02-27',
      answerDue: '2026-03-13',
      dueSource: 'computed',
      competentAgencyId: agency('33.STP'),
      createdBy: homeAffairs.userId,
    });
    expect(await auditCount()).toBe(before + 1);
    const [audit] = await auditOf(id, 'feedback.created');
    expect(audit).toMatchObject({ actorUsername: 'sonoivu', after: { number, status: 'assigned', answerDue: '2026-03-13' } });
    // The log is read by people not allowed to see who wrote, or what.
    expect(JSON.stringify(audit)).not.toContain('Nguyễn');
    expect(JSON.stringify(audit)).not.toContain('lý lịch');
    // The competent agency's people are told, with the due date.
    const notices = await notified(id, 'feedback_assigned');
    expect(notices.map((n) => n.username)).toEqual(['canbo.stp', 'giamdoc.stp']);
    expect(notices[0]?.body).toContain('hạn trả lời 13/03/2026');
    expect(notices[0]?.link).toBe(`/feedback/${id}`);
    await expectRollupsAgree(FEBRUARY, '2026-03-31');
  });

  it('takes the day of receipt in Hà Nội: 00:30 on 13/2 in Hà Nội (still 12/2 in UTC) is the 13th', async () => {
    const { id } = await create(homeAffairs, { receivedAt: '2026-02-13T00:30:00+07:00', competentAgencyId: agency('33.STP') });
    expect(await stored(id)).toMatchObject({ receivedOn: '2026-02-13', answerDue: '2026-03-13' });
  });

  it('keeps an item without an agency as received (or classified), and tells nobody', async () => {
    const before = await notificationCount();
    const received = await create(group);
    const classified = await create(group, { classification: 'conduct' });
    expect((await stored(received.id)).status).toBe('received');
    expect((await stored(classified.id)).status).toBe('classified');
    expect(await notificationCount()).toBe(before);
  });

  it('refuses a receipt after today and a source id already in the register', async () => {
    const future = await appErrorOf(create(group, { receivedAt: '2026-02-14T08:00:00+07:00' }));
    expect(future).toMatchObject({ kind: 'bad_request', code: 'feedback.received_in_future' });
    const first = await create(group, { externalId: 'PAKN-2026-0001' });
    const dup = await appErrorOf(create(group, { externalId: 'PAKN-2026-0001' }));
    expect(dup).toMatchObject({ kind: 'conflict', code: 'feedback.duplicate_external_id' });
    expect(dup.message).toContain(`số ${first.number}`);
    const { n } = await t.db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('externalId', '=', 'PAKN-2026-0001')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
  });
});

describe('the workflow', () => {
  let id: string;
  const writes: [action: string, username: string][] = [];
  const expectWritten = async (action: string, by: Actor, before: number) => {
    writes.push([`feedback.${action}`, by.username]);
    expect(await auditCount()).toBe(before + 1);
  };

  it('is received, classified and assigned by the coordinators; the agency is told its due date', async () => {
    let before = await auditCount();
    id = (await create(group)).id;
    await expectWritten('created', group, before);
    before = await auditCount();
    expect(
      await act(group, id, { action: 'classify', classification: 'regulation', field: 'Lý lịch tư pháp' }, RECEIVED),
    ).toEqual({
      id,
      status: 'classified',
    });
    await expectWritten('classify', group, before);
    before = await auditCount();
    expect(await act(group, id, { action: 'assign', agencyId: agency('33.STP') }, ANSWERED)).toEqual({ id, status: 'assigned' });
    await expectWritten('assign', group, before);
    // An assignment keeps the receipt as the clock start.
    expect(await stored(id)).toMatchObject({
      status: 'assigned',
      classification: 'regulation',
      field: 'Lý lịch tư pháp',
      competentAgencyId: agency('33.STP'),
      clockStart: '2026-02-13',
      answerDue: '2026-03-13',
    });
    expect((await notified(id, 'feedback_assigned')).map((n) => n.username)).toEqual(['canbo.stp', 'giamdoc.stp']);
    await expectRollupsAgree(FEBRUARY, '2026-03-04');
  });

  it('cannot be answered by the working group or the Sở Nội vụ (not their step), nor touched by another agency', async () => {
    const before = await auditCount();
    for (const who of [group, homeAffairs]) {
      const error = await appErrorOf(
        act(who, id, { action: 'answer', answerText: 'Trả lời thay cơ quan có thẩm quyền.' }, ANSWERED),
      );
      expect(error, who.username).toMatchObject({ kind: 'conflict', code: 'feedback.action_not_allowed' });
    }
    const error = await appErrorOf(
      act(financeOfficer, id, { action: 'answer', answerText: 'Sở Tài chính trả lời thay.' }, ANSWERED),
    );
    expect(error).toMatchObject({ kind: 'forbidden', code: 'feedback.action_not_allowed' });
    const seen = await appErrorOf(getFeedback(t.db, financeOfficer, id, ANSWERED));
    expect(seen).toMatchObject({ kind: 'forbidden', code: 'feedback.not_your_agency' });
    // The competent agency cannot publish: that is the coordinators' step.
    const publish = await appErrorOf(act(officer, id, { action: 'publish' }, ANSWERED));
    expect(publish).toMatchObject({ kind: 'conflict' });
    expect(await stored(id)).toMatchObject({ status: 'assigned', answerText: null, answeredOn: null });
    expect(await auditCount()).toBe(before);
  });

  it("is answered by the competent agency's officer, with the working days it took", async () => {
    const before = await auditCount();
    const answer = 'Sở Tư pháp đã trả kết quả phiếu lý lịch tư pháp ngày 03/3/2026.';
    expect(await act(officer, id, { action: 'answer', answerText: answer }, ANSWERED)).toEqual({ id, status: 'answered' });
    await expectWritten('answer', officer, before);
    expect(await stored(id)).toMatchObject({
      status: 'answered',
      answerText: answer,
      answeredAt: new Date('2026-03-04T03:00:00Z'),
      answeredOn: '2026-03-04',
      answerWorkingDays: 8, // 23–27/2 and 2–4/3
      publishDue: '2026-03-06',
    });
    const [audit] = await auditOf(id, 'feedback.answer');
    expect(audit).toMatchObject({ actorUsername: 'canbo.stp', before: { status: 'assigned' }, after: { status: 'answered' } });
    await expectRollupsAgree(FEBRUARY, '2026-03-04');
  });

  it('is sent back by the coordinators before publication, which clears the answer', async () => {
    const before = await auditCount();
    expect(await act(group, id, { action: 'send_back', note: 'Trả lời chưa nêu rõ căn cứ pháp lý.' }, SENT_BACK)).toEqual({
      id,
      status: 'assigned',
    });
    await expectWritten('send_back', group, before);
    expect(await stored(id)).toMatchObject({
      status: 'assigned',
      answerText: null,
      answeredAt: null,
      answeredOn: null,
      answerWorkingDays: null,
      publishDue: null,
      answerDue: '2026-03-13',
    });
    const counts = await countsFromRollups(t.db, FEBRUARY, '2026-03-05');
    expect(counts.get(agency('33.STP'))?.answered).toBe(0);
    await expectRollupsAgree(FEBRUARY, '2026-03-05');
  });

  it('is forwarded to another agency, which restarts the clock there; the first agency no longer sees it', async () => {
    const before = await auditCount();
    expect(
      // Past the agency's refusal limit, the coordinators forward it.
      await act(group, id, { action: 'forward', agencyId: agency('33.STC'), note: 'Thuộc thẩm quyền Sở Tài chính.' }, FORWARDED),
    ).toEqual({ id, status: 'forwarded' });
    await expectWritten('forward', group, before);
    expect(await stored(id)).toMatchObject({
      status: 'forwarded',
      competentAgencyId: agency('33.STC'),
      clockStart: '2026-03-09',
      refuseDue: '2026-03-11',
      infoDue: '2026-03-16',
      answerDue: '2026-03-30', // 15 working days from Monday 9/3
    });
    const notices = await notified(id, 'feedback_assigned');
    expect(notices.map((n) => n.username)).toEqual(['canbo.stc', 'canbo.stp', 'giamdoc.stp']);
    expect(notices.find((n) => n.username === 'canbo.stc')?.body).toContain('hạn trả lời 30/03/2026');
    expect(await appErrorOf(getFeedback(t.db, officer, id, FORWARDED))).toMatchObject({ kind: 'forbidden' });
    // The item now counts for Sở Tài chính, in the half-month it was first received.
    const counts = await countsFromRollups(t.db, FEBRUARY, '2026-03-09');
    expect(counts.get(agency('33.STC'))).toMatchObject({ received: 1, withinCompetence: 1, openNotDue: 1 });
    await expectRollupsAgree(FEBRUARY, '2026-03-09');
  });

  it('refuses to forward to the agency that already has it', async () => {
    const error = await appErrorOf(
      act(financeOfficer, id, { action: 'forward', agencyId: agency('33.STC'), note: 'Chuyển lại.' }, FORWARDED),
    );
    expect(error).toMatchObject({ kind: 'bad_request', code: 'feedback.forward_same_agency' });
  });

  it('is answered by the new agency, counted from the forwarding day, then published and rated', async () => {
    let before = await auditCount();
    const answer = 'Sở Tài chính đã hướng dẫn công dân nộp lệ phí theo quy định.';
    await act(financeOfficer, id, { action: 'answer', answerText: answer }, ANSWERED_AGAIN);
    await expectWritten('answer', financeOfficer, before);
    expect(await stored(id)).toMatchObject({ answeredOn: '2026-03-20', answerWorkingDays: 9, answerDue: '2026-03-30' });
    before = await auditCount();
    expect(await act(group, id, { action: 'publish' }, PUBLISHED)).toEqual({ id, status: 'published' });
    await expectWritten('publish', group, before);
    before = await auditCount();
    expect(await act(group, id, { action: 'rate', satisfaction: 'unsatisfied', recomplaint: true }, PUBLISHED)).toEqual({
      id,
      status: 'published',
    });
    await expectWritten('rate', group, before);
    expect(await stored(id)).toMatchObject({
      status: 'published',
      publishedAt: new Date('2026-03-23T03:00:00Z'),
      satisfaction: 'unsatisfied',
      recomplaint: true,
    });
    const counts = await countsFromRollups(t.db, FEBRUARY, '2026-03-31');
    expect(counts.get(agency('33.STC'))).toMatchObject({ received: 1, answered: 1, answeredOnTime: 1, notSatisfied: 1 });
    await expectRollupsAgree(FEBRUARY, '2026-03-31');
  });

  it('keeps its history: one event per step and one audit row per write, naming who acted', async () => {
    const events = await t.db
      .selectFrom('feedbackEvent')
      .select(['action', 'fromStatus', 'toStatus', 'fromAgencyId', 'toAgencyId', 'note'])
      .where('feedbackId', '=', id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['created', null, 'received'],
      ['classify', 'received', 'classified'],
      ['assign', 'classified', 'assigned'],
      ['answer', 'assigned', 'answered'],
      ['send_back', 'answered', 'assigned'],
      ['forward', 'assigned', 'forwarded'],
      ['answer', 'forwarded', 'answered'],
      ['publish', 'answered', 'published'],
      ['rate', 'published', 'published'],
    ]);
    expect(events[5]).toMatchObject({
      fromAgencyId: agency('33.STP'),
      toAgencyId: agency('33.STC'),
      note: 'Thuộc thẩm quyền Sở Tài chính.',
    });
    const audit = await auditOf(id);
    expect(audit.filter((a) => a.action !== 'feedback.personal_data_viewed').map((a) => [a.action, a.actorUsername])).toEqual(
      writes,
    );
    const detail = await getFeedback(t.db, homeAffairs, id, PUBLISHED);
    expect(detail.events.map((e) => e.actorName)).toContain('Phạm Thu Trang (Sở Tư pháp)');
    expect(detail.allowedActions).toEqual(['rate']);
  });
});

describe('getFeedback', () => {
  let id: string;
  beforeAll(async () => {
    id = (await create(homeAffairs, { competentAgencyId: agency('33.STP'), classification: 'conduct' })).id;
  });
  const viewsLogged = async () => (await auditOf(id, 'feedback.personal_data_viewed')).length;

  it("shows the Sở Nội vụ and the competent agency's people who wrote and what, and logs every such view", async () => {
    const clock = fixedClock('2026-03-11T03:00:00Z');
    let logged = await viewsLogged();
    for (const who of [homeAffairs, officer, head, officer]) {
      const item = await getFeedback(t.db, who, id, clock);
      expect(item, who.username).toMatchObject({
        submitterName: NAME,
        submitterContact: CONTACT,
        content: CONTENT,
        personalDataVisible: true,
      });
      expect(await viewsLogged()).toBe(++logged);
    }
    const views = await auditOf(id, 'feedback.personal_data_viewed');
    expect(views.map((v) => v.actorUsername)).toEqual(['sonoivu', 'canbo.stp', 'giamdoc.stp', 'canbo.stp']);
    expect(JSON.stringify(views)).not.toContain('Nguyễn');
  });

  it('shows the working group and the administrator a masked name, no content, and logs nothing', async () => {
    const logged = await viewsLogged();
    for (const who of [group, admin]) {
      const item = await getFeedback(t.db, who, id, RECEIVED);
      expect(item, who.username).toMatchObject({
        submitterName: '***',
        submitterContact: '*******678',
        content: null,
        personalDataVisible: false,
      });
      expect(JSON.stringify(item)).not.toContain(NAME);
      expect(JSON.stringify(item)).not.toContain(CONTACT);
    }
    expect(await viewsLogged()).toBe(logged);
  });

  it('takes the name, phone and e-mail out of the answer for those who see the item masked, and leaves it whole for the others', async () => {
    const answer = `Kính gửi ông ${NAME} (điện thoại ${CONTACT}, thư an.nguyen@gmail.com): hồ sơ đã được trả kết quả ngày 10/03/2026.`;
    await t.db.updateTable('feedback').set({ answerText: answer }).where('id', '=', id).execute();
    for (const who of [group, admin]) {
      const item = await getFeedback(t.db, who, id, RECEIVED);
      expect(item.answerText, who.username).toContain('hồ sơ đã được trả kết quả ngày 10/03/2026');
      expect(item.answerText).not.toContain(NAME);
      expect(item.answerText).not.toContain(CONTACT);
      expect(item.answerText).not.toContain('an.nguyen@gmail.com');
    }
    expect((await getFeedback(t.db, officer, id, RECEIVED)).answerText).toBe(answer);
  });

  it('refuses an officer of another agency, and logs nothing', async () => {
    const logged = await viewsLogged();
    expect(await appErrorOf(getFeedback(t.db, financeOfficer, id, RECEIVED))).toMatchObject({
      kind: 'forbidden',
      code: 'feedback.not_your_agency',
    });
    expect(await viewsLogged()).toBe(logged);
  });

  it('tells each viewer what they may do and how much time is left', async () => {
    const due = await getFeedback(t.db, officer, id, fixedClock('2026-03-11T03:00:00Z'));
    expect(due).toMatchObject({ answerDue: '2026-03-13', overdue: false, workingDaysLeft: 2, agencyName: 'Sở Tư pháp' });
    expect(due.allowedActions).toEqual(['request_info', 'answer', 'refuse', 'return', 'forward']);
    const late = await getFeedback(t.db, group, id, fixedClock('2026-03-16T03:00:00Z'));
    expect(late).toMatchObject({ overdue: true, workingDaysLeft: -1 });
    expect(late.allowedActions).toEqual(['refuse', 'return', 'forward']);
  });
});

describe('listFeedback', () => {
  it('never carries the submitter’s name, contact or content, to anyone', async () => {
    for (const who of [admin, homeAffairs, group, head, officer, financeOfficer]) {
      const list = await listFeedback(t.db, who, ZFeedbackFilter.parse({}), RECEIVED);
      expect(list.rows.length, who.username).toBeGreaterThan(0);
      const text = JSON.stringify(list);
      expect(text, who.username).not.toContain(NAME);
      expect(text, who.username).not.toContain(CONTACT);
      expect(text, who.username).not.toContain('chưa nhận được kết quả');
      for (const r of list.rows) expect(r.submitterName).toBe('***');
    }
  });

  it("limits an agency's people to its own items and lets the coordinators see all", async () => {
    const all = await t.db.selectFrom('feedback').select(['id', 'competentAgencyId']).execute();
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
    const list = async (who: Actor) => (await listFeedback(t.db, who, ZFeedbackFilter.parse({ limit: 500 }), RECEIVED)).rows;
    expect(ids(await list(group))).toEqual(ids(all));
    expect(ids(await list(officer))).toEqual(ids(all.filter((f) => f.competentAgencyId === agency('33.STP'))));
    expect(ids(await list(financeOfficer))).toEqual(ids(all.filter((f) => f.competentAgencyId === agency('33.STC'))));
    expect((await list(financeOfficer)).length).toBeGreaterThan(0);
  });

  it('finds an item by its subject without accents, and by its number', async () => {
    const { id, number } = await create(group, { subject: 'Đề nghị đơn giản hóa thủ tục đăng ký khai sinh' });
    const bySubject = await listFeedback(
      t.db,
      group,
      ZFeedbackFilter.parse({ q: 'don gian hoa thu tuc dang ky khai sinh' }),
      RECEIVED,
    );
    expect(bySubject.rows.map((r) => r.id)).toEqual([id]);
    const byNumber = await listFeedback(t.db, group, ZFeedbackFilter.parse({ q: String(number) }), RECEIVED);
    expect(byNumber.rows.map((r) => r.id)).toContain(id);
  });

  it('counts an item received a moment ago in the province-wide total, and one sent to an agency in its filter', async () => {
    const total = async (filter: z.input<typeof ZFeedbackFilter> = {}) =>
      (await listFeedback(t.db, group, ZFeedbackFilter.parse(filter), RECEIVED)).total;
    const before = await total();
    const beforeStc = await total({ agencyId: agency('33.STC') });
    const { id } = await create(group, { subject: 'Đề nghị công khai thời hạn giải quyết hồ sơ' });
    expect(await total()).toBe(before + 1);
    expect(await total({ agencyId: agency('33.STC') })).toBe(beforeStc);
    await act(group, id, { action: 'classify', classification: 'regulation', field: 'Tài chính' }, RECEIVED);
    await act(group, id, { action: 'assign', agencyId: agency('33.STC') }, RECEIVED);
    expect(await total({ agencyId: agency('33.STC') })).toBe(beforeStc + 1);
    expect(await total()).toBe(before + 1);
  });
});

describe('time limits', () => {
  let agencyRule: string;
  let channelRule: string;
  let provinceRule: string;

  it("gives new items of an agency with its own rule that agency's limit, and leaves open items as they were", async () => {
    const existing = await create(homeAffairs, { competentAgencyId: agency('33.STP') });
    const before = await auditCount();
    agencyRule = (
      await saveFeedbackLimit(
        t.db,
        homeAffairs,
        ZFeedbackLimit.parse({ agencyId: agency('33.STP'), refuseDays: 2, infoDays: 3, answerDays: 7, publishDays: 1 }),
      )
    ).id;
    channelRule = (
      await saveFeedbackLimit(
        t.db,
        homeAffairs,
        ZFeedbackLimit.parse({
          agencyId: agency('33.STP'),
          channel: 'letter',
          refuseDays: 1,
          infoDays: 2,
          answerDays: 5,
          publishDays: 1,
        }),
      )
    ).id;
    expect(await auditCount()).toBe(before + 2);
    const stp = await create(homeAffairs, { competentAgencyId: agency('33.STP') });
    const stpLetter = await create(homeAffairs, { competentAgencyId: agency('33.STP'), channel: 'letter' });
    const stc = await create(homeAffairs, { competentAgencyId: agency('33.STC') });
    expect(await stored(stp.id)).toMatchObject({ answerDue: '2026-03-03', infoDue: '2026-02-25', refuseDue: '2026-02-24' });
    expect((await stored(stpLetter.id)).answerDue).toBe('2026-02-27');
    expect((await stored(stc.id)).answerDue).toBe('2026-03-13');
    expect((await stored(existing.id)).answerDue).toBe('2026-03-13');
  });

  it("counts a forwarded item on the receiving agency's rule", async () => {
    const item = await create(homeAffairs, { competentAgencyId: agency('33.STC') });
    await act(group, item.id, { action: 'forward', agencyId: agency('33.STP'), note: 'Thuộc thẩm quyền Sở Tư pháp.' }, FORWARDED);
    expect(await stored(item.id)).toMatchObject({ clockStart: '2026-03-09', answerDue: '2026-03-18' });
  });

  it("uses the province's default where an agency has no rule, and the national limits once it is deleted", async () => {
    provinceRule = (
      await saveFeedbackLimit(
        t.db,
        homeAffairs,
        ZFeedbackLimit.parse({ refuseDays: 2, infoDays: 5, answerDays: 10, publishDays: 2 }),
      )
    ).id;
    expect((await stored((await create(homeAffairs, { competentAgencyId: agency('33.STC') })).id)).answerDue).toBe('2026-03-06');
    // Saving the same (agency, channel) again replaces the rule instead of adding a second one.
    await saveFeedbackLimit(
      t.db,
      homeAffairs,
      ZFeedbackLimit.parse({ refuseDays: 2, infoDays: 5, answerDays: 12, publishDays: 2 }),
    );
    expect((await stored((await create(homeAffairs, { competentAgencyId: agency('33.STC') })).id)).answerDue).toBe('2026-03-10');
    for (const rule of [provinceRule, agencyRule, channelRule]) await deleteFeedbackLimit(t.db, homeAffairs, rule);
    expect(await t.db.selectFrom('feedbackLimit').select('id').execute()).toEqual([]);
    expect((await stored((await create(homeAffairs, { competentAgencyId: agency('33.STC') })).id)).answerDue).toBe('2026-03-13');
    expect((await stored((await create(homeAffairs, { competentAgencyId: agency('33.STP') })).id)).answerDue).toBe('2026-03-13');
  });
});

describe('chaseFeedback', () => {
  let dueSoon: string; // Sở Tư pháp, due Friday 13/3
  let overdue: string; // Sở Tư pháp, due Monday 2/3
  let later: string; // Sở Tư pháp, due Monday 23/3
  let answered: string;
  let refused: string;
  const chaseOn = (instant: string) => chaseFeedback(t.db, fixedClock(instant));
  const usernames = async (id: string, kind: string) => (await notified(id, kind)).map((n) => n.username);

  beforeAll(async () => {
    const clock = fixedClock('2026-03-02T03:00:00Z');
    const stp = { competentAgencyId: agency('33.STP') };
    dueSoon = (await create(homeAffairs, stp, clock)).id;
    overdue = (await create(homeAffairs, { ...stp, receivedAt: '2026-02-02T09:00:00+07:00' }, clock)).id;
    later = (await create(homeAffairs, { ...stp, receivedAt: '2026-03-02T09:00:00+07:00' }, clock)).id;
    answered = (await create(homeAffairs, stp, clock)).id;
    await act(officer, answered, { action: 'answer', answerText: 'Đã trả lời công dân bằng văn bản.' }, clock);
    refused = (await create(homeAffairs, { ...stp, receivedAt: '2026-02-02T09:00:00+07:00' }, clock)).id;
    // A month after receipt only the coordinators may still refuse it.
    await act(homeAffairs, refused, { action: 'refuse', note: 'Không thuộc phạm vi tiếp nhận.' }, clock);
    expect((await stored(overdue)).answerDue).toBe('2026-03-02');
    expect((await stored(later)).answerDue).toBe('2026-03-23');
  });

  it('reminds the agency two working days before the due date and tells it about overdue items', async () => {
    const result = await chaseOn('2026-03-11T00:00:00Z'); // Wednesday 11/3, 07:00
    expect(result.reminded).toBeGreaterThanOrEqual(1);
    expect(result.overdue).toBeGreaterThanOrEqual(1);
    expect(await usernames(dueSoon, 'feedback_due_soon')).toEqual(['canbo.stp', 'giamdoc.stp']);
    expect(await usernames(dueSoon, 'feedback_overdue')).toEqual([]);
    expect(await usernames(overdue, 'feedback_overdue')).toEqual(['canbo.stp', 'giamdoc.stp']);
    expect((await notified(overdue, 'feedback_overdue'))[0]?.body).toContain('hạn trả lời 02/03/2026');
    for (const quiet of [later, answered, refused]) {
      expect(await usernames(quiet, 'feedback_due_soon')).toEqual([]);
      expect(await usernames(quiet, 'feedback_overdue')).toEqual([]);
    }
    expect(await stored(dueSoon)).toMatchObject({ remindedOn: '2026-03-11', overdueNotifiedOn: null });
    expect(await stored(overdue)).toMatchObject({ overdueNotifiedOn: '2026-03-11' });
    const chased = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'feedback.chased')
      .executeTakeFirstOrThrow();
    expect(chased.actorUsername).toBe('job:feedback__chase');
    expect(chased.after).toMatchObject({ asOf: '2026-03-11' });
  });

  it('notifies nobody when it runs again, the same day or the next', async () => {
    const before = await notificationCount();
    expect(await chaseOn('2026-03-11T12:00:00Z')).toEqual({ overdue: 0, reminded: 0, notifications: 0 });
    expect(await notificationCount()).toBe(before);
    expect(await chaseOn('2026-03-11T16:00:00Z')).toEqual({ overdue: 0, reminded: 0, notifications: 0 });
    await chaseOn('2026-03-12T00:00:00Z');
    expect(await usernames(dueSoon, 'feedback_due_soon')).toHaveLength(2);
    expect(await usernames(overdue, 'feedback_overdue')).toHaveLength(2);
    expect(await chaseOn('2026-03-12T05:00:00Z')).toEqual({ overdue: 0, reminded: 0, notifications: 0 });
  });

  it('tells once more when a reminded item becomes overdue, and reminds the next item when its turn comes', async () => {
    await chaseOn('2026-03-16T00:00:00Z'); // Monday 16/3: 13/3 has passed
    expect(await usernames(dueSoon, 'feedback_overdue')).toEqual(['canbo.stp', 'giamdoc.stp']);
    expect(await usernames(later, 'feedback_due_soon')).toEqual([]);
    await chaseOn('2026-03-19T00:00:00Z'); // Thursday 19/3: 23/3 is two working days away
    expect(await usernames(later, 'feedback_due_soon')).toEqual(['canbo.stp', 'giamdoc.stp']);
    expect(await usernames(dueSoon, 'feedback_overdue')).toHaveLength(2);
    expect(await usernames(overdue, 'feedback_overdue')).toHaveLength(2);
    const before = await notificationCount();
    expect(await chaseOn('2026-03-19T08:00:00Z')).toEqual({ overdue: 0, reminded: 0, notifications: 0 });
    expect(await notificationCount()).toBe(before);
  });

  it('starts over with the agency an overdue item is forwarded to', async () => {
    await act(
      group,
      overdue,
      { action: 'forward', agencyId: agency('33.STC'), note: 'Thuộc thẩm quyền Sở Tài chính.' },
      ANSWERED_AGAIN,
    );
    expect(await stored(overdue)).toMatchObject({ answerDue: '2026-04-10', remindedOn: null, overdueNotifiedOn: null });
    await chaseOn('2026-04-08T00:00:00Z');
    expect(await usernames(overdue, 'feedback_due_soon')).toEqual(['canbo.stc']);
    await chaseOn('2026-04-13T00:00:00Z');
    expect(await usernames(overdue, 'feedback_overdue')).toEqual(['canbo.stc', 'canbo.stp', 'giamdoc.stp']);
  });
});

describe('a change of the holiday calendar', () => {
  it('re-dates items whose due dates were computed, answered ones too (verdict and working days), and leaves dates given by the source', async () => {
    const may = fixedClock('2026-05-04T03:00:00Z');
    const open = await create(homeAffairs, { competentAgencyId: agency('33.STP'), receivedAt: '2026-05-04T09:00:00+07:00' }, may);
    const answered = await create(
      homeAffairs,
      { competentAgencyId: agency('33.STP'), receivedAt: '2026-05-04T10:00:00+07:00' },
      may,
    );
    await act(
      officer,
      answered.id,
      { action: 'answer', answerText: 'Sở Tư pháp đã trả lời công dân bằng văn bản.' },
      fixedClock('2026-05-06T03:00:00Z'),
    );
    // Answered on Tuesday 26/5, a day after its due date: late, 16 working days.
    const lateOne = await create(
      homeAffairs,
      { competentAgencyId: agency('33.STP'), receivedAt: '2026-05-04T11:00:00+07:00' },
      may,
    );
    await act(
      officer,
      lateOne.id,
      { action: 'answer', answerText: 'Sở Tư pháp đã trả lời công dân bằng văn bản.' },
      fixedClock('2026-05-26T03:00:00Z'),
    );
    // 15 working days after Monday 4/5/2026: Monday 25/5.
    expect((await stored(open.id)).answerDue).toBe('2026-05-25');
    expect(await stored(lateOne.id)).toMatchObject({ answerDue: '2026-05-25', answeredOn: '2026-05-26', answerWorkingDays: 16 });

    // The province shortens the answer limit to 10 days for new items: this item keeps its 15.
    const rule = await saveFeedbackLimit(
      t.db,
      homeAffairs,
      ZFeedbackLimit.parse({ refuseDays: 2, infoDays: 5, answerDays: 10, publishDays: 2 }),
    );
    // The province gives Friday 15/5/2026 off: the open item is due one working day later.
    const year = await getCalendarYear(t.db, 2026);
    const days = [...year.days, { date: '2026-05-15', kind: 'holiday' as const, name: 'Ngày nghỉ của tỉnh (thử)' }];
    const result = await saveCalendarYear(
      t.db,
      homeAffairs,
      ZCalendarYearInput.parse({ year: 2026, status: year.status ?? 'published', note: year.note, days }),
    );
    expect(result.feedbackMoved).toMatchObject({ open: 1, answered: 2, verdictsChanged: 1 });
    expect((await stored(open.id)).answerDue).toBe('2026-05-26');
    // Answered on 6/5, before the new day off: still on time, still 2 working days; its due date follows.
    expect(await stored(answered.id)).toMatchObject({ answerDue: '2026-05-26', answerWorkingDays: 2 });
    // Answered on 26/5: now on its due date, so on time, in 15 working days.
    expect(await stored(lateOne.id)).toMatchObject({ answerDue: '2026-05-26', answerWorkingDays: 15 });
    const audit = await t.db.selectFrom('auditLog').select('after').where('action', '=', 'feedback.rescheduled').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    await expectRollupsAgree({ from: '2026-05-01', to: '2026-05-31' }, '2026-05-27');

    // Back to the published calendar: the date comes back.
    await saveCalendarYear(
      t.db,
      homeAffairs,
      ZCalendarYearInput.parse({ year: 2026, status: year.status ?? 'published', note: year.note, days: year.days }),
    );
    expect((await stored(open.id)).answerDue).toBe('2026-05-25');
    await deleteFeedbackLimit(t.db, homeAffairs, rule.id);
  });
});

describe('what the competent agency may not do, and what others may not read', () => {
  it('lets the agency refuse only within the refusal limit; later only the coordinators can', async () => {
    const received = fixedClock('2026-05-04T03:00:00Z');
    const fresh = await create(
      homeAffairs,
      { competentAgencyId: agency('33.STP'), receivedAt: '2026-05-04T09:00:00+07:00' },
      received,
    );
    // Refusal limit: 2 working days, Wednesday 6/5.
    expect((await stored(fresh.id)).refuseDue).toBe('2026-05-06');
    const late = await appErrorOf(
      act(officer, fresh.id, { action: 'refuse', note: 'Không thuộc thẩm quyền.' }, fixedClock('2026-05-07T03:00:00Z')),
    );
    expect([late.kind, late.code]).toEqual(['conflict', 'feedback.refuse_too_late']);
    // Forwarding it to another agency is the same escape, and refused the same way.
    const forward = await appErrorOf(
      act(
        officer,
        fresh.id,
        { action: 'forward', agencyId: agency('33.STC'), note: 'Thuộc Sở Tài chính.' },
        fixedClock('2026-05-07T03:00:00Z'),
      ),
    );
    expect(forward.code).toBe('feedback.refuse_too_late');
    expect((await stored(fresh.id)).status).toBe('assigned');
    await act(officer, fresh.id, { action: 'return', note: 'Không thuộc thẩm quyền.' }, fixedClock('2026-05-06T03:00:00Z'));
    expect((await stored(fresh.id)).status).toBe('returned');
  });

  it('keeps notes out of the audit log and hides them from viewers who may not read personal data', async () => {
    const clock = fixedClock('2026-05-04T03:00:00Z');
    const item = await create(
      homeAffairs,
      { competentAgencyId: agency('33.STP'), receivedAt: '2026-05-04T10:00:00+07:00' },
      clock,
    );
    const note = 'Đề nghị ông Nguyễn Văn An gửi bản sao CCCD số 001234567890.';
    await act(officer, item.id, { action: 'request_info', note }, clock);
    const audit = await auditOf(item.id, 'feedback.request_info');
    expect(JSON.stringify(audit)).not.toContain('001234567890');
    expect((await getFeedback(t.db, officer, item.id, clock)).events.at(-1)?.note).toBe(note);
    expect((await getFeedback(t.db, group, item.id, clock)).events.at(-1)?.note).toBe('•••');
  });

  it('shows a parent agency its sub-agency’s items masked, and lets only the competent agency itself handle them', async () => {
    const stp = agency('33.STP');
    const sub = await t.db
      .insertInto('agency')
      .values({
        code: '33.STP.TGPL',
        name: 'Trung tâm Trợ giúp pháp lý',
        fullName: 'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Hưng Yên',
        kind: 'other',
        parentId: stp,
        searchText: 'trung tam tro giup phap ly',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const clock = fixedClock('2026-05-04T03:00:00Z');
    const item = await create(homeAffairs, { competentAgencyId: sub.id, receivedAt: '2026-05-04T11:00:00+07:00' }, clock);
    const seen = await getFeedback(t.db, head, item.id, clock);
    expect(seen).toMatchObject({ personalDataVisible: false, content: null, allowedActions: [] });
    expect(seen.submitterName).not.toBe(NAME);
    expect(await auditOf(item.id, 'feedback.personal_data_viewed')).toEqual([]);
    const answer = await appErrorOf(
      act(officer, item.id, { action: 'answer', answerText: 'Sở trả lời thay cho trung tâm.' }, clock),
    );
    expect(answer.kind).toBe('forbidden');
  });
});
