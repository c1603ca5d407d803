/** The list of reform plans with their roll-up progress, and creating a plan. */
import { Anchor, Badge, Button, Group, Loader, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PlansTabs } from '../../components/PlansTabs';
import { ProgressCell } from '../../components/ProgressCell';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatNumber } from '../../lib/format';
import { useMay } from '../../lib/me';
import { useTRPC } from '../../lib/trpc';
import { PlanFormModal } from './PlanFormModal';

export const PLAN_STATUS_COLORS: Record<string, string> = { draft: 'gray', active: 'blue', closed: 'green' };

export function PlansPage() {
  const may = useMay();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 250);
  const [year, setYear] = useState<number | string>('');
  const [creating, setCreating] = useState(false);
  const plans = useQuery({
    ...trpc.plans.list.queryOptions({ query: debounced || undefined, year: typeof year === 'number' ? year : undefined }),
    placeholderData: keepPreviousData,
  });
  const canManage = may('plans.create');

  return (
    <Stack gap={0}>
      <Group justify="space-between" mb="sm">
        <Title order={2}>{t('plans.title')}</Title>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('plans.create')}
          </Button>
        )}
      </Group>
      <PlansTabs />
      <Group mb="sm">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('plans.searchPlaceholder')}
          aria-label={t('common.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={320}
        />
        <NumberInput
          placeholder={t('plans.year')}
          aria-label={t('plans.year')}
          value={year}
          onChange={setYear}
          min={2000}
          max={2100}
          w={120}
        />
        {plans.isFetching && <Loader size="xs" />}
      </Group>
      <Paper withBorder>
        <QueryView query={plans} empty={t('plans.empty')}>
          {(data) => (
            <Table.ScrollContainer minWidth={900}>
              <Table highlightOnHover data-testid="plans-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('plans.year')}</Table.Th>
                    <Table.Th>{t('plans.name')}</Table.Th>
                    <Table.Th>{t('plans.docNumber')}</Table.Th>
                    <Table.Th>{t('plans.status')}</Table.Th>
                    <Table.Th>{t('plans.tasks')}</Table.Th>
                    <Table.Th>{t('plans.overdue')}</Table.Th>
                    <Table.Th>{t('plans.progress')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.year}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/plans/${p.id}`}>
                          {p.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {p.docNumber ?? '—'}
                        {p.docDate && (
                          <Text size="xs" c="dimmed">
                            {formatDate(p.docDate)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={PLAN_STATUS_COLORS[p.status]} variant="light" tt="none">
                          {t(`planStatus.${p.status as 'draft'}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{formatNumber(p.taskCount)}</Table.Td>
                      <Table.Td c={p.overdueCount ? 'red' : undefined}>{formatNumber(p.overdueCount)}</Table.Td>
                      <Table.Td>
                        <ProgressCell value={p.progress} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>
      {creating && <PlanFormModal plan={null} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
