import {
  ZAttendanceQuery,
  ZConclusionCreate,
  ZConclusionToTask,
  ZGroupCreate,
  ZMarkAttendance,
  ZSessionCreate,
  ZSessionUpdate,
} from '@cchc/core/meetings/schemas';
import {
  addConclusion,
  attachSessionDocument,
  attendanceByAgency,
  attendanceMatrix,
  conclusionToTask,
  createGroup,
  createSession,
  finaliseSheet,
  getSession,
  listGroups,
  listSessions,
  markAllPresent,
  markAttendance,
  removeSessionDocument,
  updateSession,
} from '@cchc/core/meetings/service';
import { z } from 'zod';
import { allow, router } from '../trpc';

/** The secretariat manages; everyone reads, agency roles only what concerns their agency (the service filters). */
const MANAGE = ['working_group'] as const;
const READ = ['admin', 'home_affairs', 'working_group', 'agency_head', 'agency_officer'] as const;
const ZSessionId = z.object({ sessionId: z.uuid() });

export const meetingsRouter = router({
  groups: allow(...READ).query(({ ctx }) => listGroups(ctx.db)),
  createGroup: allow(...MANAGE, 'home_affairs')
    .input(ZGroupCreate)
    .mutation(({ ctx, input }) => createGroup(ctx.db, ctx.actor, input)),
  sessions: allow(...READ)
    .input(z.object({ groupId: z.uuid().optional() }))
    .query(({ ctx, input }) => listSessions(ctx.db, ctx.actor, input)),
  session: allow(...READ)
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getSession(ctx.db, ctx.actor, ctx.clock, input.id)),
  createSession: allow(...MANAGE)
    .input(ZSessionCreate)
    .mutation(({ ctx, input }) => createSession(ctx.db, ctx.actor, input)),
  updateSession: allow(...MANAGE)
    .input(ZSessionUpdate)
    .mutation(({ ctx, input }) => updateSession(ctx.db, ctx.actor, input)),
  markAttendance: allow(...MANAGE)
    .input(ZMarkAttendance)
    .mutation(({ ctx, input }) => markAttendance(ctx.db, ctx.actor, input)),
  markAllPresent: allow(...MANAGE)
    .input(ZSessionId)
    .mutation(({ ctx, input }) => markAllPresent(ctx.db, ctx.actor, input.sessionId)),
  finalise: allow(...MANAGE)
    .input(ZSessionId)
    .mutation(({ ctx, input }) => finaliseSheet(ctx.db, ctx.actor, input.sessionId)),
  attachDocument: allow(...MANAGE)
    .input(z.object({ sessionId: z.uuid(), fileId: z.uuid() }))
    .mutation(({ ctx, input }) => attachSessionDocument(ctx.db, ctx.actor, input)),
  removeDocument: allow(...MANAGE)
    .input(z.object({ sessionId: z.uuid(), fileId: z.uuid() }))
    .mutation(({ ctx, input }) => removeSessionDocument(ctx.db, ctx.actor, input)),
  addConclusion: allow(...MANAGE)
    .input(ZConclusionCreate)
    .mutation(({ ctx, input }) => addConclusion(ctx.db, ctx.actor, input)),
  conclusionToTask: allow(...MANAGE)
    .input(ZConclusionToTask)
    .mutation(({ ctx, input }) => conclusionToTask(ctx.db, ctx.actor, input)),
  attendance: allow(...READ)
    .input(ZAttendanceQuery)
    .query(({ ctx, input }) => attendanceByAgency(ctx.db, ctx.actor, input)),
  matrix: allow(...READ)
    .input(ZAttendanceQuery)
    .query(({ ctx, input }) => attendanceMatrix(ctx.db, ctx.actor, input)),
});
