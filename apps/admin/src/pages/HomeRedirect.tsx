import { Navigate } from 'react-router';
import { useMe } from '../lib/me';
import { MODULE_PATHS } from '../lib/modules';

/** The start page is the role's first module (the scorecard for an agency head). */
export function HomeRedirect() {
  const me = useMe();
  const first = me.data?.modules[0];
  return <Navigate to={first ? MODULE_PATHS[first] : '/profile'} replace />;
}
