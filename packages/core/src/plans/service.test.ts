import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { Role } from '@cchc/domain/roles';
import { rollUpProgress, taskStatus } from '@cchc/domain/tasks/status';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { AppError } from '../errors';
import { saveFile } from '../files/service';
import { seedDemo } from '../seed/demo';
import { ZGroupCreate, ZGroupUpdate, ZPlanCreate, ZProgressReport, ZTaskCreate, ZTaskUpdate } from './schemas';
import {
  cancelTask,
  createGroup,
  createPlan,
  createTask,
  deleteGroup,
  deletePlan,
  getPlan,
  getTask,
  listTaskPage,
  listTasks,
  planChangesSince,
  reopenTask,
  reportProgress,
  updateGroup,
  updateTask,
} from './service';

/** Monday 2/3/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-03-02T03:00:00Z');
const TODAY = '2026-03-02';

let t: TestDatabase;
let agencies: Record<string, string>;
let manager: Actor; // Sở Nội vụ, home_affairs
let officer: Actor; // cán bộ Sở Tư pháp
let head: Actor; // giám đốc Sở Tư pháp
let financeOfficer: Actor; // cán bộ Sở Tài chính
let homeAffairsOfficer: Actor; // cán bộ Sở Nội vụ

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  const rows = await t.db.selectFrom('agency').select(['id', 'code']).where('kind', '=', 'department').execute();
  agencies = Object.fromEntries(rows.map((a) => [a.code, a.id]));
  // A unit under Sở Tư pháp, so "with sub-agencies" has something to include.
  const { id: legalAid } = await t.db
    .insertInto('agency')
    .values({
      code: '33.STP.TGPL',
      name: 'Trung tâm Trợ giúp pháp lý nhà nước',
      fullName: 'Trung tâm Trợ giúp pháp lý nhà nước tỉnh Hưng Yên',
      kind: 'other',
      parentId: agency('33.STP'),
      searchText: 'trung tam tro giup phap ly nha nuoc',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  agencies['33.STP.TGPL'] = legalAid;
  await addUser('canbo.stc', 'agency_officer', '33.STC');
  await addUser('canbo.snv', 'agency_officer', '33.SNV');
  manager = await actor('sonoivu');
  officer = await actor('canbo.stp');
  head = await actor('giamdoc.stp');
  financeOfficer = await actor('canbo.stc');
  homeAffairsOfficer = await actor('canbo.snv');
});
afterAll(async () => t.drop());

function agency(code: string): string {
  const id = agencies[code];
  if (!id) throw new Error(`no agency ${code}`);
  return id;
}

async function addUser(username: string, role: Role, agencyCode: string) {
  await t.db
    .insertInto('appUser')
    .values({ username, displayName: username, role, agencyId: agency(agencyCode), passwordHash: 'unused', searchText: username })
    .execute();
}

async function actor(username: string): Promise<Actor> {
  const u = await t.db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: u.id, username, role: u.role as Role, agencyId: u.agencyId, requestId: `req-${username}` };
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function newPlan(title: string, status: 'draft' | 'active' = 'active') {
  return createPlan(t.db, manager, ZPlanCreate.parse({ year: 2026, title, status }));
}

const taskInput = (planId: string, fields: Partial<z.input<typeof ZTaskCreate>> = {}) =>
  ZTaskCreate.parse({ planId, title: 'Rà soát thủ tục hành chính', leadAgencyId: agency('33.STP'), ...fields });

const report = (taskId: string, fields: Partial<z.input<typeof ZProgressReport>> = {}) =>
  ZProgressReport.parse({ taskId, progress: 40, note: 'Đã hoàn thành dự thảo báo cáo.', ...fields });

async function taskRow(id: string) {
  return t.db.selectFrom('task').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('createTask', () => {
  let planId: string;
  beforeAll(async () => {
    planId = (await newPlan('Kế hoạch CCHC năm 2026')).id;
  });

  it('turns Friday 13/2/2026 + 15 working days into Friday 13/3/2026, skipping the Tết holidays', async () => {
    const task = await createTask(
      t.db,
      manager,
      taskInput(planId, { startDate: '2026-02-13', timeLimit: { value: 15, unit: 'working_day' } }),
    );
    expect(task).toMatchObject({
      deadline: '2026-03-13',
      startDate: '2026-02-13',
      timeLimitValue: 15,
      timeLimitUnit: 'working_day',
    });
    expect((await taskRow(task.id)).deadline).toBe('2026-03-13');
  });

  it('refuses to count a time limit through a year that has no holiday calendar yet', async () => {
    const error = await appErrorOf(
      createTask(t.db, manager, taskInput(planId, { startDate: '2027-12-20', timeLimit: { value: 15, unit: 'working_day' } })),
    );
    expect(error.code).toBe('calendar.year_missing');
    expect(error.message).toContain('2028');
  });

  it('keeps a fixed deadline as the plan document gives it', async () => {
    const task = await createTask(t.db, manager, taskInput(planId, { deadline: '2026-06-30' }));
    expect(task).toMatchObject({ deadline: '2026-06-30', startDate: null, timeLimitValue: null });
  });

  it('refuses a time limit without a start date, and a time limit together with a fixed deadline', () => {
    const noStart = ZTaskCreate.safeParse({
      planId,
      title: 'Số hóa hồ sơ',
      leadAgencyId: agency('33.STP'),
      timeLimit: { value: 10, unit: 'working_day' },
    });
    expect(noStart.success).toBe(false);
    expect(noStart.error?.issues).toEqual([
      expect.objectContaining({ path: ['startDate'], message: 'Thời hạn tính theo ngày cần có ngày bắt đầu.' }),
    ]);
    const both = ZTaskCreate.safeParse({
      planId,
      title: 'Số hóa hồ sơ',
      leadAgencyId: agency('33.STP'),
      startDate: '2026-03-02',
      timeLimit: { value: 10, unit: 'working_day' },
      deadline: '2026-03-31',
    });
    expect(both.error?.issues.map((i) => i.path)).toEqual([['deadline']]);
  });

  it('does not list the lead agency among its own coordinators', async () => {
    const task = await createTask(
      t.db,
      manager,
      taskInput(planId, { coordinatorIds: [agency('33.STP'), agency('33.SNV'), agency('33.SNV'), agency('33.STC')] }),
    );
    const expected = [agency('33.SNV'), agency('33.STC')].sort();
    expect(task.coordinatorIds).toEqual(expected);
    const stored = await t.db.selectFrom('taskCoordinator').select('agencyId').where('taskId', '=', task.id).execute();
    expect(stored.map((c) => c.agencyId).sort()).toEqual(expected);
  });

  it('refuses a new task in a closed plan', async () => {
    const closed = await newPlan('Kế hoạch CCHC năm 2025');
    await t.db.updateTable('plan').set({ status: 'closed' }).where('id', '=', closed.id).execute();
    const error = await appErrorOf(createTask(t.db, manager, taskInput(closed.id, { deadline: '2026-03-31' })));
    expect(error).toMatchObject({ kind: 'conflict', code: 'plans.closed' });
  });

  it('refuses a lead agency that does not exist, writing nothing', async () => {
    const before = await t.db.selectFrom('task').select('id').where('planId', '=', planId).execute();
    const error = await appErrorOf(
      createTask(t.db, manager, taskInput(planId, { leadAgencyId: '00000000-0000-4000-8000-000000000000' })),
    );
    expect(error.code).toBe('plans.agency_not_found');
    expect(await t.db.selectFrom('task').select('id').where('planId', '=', planId).execute()).toHaveLength(before.length);
  });
});

describe('audit of task changes', () => {
  async function auditOf(taskId: string) {
    return t.db
      .selectFrom('auditLog')
      .select(['action', 'actorUsername', 'requestId', 'before', 'after'])
      .where('entityType', '=', 'task')
      .where('entityId', '=', taskId)
      .orderBy('id')
      .execute();
  }

  /** Whether `table`'s row and the task's latest audit row of `action` were written by one transaction. */
  async function sameTransaction(table: 'task' | 'task_update', rowId: string, taskId: string, action: string) {
    const { rows } = await sql<{ same: boolean | null }>`
      select (select xmin::text from ${sql.table(table)} where id = ${rowId}::uuid)
           = (select xmin::text from audit_log where entity_type = 'task' and entity_id = ${taskId} and action = ${action}
              order by id desc limit 1) as same`.execute(t.db);
    return rows[0]?.same;
  }

  it('writes create, update, progress and cancel rows with before and after, each in the transaction of the change', async () => {
    const plan = await newPlan('Kế hoạch kiểm tra công tác CCHC');
    const created = await createTask(
      t.db,
      manager,
      taskInput(plan.id, { title: 'Kiểm tra tại Sở Tư pháp', deadline: '2026-05-15' }),
    );
    expect(await sameTransaction('task', created.id, created.id, 'task.create')).toBe(true);

    await updateTask(
      t.db,
      manager,
      ZTaskUpdate.parse({
        id: created.id,
        title: 'Kiểm tra tại Sở Tư pháp và Sở Tài chính',
        leadAgencyId: agency('33.STP'),
        deadline: '2026-05-29',
      }),
    );
    expect(await sameTransaction('task', created.id, created.id, 'task.update')).toBe(true);

    const { updateId } = await reportProgress(t.db, officer, clock, report(created.id, { progress: 30 }));
    expect(await sameTransaction('task_update', updateId, created.id, 'task.progress')).toBe(true);

    await cancelTask(t.db, manager, { id: created.id, reason: 'Gộp vào nhiệm vụ kiểm tra chung' });
    expect(await sameTransaction('task', created.id, created.id, 'task.cancel')).toBe(true);

    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(['task.create', 'task.update', 'task.progress', 'task.cancel']);
    const [create, update, progress, cancel] = audit;
    expect(create).toMatchObject({ actorUsername: 'sonoivu', requestId: 'req-sonoivu', before: null });
    expect(create?.after).toMatchObject({ title: 'Kiểm tra tại Sở Tư pháp', deadline: '2026-05-15' });
    expect(update?.before).toMatchObject({ title: 'Kiểm tra tại Sở Tư pháp', deadline: '2026-05-15' });
    expect(update?.after).toMatchObject({ title: 'Kiểm tra tại Sở Tư pháp và Sở Tài chính', deadline: '2026-05-29' });
    expect(progress).toMatchObject({ actorUsername: 'canbo.stp', before: { progress: 0, completedOn: null } });
    expect(progress?.after).toMatchObject({ progress: 30, completedOn: null, updateId });
    expect(cancel?.before).toMatchObject({ cancelledAt: null });
    expect(cancel?.after).toMatchObject({ cancelReason: 'Gộp vào nhiệm vụ kiểm tra chung', cancelledAt: expect.any(String) });
  });
});

