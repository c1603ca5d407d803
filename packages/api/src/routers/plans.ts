import {
  ZGroupCreate,
  ZGroupUpdate,
  ZPlanCreate,
  ZPlanUpdate,
  ZProgressReport,
  ZTaskCancel,
  ZTaskCreate,
  ZTaskListFilter,
  ZTaskPageFilter,
  ZTaskReopen,
  ZTaskUpdate,
} from '@cchc/core/plans/schemas';
import {
  cancelTask,
  createGroup,
  createPlan,
  createTask,
  deleteGroup,
  deletePlan,
  getPlan,
  getTask,
  listPlans,
  listTaskPage,
  listTasks,
  planChangesSince,
  reopenTask,
  reportProgress,
  updateGroup,
  updatePlan,
  updateTask,
} from '@cchc/core/plans/service';
import { importTasks } from '@cchc/core/plans/task-import';
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

const ZId = z.object({ id: z.uuid() });

export const plansRouter = router({
  list: signedInProcedure
    .input(z.object({ year: z.number().int().optional(), query: z.string().trim().max(200).optional() }))
    .query(({ ctx, input }) => listPlans(ctx.db, ctx.clock, input)),
  get: signedInProcedure.input(ZId).query(({ ctx, input }) => getPlan(ctx.db, ctx.actor, ctx.clock, input.id)),
  create: signedInProcedure.input(ZPlanCreate).mutation(({ ctx, input }) => createPlan(ctx.db, ctx.actor, input)),
  update: signedInProcedure.input(ZPlanUpdate).mutation(({ ctx, input }) => updatePlan(ctx.db, ctx.actor, input)),
  delete: signedInProcedure.input(ZId).mutation(async ({ ctx, input }) => {
    await deletePlan(ctx.db, ctx.actor, input.id);
    return { ok: true as const };
  }),
  updateGroup: signedInProcedure.input(ZGroupUpdate).mutation(({ ctx, input }) => updateGroup(ctx.db, ctx.actor, input)),
  deleteGroup: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteGroup(ctx.db, ctx.actor, input.id)),
  createGroup: signedInProcedure.input(ZGroupCreate).mutation(({ ctx, input }) => createGroup(ctx.db, ctx.actor, input)),
  changes: signedInProcedure
    .input(z.object({ planId: z.uuid(), since: z.string().refine(isIsoDate, 'Ngày không hợp lệ.') }))
    .query(({ ctx, input }) => planChangesSince(ctx.db, input.planId, input.since)),

  /** A filled XLSX template, base64-encoded (≤ 10 MB); all rows or none are written. */
  importTasks: signedInProcedure
    .input(
      z.object({
        planId: z.uuid(),
        fileName: z.string().trim().min(1).max(255),
        contentBase64: z.string().min(1, 'Tệp rỗng.').max(14_000_000, 'Tệp quá lớn (tối đa 10 MB).'),
      }),
    )
    .mutation(({ ctx, input }) =>
      importTasks(ctx.db, ctx.actor, {
        planId: input.planId,
        fileName: input.fileName,
        content: Buffer.from(input.contentBase64, 'base64'),
      }),
    ),

  tasks: signedInProcedure.input(ZTaskListFilter).query(({ ctx, input }) => listTasks(ctx.db, ctx.actor, ctx.clock, input)),
  /** The task table, a page at a time with the total; exports take the whole filtered set by their own routes. */
  taskPage: signedInProcedure.input(ZTaskPageFilter).query(({ ctx, input }) => listTaskPage(ctx.db, ctx.actor, ctx.clock, input)),
  task: signedInProcedure.input(ZId).query(({ ctx, input }) => getTask(ctx.db, ctx.actor, ctx.clock, input.id)),
  createTask: signedInProcedure.input(ZTaskCreate).mutation(({ ctx, input }) => createTask(ctx.db, ctx.actor, input)),
  updateTask: signedInProcedure.input(ZTaskUpdate).mutation(({ ctx, input }) => updateTask(ctx.db, ctx.actor, input)),
  cancelTask: signedInProcedure.input(ZTaskCancel).mutation(({ ctx, input }) => cancelTask(ctx.db, ctx.actor, input)),
  reopenTask: signedInProcedure.input(ZTaskReopen).mutation(({ ctx, input }) => reopenTask(ctx.db, ctx.actor, input)),
  // Officers of the lead or a coordinating agency, and the managers; the service checks the agency.
  reportProgress: signedInProcedure
    .input(ZProgressReport)
    .mutation(({ ctx, input }) => reportProgress(ctx.db, ctx.actor, ctx.clock, input)),
});
