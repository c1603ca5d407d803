/** The typed tRPC client: the admin app knows the server only through the AppRouter type. */
import type { AppRouter } from '@cchc/api/root';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export function isTrpcError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

export function httpStatusOf(error: unknown): number | undefined {
  return isTrpcError(error) ? error.data?.httpStatus : undefined;
}

/**
 * A 401 anywhere means the session is gone, and a 403 "must change the password" that the admin-issued
 * password must be changed first: `onUnauthorized` reloads "who am I", and the guards send the user on.
 */
export function makeQueryClient(onUnauthorized: () => void) {
  const handle = (error: unknown) => {
    const mustChange = isTrpcError(error) && error.data?.appCode === 'auth.must_change_password';
    if (httpStatusOf(error) === 401 || mustChange) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handle }),
    mutationCache: new MutationCache({ onError: handle }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // 4xx answers will not change by retrying.
        retry: (count, error) => {
          const status = httpStatusOf(error);
          return status !== undefined && status < 500 ? false : count < 2;
        },
      },
    },
  });
}

/**
 * Sent with every request: the server refuses a state-changing request without it (CSRF), which a form
 * or a plain link on another site cannot add.
 */
export const CSRF_HEADERS = { 'x-cchc-csrf': '1' } as const;

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/trpc', headers: () => CSRF_HEADERS })],
  });
}
