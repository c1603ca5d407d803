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
import { router, signedInProcedure } from '../trpc';

/** The secretariat manages; everyone reads, agency roles only what concerns their agency (the service filters). */
const ZSessionId = z.object({ sessionId: z.uuid() });

export const meetingsRouter = router({
  groups: signedInProcedure.query(({ ctx }) => listGroups(ctx.db)),
  createGroup: signedInProcedure.input(ZGroupCreate).mutation(({ ctx, input }) => createGroup(ctx.db, ctx.actor, input)),
  sessions: signedInProcedure
    .input(z.object({ groupId: z.uuid().optional() }))
    .query(({ ctx, input }) => listSessions(ctx.db, ctx.actor, input)),
  session: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getSession(ctx.db, ctx.actor, ctx.clock, input.id)),
  createSession: signedInProcedure.input(ZSessionCreate).mutation(({ ctx, input }) => createSession(ctx.db, ctx.actor, input)),
  updateSession: signedInProcedure.input(ZSessionUpdate).mutation(({ ctx, input }) => updateSession(ctx.db, ctx.actor, input)),
  markAttendance: signedInProcedure.input(ZMarkAttendance).mutation(({ ctx, input }) => markAttendance(ctx.db, ctx.actor, input)),
  markAllPresent: signedInProcedure
    .input(ZSessionId)
    .mutation(({ ctx, input }) => markAllPresent(ctx.db, ctx.actor, input.sessionId)),
  finalise: signedInProcedure.input(ZSessionId).mutation(({ ctx, input }) => finaliseSheet(ctx.db, ctx.actor, input.sessionId)),
  attachDocument: signedInProcedure
    .input(z.object({ sessionId: z.uuid(), fileId: z.uuid() }))
    .mutation(({ ctx, input }) => attachSessionDocument(ctx.db, ctx.actor, input)),
  removeDocument: signedInProcedure
    .input(z.object({ sessionId: z.uuid(), fileId: z.uuid() }))
    .mutation(({ ctx, input }) => removeSessionDocument(ctx.db, ctx.actor, input)),
  addConclusion: signedInProcedure.input(ZConclusionCreate).mutation(({ ctx, input }) => addConclusion(ctx.db, ctx.actor, input)),
  conclusionToTask: signedInProcedure
    .input(ZConclusionToTask)
    .mutation(({ ctx, input }) => conclusionToTask(ctx.db, ctx.actor, input)),
  attendance: signedInProcedure.input(ZAttendanceQuery).query(({ ctx, input }) => attendanceByAgency(ctx.db, ctx.actor, input)),
  matrix: signedInProcedure.input(ZAttendanceQuery).query(({ ctx, input }) => attendanceMatrix(ctx.db, ctx.actor, input)),
});
