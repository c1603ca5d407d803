/** Plans (kế hoạch CCHC), their nested task groups and tasks, progress reports, and what changed. */
import type { Database } from '@cchc/db/schema';
import { formatVietnameseDate } from '@cchc/domain/calendar/dates';
import type { TimeUnit } from '@cchc/domain/calendar/deadlines';
import { dueDateFor, unconfirmedYearsOf } from '@cchc/domain/calendar/deadlines';
import { isAgencyScoped, type Role } from '@cchc/domain/roles';
import { rollUpProgress, type TaskStatus, taskStatus } from '@cchc/domain/tasks/status';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import { assertCalendarCovers, confirmedCalendarYears, loadWorkingCalendar, unconfirmedYearsFor } from '../calendar/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { agencySubtreeIds, visibleAgencyIds } from '../org/scope';
import { assignmentsOf, newAssignments, notifyTaskAssignments } from './assignment-notices';
import type {
  TPlanCreate,
  TProgressReport,
  TTaskCreate,
  TTaskListFilter,
  TTaskPageFilter,
  TTaskUpdate,
  ZGroupCreate,
  ZGroupUpdate,
  ZPlanUpdate,
  ZTaskCancel,
  ZTaskReopen,
} from './schemas';
import { ZTaskListFilter, ZTaskPageFilter } from './schemas';
import { taskStatusSql } from './status-sql';

type Db = Kysely<Database> | Transaction<Database>;
export interface Viewer {
  userId: string;
  role: Role;
  agencyId: string;
}

/** Roles that manage plans and tasks (DOMAIN.md). */
export const PLAN_MANAGERS: readonly Role[] = ['working_group', 'home_affairs'];

// ---------- plans ----------

export async function listPlans(db: Db, clock: Clock, filter: { year?: number; query?: string }) {
  let q = db
    .selectFrom('plan as p')
    .leftJoin('agency as a', 'a.id', 'p.issuingAgencyId')
    .select(['p.id', 'p.year', 'p.title', 'p.docNumber', 'p.docDate', 'p.status', 'a.name as issuingAgencyName', 'p.updatedAt'])
    .orderBy('p.year', 'desc')
    .orderBy('p.title');
  if (filter.year) q = q.where('p.year', '=', filter.year);
  const folded = foldVietnamese(filter.query ?? '');
  if (folded) q = q.where('p.searchText', 'like', `%${escapeLike(folded)}%`);
  const plans = await q.execute();
  if (!plans.length) return [];
  const tasks = await db
    .selectFrom('task')
    .select(['planId', 'progress', 'weight', 'deadline', 'completedOn', 'cancelledAt'])
    .where(
      'planId',
      'in',
      plans.map((p) => p.id),
    )
    .execute();
  const today = clock.today();
  return plans.map((p) => {
    const own = tasks.filter((t) => t.planId === p.id);
    const statuses = own.map((t) => statusOf(t, today));
    return {
      ...p,
      taskCount: own.length,
      overdueCount: statuses.filter((s) => s === 'overdue').length,
      doneCount: statuses.filter((s) => s === 'done_on_time' || s === 'done_late').length,
      progress: rollUpProgress(
        own.map((t) => ({ progress: t.progress, weight: Number(t.weight), cancelled: t.cancelledAt !== null })),
      ),
    };
  });
}

function statusOf(
  t: { deadline: string | null; progress: number; completedOn: string | null; cancelledAt: Date | null },
  today: string,
) {
  return taskStatus(
    { deadline: t.deadline, progress: t.progress, completedOn: t.completedOn, cancelled: t.cancelledAt !== null },
    today,
  );
}

const planSearchText = (p: { title: string; docNumber: string | null }) => foldVietnamese(`${p.title} ${p.docNumber ?? ''}`);

