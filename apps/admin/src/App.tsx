/** Routes. Each module's page is guarded by the modules the server says the user's role may open. */
import { Route, Routes } from 'react-router';
import { ErrorBoundary } from './components/ErrorBoundary';
import { RequireAuth, RequireModule } from './components/guards';
import { Shell } from './components/Shell';
import { AgenciesPage } from './pages/AgenciesPage';
import { AuditPage } from './pages/AuditPage';
import { CalendarPage } from './pages/CalendarPage';
import { ChallengesPage } from './pages/ChallengesPage';
import { AgencyFeedbackPage } from './pages/feedback/AgencyFeedbackPage';
import { FeedbackDetailPage } from './pages/feedback/FeedbackDetailPage';
import { FeedbackPage } from './pages/feedback/FeedbackPage';
import { HomeRedirect } from './pages/HomeRedirect';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { MyWorkPage } from './pages/MyWorkPage';
import { MeetingsPage } from './pages/meetings/MeetingsPage';
import { SessionPage } from './pages/meetings/SessionPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OutboxPage } from './pages/OutboxPage';
import { OverviewPage } from './pages/overview/OverviewPage';
import { ProfilePage } from './pages/ProfilePage';
import { DeadlinesPage } from './pages/plans/DeadlinesPage';
import { PlanDetailPage } from './pages/plans/PlanDetailPage';
import { PlansPage } from './pages/plans/PlansPage';
import { TaskDetailPage } from './pages/plans/TaskDetailPage';
import { TasksPage } from './pages/plans/TasksPage';
import { ProcedureDetailPage } from './pages/procedures/ProcedureDetailPage';
import { ProceduresPage } from './pages/procedures/ProceduresPage';
import { PeriodPage } from './pages/reports/PeriodPage';
import { ReportsPage } from './pages/reports/ReportsPage';
import { SubmissionPage } from './pages/reports/SubmissionPage';
import { SignInPage } from './pages/SignInPage';
import { ParAssessmentPage } from './pages/scores/ParAssessmentPage';
import { Scorecard } from './pages/scores/Scorecard';
import { ScoresPage } from './pages/scores/ScoresPage';
import { UsersPage } from './pages/UsersPage';

export function App() {
  return (
    <ErrorBoundary>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route element={<RequireAuth />}>
          <Route element={<Shell />}>
            <Route index element={<HomeRedirect />} />
            <Route path="/my-work" element={<MyWorkPage />} />
            {/* An agency's PAR Index assessment: its officers reach it from their work, the council from the scores. */}
            <Route path="/par/:id" element={<ParAssessmentPage />} />
            <Route element={<RequireModule module="plans" />}>
              <Route path="/plans" element={<PlansPage />} />
              <Route path="/plans/:id" element={<PlanDetailPage />} />
              <Route path="/tasks" element={<TasksPage />} />
              <Route path="/tasks/:id" element={<TaskDetailPage />} />
              <Route path="/deadlines" element={<DeadlinesPage />} />
            </Route>
            <Route element={<RequireModule module="meetings" />}>
              <Route path="/meetings" element={<MeetingsPage />} />
              <Route path="/meetings/:id" element={<SessionPage />} />
            </Route>
            <Route element={<RequireModule module="procedures" />}>
              <Route path="/procedures" element={<ProceduresPage />} />
              <Route path="/procedures/:id" element={<ProcedureDetailPage />} />
            </Route>
            <Route path="/overview" element={<RequireModule module="overview" />}>
              <Route index element={<OverviewPage />} />
            </Route>
            <Route element={<RequireModule module="scores" />}>
              <Route path="/scores" element={<ScoresPage />} />
              <Route path="/scores/card" element={<Scorecard />} />
              <Route path="/scores/card/:agencyId" element={<Scorecard />} />
            </Route>
            <Route element={<RequireModule module="reports" />}>
              <Route path="/reports" element={<ReportsPage />} />
              <Route path="/reports/:regimeId/:periodKey" element={<PeriodPage />} />
              <Route path="/reports/:regimeId/:periodKey/submission" element={<SubmissionPage />} />
            </Route>
            <Route element={<RequireModule module="feedback" />}>
              <Route path="/feedback" element={<FeedbackPage />} />
              <Route path="/feedback/agency" element={<AgencyFeedbackPage />} />
              <Route path="/feedback/agency/:agencyId" element={<AgencyFeedbackPage />} />
              <Route path="/feedback/:id" element={<FeedbackDetailPage />} />
            </Route>
            <Route path="/calendar" element={<RequireModule module="calendar" />}>
              <Route index element={<CalendarPage />} />
            </Route>
            <Route path="/agencies" element={<RequireModule module="agencies" />}>
              <Route index element={<AgenciesPage />} />
            </Route>
            <Route path="/users" element={<RequireModule module="users" />}>
              <Route index element={<UsersPage />} />
            </Route>
            <Route path="/outbox" element={<RequireModule module="users" />}>
              <Route index element={<OutboxPage />} />
            </Route>
            <Route path="/audit" element={<RequireModule module="audit" />}>
              <Route index element={<AuditPage />} />
            </Route>
            <Route path="/challenges" element={<ChallengesPage />} />
            <Route path="/integrations" element={<RequireModule module="integrations" />}>
              <Route index element={<IntegrationsPage />} />
            </Route>
            <Route path="/profile" element={<ProfilePage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </ErrorBoundary>
  );
}
