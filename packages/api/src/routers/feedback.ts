import { recordAudit } from '@cchc/core/audit/service';
import { AppError } from '@cchc/core/errors';
import { agencyFeedbackPage, feedbackFiguresByAgency } from '@cchc/core/feedback/figures';
import { deleteImportProfile, listImportProfiles, previewFeedbackFile, queueFeedbackImport } from '@cchc/core/feedback/import';
import { readRetention, saveRetention, ZRetention } from '@cchc/core/feedback/retention';
import {
  ZFeedbackAction,
  ZFeedbackCreate,
  ZFeedbackFilter,
  ZFeedbackLimit,
  ZFeedbackPeriod,
  ZImportStart,
} from '@cchc/core/feedback/schemas';
import {
  actOnFeedback,
  createFeedback,
  deleteFeedbackLimit,
  getFeedback,
  listFeedback,
  listFeedbackLimits,
  saveFeedbackLimit,
} from '@cchc/core/feedback/service';
import { isAgencyInScope } from '@cchc/core/org/scope';
import { getImportRun, listImportRuns } from '@cchc/core/procedures/import-runs';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

/** Intake and imports: the provincial coordinators. Handling: the competent agency (checked per item in core). */

export const feedbackRouter = router({
  list: signedInProcedure.input(ZFeedbackFilter).query(({ ctx, input }) => listFeedback(ctx.db, ctx.actor, input, ctx.clock)),
  get: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getFeedback(ctx.db, ctx.actor, input.id, ctx.clock)),
  create: signedInProcedure
    .input(ZFeedbackCreate)
    .mutation(({ ctx, input }) => createFeedback(ctx.db, ctx.actor, input, ctx.clock)),
  /** Every workflow step; who may take which is decided per item by the domain's workflow. */
  act: signedInProcedure.input(ZFeedbackAction).mutation(({ ctx, input }) => actOnFeedback(ctx.db, ctx.actor, input, ctx.clock)),
  figures: signedInProcedure
    .input(ZFeedbackPeriod)
    .query(({ ctx, input }) => feedbackFiguresByAgency(ctx.db, ctx.actor, input, ctx.clock)),
  /** One agency's page; agency-scoped users see their own agency (and its sub-agencies) only. */
  agencyPage: signedInProcedure
    .input(z.object({ agencyId: z.uuid().optional() }).and(ZFeedbackPeriod))
    .query(async ({ ctx, input }) => {
      const agencyId = input.agencyId ?? ctx.actor.agencyId;
      if (!(await isAgencyInScope(ctx.db, ctx.actor, 'feedback.agencyPage', agencyId))) {
        throw new AppError('forbidden', 'feedback.not_your_agency', 'Bạn chỉ xem được số liệu của cơ quan mình.');
      }
      return agencyFeedbackPage(ctx.db, agencyId, input, ctx.clock);
    }),
  limits: signedInProcedure.query(({ ctx }) => listFeedbackLimits(ctx.db)),
  saveLimit: signedInProcedure.input(ZFeedbackLimit).mutation(({ ctx, input }) => saveFeedbackLimit(ctx.db, ctx.actor, input)),
  deleteLimit: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteFeedbackLimit(ctx.db, ctx.actor, input.id)),
  /** How long submitters' personal data is kept on closed items (months; null = kept), and its change (audited). */
  retention: signedInProcedure.query(({ ctx }) => readRetention(ctx.db)),
  saveRetention: signedInProcedure.input(ZRetention).mutation(({ ctx, input }) => saveRetention(ctx.db, ctx.actor, input)),
  importPreview: signedInProcedure.input(z.object({ fileId: z.uuid() })).mutation(async ({ ctx, input }) => {
    const preview = await previewFeedbackFile(ctx.db, ctx.actor, input.fileId);
    // The preview shows submitters' names and contacts as the file has them: each viewing is audited.
    await recordAudit(ctx.db, ctx.actor, {
      action: 'feedback.import_previewed',
      entityType: 'file',
      entityId: input.fileId,
      after: { fileName: preview.fileName, rowCount: preview.rowCount, sampleRows: preview.sample.length },
    });
    return preview;
  }),
  importProfiles: signedInProcedure.query(({ ctx }) => listImportProfiles(ctx.db)),
  deleteImportProfile: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteImportProfile(ctx.db, ctx.actor, input.id)),
  importStart: signedInProcedure.input(ZImportStart).mutation(({ ctx, input }) => queueFeedbackImport(ctx.db, ctx.actor, input)),
  importRun: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getImportRun(ctx.db, ctx.actor, input.id)),
  importRuns: signedInProcedure.query(({ ctx }) => listImportRuns(ctx.db, ['feedback'])),
});
