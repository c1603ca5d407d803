import { provinceOverview } from '@cchc/core/overview';
import { allow, router } from '../trpc';

export const overviewRouter = router({
  province: allow('admin', 'home_affairs', 'working_group').query(({ ctx }) => provinceOverview(ctx.db, ctx.clock)),
});
