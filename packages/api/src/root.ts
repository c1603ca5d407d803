/** The app's router: one sub-router per module. The admin app imports only the AppRouter type. */
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { calendarRouter } from './routers/calendar';
import { feedbackRouter } from './routers/feedback';
import { integrationsRouter } from './routers/integrations';
import { meetingsRouter } from './routers/meetings';
import { notificationsRouter } from './routers/notifications';
import { orgRouter } from './routers/org';
import { overviewRouter } from './routers/overview';
import { parRouter } from './routers/par';
import { plansRouter } from './routers/plans';
import { proceduresRouter } from './routers/procedures';
import { reportsRouter } from './routers/reports';
import { scoresRouter } from './routers/scores';
import { systemRouter } from './routers/system';
import { usersRouter } from './routers/users';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  users: usersRouter,
  audit: auditRouter,
  calendar: calendarRouter,
  plans: plansRouter,
  meetings: meetingsRouter,
  procedures: proceduresRouter,
  feedback: feedbackRouter,
  scores: scoresRouter,
  overview: overviewRouter,
  reports: reportsRouter,
  notifications: notificationsRouter,
  system: systemRouter,
  integrations: integrationsRouter,
  par: parRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