describe('getPlan', () => {
  it('rolls progress up by weight over tasks that are not cancelled, a group including its sub-groups', async () => {
    const plan = await newPlan('Kế hoạch chuyển đổi số 2026');
    const group = async (title: string, parentId?: string) =>
      (await createGroup(t.db, manager, ZGroupCreate.parse({ planId: plan.id, title, parentId }))).id;
    const g1 = await group('Cải cách thể chế');
    const g11 = await group('Rà soát văn bản', g1);
    const g2 = await group('Hiện đại hóa hành chính');
    const fixtures = [
      { groupId: g1, weight: 2, progress: 50, cancelled: false },
      { groupId: g11, weight: 1, progress: 100, cancelled: false },
      { groupId: g2, weight: 3, progress: 20, cancelled: false },
      { groupId: g2, weight: 5, progress: 80, cancelled: true },
      { groupId: null, weight: 1, progress: 0, cancelled: false },
    ];
    for (const [i, f] of fixtures.entries()) {
      const task = await createTask(
        t.db,
        manager,
        taskInput(plan.id, { title: `Nhiệm vụ ${i + 1}`, groupId: f.groupId, weight: f.weight, deadline: '2026-12-15' }),
      );
      if (f.progress > 0) await reportProgress(t.db, manager, clock, report(task.id, { progress: f.progress }));
      if (f.cancelled) await cancelTask(t.db, manager, { id: task.id, reason: 'Không còn phù hợp' });
    }
    const rollUp = (list: typeof fixtures) => rollUpProgress(list);
    const inGroups = (...ids: string[]) => fixtures.filter((f) => f.groupId !== null && ids.includes(f.groupId));

    const got = await getPlan(t.db, manager, clock, plan.id);
    expect(got.progress).toBe(rollUp(fixtures));
    // Counting the cancelled task would give a different figure.
    expect(got.progress).not.toBe(rollUp(fixtures.map((f) => ({ ...f, cancelled: false }))));
    const byTitle = Object.fromEntries(got.groups.map((g) => [g.title, g]));
    expect(byTitle['Cải cách thể chế']).toMatchObject({ progress: rollUp(inGroups(g1, g11)), taskCount: 2 });
    expect(byTitle['Cải cách thể chế']?.progress).not.toBe(rollUp(inGroups(g1)));
    expect(byTitle['Rà soát văn bản']).toMatchObject({ progress: rollUp(inGroups(g11)), taskCount: 1 });
    expect(byTitle['Hiện đại hóa hành chính']).toMatchObject({ progress: rollUp(inGroups(g2)), taskCount: 2 });
    expect(got.statusCounts).toEqual({ done_on_time: 1, in_progress: 2, cancelled: 1, not_started: 1 });
  });

  it('has no progress figure for a plan without tasks', async () => {
    const plan = await newPlan('Kế hoạch chưa giao nhiệm vụ');
    expect(await getPlan(t.db, manager, clock, plan.id)).toMatchObject({ progress: null, tasks: [], groups: [] });
  });
});

