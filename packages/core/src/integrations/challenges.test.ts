/** Citizens' challenges to a procedure under review: routed to the reviewing agency with a working-day deadline, answered, published. */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded, loadWorkingCalendar } from '../calendar/service';
import { fixedClock } from '../clock';
import { seedDemo } from '../seed/demo';
import { actor, addUser, appErrorOf } from '../testing/fixtures';
import {
  answerChallenge,
  CHALLENGES_PER_HOUR,
  listChallenges,
  publicChallenges,
  submitChallenge,
  ZChallengeSubmit,
} from './challenges';
import { DEFAULT_PUBLICATION, savePublicationSettings } from './publication';

/** Monday 7/12/2026, 10:00 in Hà Nội. */
const CLOCK = fixedClock('2026-12-07T03:00:00Z');
const LATER = fixedClock('2026-12-10T03:00:00Z');

let t: TestDatabase;
let reviewId: string;
let officer: Actor; // canbo.stp, the reviewing agency
let other: Actor; // an officer of another department

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureCalendarSeeded(t.db);
  await seedDemo(t.db);
  const stp = await t.db.selectFrom('agency').select('id').where('code', 'like', '%.STP').executeTakeFirstOrThrow();
  const stc = await t.db.selectFrom('agency').select('id').where('code', 'like', '%.STC').executeTakeFirstOrThrow();
  const procedure = await t.db
    .insertInto('procedure')
    .values({ code: '9.999002', name: 'Thủ tục thử góp ý', field: 'Hộ tịch', searchText: 'thu tuc thu gop y' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const review = await t.db
    .insertInto('procedureReview')
    .values({ procedureId: procedure.id, agencyId: stp.id, lastFiling: null, proposeDue: '2026-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  reviewId = review.id;
  officer = await actor(t.db, 'canbo.stp');
  await addUser(t.db, 'canbo.stc2', 'agency_officer', stc.id);
  other = await actor(t.db, 'canbo.stc2');
});
afterAll(async () => {
  await t.drop();
});

const challenge = (extra: Record<string, unknown> = {}) =>
  ZChallengeSubmit.parse({
    reviewId,
    kind: 'simplify',
    content: 'Hồ sơ yêu cầu bản sao chứng thực giấy khai sinh, trong khi dữ liệu đã có trên CSDL dân cư.',
    contact: 'Lê Văn Tám, 0912 000 111',
    ...extra,
  });

describe('submitChallenge', () => {
  it('routes the challenge to the reviewing agency with an answer due in 10 working days and a notification', async () => {
    const result = await submitChallenge(t.db, CLOCK, challenge(), '203.0.113.7');
    const calendar = await loadWorkingCalendar(t.db);
    expect(result).toMatchObject({ stored: true, answerDue: calendar.addWorkingDays('2026-12-07', 10) });
    expect(result.stored && result.answerDue).toBe('2026-12-21');
    const mine = await listChallenges(t.db, officer, CLOCK);
    expect(mine).toEqual([
      expect.objectContaining({
        procedureCode: '9.999002',
        kind: 'simplify',
        answerDue: '2026-12-21',
        status: 'open',
        overdue: false,
      }),
    ]);
    expect(mine[0]?.contact).toBe('Lê Văn Tám, 0912 000 111');
    expect(await listChallenges(t.db, other, CLOCK)).toEqual([]);
    const notices = await t.db
      .selectFrom('notification as n')
      .innerJoin('appUser as u', 'u.id', 'n.userId')
      .select(['u.username', 'n.title', 'n.body'])
      .where('n.kind', '=', 'procedure_challenge')
      .execute();
    expect(notices.map((n) => n.username)).toContain('canbo.stp');
    expect(notices[0]?.body).toContain('hạn trả lời 21/12/2026');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'procedure.challenge_received')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('0912 000 111');
  });

  it('honours the configured deadline', async () => {
    await savePublicationSettings(t.db, { userId: null, username: 'test' }, { ...DEFAULT_PUBLICATION, challengeAnswerDays: 3 });
    const result = await submitChallenge(t.db, CLOCK, challenge({ kind: 'unnecessary' }), '203.0.113.8');
    expect(result.stored && result.answerDue).toBe('2026-12-10');
    await savePublicationSettings(t.db, { userId: null, username: 'test' }, DEFAULT_PUBLICATION);
  });

  it('keeps nothing from a robot that filled the honeypot', async () => {
    const before = await t.db.selectFrom('procedureChallenge').select('id').execute();
    expect(await submitChallenge(t.db, CLOCK, challenge({ website: 'http://spam.example' }), '198.51.100.1')).toEqual({
      stored: false,
    });
    expect(await t.db.selectFrom('procedureChallenge').select('id').execute()).toHaveLength(before.length);
  });

  it(`refuses more than ${CHALLENGES_PER_HOUR} an hour from one address, in Vietnamese`, async () => {
    for (let i = 0; i < CHALLENGES_PER_HOUR; i++) await submitChallenge(t.db, CLOCK, challenge(), '192.0.2.50');
    const refused = await appErrorOf(submitChallenge(t.db, CLOCK, challenge(), '192.0.2.50'));
    expect([refused.kind, refused.message]).toEqual([
      'too_many_requests',
      'Bạn đã gửi nhiều ý kiến trong một giờ. Vui lòng thử lại sau.',
    ]);
    await expect(submitChallenge(t.db, CLOCK, challenge(), '192.0.2.51')).resolves.toMatchObject({ stored: true });
  });

  it('asks for a reason', () => {
    const short = ZChallengeSubmit.safeParse({ reviewId, kind: 'simplify', content: 'ngắn' });
    expect(short.error?.issues[0]?.message).toBe('Vui lòng nêu lý do (ít nhất 20 ký tự).');
  });
});

describe('answerChallenge', () => {
  it('lets only the reviewing agency answer, and publishes the answer without the contact', async () => {
    const [first] = await listChallenges(t.db, officer, CLOCK);
    const id = first?.id as string;
    const refused = await appErrorOf(answerChallenge(t.db, other, LATER, { id, answer: 'Chúng tôi sẽ xem xét đề xuất này.' }));
    expect(refused.kind).toBe('forbidden');
    await answerChallenge(t.db, officer, LATER, { id, answer: 'Sở Tư pháp đề xuất bỏ yêu cầu bản sao giấy khai sinh.' });
    const published = await publicChallenges(t.db, reviewId);
    expect(published.find((c) => c.answerText)).toMatchObject({
      status: 'answered',
      answerText: 'Sở Tư pháp đề xuất bỏ yêu cầu bản sao giấy khai sinh.',
    });
    expect(JSON.stringify(published)).not.toContain('0912 000 111');
    expect(JSON.stringify(published)).not.toContain('Lê Văn Tám');
    const again = await appErrorOf(answerChallenge(t.db, officer, LATER, { id, answer: 'Trả lời lần thứ hai.' }));
    expect(again.kind).toBe('conflict');
  });
});
