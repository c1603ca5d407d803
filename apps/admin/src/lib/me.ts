import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** The signed-in user (null when signed out), with the modules their role may open. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
}
