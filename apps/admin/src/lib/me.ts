import { type Action, may } from '@cchc/domain/access';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** The signed-in user (null when signed out), with the modules their role may open. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
}

/**
 * Whether the signed-in user may do an action, by the one access policy the server enforces
 * (domain/access.ts): buttons and tabs for what the server would refuse are not shown.
 */
export function useMay(): (action: Action) => boolean {
  const role = useMe().data?.role;
  return (action) => (role ? may(role, action) : false);
}
