import type { AppModule } from '@cchc/domain/roles';
import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../lib/me';
import { TodayProvider } from '../lib/today';
import { ForbiddenPage } from '../pages/ForbiddenPage';

/** Signed-out users go to the sign-in page and come back afterwards. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (me.data.mustChangePassword && location.pathname !== '/profile') {
    return <Navigate to="/profile" replace />;
  }
  return (
    <TodayProvider>
      <Outlet />
    </TodayProvider>
  );
}

/** A page of a module the user's role may not open shows "not allowed" (the server refuses its data too). */
export function RequireModule({ module }: { module: AppModule }) {
  const me = useMe();
  if (!me.data?.modules.includes(module)) return <ForbiddenPage />;
  return <Outlet />;
}