describe('listTasks', () => {
  let planId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    planId = (await newPlan('Kế hoạch rà soát, đơn giản hóa TTHC 2026')).id;
    const add = async (key: string, fields: Partial<z.input<typeof ZTaskCreate>>) => {
      ids[key] = (await createTask(t.db, manager, taskInput(planId, fields))).id;
    };
    await add('hoTich', { title: 'Rà soát thủ tục lĩnh vực hộ tịch', leadAgencyId: agency('33.STP'), deadline: '2026-02-27' });
    await add('chiSo', {
      title: 'Đánh giá chỉ số cải cách hành chính',
      leadAgencyId: agency('33.SNV'),
      coordinatorIds: [agency('33.STP')],
      deadline: '2026-03-20',
    });
    await add('taiChinh', { title: 'Số hóa hồ sơ tài chính', leadAgencyId: agency('33.STC'), deadline: '2026-04-15' });
    await add('troGiup', {
      title: 'Trợ giúp pháp lý trực tuyến',
      leadAgencyId: agency('33.STP.TGPL'),
      deadline: '2026-05-29',
    });
    await add('xayDung', { title: 'Công bố thủ tục xây dựng', leadAgencyId: agency('33.SXD'), deadline: '2026-02-20' });
    await add('khongHan', { title: 'Tuyên truyền cải cách hành chính', leadAgencyId: agency('33.STC') });
    await reportProgress(t.db, manager, clock, report(ids.xayDung ?? '', { progress: 100, reportedOn: '2026-02-19' }));
  });

  const list = async (viewer: Actor, filter: Parameters<typeof listTasks>[3] = {}, on = clock) =>
    listTasks(t.db, viewer, on, { planId, ...filter });
  const keysOf = (rows: { id: string }[]) => rows.map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0]).sort();

  it('filters by status as the clock sees it: overdue today, more overdue three weeks later', async () => {
    expect(keysOf(await list(manager, { statuses: ['overdue'] }))).toEqual(['hoTich']);
    const later = fixedClock('2026-03-23T03:00:00Z');
    expect(keysOf(await list(manager, { statuses: ['overdue'] }, later))).toEqual(['chiSo', 'hoTich']);
    expect(keysOf(await list(manager, { statuses: ['done_on_time', 'not_started'] }))).toEqual([
      'chiSo',
      'khongHan',
      'taiChinh',
      'troGiup',
      'xayDung',
    ]);
  });

  it('returns each row with the status the domain rule gives it', async () => {
    const rows = await list(manager);
    expect(rows).toHaveLength(Object.keys(ids).length);
    for (const r of rows) {
      const expected = taskStatus(
        { deadline: r.deadline, progress: r.progress, completedOn: r.completedOn, cancelled: false },
        TODAY,
      );
      expect(r.status, r.title).toBe(expected);
    }
  });

  it('lists what an agency leads or coordinates, including its sub-agencies', async () => {
    expect(keysOf(await list(manager, { agencyId: agency('33.STP') }))).toEqual(['chiSo', 'hoTich', 'troGiup']);
    expect(keysOf(await list(manager, { agencyId: agency('33.STC') }))).toEqual(['khongHan', 'taiChinh']);
  });

  it('lists nothing, rather than failing, for an agency id that names no agency', async () => {
    expect(await list(manager, { agencyId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });

  it("lists the viewer's own agency's tasks with `mine`", async () => {
    expect(keysOf(await list(officer, { mine: true }))).toEqual(['chiSo', 'hoTich', 'troGiup']);
    expect(keysOf(await list(manager, { mine: true }))).toEqual(['chiSo']);
  });

  it('filters by a deadline range, both ends included', async () => {
    expect(keysOf(await list(manager, { deadlineFrom: '2026-02-27', deadlineTo: '2026-04-15' }))).toEqual([
      'chiSo',
      'hoTich',
      'taiChinh',
    ]);
  });

  it('finds tasks by text without regard to accents or case', async () => {
    expect(keysOf(await list(manager, { query: 'ho tich' }))).toEqual(['hoTich']);
    expect(keysOf(await list(manager, { query: 'HỘ TỊCH' }))).toEqual(['hoTich']);
    expect(keysOf(await list(manager, { query: 'cai cach hanh chinh' }))).toEqual(['chiSo', 'khongHan']);
    expect(await list(manager, { query: '100%' })).toEqual([]);
  });

  it('sorts by deadline either way, tasks without a deadline last', async () => {
    const deadlines = (rows: { deadline: string | null }[]) => rows.map((r) => r.deadline);
    const all = deadlines(await list(manager));
    const dated = all.filter((d): d is string => d !== null);
    expect(all).toEqual([...dated.sort(), null]);
    expect(deadlines(await list(manager, { sort: 'deadline', dir: 'desc' }))).toEqual([...dated.sort().reverse(), null]);
  });

  it('sorts titles in Vietnamese alphabetical order (Đ after D, Ô after O)', async () => {
    const titles = (await list(manager, { sort: 'title' })).map((r) => r.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('vi').compare));
    expect(titles.indexOf('Đánh giá chỉ số cải cách hành chính')).toBeGreaterThan(titles.indexOf('Công bố thủ tục xây dựng'));
    expect(titles.indexOf('Đánh giá chỉ số cải cách hành chính')).toBeLessThan(
      titles.indexOf('Rà soát thủ tục lĩnh vực hộ tịch'),
    );
    const desc = (await list(manager, { sort: 'title', dir: 'desc' })).map((r) => r.title);
    expect(desc).toEqual([...titles].reverse());
  });

  it('sorts by progress', async () => {
    const rows = await list(manager, { sort: 'progress', dir: 'desc' });
    expect(rows[0]?.id).toBe(ids.xayDung);
    const progress = rows.map((r) => r.progress);
    expect(progress).toEqual([...progress].sort((a, b) => b - a));
  });

  it('shows an officer or head of Sở Tư pháp only the tasks their agency leads or coordinates', async () => {
    for (const viewer of [officer, head]) {
      expect(keysOf(await list(viewer))).toEqual(['chiSo', 'hoTich', 'troGiup']);
    }
    expect(keysOf(await list(financeOfficer))).toEqual(['khongHan', 'taiChinh']);
    // Asking for another agency does not widen what they may see.
    expect(keysOf(await list(officer, { agencyId: agency('33.STC') }))).toEqual([]);
  });

  it('does not let an officer open a task of another agency', async () => {
    const error = await appErrorOf(getTask(t.db, officer, clock, ids.taiChinh ?? ''));
    expect(error.kind).toBe('not_found');
    const own = await getTask(t.db, officer, clock, ids.hoTich ?? '');
    expect(own).toMatchObject({
      title: 'Rà soát thủ tục lĩnh vực hộ tịch',
      status: 'overdue',
      canReport: true,
      canManage: false,
    });
  });
});

