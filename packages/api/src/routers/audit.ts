import { auditFacets, listAudit, ZAuditFilter } from '@cchc/core/audit/service';
import { router, signedInProcedure } from '../trpc';

export const auditRouter = router({
  list: signedInProcedure.input(ZAuditFilter).query(({ ctx, input }) => listAudit(ctx.db, input)),
  facets: signedInProcedure.query(({ ctx }) => auditFacets(ctx.db)),
});
