/**
 * A task's status is derived from its dates and progress, never stored apart from them, so it
 * can never contradict them. The SQL twin (core/plans/status-sql.ts) is held equal by a test.
 */
import type { IsoDate } from '../calendar/dates';

export const TASK_STATUSES = ['not_started', 'in_progress', 'done_on_time', 'done_late', 'overdue', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export interface TaskFacts {
  deadline: IsoDate | null;
  progress: number;
  completedOn: IsoDate | null;
  cancelled: boolean;
}

/**
 * - cancelled wins;
 * - done when completed (progress 100 with a completion date): on time if completed on or before the deadline;
 * - overdue when open and today is after the deadline;
 * - otherwise in progress once progress > 0, else not started.
 */
export function taskStatus(task: TaskFacts, today: IsoDate): TaskStatus {
  if (task.cancelled) return 'cancelled';
  if (task.completedOn !== null) {
    return task.deadline === null || task.completedOn <= task.deadline ? 'done_on_time' : 'done_late';
  }
  if (task.deadline !== null && today > task.deadline) return 'overdue';
  return task.progress > 0 ? 'in_progress' : 'not_started';
}

export function isTaskOpen(status: TaskStatus): boolean {
  return status === 'not_started' || status === 'in_progress' || status === 'overdue';
}

export interface WeightedProgress {
  progress: number;
  weight: number;
  cancelled: boolean;
}

/**
 * Weighted roll-up of progress (0–100, one decimal) over tasks that are not cancelled;
 * null when there is nothing to roll up. Every screen rolls up through this function.
 */
export function rollUpProgress(tasks: readonly WeightedProgress[]): number | null {
  let weights = 0;
  let sum = 0;
  for (const t of tasks) {
    if (t.cancelled || t.weight <= 0) continue;
    weights += t.weight;
    sum += t.weight * t.progress;
  }
  if (weights === 0) return null;
  return Math.round((sum / weights) * 10) / 10;
}

/** Share of finished tasks done on time, in %, one decimal; null when none finished. Used by scores later. */
export function onTimeCompletionRate(statuses: readonly TaskStatus[]): number | null {
  const done = statuses.filter((s) => s === 'done_on_time' || s === 'done_late');
  if (done.length === 0) return null;
  return Math.round((done.filter((s) => s === 'done_on_time').length / done.length) * 1000) / 10;
}

/** A plan's state: a draft is the working group's own; active plans count in figures; closed ones are history. */
export const PLAN_STATUSES = ['draft', 'active', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
