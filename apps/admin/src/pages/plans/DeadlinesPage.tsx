/** Upcoming deadlines of open tasks, week by week (a timeline the working group chases from). */
import { Anchor, Group, Loader, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { PlansTabs } from '../../components/PlansTabs';
import { StatusBadge } from '../../components/StatusBadge';
import { addDaysIso } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';

/** Monday of the week of a date. */
function weekStart(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDaysIso(date, -((dow + 6) % 7));
}

export function DeadlinesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const [days, setDays] = useState('30');
  const today = useToday();
  const scoped = me.data?.role === 'agency_head' || me.data?.role === 'agency_officer';
  const tasks = useQuery({
    ...trpc.plans.tasks.queryOptions({
      deadlineFrom: today,
      deadlineTo: today ? addDaysIso(today, Number(days)) : undefined,
      statuses: ['not_started', 'in_progress'],
      mine: scoped || undefined,
      sort: 'deadline',
    }),
    enabled: Boolean(today),
  });
  const weeks = new Map<string, NonNullable<typeof tasks.data>>();
  for (const task of tasks.data ?? []) {
    if (!task.deadline) continue;
    const key = weekStart(task.deadline);
    weeks.set(key, [...(weeks.get(key) ?? []), task]);
  }
  return (
    <Stack gap={0}>
      <Title order={2} mb="sm">
        {t('plans.title')}
      </Title>
      <PlansTabs />
      <Group mb="md">
        <Text>{t('tasks.upcoming', { days })}</Text>
        <SegmentedControl value={days} onChange={setDays} data={['14', '30', '60', '90']} />
      </Group>
      {tasks.isPending ? (
        <Loader />
      ) : tasks.error ? (
        <Text c="red">{errorMessage(tasks.error, t)}</Text>
      ) : weeks.size === 0 ? (
        <Paper withBorder>
          <EmptyState>{t('tasks.noUpcoming')}</EmptyState>
        </Paper>
      ) : (
        <Stack>
          {[...weeks.entries()].map(([week, list]) => (
            <Paper withBorder key={week} p="sm">
              <Text fw={600} mb="xs">
                {t('tasks.week', { date: formatDate(week) })}
              </Text>
              <Table>
                <Table.Tbody>
                  {list.map((task) => (
                    <Table.Tr key={task.id}>
                      <Table.Td w={110}>{formatDate(task.deadline)}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/tasks/${task.id}`}>
                          {task.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td w={260}>{task.leadAgencyName}</Table.Td>
                      <Table.Td w={170}>
                        <StatusBadge status={task.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
