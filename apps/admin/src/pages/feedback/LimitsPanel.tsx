/** Time limits (working days): the province default and per-agency / per-channel rules. */
import { FEEDBACK_CHANNELS, NATIONAL_FEEDBACK_LIMITS } from '@cchc/domain/feedback/workflow';
import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AgencyPicker } from '../../components/AgencyPicker';
import { QueryView } from '../../components/QueryView';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

const DAY_FIELDS = ['refuseDays', 'infoDays', 'answerDays', 'publishDays'] as const;

export function LimitsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const limits = useQuery(trpc.feedback.limits.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.feedback.limits.queryKey() });
  const form = useForm({
    initialValues: {
      agencyId: null as string | null,
      channel: null as (typeof FEEDBACK_CHANNELS)[number] | null,
      ...NATIONAL_FEEDBACK_LIMITS,
    },
  });
  const save = useMutation(
    trpc.feedback.saveLimit.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('feedback.limits.saved') });
        await refresh();
      },
      onError: (error) => {
        form.setErrors(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  const remove = useMutation(trpc.feedback.deleteLimit.mutationOptions({ onSuccess: refresh }));
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('feedback.limits.help')}
      </Text>
      <QueryView query={limits} empty={t('feedback.limits.national')}>
        {(rows) => (
          <Table maw={900} data-testid="limits-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('feedback.limits.scope')}</Table.Th>
                <Table.Th>{t('feedback.channel')}</Table.Th>
                {DAY_FIELDS.map((f) => (
                  <Table.Th key={f}>{t(`feedback.limits.${f}`)}</Table.Th>
                ))}
                {canEdit && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.agencyName ?? t('feedback.limits.provinceDefault')}</Table.Td>
                  <Table.Td>
                    {r.channel ? t(`feedback.channels.${r.channel as 'letter'}`) : t('feedback.limits.allChannels')}
                  </Table.Td>
                  {DAY_FIELDS.map((f) => (
                    <Table.Td key={f}>{r[f]}</Table.Td>
                  ))}
                  {canEdit && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('common.delete')}
                        onClick={() =>
                          modals.openConfirmModal({
                            title: t('common.delete'),
                            children: t('feedback.limits.confirmDelete'),
                            labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
                            confirmProps: { color: 'red' },
                            onConfirm: () => remove.mutate({ id: r.id }),
                          })
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
      {canEdit && (
        <Paper withBorder p="md" maw={900}>
          <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
            <Stack gap="xs">
              <Group grow>
                <AgencyPicker
                  label={t('feedback.limits.scope')}
                  placeholder={t('feedback.limits.provinceDefault')}
                  value={form.values.agencyId}
                  onChange={(id) => form.setFieldValue('agencyId', id)}
                />
                <Select
                  label={t('feedback.channel')}
                  placeholder={t('feedback.limits.allChannels')}
                  data={FEEDBACK_CHANNELS.map((c) => ({ value: c, label: t(`feedback.channels.${c}`) }))}
                  clearable
                  {...form.getInputProps('channel')}
                />
              </Group>
              <Group grow>
                {DAY_FIELDS.map((f) => (
                  <NumberInput
                    key={f}
                    label={t(`feedback.limits.${f}`)}
                    min={0}
                    max={365}
                    allowDecimal={false}
                    {...form.getInputProps(f)}
                  />
                ))}
              </Group>
              {save.error && <Alert color="red">{errorMessage(save.error, t)}</Alert>}
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
