import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { statutoryCalendar } from '@cchc/domain/calendar/holidays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { fixedClock } from '../clock';
import { ZPlanCreate, ZProgressReport, ZTaskCreate } from '../plans/schemas';
import { createPlan, createTask, reportProgress } from '../plans/service';
import { seedDemo } from '../seed/demo';
import { actor, appErrorOf } from '../testing/fixtures';
import {
  ensureCalendarSeeded,
  getCalendarYear,
  listCalendarYears,
  loadWorkingCalendar,
  previewDueDate,
  saveCalendarYear,
  type TCalendarYearInput,
  ZCalendarYearInput,
} from './service';

let t: TestDatabase;
let firstSeed: boolean;
let secondSeed: boolean;
let manager: Actor;
let officer: Actor;
let stp: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  firstSeed = await ensureCalendarSeeded(t.db);
  secondSeed = await ensureCalendarSeeded(t.db);
  manager = await actor(t.db, 'sonoivu');
  officer = await actor(t.db, 'canbo.stp');
  stp = officer.agencyId;
});
afterAll(async () => t.drop());

describe('ensureCalendarSeeded', () => {
  it('seeds 2024–2027 on the first run only, 2024–2026 as published', async () => {
    expect(firstSeed).toBe(true);
    expect(secondSeed).toBe(false);
    const years = await listCalendarYears(t.db);
    expect(years.map((y) => [y.year, y.status])).toEqual([
      [2024, 'published'],
      [2025, 'published'],
      [2026, 'published'],
      [2027, 'prefilled'],
    ]);
    const saves = await t.db
      .selectFrom('auditLog')
      .select('entityId')
      .where('action', '=', 'calendar.save_year')
      .where('actorUsername', '=', 'seed')
      .orderBy('id')
      .execute();
    expect(saves.map((s) => s.entityId)).toEqual(['2024', '2025', '2026', '2027']);
  });

  it('gives 2026 the government swap: Monday 31/8 off, Saturday 22/8 worked, on top of the statutory days', async () => {
    const year = await getCalendarYear(t.db, 2026);
    const kindOf = (date: string) => year.days.find((d) => d.date === date)?.kind;
    expect(kindOf('2026-08-31')).toBe('day_off');
    expect(kindOf('2026-08-22')).toBe('working_day');
    for (const day of statutoryCalendar(2026)) expect(kindOf(day.date), day.date).toBe(day.kind);
    const calendar = await loadWorkingCalendar(t.db);
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-18')).toBe(false);
  });

  it('gives 2026 the New Year swap of Công văn 12729/VPCP-KGVX, with its source', async () => {
    const year = await getCalendarYear(t.db, 2026);
    expect(year.days.find((d) => d.date === '2026-01-02')).toMatchObject({
      kind: 'day_off',
      source: expect.stringContaining('Công văn 12729/VPCP-KGVX ngày 25/12/2025'),
    });
    expect(year.days.find((d) => d.date === '2026-01-10')).toMatchObject({ kind: 'working_day' });
    const calendar = await loadWorkingCalendar(t.db);
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
  });
});

describe('ZCalendarYearInput', () => {
  const input = (days: TCalendarYearInput['days']) => ({ year: 2026, status: 'published', note: null, days });

  it('refuses a day outside the year', () => {
    const parsed = ZCalendarYearInput.safeParse(input([{ date: '2027-01-01', kind: 'holiday', name: 'Tết Dương lịch' }]));
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['days', 0, 'date'], message: 'Ngày 2027-01-01 không thuộc năm 2026.' }),
    ]);
  });

  it('refuses the same date twice', () => {
    const parsed = ZCalendarYearInput.safeParse(
      input([
        { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh' },
        { date: '2026-09-02', kind: 'day_off', name: 'Nghỉ thêm' },
      ]),
    );
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['days', 1, 'date'], message: 'Ngày 2026-09-02 bị lặp.' }),
    ]);
  });

  it('accepts the published 2026 calendar', async () => {
    const year = await getCalendarYear(t.db, 2026);
    expect(ZCalendarYearInput.safeParse(input(year.days)).success).toBe(true);
  });
});

