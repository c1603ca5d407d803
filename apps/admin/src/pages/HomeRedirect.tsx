import { isAgencyScoped } from '@cchc/domain/roles';
import { Navigate } from 'react-router';
import { useMe } from '../lib/me';
import { MODULE_PATHS } from '../lib/modules';

/** The start page: an agency's officers and head land on their own work; others on their role's first module. */
export function HomeRedirect() {
  const me = useMe();
  if (me.data && isAgencyScoped(me.data.role)) return <Navigate to="/my-work" replace />;
  const first = me.data?.modules[0];
  return <Navigate to={first ? MODULE_PATHS[first] : '/profile'} replace />;
}
