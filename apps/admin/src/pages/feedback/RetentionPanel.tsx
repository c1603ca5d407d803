/** How long submitters' personal data is kept on closed feedback (Nghị định 13/2023), for the Sở Nội vụ. */
import { Button, Checkbox, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

export function RetentionPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retention = useQuery(trpc.feedback.retention.queryOptions());
  const [months, setMonths] = useState<number | string>(24);
  const [keep, setKeep] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!retention.data) return;
    setKeep(retention.data.months === null);
    if (retention.data.months !== null) setMonths(retention.data.months);
  }, [retention.data]);
  const save = useMutation(
    trpc.feedback.saveRetention.mutationOptions({
      onSuccess: async () => {
        setError(null);
        notifications.show({ color: 'green', message: t('common.saved') });
        await queryClient.invalidateQueries({ queryKey: trpc.feedback.retention.queryKey() });
      },
      onError: (e) => {
        const field = fieldErrorsOf(e).months;
        setError(field ?? null);
        if (!field) notifications.show({ color: 'red', message: errorMessage(e, t) });
      },
    }),
  );
  return (
    <Paper withBorder p="md" data-testid="feedback-retention">
      <Stack gap="sm">
        <Title order={4}>{t('retention.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('retention.help')}
        </Text>
        <Group align="flex-end">
          <NumberInput
            label={t('retention.months')}
            min={1}
            max={240}
            value={months}
            onChange={setMonths}
            disabled={keep}
            error={error}
            w={240}
          />
          <Checkbox label={t('retention.keep')} checked={keep} onChange={(e) => setKeep(e.currentTarget.checked)} mb={8} />
          <Button loading={save.isPending} onClick={() => save.mutate({ months: keep ? null : Number(months) })}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
