import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { listNotifications, markNotificationsRead } from '../notifications/service';
import { seedDemo } from '../seed/demo';
import { saveTaskChasingSettings } from '../settings/service';
import { actor, addUser, departmentIds, type IdsByCode } from '../testing/fixtures';
import { runTaskChasing } from './chasing';
import { ZPlanCreate, ZProgressReport, ZTaskCreate, ZTaskUpdate } from './schemas';
import { cancelTask, createPlan, createTask, reportProgress, updateTask } from './service';

/** Monday 2/3/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-03-02T03:00:00Z');
const at = (date: string) => fixedClock(`${date}T03:00:00Z`);

let t: TestDatabase;
let manager: Actor;
let planId: string;
let agency: IdsByCode;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  agency = await departmentIds(t.db);
  // Sở Tư pháp: the head and one officer have an e-mail address, a second officer has none, a former officer is inactive.
  await t.db.updateTable('appUser').set({ email: 'canbo.stp@hungyen.gov.vn' }).where('username', '=', 'canbo.stp').execute();
  await t.db.updateTable('appUser').set({ email: 'giamdoc.stp@hungyen.gov.vn' }).where('username', '=', 'giamdoc.stp').execute();
  await addUser(t.db, 'canbo2.stp', 'agency_officer', agency('33.STP'), { email: null, isActive: true });
  await addUser(t.db, 'nghiviec.stp', 'agency_officer', agency('33.STP'), { email: 'nghiviec@hungyen.gov.vn', isActive: false });
  await addUser(t.db, 'canbo.stc', 'agency_officer', agency('33.STC'), { email: 'canbo.stc@hungyen.gov.vn', isActive: true });
  manager = await actor(t.db, 'sonoivu');
  planId = (await createPlan(t.db, manager, ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch CCHC năm 2026', status: 'active' })))
    .id;
});
afterAll(async () => t.drop());

let taskCount = 0;
async function newTask(fields: Partial<z.input<typeof ZTaskCreate>>) {
  taskCount++;
  return createTask(
    t.db,
    manager,
    ZTaskCreate.parse({ planId, title: `Nhiệm vụ số ${taskCount}`, leadAgencyId: agency('33.STP'), ...fields }),
  );
}

/** Pretends nobody touched the task since `date` (rows are written at the real time, after the test clock). */
async function lastTouched(taskId: string, createdAt: string, lastUpdateAt: string | null = null) {
  await t.db
    .updateTable('task')
    .set({ createdAt: new Date(createdAt), lastUpdateAt: lastUpdateAt === null ? null : new Date(lastUpdateAt) })
    .where('id', '=', taskId)
    .execute();
}

/** The chasing's notices about a task (not the notice of its assignment). */
async function noticesFor(taskId: string) {
  return t.db
    .selectFrom('notification as n')
    .innerJoin('appUser as u', 'u.id', 'n.userId')
    .select(['u.username', 'n.kind', 'n.title', 'n.body', 'n.link', 'n.dedupeKey'])
    .where('n.entityType', '=', 'task')
    .where('n.entityId', '=', taskId)
    .where('n.kind', '<>', 'task_assigned')
    .orderBy('n.id')
    .execute();
}

async function mailsFor(taskId: string) {
  return t.db
    .selectFrom('emailOutbox')
    .select(['toAddress', 'subject', 'body', 'sentAt'])
    .where('dedupeKey', 'like', `%:${taskId}:%`)
    .where('dedupeKey', 'not like', 'task-assigned:%')
    .orderBy('toAddress')
    .execute();
}

const sortedUsers = (rows: { username: string }[]) => rows.map((r) => r.username).sort();