async function loadPlan(db: Db, id: string) {
  const plan = await db
    .selectFrom('plan as p')
    .leftJoin('agency as a', 'a.id', 'p.issuingAgencyId')
    .select([
      'p.id',
      'p.year',
      'p.title',
      'p.description',
      'p.docNumber',
      'p.docDate',
      'p.issuingAgencyId',
      'a.name as issuingAgencyName',
      'p.status',
      'p.createdAt',
      'p.updatedAt',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!plan) throw notFound('kế hoạch');
  return plan;
}

export async function createPlan(db: Kysely<Database>, actor: Actor, input: TPlanCreate) {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('plan')
      .values({ ...input, searchText: planSearchText(input), createdBy: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = await loadPlan(trx, id);
    await recordAudit(trx, actor, { action: 'plan.create', entityType: 'plan', entityId: id, after });
    return after;
  });
}

export async function updatePlan(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZPlanUpdate>) {
  return db.transaction().execute(async (trx) => {
    const before = await loadPlan(trx, input.id);
    const { id, ...values } = input;
    await trx
      .updateTable('plan')
      .set({ ...values, searchText: planSearchText(values), updatedAt: new Date() })
      .where('id', '=', id)
      .execute();
    const after = await loadPlan(trx, id);
    await recordAudit(trx, actor, { action: 'plan.update', entityType: 'plan', entityId: id, before, after });
    // A draft comes into force: its tasks are now the agencies' work.
    if (before.status === 'draft' && after.status !== 'draft') {
      const tasks = await trx.selectFrom('task').select('id').where('planId', '=', id).execute();
      await notifyTaskAssignments(
        trx,
        await assignmentsOf(
          trx,
          tasks.map((t) => t.id),
        ),
      );
    }
    return after;
  });
}

export async function deletePlan(db: Kysely<Database>, actor: Actor, id: string) {
  await db.transaction().execute(async (trx) => {
    const before = await loadPlan(trx, id);
    const { count } = await trx
      .selectFrom('task')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('planId', '=', id)
      .executeTakeFirstOrThrow();
    if (before.status !== 'draft' || count > 0) {
      throw new AppError('conflict', 'plans.cannot_delete', 'Chỉ xóa được kế hoạch dự thảo chưa có nhiệm vụ.');
    }
    await trx.deleteFrom('plan').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'plan.delete', entityType: 'plan', entityId: id, before });
  });
}

export async function createGroup(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZGroupCreate>) {
  return db.transaction().execute(async (trx) => {
    await loadPlan(trx, input.planId);
    if (input.parentId) {
      const parent = await trx.selectFrom('planGroup').select('planId').where('id', '=', input.parentId).executeTakeFirst();
      if (parent?.planId !== input.planId)
        throw new AppError('bad_request', 'plans.bad_group', 'Nhóm cha không thuộc kế hoạch này.');
    }
    const { max } = await trx
      .selectFrom('planGroup')
      .select((eb) => eb.fn.max<number | null>('position').as('max'))
      .where('planId', '=', input.planId)
      .executeTakeFirstOrThrow();
    const group = await trx
      .insertInto('planGroup')
      .values({ ...input, position: (max ?? 0) + 1 })
      .returning(['id', 'planId', 'parentId', 'code', 'title', 'position'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'plan.group_create', entityType: 'plan', entityId: input.planId, after: group });
    return group;
  });
}

/** Renames or moves a group; a group cannot be moved under itself or one of its own sub-groups. */
export async function updateGroup(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZGroupUpdate>) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('planGroup').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!before) throw notFound('nhóm nhiệm vụ');
    // One move at a time per plan: two crossing moves checked at once could both pass and make a cycle.
    await trx.selectFrom('plan').select('id').where('id', '=', before.planId).forUpdate().executeTakeFirst();
    if (input.parentId) {
      const groups = await trx
        .selectFrom('planGroup')
        .select(['id', 'parentId', 'planId'])
        .where('planId', '=', before.planId)
        .execute();
      const parent = groups.find((g) => g.id === input.parentId);
      if (!parent) throw new AppError('bad_request', 'plans.bad_group', 'Nhóm cha không thuộc kế hoạch này.');
      // Walk up from the new parent: meeting the group itself would make a cycle.
      const seen = new Set<string>();
      for (
        let g: (typeof groups)[number] | undefined = parent;
        g && !seen.has(g.id);
        g = groups.find((x) => x.id === g?.parentId)
      ) {
        seen.add(g.id);
        if (g.id === input.id)
          throw new AppError('bad_request', 'plans.group_cycle', 'Không thể đặt nhóm vào chính nó hoặc nhóm con của nó.');
      }
    }
    const after = await trx
      .updateTable('planGroup')
      .set({ parentId: input.parentId, code: input.code, title: input.title })
      .where('id', '=', input.id)
      .returning(['id', 'planId', 'parentId', 'code', 'title', 'position'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'plan.group_update', entityType: 'plan', entityId: before.planId, before, after });
    return after;
  });
}

