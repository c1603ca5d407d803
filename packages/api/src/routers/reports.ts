import { finaliseReport, getReportProgress, queueGeneration, viewReport } from '@cchc/core/reports/generate';
import { attachSignedPdf, nextDocumentNumber } from '@cchc/core/reports/official';
import { listRegimes, reportCalendar, saveRegime, ZRegimeSave } from '@cchc/core/reports/regimes';
import {
  acceptSubmission,
  myReports,
  openSubmission,
  periodStatus,
  returnSubmission,
  saveSubmission,
  submitSubmission,
  ZSubmissionSave,
} from '@cchc/core/reports/submissions';
import { documentSettings, issuerFor, saveDocumentSettings, ZDocumentSettings } from '@cchc/core/settings/documents';
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

/** Regimes and generation: the Sở Nội vụ (and admins). Agencies: their own submissions. */
const ZPeriodRef = z.object({
  regimeId: z.uuid(),
  periodKey: z.string().regex(/^\d{4}-[a-z0-9-]{1,20}$/, 'Kỳ báo cáo không hợp lệ.'),
});

export const reportsRouter = router({
  regimes: signedInProcedure.query(({ ctx }) => listRegimes(ctx.db)),
  saveRegime: signedInProcedure.input(ZRegimeSave).mutation(({ ctx, input }) => saveRegime(ctx.db, ctx.actor, input)),
  calendar: signedInProcedure
    .input(z.object({ from: z.string().refine(isIsoDate), to: z.string().refine(isIsoDate) }))
    .query(({ ctx, input }) => reportCalendar(ctx.db, input.from, input.to)),
  period: signedInProcedure.input(ZPeriodRef).query(({ ctx, input }) => periodStatus(ctx.db, input, ctx.clock)),
  generate: signedInProcedure
    .input(ZPeriodRef.extend({ regenerate: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => queueGeneration(ctx.db, ctx.actor, input)),
  progress: signedInProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getReportProgress(ctx.db, input.id)),
  view: signedInProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => viewReport(ctx.db, input.id)),
  finalise: signedInProcedure
    .input(
      z.object({
        id: z.uuid(),
        /** The number the văn thư gave; empty for the register's next one. */
        number: z.number().int().min(1, 'Số văn bản từ 1 trở lên.').max(999999).nullish(),
      }),
    )
    .mutation(({ ctx, input }) =>
      finaliseReport(ctx.db, ctx.actor, input.id, { number: input.number ?? null, today: ctx.clock.today() }),
    ),
  nextNumber: signedInProcedure
    .input(z.object({ regimeId: z.uuid() }))
    .query(({ ctx, input }) => nextDocumentNumber(ctx.db, input.regimeId, ctx.clock.today())),
  /** The signed PDF, uploaded to /api/files first, becomes the report's official version once verified. */
  attachSigned: signedInProcedure
    .input(z.object({ id: z.uuid(), fileId: z.uuid() }))
    .mutation(({ ctx, input }) => attachSignedPdf(ctx.db, ctx.actor, input.id, input.fileId)),
  documentSettings: signedInProcedure.query(async ({ ctx }) => {
    const settings = await documentSettings(ctx.db);
    // Every receiving agency of a regime, with its saved or derived issuer settings.
    const receivers = [...new Set((await listRegimes(ctx.db)).map((r) => r.receivingAgencyId))];
    const issuers = await Promise.all(receivers.map((id) => issuerFor(ctx.db, id, settings)));
    return { ...settings, issuers };
  }),
  saveDocumentSettings: signedInProcedure
    .input(ZDocumentSettings)
    .mutation(({ ctx, input }) => saveDocumentSettings(ctx.db, ctx.actor, input)),
  mine: signedInProcedure.query(({ ctx }) => myReports(ctx.db, ctx.actor, ctx.clock)),
  submission: signedInProcedure
    .input(ZPeriodRef.extend({ agencyId: z.uuid().nullish() }))
    .query(({ ctx, input }) => openSubmission(ctx.db, ctx.actor, input, ctx.clock)),
  saveSubmission: signedInProcedure.input(ZSubmissionSave).mutation(({ ctx, input }) => saveSubmission(ctx.db, ctx.actor, input)),
  submit: signedInProcedure
    .input(ZSubmissionSave)
    .mutation(({ ctx, input }) => submitSubmission(ctx.db, ctx.actor, input, ctx.clock)),
  acceptSubmission: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => acceptSubmission(ctx.db, ctx.actor, input.id)),
  returnSubmission: signedInProcedure
    .input(z.object({ id: z.uuid(), reason: z.string().trim().min(5, 'Vui lòng ghi rõ lý do trả lại.').max(2000) }))
    .mutation(({ ctx, input }) => returnSubmission(ctx.db, ctx.actor, input)),
});