describe('runTaskChasing', () => {
  it('notifies every active officer and head of the lead agency once when an open task passes its deadline', async () => {
    const task = await newTask({ title: 'Rà soát thủ tục lĩnh vực hộ tịch', deadline: '2026-02-27' });
    const first = await runTaskChasing(t.db, clock);
    expect(first).toEqual({ overdue: 1, reminded: 0, stale: 0, notifications: 3 });

    const notices = await noticesFor(task.id);
    expect(sortedUsers(notices)).toEqual(['canbo.stp', 'canbo2.stp', 'giamdoc.stp']);
    expect(notices[0]).toMatchObject({
      kind: 'task_overdue',
      title: 'Nhiệm vụ quá hạn: Rà soát thủ tục lĩnh vực hộ tịch',
      link: `/tasks/${task.id}`,
    });
    expect(notices[0]?.body).toContain('27/02/2026');
    // One e-mail per recipient with an address; none for the officer without one, none for the inactive one.
    const mails = await mailsFor(task.id);
    expect(mails.map((m) => m.toAddress)).toEqual(['canbo.stp@hungyen.gov.vn', 'giamdoc.stp@hungyen.gov.vn']);
    expect(mails[0]).toMatchObject({ subject: '[CCHC] Nhiệm vụ quá hạn: Rà soát thủ tục lĩnh vực hộ tịch', sentAt: null });
    expect(mails[0]?.body).toContain(`/tasks/${task.id}`);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'task.overdue')
      .execute();
    expect(audit).toEqual([{ actorUsername: 'job:tasks__chase', after: { deadline: '2026-02-27', asOf: '2026-03-02' } }]);

    const second = await runTaskChasing(t.db, clock);
    expect(second).toEqual({ overdue: 0, reminded: 0, stale: 0, notifications: 0 });
    expect(await noticesFor(task.id)).toHaveLength(3);
    expect(await mailsFor(task.id)).toHaveLength(2);
  });

  it('reminds once of a deadline within the configured number of working days, and not of one further away', async () => {
    // Monday 2/3 + 3 working days = Thursday 5/3.
    const soon = await newTask({ deadline: '2026-03-05' });
    const later = await newTask({ deadline: '2026-03-06' });
    const result = await runTaskChasing(t.db, clock);
    expect(result).toMatchObject({ overdue: 0, reminded: 1 });
    const notices = await noticesFor(soon.id);
    expect(sortedUsers(notices)).toEqual(['canbo.stp', 'canbo2.stp', 'giamdoc.stp']);
    expect(notices[0]).toMatchObject({ kind: 'task_due_soon' });
    expect(notices[0]?.body).toContain('còn 3 ngày làm việc');
    expect(await noticesFor(later.id)).toEqual([]);

    expect(await runTaskChasing(t.db, clock)).toMatchObject({ reminded: 0, notifications: 0 });
    expect(await noticesFor(soon.id)).toHaveLength(3);
    // The next day, Friday 6/3 comes within reach.
    await runTaskChasing(t.db, at('2026-03-03'));
    expect((await noticesFor(later.id)).map((n) => n.kind)).toEqual(['task_due_soon', 'task_due_soon', 'task_due_soon']);
    expect((await noticesFor(soon.id)).map((n) => n.kind)).toEqual(['task_due_soon', 'task_due_soon', 'task_due_soon']);
  });

  it('counts the reminder window in working days, so a holiday does not swallow it', async () => {
    await saveTaskChasingSettings(t.db, manager, { remindWorkingDaysBefore: 2, staleAfterDays: 30 });
    try {
      // Thursday 12/2/2026 + 2 working days: Friday 13/2, then Tết 16–20/2, so Monday 23/2.
      const afterTet = await newTask({ deadline: '2026-02-23' });
      const tooFar = await newTask({ deadline: '2026-02-24' });
      await runTaskChasing(t.db, at('2026-02-12'));
      expect((await noticesFor(afterTet.id)).map((n) => n.kind)).toContain('task_due_soon');
      expect(await noticesFor(tooFar.id)).toEqual([]);
      await cancelTask(t.db, manager, { id: afterTet.id, reason: 'Chỉ dùng để kiểm thử lịch' });
      await cancelTask(t.db, manager, { id: tooFar.id, reason: 'Chỉ dùng để kiểm thử lịch' });
    } finally {
      await saveTaskChasingSettings(t.db, manager, { remindWorkingDaysBefore: 3, staleAfterDays: 30 });
    }
  });

  it('chases again when the deadline is moved later and then missed again', async () => {
    const task = await newTask({ title: 'Công bố danh mục thủ tục', deadline: '2026-02-25' });
    await runTaskChasing(t.db, clock);
    expect((await noticesFor(task.id)).map((n) => n.dedupeKey)).toEqual(Array(3).fill(`task-overdue:${task.id}:2026-02-25`));

    await updateTask(
      t.db,
      manager,
      ZTaskUpdate.parse({
        id: task.id,
        title: 'Công bố danh mục thủ tục',
        leadAgencyId: agency('33.STP'),
        deadline: '2026-03-20',
      }),
    );
    await runTaskChasing(t.db, clock);
    expect(await noticesFor(task.id)).toHaveLength(3);

    await runTaskChasing(t.db, at('2026-03-23'));
    const overdue = (await noticesFor(task.id)).filter((n) => n.kind === 'task_overdue');
    expect(overdue.map((n) => n.dedupeKey)).toEqual([
      ...Array(3).fill(`task-overdue:${task.id}:2026-02-25`),
      ...Array(3).fill(`task-overdue:${task.id}:2026-03-20`),
    ]);
    expect(overdue.at(-1)?.body).toContain('20/03/2026');
    expect((await mailsFor(task.id)).filter((m) => m.subject.includes('quá hạn'))).toHaveLength(4);
  });

  it('flags a task without a progress update for the configured number of days, once', async () => {
    const stale = await newTask({ title: 'Số hóa kết quả giải quyết thủ tục', deadline: '2026-06-30' });
    const updated = await newTask({ deadline: '2026-06-30' });
    // 30 days before 2/3/2026 is 31/1: one untouched since mid-January, one updated on 20/2.
    await lastTouched(stale.id, '2026-01-15T02:00:00Z');
    await lastTouched(updated.id, '2026-01-15T02:00:00Z', '2026-02-20T02:00:00Z');

    expect(await runTaskChasing(t.db, clock)).toMatchObject({ stale: 1, notifications: 3 });
    const notices = await noticesFor(stale.id);
    expect(sortedUsers(notices)).toEqual(['canbo.stp', 'canbo2.stp', 'giamdoc.stp']);
    expect(notices[0]).toMatchObject({ kind: 'task_stale', title: 'Chưa cập nhật tiến độ: Số hóa kết quả giải quyết thủ tục' });
    expect(notices[0]?.body).toContain('30 ngày');
    expect(await noticesFor(updated.id)).toEqual([]);

    // Still stale the next days: flagged once, not every night.
    await runTaskChasing(t.db, clock);
    await runTaskChasing(t.db, at('2026-03-03'));
    expect(await noticesFor(stale.id)).toHaveLength(3);

    // Updated on 5/3 and quiet again for more than 30 days: flagged again.
    await lastTouched(stale.id, '2026-01-15T02:00:00Z', '2026-03-05T02:00:00Z');
    await runTaskChasing(t.db, at('2026-04-10'));
    expect((await noticesFor(stale.id)).filter((n) => n.kind === 'task_stale')).toHaveLength(6);
  });

  it('never chases a completed or a cancelled task', async () => {
    const done = await newTask({ deadline: '2026-02-20' });
    const officer = await actor(t.db, 'canbo.stp');
    await reportProgress(
      t.db,
      officer,
      clock,
      ZProgressReport.parse({ taskId: done.id, progress: 100, note: 'Đã hoàn thành, trễ hạn.', reportedOn: '2026-02-25' }),
    );
    const cancelledPast = await newTask({ deadline: '2026-02-20' });
    const cancelledSoon = await newTask({ deadline: '2026-03-03' });
    for (const task of [cancelledPast, cancelledSoon])
      await cancelTask(t.db, manager, { id: task.id, reason: 'Không còn phù hợp' });
    for (const task of [done, cancelledPast, cancelledSoon]) await lastTouched(task.id, '2026-01-05T02:00:00Z');

    await runTaskChasing(t.db, clock);
    await runTaskChasing(t.db, at('2026-04-10'));
    for (const task of [done, cancelledPast, cancelledSoon]) {
      expect(await noticesFor(task.id)).toEqual([]);
      expect(await mailsFor(task.id)).toEqual([]);
    }
  });

  it('does not chase tasks of a draft plan, which is not yet in force', async () => {
    const draft = await createPlan(t.db, manager, ZPlanCreate.parse({ year: 2026, title: 'Dự thảo kế hoạch bổ sung' }));
    const task = await createTask(
      t.db,
      manager,
      ZTaskCreate.parse({
        planId: draft.id,
        title: 'Nhiệm vụ trong dự thảo',
        leadAgencyId: agency('33.STP'),
        deadline: '2026-02-20',
      }),
    );
    await lastTouched(task.id, '2026-01-05T02:00:00Z');
    await runTaskChasing(t.db, clock);
    expect(await noticesFor(task.id)).toEqual([]);
  });

  it('notifies nobody outside the lead agency', async () => {
    const stc = await actor(t.db, 'canbo.stc');
    expect((await listNotifications(t.db, stc.userId)).items).toEqual([]);
    const inactive = await actor(t.db, 'nghiviec.stp');
    expect((await listNotifications(t.db, inactive.userId)).items).toEqual([]);
    expect((await listNotifications(t.db, manager.userId)).items).toEqual([]);
  });
});

