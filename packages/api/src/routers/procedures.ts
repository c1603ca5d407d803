import { AppError } from '@cchc/core/errors';
import { getProcedure, importCatalogue, searchProcedures, ZProcedureSearch } from '@cchc/core/procedures/catalogue';
import {
  dormancyXlsx,
  dormantPairs,
  dormantProcedures,
  listScans,
  recordDormancyScan,
  ZDormancyQuery,
} from '@cchc/core/procedures/dormancy';
import { getImportRun, listImportRuns, queueFileImport } from '@cchc/core/procedures/import-runs';
import {
  decideReview,
  listReviews,
  openReview,
  openReviews,
  proposeReview,
  ZReviewDecide,
  ZReviewOpen,
  ZReviewOpenMany,
  ZReviewPropose,
} from '@cchc/core/procedures/reviews';
import { BAD_ROW_POLICIES } from '@cchc/domain/imports';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

/** Imports and scans: the Sở Nội vụ, the working group and admins. Reviews: proposed by agency officers, decided by the Sở Nội vụ / working group. */

export const proceduresRouter = router({
  search: signedInProcedure.input(ZProcedureSearch).query(({ ctx, input }) => searchProcedures(ctx.db, input)),
  get: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getProcedure(ctx.db, input.id, ctx.clock.today())),
  importCatalogue: signedInProcedure
    .input(z.object({ fileId: z.uuid(), onBadRows: z.enum(BAD_ROW_POLICIES).default('stop') }))
    .mutation(async ({ ctx, input }) => {
      const file = await ctx.db
        .selectFrom('storedFile')
        .select(['fileName', 'content', 'createdBy'])
        .where('id', '=', input.fileId)
        .executeTakeFirst();
      if (!file || file.createdBy !== ctx.actor.userId)
        throw new AppError('bad_request', 'procedures.bad_file', 'Tệp không hợp lệ; vui lòng tải lên lại.');
      return importCatalogue(
        ctx.db,
        ctx.actor,
        { fileName: file.fileName, content: file.content },
        { onBadRows: input.onBadRows },
      );
    }),
  /** Dossiers or monthly counts: a background job; follow it with importRun. */
  importFile: signedInProcedure
    .input(
      z.object({
        fileId: z.uuid(),
        kind: z.enum(['dossiers', 'filing_counts']),
        onBadRows: z.enum(BAD_ROW_POLICIES).default('stop'),
      }),
    )
    .mutation(({ ctx, input }) => queueFileImport(ctx.db, ctx.actor, input.fileId, input.kind, input.onBadRows)),
  importRun: signedInProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getImportRun(ctx.db, ctx.actor, input.id)),
  importRuns: signedInProcedure.query(({ ctx }) => listImportRuns(ctx.db, ['dossiers', 'filing_counts'])),
  dormant: signedInProcedure.input(ZDormancyQuery).query(({ ctx, input }) => dormantProcedures(ctx.db, input, ctx.clock.today())),
  dormantPairs: signedInProcedure.input(ZDormancyQuery).query(({ ctx, input }) => dormantPairs(ctx.db, input, ctx.clock.today())),
  /** The whole filtered list (not only the page on screen) as XLSX, base64-encoded. */
  dormantXlsx: signedInProcedure
    .input(ZDormancyQuery.extend({ view: z.enum(['procedure', 'pair']).default('procedure') }))
    .query(({ ctx, input }) => {
      const { view, ...query } = input;
      return dormancyXlsx(ctx.db, query, view, ctx.clock.today());
    }),
  scan: signedInProcedure
    .input(z.object({ months: z.number().int().min(1).max(240).default(36) }))
    .mutation(({ ctx, input }) => recordDormancyScan(ctx.db, ctx.actor, { asOf: ctx.clock.today(), months: input.months })),
  scans: signedInProcedure.query(({ ctx }) => listScans(ctx.db)),
  reviews: signedInProcedure
    .input(
      z.object({ procedureId: z.uuid().optional(), status: z.enum(['open', 'proposed', 'approved', 'rejected']).optional() }),
    )
    .query(({ ctx, input }) => listReviews(ctx.db, ctx.actor, ctx.clock, input)),
  openReview: signedInProcedure.input(ZReviewOpen).mutation(({ ctx, input }) => openReview(ctx.db, ctx.actor, ctx.clock, input)),
  /** The dormancy list's bulk action: many procedures to one agency, one notice. */
  openReviews: signedInProcedure
    .input(ZReviewOpenMany)
    .mutation(({ ctx, input }) => openReviews(ctx.db, ctx.actor, ctx.clock, input)),
  proposeReview: signedInProcedure
    .input(ZReviewPropose)
    .mutation(({ ctx, input }) => proposeReview(ctx.db, ctx.actor, ctx.clock, input)),
  decideReview: signedInProcedure
    .input(ZReviewDecide)
    .mutation(({ ctx, input }) => decideReview(ctx.db, ctx.actor, ctx.clock, input)),
});
