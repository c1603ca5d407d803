/** Compute a period's scores (a background job with progress) and the list of runs. */
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { type PeriodFrequency, periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import { Alert, Badge, Button, Group, Paper, Progress, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';

const KINDS: PeriodFrequency[] = ['quarter', 'month', 'half_year', 'nine_months', 'year'];
const STATUS_COLORS: Record<string, string> = { queued: 'gray', running: 'blue', done: 'green', failed: 'red' };

export function RunsPanel({ canCompute }: { canCompute: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useQuery({
    ...trpc.scores.runs.queryOptions(),
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'queued' || r.status === 'running') ? 1000 : false),
  });
  const [kind, setKind] = useState<PeriodFrequency>('quarter');
  const [reference, setReference] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const today = useToday();
  // By default the last closed quarter: the one before the quarter containing today.
  const ref = reference ?? (today ? previousPeriod(periodContaining(today, 'quarter', 'nd09'), 'quarter', 'nd09').to : null);
  const period = ref ? periodContaining(ref, kind, 'nd09') : null;
  const compute = useMutation(
    trpc.scores.compute.mutationOptions({
      onSuccess: (r) => {
        setRunId(r.runId);
        notifications.show({ color: 'blue', message: t('scores.compute.queued') });
      },
    }),
  );
  const run = useQuery({
    ...trpc.scores.run.queryOptions({ id: runId ?? '00000000-0000-0000-0000-000000000000' }),
    enabled: runId !== null,
    refetchInterval: (q) =>
      !q.state.data || q.state.data.status === 'queued' || q.state.data.status === 'running' ? 400 : false,
  });
  const finished = run.data?.status === 'done' || run.data?.status === 'failed';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
  }, [finished, queryClient, trpc]);
  const r = run.data;
  const percent = r?.agenciesTotal ? Math.round((r.agenciesDone / r.agenciesTotal) * 100) : 0;
  return (
    <Stack>
      {canCompute && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={5}>{t('scores.compute.title')}</Title>
            <Text size="xs" c="dimmed">
              {t('scores.compute.schedule')}
            </Text>
            <Group align="flex-end">
              <Select
                label={t('scores.compute.kind')}
                data={KINDS.map((k) => ({ value: k, label: t(`scores.compute.kinds.${k}`) }))}
                value={kind}
                onChange={(v) => v && setKind(v as PeriodFrequency)}
                allowDeselect={false}
                w={160}
              />
              <DateField
                label={t('scores.compute.reference')}
                value={ref}
                onChange={(v) => setReference(v && isIsoDate(v) ? v : null)}
                w={160}
              />
              {period && (
                <Text size="sm" pb={6} data-testid="compute-period">
                  {formatDate(period.from)} – {formatDate(period.to)}
                </Text>
              )}
              <Button
                disabled={!period}
                loading={compute.isPending || r?.status === 'queued' || r?.status === 'running'}
                onClick={() => period && compute.mutate({ periodKind: kind, from: period.from, to: period.to })}
              >
                {t('scores.compute.run')}
              </Button>
            </Group>
            {compute.error && <Alert color="red">{errorMessage(compute.error, t)}</Alert>}
            {r && (
              <div data-testid="run-progress">
                <Text size="sm">
                  {t('scores.compute.progress', {
                    phase: t(`scores.compute.phases.${(r.phase ?? 'queued') as 'queued'}`),
                    done: r.agenciesDone,
                    total: r.agenciesTotal,
                  })}
                </Text>
                <Progress
                  value={r.status === 'done' ? 100 : percent}
                  animated={!finished}
                  color={r.status === 'failed' ? 'red' : undefined}
                />
                {r.error && <Text c="red">{r.error}</Text>}
              </div>
            )}
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="md">
        <Title order={5} mb="xs">
          {t('scores.compute.runs')}
        </Title>
        <Table data-testid="runs-table">
          <Table.Tbody>
            {(runs.data ?? []).map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>
                  {formatDate(x.periodFrom)} – {formatDate(x.periodTo)}
                </Table.Td>
                <Table.Td>{t('scores.schemeVersion', { version: x.schemeVersion })}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[x.status]} variant="light" tt="none">
                    {t(
                      `scores.compute.phases.${x.status === 'running' ? ((x.phase ?? 'scoring') as 'scoring') : (x.status as 'done')}`,
                    )}
                  </Badge>
                </Table.Td>
                <Table.Td>{t(`scores.compute.trigger.${x.trigger as 'manual'}`)}</Table.Td>
                <Table.Td>{formatDateTime(x.finishedAt ?? x.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