describe('listTaskPage', () => {
  let planId: string;
  beforeAll(async () => {
    planId = (await newPlan('Kế hoạch số hóa hồ sơ 2026')).id;
    // 23 tasks, some sharing a deadline (the order must still be total), a few led by the Sở Tài chính.
    for (let i = 0; i < 23; i++) {
      await createTask(
        t.db,
        manager,
        taskInput(planId, {
          title: `Số hóa hồ sơ lĩnh vực ${i % 2 ? 'đất đai' : 'hộ tịch'} số ${i + 1}`,
          leadAgencyId: agency(i % 4 === 0 ? '33.STC' : '33.STP'),
          deadline: i % 5 === 4 ? null : `2026-0${3 + (i % 3)}-1${i % 4}`,
        }),
      );
    }
  });

  const allPages = async (viewer: Actor, filter: Omit<Parameters<typeof listTaskPage>[3], 'offset' | 'limit'>, size: number) => {
    const pages = [];
    for (let offset = 0; ; offset += size) {
      const page = await listTaskPage(t.db, viewer, clock, { planId, ...filter, offset, limit: size });
      pages.push(page);
      if (offset + size >= page.total) return pages;
    }
  };

  it('covers every row exactly once, in the same order as the whole list, whatever the sort', async () => {
    for (const sort of ['deadline', 'title', 'status', 'lead', 'progress'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const whole = await listTasks(t.db, manager, clock, { planId, sort, dir });
        const pages = await allPages(manager, { sort, dir }, 5);
        expect(pages.map((p) => p.total)).toEqual(pages.map(() => 23));
        expect(pages.map((p) => p.rows.length)).toEqual([5, 5, 5, 5, 3]);
        const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
        expect(new Set(ids).size).toBe(23);
        expect(ids).toEqual(whole.map((r) => r.id));
      }
    }
  });

  it('counts and pages only what the filters keep', async () => {
    const filter = { query: 'ho tich', agencyId: agency('33.STP'), deadlineFrom: '2026-03-01' };
    const expected = await listTasks(t.db, manager, clock, { planId, ...filter });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(23);
    const pages = await allPages(manager, filter, 2);
    expect(pages[0]?.total).toBe(expected.length);
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(expected.map((r) => r.id));
    for (const row of pages.flatMap((p) => p.rows)) {
      expect(row.title).toContain('hộ tịch');
      expect(row.leadAgencyId).toBe(agency('33.STP'));
    }
  });

  it('counts only the tasks the viewer may see, and past the end there are no rows but the same total', async () => {
    const own = await listTaskPage(t.db, financeOfficer, clock, { planId, limit: 100 });
    expect(own.total).toBe(6);
    expect(own.rows.every((r) => r.leadAgencyId === agency('33.STC'))).toBe(true);
    expect(await listTaskPage(t.db, financeOfficer, clock, { planId, offset: 100, limit: 10 })).toEqual({
      total: 6,
      offset: 100,
      rows: [],
    });
  });
});

