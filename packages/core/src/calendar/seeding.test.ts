/**
 * A database seeded before the published calendars existed: the years still exactly as seeded get
 * the published days and sources, a year someone edited is left alone, and the deadlines counted on
 * the changed years move as after any calendar edit.
 */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { statutoryCalendar } from '@cchc/domain/calendar/holidays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../actor';
import { fixedClock } from '../clock';
import { ZFeedbackCreate, ZFeedbackFilter } from '../feedback/schemas';
import { createFeedback, getFeedback, listFeedback } from '../feedback/service';
import { ZPlanCreate, ZTaskCreate } from '../plans/schemas';
import { createPlan, createTask, getTask, listTaskPage } from '../plans/service';
import { seedDemo } from '../seed/demo';
import { actor, departmentIds } from '../testing/fixtures';
import { ensureCalendarSeeded, getCalendarYear, listCalendarYears, saveCalendarYear } from './service';

const formerSeed: AuditActor = { userId: null, username: 'seed' };
const PREFILL_NOTE = 'Điền sẵn theo Bộ luật Lao động 2019; cần đối chiếu thông báo hoán đổi ngày làm việc của năm';

let t: TestDatabase;
let upgraded: boolean;
let again: boolean;
let taskId: string;
let feedbackId: string;
let edited2025: Awaited<ReturnType<typeof getCalendarYear>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  // What earlier versions seeded: the statutory pre-fill, and 2026 with the Quốc khánh swap only.
  for (const year of [2024, 2025, 2027]) {
    await saveCalendarYear(t.db, formerSeed, { year, status: 'prefilled', note: PREFILL_NOTE, days: statutoryCalendar(year) });
  }
  await saveCalendarYear(t.db, formerSeed, {
    year: 2026,
    status: 'published',
    note: 'Lịch nghỉ lễ, Tết năm 2026 đã công bố',
    days: [
      ...statutoryCalendar(2026),
      { date: '2026-08-31', kind: 'day_off', name: 'Nghỉ Quốc khánh (hoán đổi, làm bù thứ Bảy 22/8)' },
      { date: '2026-08-22', kind: 'working_day', name: 'Làm bù cho ngày 31/8' },
    ],
  });
  // Someone confirms 2025 in the app without changing a day: it is theirs now.
  const manager = await actor(t.db, 'sonoivu');
  await saveCalendarYear(t.db, manager, {
    year: 2025,
    status: 'prefilled',
    note: 'Sở Nội vụ đang đối chiếu',
    days: statutoryCalendar(2025),
  });
  edited2025 = await getCalendarYear(t.db, 2025);

  const agency = await departmentIds(t.db);
  const plan = await createPlan(
    t.db,
    manager,
    ZPlanCreate.parse({ year: 2025, title: 'Kế hoạch CCHC năm 2025', status: 'active' }),
  );
  // Wednesday 31/12/2025 + 1 working day: Friday 2/1/2026 on the calendar seeded before.
  const task = await createTask(
    t.db,
    manager,
    ZTaskCreate.parse({
      planId: plan.id,
      title: 'Rà soát thủ tục hành chính',
      leadAgencyId: agency('33.STP'),
      startDate: '2025-12-31',
      timeLimit: { value: 1, unit: 'working_day' },
    }),
  );
  taskId = task.id;
  expect(task.deadline).toBe('2026-01-02');
  const feedback = await createFeedback(
    t.db,
    manager,
    ZFeedbackCreate.parse({
      receivedAt: '2025-12-31T09:15:00+07:00',
      channel: 'provincial_portal',
      submitterType: 'citizen',
      submitterName: 'Nguyễn Văn An',
      subject: 'Thời hạn cấp phiếu lý lịch tư pháp',
      content: 'Hồ sơ nộp từ tháng 11 chưa có kết quả.',
      competentAgencyId: agency('33.STP'),
    }),
    fixedClock('2025-12-31T03:00:00Z'),
  );
  feedbackId = feedback.id;

  upgraded = await ensureCalendarSeeded(t.db);
  again = await ensureCalendarSeeded(t.db);
});
afterAll(async () => t.drop());

