import { MAX_IMPORT_BYTES } from '@cchc/core/imports/csv';
import { getAgency, listAgencyChildren, searchAgencies, ZAgencyChildren, ZAgencySearch } from '@cchc/core/org/agencies';
import { importAgencies, readAgencyCsv } from '@cchc/core/org/import';
import { setSplitHeir } from '@cchc/core/org/lineage';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

export const orgRouter = router({
  // The agency tree is shared reference data every signed-in user needs (pickers, names).
  children: signedInProcedure.input(ZAgencyChildren).query(({ ctx, input }) => listAgencyChildren(ctx.db, input)),
  search: signedInProcedure.input(ZAgencySearch).query(({ ctx, input }) => searchAgencies(ctx.db, input)),
  agency: signedInProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getAgency(ctx.db, input.id)),

  importCsv: signedInProcedure
    .input(
      z.object({
        fileName: z.string().trim().min(1).max(255),
        content: z.string().min(1, 'Tệp rỗng.').max(MAX_IMPORT_BYTES, 'Tệp quá lớn (tối đa 20 MB).'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { rows, errors, ignoredColumns } = readAgencyCsv(input.content);
      return importAgencies(ctx.db, ctx.actor, {
        kind: 'agency_csv',
        fileName: input.fileName,
        rows,
        readErrors: errors,
        ignoredColumns,
        today: ctx.clock.today(),
      });
    }),

  // For a split unit: which successor carries its history into scores and reports (core/org/lineage.ts).
  setSplitHeir: signedInProcedure
    .input(z.object({ lineageId: z.number().int().positive().max(2_147_483_647) }))
    .mutation(({ ctx, input }) => setSplitHeir(ctx.db, ctx.actor, input.lineageId)),

  importRuns: signedInProcedure.query(({ ctx }) =>
    ctx.db
      .selectFrom('importRun as r')
      .leftJoin('appUser as u', 'u.id', 'r.createdBy')
      .select([
        'r.id',
        'r.kind',
        'r.fileName',
        'r.status',
        'r.rowsTotal',
        'r.rowsOk',
        'r.rowsFailed',
        'r.createdAt',
        'r.finishedAt',
        'u.username',
      ])
      .orderBy('r.createdAt', 'desc')
      .limit(50)
      .execute(),
  ),

  importRunErrors: signedInProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const run = await ctx.db.selectFrom('importRun').select(['errors']).where('id', '=', input.id).executeTakeFirst();
    return (run?.errors ?? []) as { row: number; column: string | null; message: string }[];
  }),
});