describe('reportProgress', () => {
  let planId: string;
  beforeAll(async () => {
    planId = (await newPlan('Kế hoạch nâng cao chất lượng dịch vụ công')).id;
  });
  const newTask = async (fields: Partial<z.input<typeof ZTaskCreate>> = {}) =>
    createTask(t.db, manager, taskInput(planId, { deadline: '2026-03-13', ...fields }));

  it('lets the officer of the lead agency report, recording who reported for which agency', async () => {
    const task = await newTask();
    const result = await reportProgress(t.db, officer, clock, report(task.id, { progress: 40 }));
    expect(result.status).toBe('in_progress');
    const row = await taskRow(task.id);
    expect(row).toMatchObject({ progress: 40, completedOn: null });
    expect(row.lastUpdateAt).toBeInstanceOf(Date);
    const update = await t.db.selectFrom('taskUpdate').selectAll().where('id', '=', result.updateId).executeTakeFirstOrThrow();
    expect(update).toMatchObject({
      taskId: task.id,
      progress: 40,
      reportedOn: TODAY,
      agencyId: agency('33.STP'),
      createdBy: officer.userId,
    });
  });

  it('lets the officer of a coordinating agency report', async () => {
    const task = await newTask({ coordinatorIds: [agency('33.SNV')] });
    expect((await reportProgress(t.db, homeAffairsOfficer, clock, report(task.id))).status).toBe('in_progress');
  });

  it('refuses an officer of an unrelated agency and an agency head, writing nothing', async () => {
    const task = await newTask();
    for (const who of [financeOfficer, head]) {
      const error = await appErrorOf(reportProgress(t.db, who, clock, report(task.id)));
      expect(error).toMatchObject({ kind: 'forbidden', code: 'plans.cannot_report' });
    }
    expect(await t.db.selectFrom('taskUpdate').select('id').where('taskId', '=', task.id).execute()).toEqual([]);
    expect((await taskRow(task.id)).progress).toBe(0);
  });

  it('completes the task on the report date at 100%: on time up to the deadline, late after it', async () => {
    const onTime = await newTask({ deadline: '2026-03-13' });
    const late = await newTask({ deadline: '2026-02-20' });
    const r1 = await reportProgress(t.db, officer, clock, report(onTime.id, { progress: 100, reportedOn: '2026-02-27' }));
    const r2 = await reportProgress(t.db, officer, clock, report(late.id, { progress: 100, reportedOn: '2026-02-27' }));
    expect(r1.status).toBe('done_on_time');
    expect(r2.status).toBe('done_late');
    expect((await taskRow(onTime.id)).completedOn).toBe('2026-02-27');
    expect((await taskRow(late.id)).completedOn).toBe('2026-02-27');
    const onDeadline = await newTask({ deadline: '2026-02-27' });
    expect(
      (await reportProgress(t.db, officer, clock, report(onDeadline.id, { progress: 100, reportedOn: '2026-02-27' }))).status,
    ).toBe('done_on_time');
  });

  it('never re-opens a completed task silently: below 100% it asks for a reason and changes nothing', async () => {
    const task = await newTask({ deadline: '2026-02-27' });
    await reportProgress(t.db, officer, clock, report(task.id, { progress: 100, reportedOn: '2026-02-26' }));
    const error = await appErrorOf(reportProgress(t.db, officer, clock, report(task.id, { progress: 60 })));
    expect(error).toMatchObject({ kind: 'conflict', code: 'plans.reopen_needs_reason' });
    expect(error.message).toContain('26/02/2026');
    expect(await taskRow(task.id)).toMatchObject({ progress: 100, completedOn: '2026-02-26' });
    const updates = await t.db.selectFrom('taskUpdate').select('id').where('taskId', '=', task.id).execute();
    expect(updates).toHaveLength(1);
  });

  it('re-opens a completed task reported below 100% with a reason, and audits the reason and the change of status', async () => {
    const task = await newTask({ deadline: '2026-02-27' });
    await reportProgress(t.db, officer, clock, report(task.id, { progress: 100, reportedOn: '2026-02-26' }));
    const result = await reportProgress(
      t.db,
      officer,
      clock,
      report(task.id, { progress: 90, reopenReason: 'Sản phẩm bị trả lại để bổ sung' }),
    );
    expect(result.status).toBe('overdue');
    expect(await taskRow(task.id)).toMatchObject({ progress: 90, completedOn: null });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['before', 'after'])
      .where('entityId', '=', task.id)
      .where('action', '=', 'task.progress_reopen')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ progress: 100, completedOn: '2026-02-26', status: 'done_on_time' });
    expect(audit.after).toMatchObject({
      progress: 90,
      completedOn: null,
      status: 'overdue',
      reason: 'Sản phẩm bị trả lại để bổ sung',
    });
  });

  it('refuses progress above 100% or below 0% with a message instead of cutting it', () => {
    const above = ZProgressReport.safeParse({ taskId: crypto.randomUUID(), progress: 150, note: 'Đã xong hết.' });
    expect(above.error?.issues.map((i) => i.message)).toEqual(['Tiến độ không được lớn hơn 100%.']);
    const below = ZProgressReport.safeParse({ taskId: crypto.randomUUID(), progress: -5, note: 'Đã xong hết.' });
    expect(below.error?.issues.map((i) => i.message)).toEqual(['Tiến độ không được nhỏ hơn 0%.']);
  });

  it('refuses a report dated after today', async () => {
    const task = await newTask();
    const error = await appErrorOf(reportProgress(t.db, officer, clock, report(task.id, { reportedOn: '2026-03-03' })));
    expect(error).toMatchObject({ kind: 'bad_request', code: 'plans.future_report' });
    expect((await taskRow(task.id)).progress).toBe(0);
  });

  it('refuses a report on a cancelled task', async () => {
    const task = await newTask();
    await cancelTask(t.db, manager, { id: task.id, reason: 'Trùng nhiệm vụ khác' });
    expect((await appErrorOf(reportProgress(t.db, officer, clock, report(task.id)))).code).toBe('plans.cancelled');
  });

  it('does not restore a task into a plan that has been closed', async () => {
    const plan = await newPlan('Kế hoạch đã kết thúc');
    const task = await createTask(t.db, manager, taskInput(plan.id, { deadline: '2026-12-15' }));
    await cancelTask(t.db, manager, { id: task.id, reason: 'Không còn phù hợp' });
    await t.db.updateTable('plan').set({ status: 'closed' }).where('id', '=', plan.id).execute();
    expect((await appErrorOf(reopenTask(t.db, manager, { id: task.id, reason: 'Hủy nhầm' }))).code).toBe('plans.closed');
  });

  it('restores a cancelled task with the reason audited; then it takes reports again', async () => {
    const task = await newTask();
    expect((await appErrorOf(reopenTask(t.db, manager, { id: task.id, reason: 'Hủy nhầm' }))).code).toBe('plans.not_cancelled');
    await cancelTask(t.db, manager, { id: task.id, reason: 'Trùng nhiệm vụ khác' });
    const restored = await reopenTask(t.db, manager, { id: task.id, reason: 'Hủy nhầm, nhiệm vụ vẫn cần thực hiện' });
    expect(restored).toMatchObject({ cancelledAt: null, cancelReason: null });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['after'])
      .where('entityId', '=', task.id)
      .where('action', '=', 'task.reopen')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ reason: 'Hủy nhầm, nhiệm vụ vẫn cần thực hiện' });
    await reportProgress(t.db, officer, clock, report(task.id));
    expect((await taskRow(task.id)).progress).toBeGreaterThan(0);
  });

  it('attaches evidence files the reporter uploaded, and refuses files someone else uploaded', async () => {
    const task = await newTask();
    const pdf = { fileName: 'Báo cáo tiến độ.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 báo cáo') };
    const own = await saveFile(t.db, officer, pdf);
    const headsFile = await saveFile(t.db, head, pdf);

    const error = await appErrorOf(reportProgress(t.db, officer, clock, report(task.id, { fileIds: [own.id, headsFile.id] })));
    expect(error.code).toBe('plans.bad_files');
    const missing = await appErrorOf(
      reportProgress(t.db, officer, clock, report(task.id, { fileIds: ['00000000-0000-4000-8000-000000000000'] })),
    );
    expect(missing.code).toBe('plans.bad_files');
    expect(await t.db.selectFrom('taskUpdate').select('id').where('taskId', '=', task.id).execute()).toEqual([]);

    await reportProgress(t.db, officer, clock, report(task.id, { fileIds: [own.id] }));
    const detail = await getTask(t.db, head, clock, task.id);
    expect(detail.updates).toHaveLength(1);
    expect(detail.updates[0]?.files).toEqual([expect.objectContaining({ id: own.id, fileName: 'Báo cáo tiến độ.pdf' })]);
  });
});