describe('saveCalendarYear', () => {
  const taskInput = (planId: string, fields: Partial<z.input<typeof ZTaskCreate>>) =>
    ZTaskCreate.parse({ planId, title: 'Rà soát thủ tục hành chính', leadAgencyId: stp, ...fields });

  it('moves the deadline of open tasks counted from a time limit, and leaves fixed and completed ones', async () => {
    const plan = await createPlan(
      t.db,
      manager,
      ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch CCHC năm 2026', status: 'active' }),
    );
    // Friday 28/8/2026 + 2 working days: 31/8–2/9 are off, so Friday 4/9.
    const limit = { startDate: '2026-08-28', timeLimit: { value: 2, unit: 'working_day' as const } };
    const open = await createTask(t.db, manager, taskInput(plan.id, { title: 'Công khai thủ tục', ...limit }));
    const fixed = await createTask(t.db, manager, taskInput(plan.id, { title: 'Báo cáo quý III', deadline: '2026-09-04' }));
    const done = await createTask(t.db, manager, taskInput(plan.id, { title: 'Tổng kết đợt 1', ...limit }));
    await reportProgress(
      t.db,
      officer,
      fixedClock('2026-08-28T03:00:00Z'),
      ZProgressReport.parse({ taskId: done.id, progress: 100, note: 'Đã tổng kết xong.' }),
    );
    expect([open.deadline, fixed.deadline, done.deadline]).toEqual(['2026-09-04', '2026-09-04', '2026-09-04']);

    // The province decides 31/8 is a working day after all (undoing the swap).
    const before = await getCalendarYear(t.db, 2026);
    const days = before.days.filter((d) => d.date !== '2026-08-31' && d.date !== '2026-08-22');
    const { moved } = await saveCalendarYear(t.db, manager, { year: 2026, status: 'published', note: null, days });

    const deadlineOf = async (id: string) =>
      (await t.db.selectFrom('task').select('deadline').where('id', '=', id).executeTakeFirstOrThrow()).deadline;
    expect(moved).toBe(1);
    expect(await deadlineOf(open.id)).toBe('2026-09-03');
    expect(await deadlineOf(fixed.id)).toBe('2026-09-04');
    expect(await deadlineOf(done.id)).toBe('2026-09-04');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['entityId', 'actorUsername', 'before', 'after'])
      .where('action', '=', 'task.reschedule')
      .execute();
    expect(audit).toEqual([
      {
        entityId: open.id,
        actorUsername: 'sonoivu',
        before: { deadline: '2026-09-04' },
        after: { deadline: '2026-09-03', reason: 'calendar' },
      },
    ]);

    // Saving the same calendar again moves nothing.
    expect((await saveCalendarYear(t.db, manager, { year: 2026, status: 'published', note: null, days })).moved).toBe(0);
    // Restoring the published swap moves the task back.
    expect(
      (await saveCalendarYear(t.db, manager, { year: 2026, status: 'published', note: null, days: before.days })).moved,
    ).toBe(1);
    expect(await deadlineOf(open.id)).toBe('2026-09-04');
  });

  it('records the calendar before and after the save in the audit log', async () => {
    const before = await getCalendarYear(t.db, 2027);
    const extra = { date: '2027-12-31', kind: 'day_off' as const, name: 'Nghỉ hoán đổi', source: 'Công văn giả định' };
    await saveCalendarYear(t.db, manager, { year: 2027, status: 'published', note: 'Đã công bố', days: [...before.days, extra] });
    const row = await t.db
      .selectFrom('auditLog')
      .select(['before', 'after'])
      .where('action', '=', 'calendar.save_year')
      .where('entityId', '=', '2027')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.before).toMatchObject({ status: 'prefilled', days: before.days });
    expect(row.after).toMatchObject({ status: 'published', days: expect.arrayContaining([extra]) });
    expect((await getCalendarYear(t.db, 2027)).days).toContainEqual(extra);
  });
});

describe('previewDueDate', () => {
  it('gives the date the server will store, with the non-working days skipped', async () => {
    expect(await previewDueDate(t.db, { startDate: '2026-02-13', value: 15, unit: 'working_day' })).toEqual({
      deadline: '2026-03-13',
      // 14–15/2 weekend, 16–20/2 Tết, then three more weekends.
      skippedNonWorking: 13,
      unconfirmedYears: [],
    });
  });

  it('names the pre-filled year a due date runs into', async () => {
    const y2027 = await getCalendarYear(t.db, 2027);
    await saveCalendarYear(t.db, manager, { year: 2027, status: 'prefilled', note: null, days: y2027.days });
    expect((await previewDueDate(t.db, { startDate: '2027-03-01', value: 5, unit: 'working_day' })).unconfirmedYears).toEqual([
      2027,
    ]);
  });

  it('refuses to count in a year that has no holiday calendar', async () => {
    const error = await appErrorOf(previewDueDate(t.db, { startDate: '2027-12-20', value: 15, unit: 'working_day' }));
    expect(error).toMatchObject({ kind: 'bad_request', code: 'calendar.year_missing', params: { year: 2028 } });
    expect(error.message).toBe('Chưa có lịch nghỉ lễ của năm 2028; vui lòng bổ sung lịch trước.');
    expect((await appErrorOf(previewDueDate(t.db, { startDate: '2023-06-01', value: 5, unit: 'day' }))).code).toBe(
      'calendar.year_missing',
    );
  });
});
