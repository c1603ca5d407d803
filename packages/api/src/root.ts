/** The app's router: one sub-router per module. The admin app imports only the AppRouter type. */
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { orgRouter } from './routers/org';
import { usersRouter } from './routers/users';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
