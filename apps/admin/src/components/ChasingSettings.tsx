/** The chasing settings (reminder window, stale threshold) and "run now", for the Sở Nội vụ. */
import { Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../lib/trpc';

export function ChasingSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.system.chasingSettings.queryOptions());
  const [remind, setRemind] = useState<number | string>(3);
  const [stale, setStale] = useState<number | string>(30);
  useEffect(() => {
    if (!settings.data) return;
    setRemind(settings.data.remindWorkingDaysBefore);
    setStale(settings.data.staleAfterDays);
  }, [settings.data]);
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error, t) });
  const save = useMutation(
    trpc.system.saveChasingSettings.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('common.saved') });
        await queryClient.invalidateQueries({ queryKey: trpc.system.chasingSettings.queryKey() });
      },
      onError,
    }),
  );
  const run = useMutation(
    trpc.system.runTaskChasing.mutationOptions({
      onSuccess: (r) => notifications.show({ color: 'green', message: t('chasing.ran', r) }),
      onError,
    }),
  );
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{t('chasing.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('chasing.help')}
        </Text>
        <Group align="flex-end">
          <NumberInput label={t('chasing.remindBefore')} min={0} max={30} value={remind} onChange={setRemind} w={240} />
          <NumberInput label={t('chasing.staleAfter')} min={1} max={365} value={stale} onChange={setStale} w={240} />
          <Button
            loading={save.isPending}
            onClick={() => save.mutate({ remindWorkingDaysBefore: Number(remind), staleAfterDays: Number(stale) })}
          >
            {t('common.save')}
          </Button>
          <Button variant="light" loading={run.isPending} onClick={() => run.mutate()}>
            {t('chasing.runNow')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
