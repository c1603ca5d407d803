/** Providers: theme, dates in Vietnamese, notifications, confirm modals, react-query + tRPC, router. */
import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/vi';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { makeQueryClient, makeTrpcClient, TRPCProvider } from './lib/trpc';

// Lets people type dates as dd/MM/yyyy into date inputs (keyboard first).
dayjs.extend(customParseFormat);

const theme = createTheme({
  // Blue for actions and counts: red is kept for what is late or wrong, so it still means something.
  primaryColor: 'blue',
  fontFamily: '"Noto Sans", "Liberation Sans", "Segoe UI", Roboto, Arial, sans-serif',
  defaultRadius: 'sm',
});

export function Root() {
  const { i18n, t } = useTranslation();
  const [queryClient] = useState(() =>
    makeQueryClient(() => {
      // The session is gone: reload "who am I" so the guards send the user to sign in.
      void queryClient.invalidateQueries({ queryKey: [['auth', 'me']] });
    }),
  );
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <MantineProvider theme={theme}>
      <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
        <ModalsProvider labels={{ confirm: t('common.confirm'), cancel: t('common.cancel') }}>
          <Notifications position="top-right" />
          <QueryClientProvider client={queryClient}>
            <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
              <BrowserRouter>
                <App />
              </BrowserRouter>
            </TRPCProvider>
          </QueryClientProvider>
        </ModalsProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
