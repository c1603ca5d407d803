/** The procedure catalogue, the procedures with no filings, their reviews, and the data imports. */
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Pagination,
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
import { IconDownload, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AgencyPicker } from '../../components/AgencyPicker';
import { QueryView } from '../../components/QueryView';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { useMay } from '../../lib/me';
import { useTRPC } from '../../lib/trpc';
import { ImportsPanel } from './ImportsPanel';
import { OpenReviewModal } from './OpenReviewModal';
import { ReviewsTable } from './ReviewsTable';

export const PROCEDURE_STATUS_COLORS: Record<string, string> = { active: 'blue', simplified: 'teal', abolished: 'gray' };
type Level = 'ministry' | 'province' | 'district' | 'commune';
const LEVELS: Level[] = ['ministry', 'province', 'commune'];

export function ProceduresPage() {
  const may = useMay();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'catalogue';
  const canImport = may('procedures.importCatalogue');
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

/** Rows per page of the dormant list; the total comes from the server. */
const DORMANT_PAGE = 100;

function Dormant() {
  const may = useMay();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [months, setMonths] = useState<number | string>(36);
  const [view, setView] = useState<'procedure' | 'pair'>('procedure');
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [page, setPage] = useState(1);
  const [reviewFor, setReviewFor] = useState<{ procedureId: string; agencyId: string | null; code: string } | null>(null);
  /** Procedures ticked for the bulk assignment (kept across pages). */
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [bulkOpen, setBulkOpen] = useState(false);
  const m = Number(months) || 36;
  const query = { months: m, agencyId: agencyId ?? undefined, query: debouncedSearch || undefined };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts at its first page
  useEffect(() => setPage(1), [m, agencyId, debouncedSearch, view]);
  const filter = { ...query, limit: DORMANT_PAGE, offset: (page - 1) * DORMANT_PAGE };
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
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const file = await queryClient.fetchQuery(trpc.procedures.dormantXlsx.queryOptions({ ...query, view }, { staleTime: 0 }));
      const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(
        new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = file.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) });
    } finally {
      setExporting(false);
    }
  };
  const canOpen = may('procedures.openReview');
  const current = view === 'procedure' ? procedures.data : pairs.data;
  const windowStart = current?.windowStart;
  const toggle = (id: string, code: string, on: boolean) =>
    setSelected((old) => {
      const next = new Map(old);
      if (on) next.set(id, code);
      else next.delete(id);
      return next;
    });
  const pager = (total: number) =>
    total > DORMANT_PAGE && (
      <Group justify="center" p="xs">
        <Pagination
          total={Math.ceil(total / DORMANT_PAGE)}
          value={page}
          onChange={setPage}
          size="sm"
          data-testid="dormant-pages"
        />
      </Group>
    );
  return (
    <Stack gap="xs">
      <Group align="flex-end" wrap="wrap">
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
          onChange={(v) => setView(v as 'procedure' | 'pair')}
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
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={exporting}
          onClick={() => void exportXlsx()}
          data-testid="dormant-export"
        >
          {t('procedures.exportXlsx')}
        </Button>
      </Group>
      {windowStart && (
        <Text size="sm" c="dimmed">
          {t('procedures.windowHelp', { date: formatDate(windowStart), months: m })}
        </Text>
      )}
      {canOpen && view === 'procedure' && selected.size > 0 && (
        <Group gap="xs" data-testid="dormant-selection">
          <Text size="sm">{t('procedures.selected', { count: selected.size })}</Text>
          <Button size="xs" onClick={() => setBulkOpen(true)}>
            {t('procedures.openReviews', { count: selected.size })}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setSelected(new Map())}>
            {t('procedures.clearSelection')}
          </Button>
        </Group>
      )}
      <Paper withBorder>
        {view === 'procedure' ? (
          <QueryView query={procedures} empty={t('common.noResults')} isEmpty={(d) => d.items.length === 0}>
            {(data) => {
              const allOnPage = data.items.length > 0 && data.items.every((p) => selected.has(p.id));
              return (
                <>
                  <Text size="sm" p="xs" c="dimmed" data-testid="dormant-total">
                    {t('procedures.dormantTotal', {
                      total: formatNumber(data.total),
                      from: formatNumber(filter.offset + 1),
                      to: formatNumber(filter.offset + data.items.length),
                    })}
                  </Text>
                  <Table.ScrollContainer minWidth={760}>
                    <Table striped data-testid="dormant-table">
                      <Table.Thead>
                        <Table.Tr>
                          {canOpen && (
                            <Table.Th w={40}>
                              <Checkbox
                                aria-label={t('procedures.selectPage')}
                                checked={allOnPage}
                                onChange={(e) => {
                                  for (const p of data.items) toggle(p.id, p.code, e.currentTarget.checked);
                                }}
                              />
                            </Table.Th>
                          )}
                          <Table.Th w={100}>{t('procedures.code')}</Table.Th>
                          <Table.Th>{t('procedures.name')}</Table.Th>
                          <Table.Th w={200}>{t('procedures.field')}</Table.Th>
                          <Table.Th w={180}>{t('procedures.lastFiling')}</Table.Th>
                          {canOpen && <Table.Th w={140} />}
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {data.items.map((p) => (
                          <Table.Tr key={p.id}>
                            {canOpen && (
                              <Table.Td>
                                <Checkbox
                                  aria-label={t('procedures.selectOne', { code: p.code })}
                                  checked={selected.has(p.id)}
                                  onChange={(e) => toggle(p.id, p.code, e.currentTarget.checked)}
                                />
                              </Table.Td>
                            )}
                            <Table.Td>{p.code}</Table.Td>
                            <Table.Td>
                              <Anchor component={Link} to={`/procedures/${p.id}`} size="sm">
                                {p.name}
                              </Anchor>
                            </Table.Td>
                            <Table.Td>{p.field}</Table.Td>
                            <Table.Td>{p.lastFiling ? formatDate(p.lastFiling) : t('procedures.never')}</Table.Td>
                            {canOpen && (
                              <Table.Td>
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
                  </Table.ScrollContainer>
                  {pager(data.total)}
                </>
              );
            }}
          </QueryView>
        ) : (
          <QueryView query={pairs} empty={t('common.noResults')} isEmpty={(d) => d.items.length === 0}>
            {(data) => (
              <>
                <Text size="sm" p="xs" c="dimmed" data-testid="dormant-total">
                  {t('procedures.pairTotal', {
                    total: formatNumber(data.total),
                    from: formatNumber(filter.offset + 1),
                    to: formatNumber(filter.offset + data.items.length),
                  })}
                </Text>
                <Table.ScrollContainer minWidth={760}>
                  <Table striped data-testid="dormant-pairs-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={100}>{t('procedures.code')}</Table.Th>
                        <Table.Th>{t('procedures.name')}</Table.Th>
                        <Table.Th w={220}>{t('procedures.implementing')}</Table.Th>
                        <Table.Th w={180}>{t('procedures.lastFiling')}</Table.Th>
                        {canOpen && <Table.Th w={140} />}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((p) => (
                        <Table.Tr key={`${p.procedureId}-${p.agencyId}`}>
                          <Table.Td>{p.code}</Table.Td>
                          <Table.Td>
                            <Anchor component={Link} to={`/procedures/${p.procedureId}`} size="sm">
                              {p.name}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{p.agencyName}</Table.Td>
                          <Table.Td>{p.lastFiling ? formatDate(p.lastFiling) : t('procedures.never')}</Table.Td>
                          {canOpen && (
                            <Table.Td>
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
                </Table.ScrollContainer>
                {pager(data.total)}
              </>
            )}
          </QueryView>
        )}
      </Paper>
      {reviewFor && <OpenReviewModal target={reviewFor} onClose={() => setReviewFor(null)} />}
      {bulkOpen && (
        <OpenReviewModal
          bulk={[...selected.entries()].map(([id, code]) => ({ id, code }))}
          onClose={(done) => {
            setBulkOpen(false);
            if (done) setSelected(new Map());
          }}
        />
      )}
    </Stack>
  );
}
