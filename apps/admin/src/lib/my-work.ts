import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** The work waiting for the user ("Việc của tôi"): the page and the menu's count share it, refreshed every minute like the bell. */
export function useMyWork() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.notifications.work.queryOptions(), refetchInterval: 60_000 });
}