/** Deletes an empty group (no tasks, no sub-groups): tasks are never lost with their group. */
export async function deleteGroup(db: Kysely<Database>, actor: Actor, id: string) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('planGroup').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('nhóm nhiệm vụ');
    const tasks = await trx.selectFrom('task').select('id').where('groupId', '=', id).limit(1).executeTakeFirst();
    const children = await trx.selectFrom('planGroup').select('id').where('parentId', '=', id).limit(1).executeTakeFirst();
    if (tasks || children) {
      throw new AppError(
        'conflict',
        'plans.group_not_empty',
        'Chỉ xóa được nhóm không còn nhiệm vụ và nhóm con; hãy chuyển chúng sang nhóm khác trước.',
      );
    }
    await trx.deleteFrom('planGroup').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'plan.group_delete', entityType: 'plan', entityId: before.planId, before });
  });
}

// ---------- tasks ----------

/** Agency-scoped viewers see tasks their agency (or a sub-agency) leads or coordinates. */
async function visibilityFilter(db: Db, viewer: Viewer) {
  const scope = await visibleAgencyIds(db as Kysely<Database>, viewer);
  if (!scope) return null;
  return (eb: ExpressionBuilder<Database & { t: Database['task'] }, 't'>) =>
    eb.or([
      eb('t.leadAgencyId', 'in', scope),
      eb.exists(
        eb
          .selectFrom('taskCoordinator as tc')
          .select('tc.taskId')
          .whereRef('tc.taskId', '=', 't.id')
          .where('tc.agencyId', 'in', scope),
      ),
    ]);
}

/** The task table's rows matching a filter, in its order: one query builder for the list and its pages. */
async function filteredTasks(db: Db, viewer: Viewer, clock: Clock, filter: z.output<typeof ZTaskListFilter>) {
  const today = clock.today();
  const status = taskStatusSql(today);
  let q = db
    .selectFrom('task as t')
    .innerJoin('plan as p', 'p.id', 't.planId')
    .innerJoin('agency as lead', 'lead.id', 't.leadAgencyId');
  const visible = await visibilityFilter(db, viewer);
  if (visible) q = q.where(visible);
  if (filter.planId) q = q.where('t.planId', '=', filter.planId);
  const agencyId = filter.mine ? viewer.agencyId : filter.agencyId;
  if (agencyId) {
    const ids = await agencySubtreeIds(db as Kysely<Database>, agencyId);
    // An id that names no agency has no tasks (and `in ()` is not valid SQL).
    if (!ids.length) return null;
    q = q.where((eb) =>
      eb.or([
        eb('t.leadAgencyId', 'in', ids),
        eb.exists(
          eb
            .selectFrom('taskCoordinator as tc')
            .select('tc.taskId')
            .whereRef('tc.taskId', '=', 't.id')
            .where('tc.agencyId', 'in', ids),
        ),
      ]),
    );
  }
  if (filter.statuses?.length) q = q.where(status, 'in', filter.statuses);
  if (filter.deadlineFrom) q = q.where('t.deadline', '>=', filter.deadlineFrom);
  if (filter.deadlineTo) q = q.where('t.deadline', '<=', filter.deadlineTo);
  const folded = foldVietnamese(filter.query ?? '');
  if (folded) q = q.where('t.searchText', 'like', `%${escapeLike(folded)}%`);
  return { q, status };
}

type FilteredTasks = NonNullable<Awaited<ReturnType<typeof filteredTasks>>>;

