/**
 * Today in Vietnam as the server counts it: the app's one clock (shifted in demos when the deployment
 * allows it). Every screen takes "today" from `useToday()`, never from the browser's clock or a UTC date.
 */
import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { useTRPC } from './trpc';

const TodayContext = createContext<string | null>(null);

/** Asks the server for today once signed in, shows a loader until it answers, then provides it. */
export function TodayProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  // Refreshed every few minutes so a page left open past midnight moves to the new day.
  const clock = useQuery(trpc.system.clock.queryOptions(undefined, { staleTime: 60_000, refetchInterval: 300_000 }));
  if (!clock.data) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  return <TodayContext.Provider value={clock.data.today}>{children}</TodayContext.Provider>;
}

/** 'YYYY-MM-DD', today in Vietnam by the server's clock. */
export function useToday(): string {
  const today = useContext(TodayContext);
  if (today === null) throw new Error('useToday() outside <TodayProvider>');
  return today;
}