describe('editing and deleting task groups', () => {
  it('renames and moves a group, refuses a move under its own sub-group, and deletes only an empty group', async () => {
    const plan = await newPlan('Kế hoạch sắp xếp nhóm');
    const group = async (title: string, parentId?: string) =>
      (await createGroup(t.db, manager, ZGroupCreate.parse({ planId: plan.id, title, parentId }))).id;
    const a = await group('Cải cách thể chế');
    const a1 = await group('Rà soát văn bản', a);
    const b = await group('Hiện đại hóa hành chính');
    const moved = await updateGroup(
      t.db,
      manager,
      ZGroupUpdate.parse({ id: a1, title: 'Rà soát văn bản quy phạm', code: '2.1', parentId: b }),
    );
    expect(moved).toMatchObject({ parentId: b, title: 'Rà soát văn bản quy phạm', code: '2.1' });
    // b now holds a1: putting b under a1 would make a cycle; a group under itself too.
    expect(
      (await appErrorOf(updateGroup(t.db, manager, ZGroupUpdate.parse({ id: b, title: 'Hiện đại hóa', parentId: a1 })))).code,
    ).toBe('plans.group_cycle');
    expect(
      (await appErrorOf(updateGroup(t.db, manager, ZGroupUpdate.parse({ id: a, title: 'Cải cách', parentId: a })))).code,
    ).toBe('plans.group_cycle');
    const other = await newPlan('Kế hoạch khác');
    const foreign = (await createGroup(t.db, manager, ZGroupCreate.parse({ planId: other.id, title: 'Nhóm kế hoạch khác' }))).id;
    expect(
      (await appErrorOf(updateGroup(t.db, manager, ZGroupUpdate.parse({ id: a, title: 'Cải cách', parentId: foreign })))).code,
    ).toBe('plans.bad_group');

    await createTask(t.db, manager, taskInput(plan.id, { title: 'Nhiệm vụ trong nhóm', groupId: a1, deadline: '2026-12-15' }));
    expect((await appErrorOf(deleteGroup(t.db, manager, b))).code).toBe('plans.group_not_empty'); // has a sub-group
    expect((await appErrorOf(deleteGroup(t.db, manager, a1))).code).toBe('plans.group_not_empty'); // has a task
    await deleteGroup(t.db, manager, a);
    const left = await t.db.selectFrom('planGroup').select('title').where('planId', '=', plan.id).orderBy('title').execute();
    expect(left.map((g) => g.title)).toEqual(['Hiện đại hóa hành chính', 'Rà soát văn bản quy phạm']);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', plan.id)
      .where('action', 'like', 'plan.group_%')
      .execute();
    expect(audit.map((x) => x.action).sort()).toEqual([
      'plan.group_create',
      'plan.group_create',
      'plan.group_create',
      'plan.group_delete',
      'plan.group_update',
    ]);
  });
});

