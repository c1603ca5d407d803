/** Input schemas of plans and tasks, shared by the API and the admin app's forms. */
import { PLAN_STATUSES, TASK_PRIORITIES, TASK_STATUSES } from '@cchc/domain/tasks/status';
import { z } from 'zod';
import { ZWorkDate } from '../input';

const ZDate = ZWorkDate;
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Tối đa ${max} ký tự.`)
    .nullish()
    .transform((v) => (v ? v : null));

const planFields = {
  year: z.number({ error: 'Vui lòng nhập năm.' }).int().min(2000, 'Năm không hợp lệ.').max(2100, 'Năm không hợp lệ.'),
  title: z.string().trim().min(3, 'Tên kế hoạch cần ít nhất 3 ký tự.').max(500, 'Tên kế hoạch tối đa 500 ký tự.'),
  description: optionalText(5000),
  docNumber: optionalText(100),
  docDate: ZDate.nullish().transform((v) => v ?? null),
  issuingAgencyId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  status: z.enum(PLAN_STATUSES).default('draft'),
};

export const ZPlanCreate = z.object(planFields);
export const ZPlanUpdate = z.object({ id: z.uuid(), ...planFields });
export type TPlanCreate = z.output<typeof ZPlanCreate>;

export const ZGroupCreate = z.object({
  planId: z.uuid(),
  parentId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  code: optionalText(20),
  title: z.string().trim().min(2, 'Tên nhóm cần ít nhất 2 ký tự.').max(500),
});

export const ZGroupUpdate = z.object({
  id: z.uuid(),
  parentId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  code: optionalText(20),
  title: z.string().trim().min(2, 'Tên nhóm cần ít nhất 2 ký tự.').max(500),
});

const ZTimeLimit = z.object({
  value: z.number({ error: 'Vui lòng nhập thời hạn.' }).int().min(1, 'Thời hạn ít nhất 1.').max(3650),
  unit: z.enum(['working_day', 'day', 'month']),
});

const taskFields = {
  groupId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  code: optionalText(20),
  title: z.string().trim().min(3, 'Tên nhiệm vụ cần ít nhất 3 ký tự.').max(1000, 'Tên nhiệm vụ tối đa 1000 ký tự.'),
  description: optionalText(10000),
  expectedOutput: optionalText(1000),
  leadAgencyId: z.uuid({ error: 'Vui lòng chọn cơ quan chủ trì.' }),
  coordinatorIds: z.array(z.uuid()).max(200).default([]),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  weight: z.number().positive('Trọng số phải lớn hơn 0.').max(100).default(1),
  /** Either a fixed deadline, or a start date plus a time limit that the calendar turns into one. */
  deadline: ZDate.nullish().transform((v) => v ?? null),
  startDate: ZDate.nullish().transform((v) => v ?? null),
  timeLimit: ZTimeLimit.nullish().transform((v) => v ?? null),
  resultDocument: optionalText(500),
};

function deadlineRule(v: { deadline: string | null; startDate: string | null; timeLimit: unknown }, ctx: z.RefinementCtx) {
  if (v.timeLimit && !v.startDate)
    ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'Thời hạn tính theo ngày cần có ngày bắt đầu.' });
  if (v.timeLimit && v.deadline)
    ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'Chọn hạn cụ thể hoặc thời hạn, không chọn cả hai.' });
}

export const ZTaskCreate = z.object({ planId: z.uuid(), ...taskFields }).superRefine(deadlineRule);
export const ZTaskUpdate = z.object({ id: z.uuid(), ...taskFields }).superRefine(deadlineRule);
export type TTaskCreate = z.output<typeof ZTaskCreate>;
export type TTaskUpdate = z.output<typeof ZTaskUpdate>;

export const ZProgressReport = z.object({
  taskId: z.uuid(),
  progress: z
    .number({ error: 'Vui lòng nhập tiến độ.' })
    .int()
    .min(0, 'Tiến độ không được nhỏ hơn 0%.')
    .max(100, 'Tiến độ không được lớn hơn 100%.'),
  note: z.string().trim().min(3, 'Vui lòng mô tả kết quả thực hiện.').max(5000),
  documentRefs: optionalText(1000),
  /** Defaults to today; a report cannot be dated in the future. */
  reportedOn: ZDate.nullish().transform((v) => v ?? null),
  fileIds: z.array(z.uuid()).max(20).default([]),
  /** Required to bring a finished task below 100%: it reopens the task, clears its completion date and may lower the agency's score. */
  reopenReason: optionalText(1000),
});
export type TProgressReport = z.output<typeof ZProgressReport>;

export const ZTaskCancel = z.object({ id: z.uuid(), reason: z.string().trim().min(3, 'Vui lòng nêu lý do hủy.').max(1000) });
export const ZTaskReopen = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(3, 'Vui lòng nêu lý do khôi phục.').max(1000),
});

export const TASK_SORT_FIELDS = ['deadline', 'title', 'progress', 'status', 'lead', 'updated'] as const;

export const ZTaskListFilter = z.object({
  planId: z.uuid().optional(),
  /** Tasks this agency leads or coordinates (with its sub-agencies). */
  agencyId: z.uuid().optional(),
  /** The viewer's own agency. */
  mine: z.boolean().optional(),
  statuses: z.array(z.enum(TASK_STATUSES)).max(TASK_STATUSES.length).optional(),
  deadlineFrom: ZDate.optional(),
  deadlineTo: ZDate.optional(),
  query: z.string().trim().max(200).optional(),
  sort: z.enum(TASK_SORT_FIELDS).default('deadline'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  limit: z.number().int().min(1).max(20000).default(5000),
});
export type TTaskListFilter = z.input<typeof ZTaskListFilter>;

/** The largest page of the task table: what a screen shows and scrolls through, not the whole set. */
export const MAX_TASK_PAGE = 500;

/** A page of the task table: the same filter, the rows from `offset` on. */
export const ZTaskPageFilter = ZTaskListFilter.extend({
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(MAX_TASK_PAGE).default(100),
});
export type TTaskPageFilter = z.input<typeof ZTaskPageFilter>;

/** The task list's URL search params ↔ its filter; the admin app's links and the export routes share it. */
export function taskFilterFromSearchParams(params: URLSearchParams): TTaskListFilter {
  const statuses = params
    .getAll('status')
    .filter((s): s is (typeof TASK_STATUSES)[number] => (TASK_STATUSES as readonly string[]).includes(s));
  const sort = params.get('sort');
  return {
    planId: params.get('plan') ?? undefined,
    agencyId: params.get('agency') ?? undefined,
    mine: params.get('mine') === '1' || undefined,
    statuses: statuses.length ? statuses : undefined,
    deadlineFrom: params.get('from') ?? undefined,
    deadlineTo: params.get('to') ?? undefined,
    query: params.get('q') ?? undefined,
    sort:
      sort && (TASK_SORT_FIELDS as readonly string[]).includes(sort) ? (sort as (typeof TASK_SORT_FIELDS)[number]) : 'deadline',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}
