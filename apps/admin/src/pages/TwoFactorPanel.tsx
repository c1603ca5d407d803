/**
 * Two-factor sign-in on the profile page (accounts the policy offers it to: admin, Sở Nội vụ): turn it on
 * by adding the key to an authenticator app and typing a code from it; the ten recovery codes are shown once;
 * turn it off with a code.
 */
import { Alert, Button, Code, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../lib/trpc';

export function TwoFactorPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.auth.twoFactor.queryOptions());
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.twoFactor.queryKey() });
  const onError = (e: unknown) => notifications.show({ color: 'red', message: errorMessage(e, t) });
  const start = useMutation(trpc.auth.startTwoFactor.mutationOptions({ onError }));
  const confirm = useMutation(
    trpc.auth.confirmTwoFactor.mutationOptions({
      onSuccess: (r) => {
        setRecoveryCodes(r.recoveryCodes);
        setCode('');
        start.reset();
        void refresh();
      },
      onError,
    }),
  );
  const disable = useMutation(
    trpc.auth.disableTwoFactor.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('twoFactor.turnedOff') });
        setCode('');
        setRecoveryCodes(null);
        void refresh();
      },
      onError,
    }),
  );
  if (!status.data?.available) return null;
  return (
    <Paper withBorder p="md" data-testid="two-factor">
      <Stack gap="sm">
        <Title order={4}>{t('twoFactor.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('twoFactor.intro')}
        </Text>
        {recoveryCodes && (
          <Alert color="yellow" title={t('twoFactor.recoveryTitle')} data-testid="recovery-codes">
            <Text size="sm" mb="xs">
              {t('twoFactor.recoveryHelp')}
            </Text>
            <SimpleGrid cols={2} spacing={4}>
              {recoveryCodes.map((c) => (
                <Code key={c}>{c}</Code>
              ))}
            </SimpleGrid>
          </Alert>
        )}
        {status.data.enabledAt ? (
          <>
            <Text size="sm" data-testid="two-factor-on">
              {t('twoFactor.onSince', { date: formatDateTime(status.data.enabledAt), count: status.data.recoveryCodesLeft })}
            </Text>
            <Group align="flex-end">
              <TextInput label={t('twoFactor.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={200} />
              <Button
                color="red"
                variant="light"
                loading={disable.isPending}
                disabled={!code.trim()}
                onClick={() => disable.mutate({ code })}
              >
                {t('twoFactor.turnOff')}
              </Button>
            </Group>
          </>
        ) : start.data ? (
          <>
            <Text size="sm">{t('twoFactor.addKey')}</Text>
            <Code block data-testid="two-factor-secret">
              {start.data.secret}
            </Code>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {start.data.uri}
            </Text>
            <Group align="flex-end">
              <TextInput label={t('twoFactor.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} w={200} />
              <Button loading={confirm.isPending} disabled={!code.trim()} onClick={() => confirm.mutate({ code })}>
                {t('twoFactor.confirm')}
              </Button>
            </Group>
          </>
        ) : (
          <Group>
            <Button variant="light" loading={start.isPending} onClick={() => start.mutate()}>
              {t('twoFactor.turnOn')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
