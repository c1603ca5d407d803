import { auditFacets, listAudit, ZAuditFilter } from '@cchc/core/audit/service';
import { allow, router } from '../trpc';

export const auditRouter = router({
  list: allow('admin', 'home_affairs')
    .input(ZAuditFilter)
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
  facets: allow('admin', 'home_affairs').query(({ ctx }) => auditFacets(ctx.db)),
});