/** The rows of the task table, sorted as asked with the id as tie-breaker (so pages never overlap). */
function taskRows({ q, status }: FilteredTasks, filter: z.output<typeof ZTaskListFilter>) {
  let rows = q.select([
    't.id',
    't.code',
    't.title',
    't.planId',
    'p.title as planTitle',
    'p.year as planYear',
    't.leadAgencyId',
    'lead.name as leadAgencyName',
    't.priority',
    't.deadline',
    't.startDate',
    't.timeLimitValue',
    't.progress',
    't.completedOn',
    't.lastUpdateAt',
    't.updatedAt',
    status.as('status'),
    sql<
      string[]
    >`coalesce((select array_agg(a.name order by a.name) from task_coordinator tc join agency a on a.id = tc.agency_id where tc.task_id = t.id), '{}')`.as(
      'coordinatorNames',
    ),
  ]);
  const dir = filter.dir;
  switch (filter.sort) {
    case 'deadline':
      rows = rows.orderBy(sql`t.deadline ${sql.raw(dir)} nulls last`);
      break;
    case 'title':
      rows = rows.orderBy('t.title', dir);
      break;
    case 'progress':
      rows = rows.orderBy('t.progress', dir);
      break;
    case 'status':
      rows = rows.orderBy(status, dir);
      break;
    case 'lead':
      rows = rows.orderBy('lead.name', dir);
      break;
    case 'updated':
      rows = rows.orderBy('t.updatedAt', dir);
      break;
  }
  return rows.orderBy('t.id');
}

/** Every task matching a filter (up to its limit): exports and the upcoming-deadlines view. */
export async function listTasks(db: Db, viewer: Viewer, clock: Clock, rawFilter: TTaskListFilter) {
  const filter = ZTaskListFilter.parse(rawFilter);
  const filtered = await filteredTasks(db, viewer, clock, filter);
  if (!filtered) return [];
  return taskRows(filtered, filter).limit(filter.limit).execute();
}

/** One page of the task table and how many tasks match the filter in all. */
export async function listTaskPage(db: Db, viewer: Viewer, clock: Clock, rawFilter: TTaskPageFilter) {
  const filter = ZTaskPageFilter.parse(rawFilter);
  const filtered = await filteredTasks(db, viewer, clock, filter);
  if (!filtered) return { total: 0, offset: filter.offset, rows: [] };
  const [count, rows, confirmed] = await Promise.all([
    filtered.q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    taskRows(filtered, filter).offset(filter.offset).limit(filter.limit).execute(),
    confirmedCalendarYears(db),
  ]);
  return {
    total: Number(count.n),
    offset: filter.offset,
    // A deadline counted in working days through a year whose holidays nobody has confirmed may still move.
    rows: rows.map(({ startDate, timeLimitValue, ...row }) => ({
      ...row,
      deadlineUnconfirmedYears:
        timeLimitValue !== null && startDate && row.deadline ? unconfirmedYearsOf(startDate, row.deadline, confirmed) : [],
    })),
  };
}

const taskSearchText = (t: { title: string; code: string | null; description: string | null }) =>
  foldVietnamese(`${t.code ?? ''} ${t.title} ${t.description ?? ''}`);

async function resolveDeadline(
  trx: Db,
  input: { deadline: string | null; startDate: string | null; timeLimit: { value: number; unit: string } | null },
) {
  if (!input.timeLimit || !input.startDate) return input.deadline;
  const calendar = await loadWorkingCalendar(trx);
  const due = dueDateFor(
    calendar,
    { date: input.startDate },
    { value: input.timeLimit.value, unit: input.timeLimit.unit as TimeUnit },
  ).date;
  await assertCalendarCovers(trx, input.startDate, due);
  return due;
}

async function assertAgencies(trx: Db, ids: string[]) {
  if (!ids.length) return;
  const found = await trx.selectFrom('agency').select('id').where('id', 'in', ids).execute();
  if (found.length !== new Set(ids).size)
    throw new AppError('bad_request', 'plans.agency_not_found', 'Có cơ quan đã chọn không tồn tại.');
}

async function loadTaskRow(trx: Db, id: string) {
  const row = await trx.selectFrom('task').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('nhiệm vụ');
  const coordinators = await trx.selectFrom('taskCoordinator').select('agencyId').where('taskId', '=', id).execute();
  const { searchText: _omit, ...rest } = row;
  return { ...rest, weight: Number(rest.weight), coordinatorIds: coordinators.map((c) => c.agencyId).sort() };
}