describe('notifications', () => {
  it("lists a user's own notifications newest first with the unread count, and marks chosen ones or all read", async () => {
    const head = await actor(t.db, 'giamdoc.stp');
    const officer = await actor(t.db, 'canbo.stp');
    const mine = await listNotifications(t.db, head.userId, 500);
    expect(mine.items.length).toBeGreaterThan(2);
    expect(mine.unread).toBe(mine.items.length);
    const ids = mine.items.map((n) => n.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const officerUnread = (await listNotifications(t.db, officer.userId)).unread;

    const [newest, second] = ids;
    await markNotificationsRead(t.db, head.userId, [newest ?? 0, second ?? 0]);
    const after = await listNotifications(t.db, head.userId, 500);
    expect(after.unread).toBe(mine.unread - 2);
    expect(after.items.filter((n) => n.readAt !== null).map((n) => n.id)).toEqual([newest, second]);

    // Another user's ids change nothing for them.
    const officerIds = (await listNotifications(t.db, officer.userId)).items.map((n) => n.id);
    await markNotificationsRead(t.db, head.userId, officerIds);
    expect((await listNotifications(t.db, officer.userId)).unread).toBe(officerUnread);

    await markNotificationsRead(t.db, head.userId);
    expect((await listNotifications(t.db, head.userId)).unread).toBe(0);
    expect((await listNotifications(t.db, officer.userId)).unread).toBe(officerUnread);
  });
});