describe('deletePlan', () => {
  const planExists = async (id: string) => (await t.db.selectFrom('plan').select('id').where('id', '=', id).execute()).length > 0;

  it('deletes a draft plan without tasks, with an audit row', async () => {
    const plan = await newPlan('Dự thảo kế hoạch', 'draft');
    await deletePlan(t.db, manager, plan.id);
    expect(await planExists(plan.id)).toBe(false);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'before'])
      .where('entityId', '=', plan.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['plan.create', 'plan.delete']);
    expect(audit[1]?.before).toMatchObject({ title: 'Dự thảo kế hoạch' });
  });

  it('refuses an active plan, and a draft that already has tasks', async () => {
    const active = await newPlan('Kế hoạch đã ban hành', 'active');
    const withTask = await newPlan('Dự thảo có nhiệm vụ', 'draft');
    await createTask(t.db, manager, taskInput(withTask.id, { deadline: '2026-09-30' }));
    for (const plan of [active, withTask]) {
      expect(await appErrorOf(deletePlan(t.db, manager, plan.id))).toMatchObject({
        kind: 'conflict',
        code: 'plans.cannot_delete',
      });
      expect(await planExists(plan.id)).toBe(true);
    }
  });
});

describe('planChangesSince', () => {
  it("returns the plan's and its tasks' audit entries since a date in Vietnam time, and no other plan's", async () => {
    const plan = await newPlan('Kế hoạch tuyên truyền CCHC');
    const other = await newPlan('Kế hoạch khác');
    const task = await createTask(t.db, manager, taskInput(plan.id, { deadline: '2026-10-30' }));
    const otherTask = await createTask(t.db, manager, taskInput(other.id, { deadline: '2026-10-30' }));
    await reportProgress(t.db, officer, clock, report(task.id, { progress: 10 }));
    await reportProgress(t.db, officer, clock, report(otherTask.id, { progress: 10 }));
    // Date the plan's creation 23:00 on 9/1 in Hà Nội and the task's 00:30 on 10/1.
    const backdate = (action: string, entityId: string, at: string) =>
      t.db
        .updateTable('auditLog')
        .set({ occurredAt: new Date(at) })
        .where('action', '=', action)
        .where('entityId', '=', entityId)
        .execute();
    await backdate('plan.create', plan.id, '2026-01-09T16:00:00Z');
    await backdate('task.create', task.id, '2026-01-09T17:30:00Z');

    const changes = await planChangesSince(t.db, plan.id, '2026-01-10');
    expect(changes.map((c) => [c.action, c.entityId])).toEqual([
      ['task.progress', task.id],
      ['task.create', task.id],
    ]);
    expect(changes[0]?.taskTitle).toBe('Rà soát thủ tục hành chính');
    const all = await planChangesSince(t.db, plan.id, '2026-01-09');
    expect(all.map((c) => c.action)).toEqual(['task.progress', 'task.create', 'plan.create']);
  });
});