/** The columns a task form sets, shared by create and update. */
function taskColumns(input: Omit<TTaskCreate, 'planId'>, deadline: string | null) {
  return {
    groupId: input.groupId,
    code: input.code,
    title: input.title,
    description: input.description,
    expectedOutput: input.expectedOutput,
    leadAgencyId: input.leadAgencyId,
    priority: input.priority,
    weight: input.weight,
    startDate: input.startDate,
    timeLimitValue: input.timeLimit?.value ?? null,
    timeLimitUnit: input.timeLimit?.unit ?? null,
    deadline,
    resultDocument: input.resultDocument,
    searchText: taskSearchText(input),
  };
}

/** Coordinating agencies, never the lead itself, each once. */
async function writeCoordinators(trx: Transaction<Database>, taskId: string, leadAgencyId: string, ids: string[]) {
  const coordinatorIds = [...new Set(ids)].filter((id) => id !== leadAgencyId);
  await trx.deleteFrom('taskCoordinator').where('taskId', '=', taskId).execute();
  if (coordinatorIds.length) {
    await trx
      .insertInto('taskCoordinator')
      .values(coordinatorIds.map((agencyId) => ({ taskId, agencyId })))
      .execute();
  }
}

export async function createTask(db: Kysely<Database>, actor: Actor, input: TTaskCreate) {
  return db.transaction().execute((trx) => insertTask(trx, actor, input));
}

