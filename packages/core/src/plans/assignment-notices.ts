/**
 * Tells agencies about the tasks given to them — when a task is created (by hand, from a file or from a
 * session's conclusion), when an agency becomes its lead or a coordinator, and when a draft plan comes
 * into force (the tasks of a draft plan are the working group's own and notify nobody). One notice per
 * agency and operation: a file of 40 tasks for one department is one notice, not 40. The dedupe key is
 * the assignment itself, so a repeated call, a retried request or a plan activated twice notifies nobody twice.
 */
import { createHash } from 'node:crypto';
import type { Database } from '@cchc/db/schema';
import { formatVietnameseDate } from '@cchc/domain/calendar/dates';
import type { Kysely, Transaction } from 'kysely';
import { agencyStaff, notifyUsers } from '../notifications/service';

type Db = Kysely<Database> | Transaction<Database>;

export type AssignmentRole = 'lead' | 'coordinator';

export interface TaskAssignment {
  taskId: string;
  title: string;
  planTitle: string;
  deadline: string | null;
  agencyId: string;
  role: AssignmentRole;
}

/** Who a task is assigned to, for tasks of plans in force that are not cancelled. */
export async function assignmentsOf(db: Db, taskIds: readonly string[]): Promise<TaskAssignment[]> {
  if (!taskIds.length) return [];
  const tasks = await db
    .selectFrom('task as t')
    .innerJoin('plan as p', 'p.id', 't.planId')
    .select(['t.id', 't.title', 't.deadline', 't.leadAgencyId', 'p.title as planTitle'])
    .where('t.id', 'in', [...taskIds])
    .where('t.cancelledAt', 'is', null)
    .where('p.status', '<>', 'draft')
    .execute();
  if (!tasks.length) return [];
  const coordinators = await db
    .selectFrom('taskCoordinator')
    .select(['taskId', 'agencyId'])
    .where(
      'taskId',
      'in',
      tasks.map((t) => t.id),
    )
    .execute();
  return tasks.flatMap((t) => {
    const base = { taskId: t.id, title: t.title, planTitle: t.planTitle, deadline: t.deadline };
    return [
      { ...base, agencyId: t.leadAgencyId, role: 'lead' as const },
      ...coordinators
        .filter((c) => c.taskId === t.id)
        .map((c) => ({ ...base, agencyId: c.agencyId, role: 'coordinator' as const })),
    ];
  });
}

const ROLE_TEXT: Record<AssignmentRole, string> = { lead: 'chủ trì', coordinator: 'phối hợp thực hiện' };

/** Notifies each agency's officers and head of its new assignments; returns how many notices were new. */
export async function notifyTaskAssignments(db: Db, assignments: readonly TaskAssignment[]): Promise<number> {
  const byAgency = new Map<string, TaskAssignment[]>();
  for (const a of assignments) byAgency.set(a.agencyId, [...(byAgency.get(a.agencyId) ?? []), a]);
  let sent = 0;
  for (const [agencyId, list] of byAgency) {
    const recipients = await agencyStaff(db, [agencyId]);
    if (!recipients.length) continue;
    const [only] = list;
    if (only && list.length === 1) {
      const due = only.deadline ? ` — hạn ${formatVietnameseDate(only.deadline)}` : '';
      sent += await notifyUsers(db, recipients, {
        kind: 'task_assigned',
        title: `Nhiệm vụ mới: ${only.title}`,
        body: `Cơ quan được giao ${ROLE_TEXT[only.role]} nhiệm vụ "${only.title}" (${only.planTitle})${due}.`,
        link: `/tasks/${only.taskId}`,
        entityType: 'task',
        entityId: only.taskId,
        dedupeKey: `task-assigned:${only.taskId}:${agencyId}:${only.role}`,
      });
      continue;
    }
    const keys = list.map((a) => `${a.taskId}:${a.role}`).sort();
    const shown = list.slice(0, 3).map((a) => `"${a.title}"`);
    const more = list.length > shown.length ? ` và ${list.length - shown.length} nhiệm vụ khác` : '';
    sent += await notifyUsers(db, recipients, {
      kind: 'task_assigned',
      title: `${list.length} nhiệm vụ mới được giao cho cơ quan`,
      body: `${shown.join('; ')}${more}.`,
      link: '/my-work',
      dedupeKey: `tasks-assigned:${agencyId}:${createHash('sha256').update(keys.join(',')).digest('hex').slice(0, 32)}`,
    });
  }
  return sent;
}

/** The assignments `after` has that `before` had not (an agency newly lead, or newly coordinating). */
export function newAssignments(before: readonly TaskAssignment[], after: readonly TaskAssignment[]): TaskAssignment[] {
  const had = new Set(before.map((a) => `${a.taskId}:${a.agencyId}:${a.role}`));
  return after.filter((a) => !had.has(`${a.taskId}:${a.agencyId}:${a.role}`));
}
