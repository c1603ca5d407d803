/** Routes. Each module's page is guarded by the modules the server says the user's role may open. */
import type { AppModule } from '@cchc/domain/roles';
import { Route, Routes } from 'react-router';
import { ErrorBoundary } from './components/ErrorBoundary';
import { RequireAuth, RequireModule } from './components/guards';
import { Shell } from './components/Shell';
import { AgenciesPage } from './pages/AgenciesPage';
import { AuditPage } from './pages/AuditPage';
import { HomeRedirect } from './pages/HomeRedirect';
import { ModulePlaceholder } from './pages/ModulePlaceholder';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';

const FUTURE_MODULES: AppModule[] = ['overview', 'plans', 'meetings', 'procedures', 'feedback', 'scores', 'reports'];

export function App() {
  return (
    <ErrorBoundary>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route element={<RequireAuth />}>
          <Route element={<Shell />}>
            <Route index element={<HomeRedirect />} />
            {FUTURE_MODULES.map((module) => (
              <Route key={module} path={`/${module}`} element={<RequireModule module={module} />}>
                <Route index element={<ModulePlaceholder module={module} />} />
              </Route>
            ))}
            <Route path="/agencies" element={<RequireModule module="agencies" />}>
              <Route index element={<AgenciesPage />} />
            </Route>
            <Route path="/users" element={<RequireModule module="users" />}>
              <Route index element={<UsersPage />} />
            </Route>
            <Route path="/audit" element={<RequireModule module="audit" />}>
              <Route index element={<AuditPage />} />
            </Route>
            <Route path="/profile" element={<ProfilePage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </ErrorBoundary>
  );
}