/** Creates a task inside the caller's transaction (a form, or one row of an import). */
export async function insertTask(
  trx: Transaction<Database>,
  actor: Actor,
  input: TTaskCreate,
  /** Where the task came from, e.g. a session's conclusion, linked both ways. */
  source?: { kind: 'meeting_conclusion'; id: string },
  /** An import notifies once for all its rows, not per row. */
  { notify = true }: { notify?: boolean } = {},
) {
  const plan = await loadPlan(trx, input.planId);
  if (plan.status === 'closed') throw new AppError('conflict', 'plans.closed', 'Kế hoạch đã kết thúc, không thêm được nhiệm vụ.');
  await assertGroupInPlan(trx, input.groupId, input.planId);
  await assertAgencies(trx, [input.leadAgencyId, ...input.coordinatorIds]);
  const deadline = await resolveDeadline(trx, input);
  const { id } = await trx
    .insertInto('task')
    .values({
      planId: input.planId,
      ...taskColumns(input, deadline),
      sourceKind: source?.kind ?? null,
      sourceId: source?.id ?? null,
      createdBy: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeCoordinators(trx, id, input.leadAgencyId, input.coordinatorIds);
  const after = await loadTaskRow(trx, id);
  await recordAudit(trx, actor, { action: 'task.create', entityType: 'task', entityId: id, after });
  if (notify) await notifyTaskAssignments(trx, await assignmentsOf(trx, [id]));
  return after;
}

async function assertGroupInPlan(trx: Db, groupId: string | null, planId: string) {
  if (!groupId) return;
  const group = await trx.selectFrom('planGroup').select('planId').where('id', '=', groupId).executeTakeFirst();
  if (group?.planId !== planId) throw new AppError('bad_request', 'plans.bad_group', 'Nhóm nhiệm vụ không thuộc kế hoạch này.');
}

export async function updateTask(db: Kysely<Database>, actor: Actor, input: TTaskUpdate) {
  return db.transaction().execute(async (trx) => {
    const before = await loadTaskRow(trx, input.id);
    await assertGroupInPlan(trx, input.groupId, before.planId);
    await assertAgencies(trx, [input.leadAgencyId, ...input.coordinatorIds]);
    const assignedBefore = await assignmentsOf(trx, [input.id]);
    const deadline = await resolveDeadline(trx, input);
    await trx
      .updateTable('task')
      .set({
        ...taskColumns(input, deadline),
        updatedAt: new Date(),
      })
      .where('id', '=', input.id)
      .execute();
    await writeCoordinators(trx, input.id, input.leadAgencyId, input.coordinatorIds);
    const after = await loadTaskRow(trx, input.id);
    await recordAudit(trx, actor, { action: 'task.update', entityType: 'task', entityId: input.id, before, after });
    await notifyTaskAssignments(trx, newAssignments(assignedBefore, await assignmentsOf(trx, [input.id])));
    return after;
  });
}

export async function cancelTask(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZTaskCancel>) {
  return db.transaction().execute(async (trx) => {
    const before = await loadTaskRow(trx, input.id);
    if (before.cancelledAt) throw new AppError('conflict', 'plans.already_cancelled', 'Nhiệm vụ đã bị hủy trước đó.');
    await trx
      .updateTable('task')
      .set({ cancelledAt: new Date(), cancelReason: input.reason, updatedAt: new Date() })
      .where('id', '=', input.id)
      .execute();
    const after = await loadTaskRow(trx, input.id);
    await recordAudit(trx, actor, { action: 'task.cancel', entityType: 'task', entityId: input.id, before, after });
    return after;
  });
}

/** Brings a cancelled task back (a cancellation by mistake, or a decision reversed), with the reason audited. */
export async function reopenTask(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZTaskReopen>) {
  return db.transaction().execute(async (trx) => {
    const before = await loadTaskRow(trx, input.id);
    if (!before.cancelledAt) throw new AppError('conflict', 'plans.not_cancelled', 'Nhiệm vụ này không bị hủy.');
    const plan = await trx.selectFrom('plan').select('status').where('id', '=', before.planId).executeTakeFirstOrThrow();
    if (plan.status === 'closed')
      throw new AppError('conflict', 'plans.closed', 'Kế hoạch đã kết thúc, không thêm được nhiệm vụ.');
    await trx
      .updateTable('task')
      .set({ cancelledAt: null, cancelReason: null, updatedAt: new Date() })
      .where('id', '=', input.id)
      .execute();
    const after = await loadTaskRow(trx, input.id);
    await recordAudit(trx, actor, {
      action: 'task.reopen',
      entityType: 'task',
      entityId: input.id,
      before,
      after: { ...after, reason: input.reason },
    });
    return after;
  });
}

/** May this viewer report progress on the task? Managers always; officers when their agency leads or coordinates. */
async function canReport(trx: Db, viewer: Viewer, task: { leadAgencyId: string; coordinatorIds: string[] }) {
  if (PLAN_MANAGERS.includes(viewer.role)) return true;
  if (viewer.role !== 'agency_officer') return false;
  const scope = await agencySubtreeIds(trx as Kysely<Database>, viewer.agencyId);
  return scope.includes(task.leadAgencyId) || task.coordinatorIds.some((id) => scope.includes(id));
}

export async function reportProgress(db: Kysely<Database>, actor: Actor, clock: Clock, input: TProgressReport) {
  const today = clock.today();
  const reportedOn = input.reportedOn ?? today;
  if (reportedOn > today) throw new AppError('bad_request', 'plans.future_report', 'Ngày báo cáo không được sau ngày hôm nay.');
  input.fileIds = [...new Set(input.fileIds)];
  return db.transaction().execute(async (trx) => {
    const before = await loadTaskRow(trx, input.taskId);
    if (!(await canReport(trx, actor, before))) {
      throw new AppError('forbidden', 'plans.cannot_report', 'Cơ quan của bạn không chủ trì hoặc phối hợp nhiệm vụ này.');
    }
    if (before.cancelledAt) throw new AppError('conflict', 'plans.cancelled', 'Nhiệm vụ đã bị hủy.');
    // Lowering a finished task reopens it: never silently, always with a reason in the audit log.
    const reopens = before.completedOn !== null && input.progress < 100;
    if (reopens && (input.reopenReason ?? '').length < 3) {
      throw new AppError(
        'conflict',
        'plans.reopen_needs_reason',
        `Nhiệm vụ đã hoàn thành ngày ${formatVietnameseDate(before.completedOn ?? today)}. Báo cáo tiến độ ${input.progress}% sẽ mở lại nhiệm vụ, xóa ngày hoàn thành và có thể làm giảm điểm của cơ quan: vui lòng xác nhận và nêu lý do.`,
        { date: formatVietnameseDate(before.completedOn ?? today), progress: String(input.progress) },
      );
    }
    if (input.fileIds.length) {
      const files = await trx.selectFrom('storedFile').select(['id', 'createdBy']).where('id', 'in', input.fileIds).execute();
      if (files.length !== input.fileIds.length || files.some((f) => f.createdBy !== actor.userId)) {
        throw new AppError('bad_request', 'plans.bad_files', 'Tệp minh chứng không hợp lệ; vui lòng tải lên lại.');
      }
    }
    const { id } = await trx
      .insertInto('taskUpdate')
      .values({
        taskId: input.taskId,
        reportedOn,
        progress: input.progress,
        note: input.note,
        documentRefs: input.documentRefs,
        agencyId: actor.agencyId,
        createdBy: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.fileIds.length)
      await trx
        .insertInto('taskUpdateFile')
        .values(input.fileIds.map((fileId) => ({ taskUpdateId: id, fileId })))
        .execute();
    // Reaching 100% completes the task on the report's date; going below re-opens it.
    const completedOn = input.progress === 100 ? (before.completedOn ?? reportedOn) : null;
    await trx
      .updateTable('task')
      .set({ progress: input.progress, completedOn, lastUpdateAt: new Date(), updatedAt: new Date() })
      .where('id', '=', input.taskId)
      .execute();
    const after = await loadTaskRow(trx, input.taskId);
    await recordAudit(trx, actor, {
      action: reopens ? 'task.progress_reopen' : 'task.progress',
      entityType: 'task',
      entityId: input.taskId,
      before: { progress: before.progress, completedOn: before.completedOn, status: statusOf(before, today) },
      after: {
        progress: after.progress,
        completedOn: after.completedOn,
        status: statusOf(after, today),
        updateId: id,
        note: input.note,
        files: input.fileIds.length,
        ...(reopens ? { reason: input.reopenReason } : {}),
      },
    });
    return { updateId: id, status: statusOf(after, today) };
  });
}

export async function getTask(db: Db, viewer: Viewer, clock: Clock, id: string) {
  const rows = await listTasksByIds(db, viewer, clock, [id]);
  const summary = rows[0];
  if (!summary) throw notFound('nhiệm vụ');
  const task = await loadTaskRow(db, id);
  const coordinators = await db
    .selectFrom('taskCoordinator as tc')
    .innerJoin('agency as a', 'a.id', 'tc.agencyId')
    .select(['a.id', 'a.name'])
    .where('tc.taskId', '=', id)
    .orderBy('a.name')
    .execute();
  const group = task.groupId
    ? await db.selectFrom('planGroup').select(['id', 'code', 'title']).where('id', '=', task.groupId).executeTakeFirst()
    : null;
  const updates = await db
    .selectFrom('taskUpdate as u')
    .leftJoin('appUser as usr', 'usr.id', 'u.createdBy')
    .leftJoin('agency as a', 'a.id', 'u.agencyId')
    .select([
      'u.id',
      'u.reportedOn',
      'u.progress',
      'u.note',
      'u.documentRefs',
      'u.createdAt',
      'usr.displayName as authorName',
      'a.name as agencyName',
    ])
    .where('u.taskId', '=', id)
    .orderBy('u.createdAt', 'desc')
    .execute();
  const files = updates.length
    ? await db
        .selectFrom('taskUpdateFile as uf')
        .innerJoin('storedFile as f', 'f.id', 'uf.fileId')
        .select(['uf.taskUpdateId', 'f.id', 'f.fileName', 'f.sizeBytes', 'f.contentType'])
        .where(
          'uf.taskUpdateId',
          'in',
          updates.map((u) => u.id),
        )
        .execute()
    : [];
  const canReportHere = (await canReport(db, viewer, task)) && task.cancelledAt === null;
  return {
    ...summary,
    description: task.description,
    expectedOutput: task.expectedOutput,
    weight: task.weight,
    startDate: task.startDate,
    timeLimitValue: task.timeLimitValue,
    timeLimitUnit: task.timeLimitUnit,
    // A deadline counted from a time limit through a year nobody has confirmed may still move.
    deadlineUnconfirmedYears:
      task.timeLimitValue !== null ? await unconfirmedYearsFor(db, task.startDate, summary.deadline) : ([] as number[]),
    resultDocument: task.resultDocument,
    cancelReason: task.cancelReason,
    groupId: task.groupId,
    group,
    coordinators,
    updates: updates.map((u) => ({ ...u, files: files.filter((f) => f.taskUpdateId === u.id) })),
    canReport: canReportHere,
    canManage: PLAN_MANAGERS.includes(viewer.role),
  };
}

async function listTasksByIds(db: Db, viewer: Viewer, clock: Clock, ids: string[]) {
  const today = clock.today();
  let q = db
    .selectFrom('task as t')
    .innerJoin('plan as p', 'p.id', 't.planId')
    .innerJoin('agency as lead', 'lead.id', 't.leadAgencyId')
    .select([
      't.id',
      't.code',
      't.title',
      't.planId',
      'p.title as planTitle',
      't.leadAgencyId',
      'lead.name as leadAgencyName',
      't.priority',
      't.deadline',
      't.progress',
      't.completedOn',
      't.cancelledAt',
      't.lastUpdateAt',
      taskStatusSql(today).as('status'),
    ])
    .where('t.id', 'in', ids);
  const visible = await visibilityFilter(db, viewer);
  if (visible) q = q.where(visible);
  return q.execute();
}

export async function getPlan(db: Db, viewer: Viewer, clock: Clock, id: string) {
  const plan = await loadPlan(db, id);
  const groups = await db
    .selectFrom('planGroup')
    .select(['id', 'parentId', 'code', 'title', 'position'])
    .where('planId', '=', id)
    .orderBy('position')
    .execute();
  const tasks = await listTasks(db, viewer, clock, { planId: id, sort: 'deadline', limit: 20000 });
  // Roll-ups are the plan's own figures: over all its tasks, whoever looks (the task list is still filtered).
  const all = await db
    .selectFrom('task')
    .select(['id', 'groupId', 'weight', 'progress', 'cancelledAt'])
    .where('planId', '=', id)
    .execute();
  const groupOf = new Map(all.map((r) => [r.id, r.groupId]));
  const rollUp = (list: typeof all) =>
    rollUpProgress(list.map((t) => ({ progress: t.progress, weight: Number(t.weight), cancelled: t.cancelledAt !== null })));
  // A group's roll-up covers its own tasks and those of its sub-groups.
  const descendants = (groupId: string): Set<string> => {
    const out = new Set([groupId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of groups) {
        if (g.parentId && out.has(g.parentId) && !out.has(g.id)) {
          out.add(g.id);
          grew = true;
        }
      }
    }
    return out;
  };
  return {
    ...plan,
    progress: rollUp(all),
    groups: groups.map((g) => {
      const ids = descendants(g.id);
      const inGroup = all.filter((t) => t.groupId !== null && ids.has(t.groupId));
      return { ...g, progress: rollUp(inGroup), taskCount: inGroup.length };
    }),
    tasks: tasks.map((t) => ({ ...t, groupId: groupOf.get(t.id) ?? null })),
    statusCounts: countStatuses(tasks.map((t) => t.status)),
    canManage: PLAN_MANAGERS.includes(viewer.role),
  };
}

function countStatuses(statuses: TaskStatus[]) {
  const counts: Partial<Record<TaskStatus, number>> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/** What changed in a plan since a date: the audit entries of the plan and of its tasks. */
export async function planChangesSince(db: Db, planId: string, since: string) {
  await loadPlan(db, planId);
  return db
    .selectFrom('auditLog as l')
    .leftJoin('task as t', (join) => join.on(sql<boolean>`l.entity_type = 'task' and l.entity_id = t.id::text`))
    .select([
      'l.id',
      'l.occurredAt',
      'l.actorUsername',
      'l.action',
      'l.entityType',
      'l.entityId',
      'l.before',
      'l.after',
      't.title as taskTitle',
    ])
    .where((eb) => eb.or([eb.and([eb('l.entityType', '=', 'plan'), eb('l.entityId', '=', planId)]), eb('t.planId', '=', planId)]))
    .where(sql<boolean>`l.occurred_at >= (${since}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`)
    .orderBy('l.id', 'desc')
    .limit(500)
    .execute();
}

export function isPlanManager(role: Role) {
  return PLAN_MANAGERS.includes(role) && !isAgencyScoped(role);
}
