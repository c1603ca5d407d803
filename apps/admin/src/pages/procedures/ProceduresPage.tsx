/** The procedure catalogue, the procedures with no filings, their reviews, and the data imports. */
import {
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AgencyPicker } from '../../components/AgencyPicker';
import { QueryView } from '../../components/QueryView';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useTRPC } from '../../lib/trpc';
import { ImportsPanel } from './ImportsPanel';
import { OpenReviewModal } from './OpenReviewModal';
import { ReviewsTable } from './ReviewsTable';

export const PROCEDURE_STATUS_COLORS: Record<string, string> = { active: 'blue', simplified: 'teal', abolished: 'gray' };
type Level = 'ministry' | 'province' | 'district' | 'commune';
const LEVELS: Level[] = ['ministry', 'province', 'commune'];

export function ProceduresPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'catalogue';
  const canImport = me.data?.role === 'admin' || me.data?.role === 'home_affairs' || me.data?.role === 'working_group';
  return (
    <Stack gap="sm">
      <Title order={2}>{t('procedures.title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'catalogue' ? { tab: v } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="catalogue">{t('procedures.tabs.catalogue')}</Tabs.Tab>
          <Tabs.Tab value="dormant">{t('procedures.tabs.dormant')}</Tabs.Tab>
          <Tabs.Tab value="reviews">{t('procedures.tabs.reviews')}</Tabs.Tab>
          {canImport && <Tabs.Tab value="imports">{t('procedures.tabs.imports')}</Tabs.Tab>}
        </Tabs.List>
      </Tabs>
      {tab === 'catalogue' && <Catalogue />}
      {tab === 'dormant' && <Dormant />}
      {tab === 'reviews' && <ReviewsTable />}
      {tab === 'imports' && canImport && <ImportsPanel />}
    </Stack>
  );
}

function Catalogue() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 300);
  const [field, setField] = useState<string | null>(null);
  const [level, setLevel] = useState<Level | null>(null);
  const [status, setStatus] = useState<'active' | 'simplified' | 'abolished' | null>(null);
  const list = useQuery({
    ...trpc.procedures.search.queryOptions({
      query: debounced,
      field: field ?? undefined,
      level: level ?? undefined,
      status: status ?? undefined,
      limit: 500,
    }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="xs">
      <Group>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('procedures.searchPlaceholder')}
          aria-label={t('common.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={320}
        />
        <Select
          placeholder={t('procedures.allFields')}
          data={list.data?.fields ?? []}
          value={field}
          onChange={setField}
          clearable
          searchable
          w={240}
          aria-label={t('procedures.field')}
        />
        <Select
          placeholder={t('procedures.allLevels')}
          data={LEVELS.map((l) => ({ value: l, label: t(`procedures.levelNames.${l}`) }))}
          value={level}
          onChange={(v) => setLevel(v as Level | null)}
          clearable
          w={150}
          aria-label={t('procedures.levels')}
        />
        <Select
          placeholder={t('procedures.allStatuses')}
          data={(['active', 'simplified', 'abolished'] as const).map((s) => ({ value: s, label: t(`procedures.statuses.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          clearable
          w={180}
          aria-label={t('procedures.status')}
        />
        {list.isFetching && <Loader size="xs" />}
      </Group>
      {list.data && (
        <Text size="sm" c="dimmed">
          {t('procedures.count', { shown: formatNumber(list.data.items.length), total: formatNumber(list.data.total) })}
        </Text>
      )}
      <Paper withBorder>
        <QueryView query={list} empty={t('procedures.empty')} isEmpty={(d) => d.items.length === 0}>
          {(data) => (
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover data-testid="procedures-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={100}>{t('procedures.code')}</Table.Th>
                    <Table.Th>{t('procedures.name')}</Table.Th>
                    <Table.Th w={200}>{t('procedures.field')}</Table.Th>
                    <Table.Th w={160}>{t('procedures.levels')}</Table.Th>
                    <Table.Th w={170}>{t('procedures.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>{p.code}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/procedures/${p.id}`} size="sm">
                          {p.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{p.field}</Table.Td>
                      <Table.Td>{p.levels.map((l) => t(`procedures.levelNames.${l as Level}`)).join(', ')}</Table.Td>
                      <Table.Td>
                        <Badge color={PROCEDURE_STATUS_COLORS[p.status]} variant="light" tt="none">
                          {t(`procedures.statuses.${p.status as 'active'}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>
    </Stack>
  );
}

function Dormant() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const [months, setMonths] = useState<number | string>(36);
  const [view, setView] = useState('procedure');
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [reviewFor, setReviewFor] = useState<{ procedureId: string; agencyId: string | null; code: string } | null>(null);
  const m = Number(months) || 36;
  // The first 500 rows; search or filter to narrow (the saved scan keeps every row).
  const filter = { months: m, agencyId: agencyId ?? undefined, query: debouncedSearch || undefined, limit: 500 };
  const procedures = useQuery({
    ...trpc.procedures.dormant.queryOptions(filter),
    enabled: view === 'procedure',
    placeholderData: keepPreviousData,
  });
  const pairs = useQuery({
    ...trpc.procedures.dormantPairs.queryOptions(filter),
    enabled: view === 'pair',
    placeholderData: keepPreviousData,
  });
  const scan = useMutation(
    trpc.procedures.scan.mutationOptions({
      onSuccess: (s) =>
        notifications.show({
          color: 'green',
          message: t('procedures.scanned', { procedures: s.dormantProcedures, pairs: s.dormantPairs }),
        }),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const canOpen = me.data?.role === 'home_affairs' || me.data?.role === 'working_group';
  const windowStart = (view === 'procedure' ? procedures.data : pairs.data)?.windowStart;
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} />}
          label={t('common.search')}
          placeholder={t('procedures.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
        />
        <NumberInput label={t('procedures.months')} min={1} max={240} value={months} onChange={setMonths} w={180} />
        <AgencyPicker label={t('procedures.implementing')} value={agencyId} onChange={setAgencyId} w={260} />
        <SegmentedControl
          value={view}
          onChange={setView}
          data={[
            { value: 'procedure', label: t('procedures.byProcedure') },
            { value: 'pair', label: t('procedures.byAgency') },
          ]}
        />
        {canOpen && (
          <Button variant="light" loading={scan.isPending} onClick={() => scan.mutate({ months: m })}>
            {t('procedures.scanNow')}
          </Button>
        )}
      </Group>
      {windowStart && (
        <Text size="sm" c="dimmed">
          {t('procedures.windowHelp', { date: formatDate(windowStart), months: m })}
        </Text>
      )}
      <Paper withBorder>
        {view === 'procedure' ? (
          <QueryView query={procedures} empty={t('common.noResults')} isEmpty={(d) => d.items.length === 0}>
            {(data) => (
              <>
                <Text size="sm" p="xs" c="dimmed">
                  {t('procedures.dormantCount', { count: data.items.length })}
                </Text>
                <Table striped data-testid="dormant-table">
                  <Table.Tbody>
                    {data.items.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td w={100}>{p.code}</Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={`/procedures/${p.id}`} size="sm">
                            {p.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td w={200}>{p.field}</Table.Td>
                        <Table.Td w={180}>{p.lastFiling ? formatDate(p.lastFiling) : t('procedures.never')}</Table.Td>
                        {canOpen && (
                          <Table.Td w={140}>
                            <Button
                              size="xs"
                              variant="subtle"
                              onClick={() => setReviewFor({ procedureId: p.id, agencyId: null, code: p.code })}
                            >
                              {t('procedures.openReview')}
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </QueryView>
        ) : (
          <QueryView query={pairs} empty={t('common.noResults')} isEmpty={(d) => d.items.length === 0}>
            {(data) => (
              <>
                <Text size="sm" p="xs" c="dimmed">
                  {t('procedures.pairCount', { count: data.items.length })}
                </Text>
                <Table striped data-testid="dormant-pairs-table">
                  <Table.Tbody>
                    {data.items.map((p) => (
                      <Table.Tr key={`${p.procedureId}-${p.agencyId}`}>
                        <Table.Td w={100}>{p.code}</Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={`/procedures/${p.procedureId}`} size="sm">
                            {p.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td w={220}>{p.agencyName}</Table.Td>
                        <Table.Td w={180}>{p.lastFiling ? formatDate(p.lastFiling) : t('procedures.never')}</Table.Td>
                        {canOpen && (
                          <Table.Td w={140}>
                            <Button
                              size="xs"
                              variant="subtle"
                              onClick={() => setReviewFor({ procedureId: p.procedureId, agencyId: p.agencyId, code: p.code })}
                            >
                              {t('procedures.openReview')}
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </QueryView>
        )}
      </Paper>
      {reviewFor && <OpenReviewModal target={reviewFor} onClose={() => setReviewFor(null)} />}
    </Stack>
  );
}