describe('ensureCalendarSeeded on a database seeded before', () => {
  it('brings the untouched years to the published calendars, once', async () => {
    expect([upgraded, again]).toEqual([true, false]);
    expect((await listCalendarYears(t.db)).map((y) => [y.year, y.status])).toEqual([
      [2024, 'published'],
      [2025, 'prefilled'],
      [2026, 'published'],
      [2027, 'prefilled'],
    ]);
    const y2024 = await getCalendarYear(t.db, 2024);
    expect(y2024.days.find((d) => d.date === '2024-04-29')).toMatchObject({
      kind: 'day_off',
      source: expect.stringContaining('Công văn 2450/VPCP-KGVX'),
    });
    expect(y2024.days.some((d) => d.date === '2024-02-15')).toBe(false);
    const y2026 = await getCalendarYear(t.db, 2026);
    expect(y2026.days.find((d) => d.date === '2026-01-02')).toMatchObject({
      kind: 'day_off',
      source: expect.stringContaining('Công văn 12729/VPCP-KGVX'),
    });
    expect(y2026.days.find((d) => d.date === '2026-01-10')?.kind).toBe('working_day');
  });

  it('leaves a year someone saved in the app as it was, even with the pre-filled days', async () => {
    expect(await getCalendarYear(t.db, 2025)).toEqual(edited2025);
    expect((await getCalendarYear(t.db, 2027)).days.every((d) => d.source === null)).toBe(true);
  });

  it('moves the open deadlines counted on the changed years, as a calendar edit does', async () => {
    const task = await t.db.selectFrom('task').select('deadline').where('id', '=', taskId).executeTakeFirstOrThrow();
    expect(task.deadline).toBe('2026-01-05');
    const reschedule = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'task.reschedule')
      .where('entityId', '=', taskId)
      .execute();
    expect(reschedule).toEqual([{ actorUsername: 'seed', after: { deadline: '2026-01-05', reason: 'calendar' } }]);
    // Refuse within 2 and ask for information within 5 working days move by one (2/1 is off);
    // the 15-day answer does not, as Saturday 10/1 is worked.
    const item = await t.db
      .selectFrom('feedback')
      .select(['refuseDue', 'infoDue', 'answerDue'])
      .where('id', '=', feedbackId)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({ refuseDue: '2026-01-06', infoDue: '2026-01-09', answerDue: '2026-01-22' });
  });
});

describe('deadlines counted through a year nobody has confirmed', () => {
  it('carry the year until someone confirms it', async () => {
    const manager = await actor(t.db, 'sonoivu');
    const clock = fixedClock('2026-01-02T03:00:00Z');
    // Counted from 31/12/2025: 2025 is still only pre-filled here.
    expect((await getTask(t.db, manager, clock, taskId)).deadlineUnconfirmedYears).toEqual([2025]);
    expect((await getFeedback(t.db, manager, feedbackId, clock)).answerDueUnconfirmedYears).toEqual([2025]);
    // The lists say so on the row too: the task list and the feedback register.
    const taskRow = async () =>
      (await listTaskPage(t.db, manager, clock, { offset: 0, limit: 500 })).rows.find((r) => r.id === taskId);
    const registerRow = async () =>
      (await listFeedback(t.db, manager, ZFeedbackFilter.parse({ limit: 200 }), clock)).rows.find((r) => r.id === feedbackId);
    expect((await taskRow())?.deadlineUnconfirmedYears).toEqual([2025]);
    expect((await registerRow())?.duesProvisional).toBe(true);

    await saveCalendarYear(t.db, manager, { ...edited2025, status: 'published', note: 'Đã đối chiếu' });
    expect((await getTask(t.db, manager, clock, taskId)).deadlineUnconfirmedYears).toEqual([]);
    expect((await getFeedback(t.db, manager, feedbackId, clock)).answerDueUnconfirmedYears).toEqual([]);
    expect((await taskRow())?.deadlineUnconfirmedYears).toEqual([]);
    expect((await registerRow())?.duesProvisional).toBe(false);
  });
});
