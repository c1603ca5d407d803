/**
 * All tasks (or my agency's): filters kept in the URL so a view can be bookmarked and shared,
 * sortable columns, a virtualised body over every matching task that fetches from the server only the
 * pages of 100 rows in view (the total comes with each page), keyboard navigation (↑/↓ to move, Enter
 * to open), and XLSX/CSV export of the whole filtered set (their own routes).
 */
import { taskFilterFromSearchParams } from '@cchc/core/plans/schemas';
import { TASK_STATUSES } from '@cchc/domain/tasks/status';
import {
  Anchor,
  Box,
  Button,
  Group,
  Loader,
  MultiSelect,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconDownload, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AgencyPicker } from '../../components/AgencyPicker';
import { EmptyState } from '../../components/EmptyState';
import { PlansTabs } from '../../components/PlansTabs';
import { ProgressCell } from '../../components/ProgressCell';
import { StatusBadge } from '../../components/StatusBadge';
import { toIsoDate } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { useMe } from '../../lib/me';
import { type RouterInputs, type RouterOutputs, useTRPC } from '../../lib/trpc';

type Filter = RouterInputs['plans']['taskPage'];
type SortField = NonNullable<Filter['sort']>;
type Page = RouterOutputs['plans']['taskPage'];
const ROW_HEIGHT = 52;
/** Rows fetched at a time as the table scrolls. */
const PAGE_SIZE = 100;
/** The title keeps at least 200 px: on a phone the table scrolls sideways inside its frame instead of squeezing it to nothing. */
const COLUMNS = 'minmax(200px, 2.6fr) minmax(140px, 1.4fr) 110px 160px 170px';
const TABLE_MIN_WIDTH = 800;

export function TasksPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = taskFilterFromSearchParams(params);
  const [text, setText] = useState(filter.query ?? '');
  const [debouncedText] = useDebouncedValue(text, 300);
  const plans = useQuery(trpc.plans.list.queryOptions({}));
  // The first page gives the total; the table fetches the other pages as they scroll into view.
  const tasks = useQuery({
    ...trpc.plans.taskPage.queryOptions({ ...filter, offset: 0, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Record<string, string | string[] | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      if (Array.isArray(value)) for (const v of value) next.append(key, v);
      else if (value) next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text drives the URL
  useEffect(() => {
    if ((filter.query ?? '') !== debouncedText) update({ q: debouncedText || null });
  }, [debouncedText]);

  const sortBy = (field: SortField) =>
    update({ sort: field, dir: filter.sort === field && filter.dir === 'asc' ? 'desc' : 'asc' });
  const total = tasks.data?.total ?? 0;
  const exportHref = (format: 'xlsx' | 'csv') => `/api/exports/tasks.${format}?${params.toString()}`;

  return (
    <Stack gap={0}>
      <Title order={2} mb="sm">
        {t('plans.title')}
      </Title>
      <PlansTabs />
      {filter.mine && me.data && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('tasks.mineHint', { agency: me.data.agencyName })}
        </Text>
      )}
      <Group mb="sm" align="flex-end" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          label={t('common.search')}
          placeholder={t('tasks.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          w={260}
        />
        <Select
          label={t('tasks.plan')}
          placeholder={t('tasks.allPlans')}
          data={(plans.data ?? []).map((p) => ({ value: p.id, label: `${p.year} · ${p.title}` }))}
          value={filter.planId ?? null}
          onChange={(v) => update({ plan: v })}
          clearable
          searchable
          w={240}
        />
        {!filter.mine && (
          <AgencyPicker
            label={t('tasks.agencyFilter')}
            value={filter.agencyId ?? null}
            onChange={(v) => update({ agency: v })}
            w={240}
          />
        )}
        <MultiSelect
          label={t('tasks.status')}
          placeholder={filter.statuses ? undefined : t('tasks.allStatuses')}
          data={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
          value={filter.statuses ?? []}
          onChange={(v) => update({ status: v })}
          clearable
          w={260}
          data-testid="status-filter"
        />
        <DatePickerInput
          type="range"
          label={t('tasks.deadlineRange')}
          valueFormat="DD/MM/YYYY"
          value={[filter.deadlineFrom ?? null, filter.deadlineTo ?? null]}
          onChange={([from, to]) => update({ from: toIsoDate(from), to: toIsoDate(to) })}
          clearable
          w={230}
        />
        <Button variant="subtle" onClick={() => setParams(filter.mine ? { mine: '1' } : {}, { replace: true })}>
          {t('tasks.clearFilters')}
        </Button>
      </Group>
      <Group justify="space-between" mb={6}>
        <Group gap="xs">
          <Text size="sm" c="dimmed" data-testid="task-count">
            {t('tasks.count', { value: formatNumber(total) })}
          </Text>
          {tasks.isFetching && <Loader size="xs" />}
        </Group>
        <Group gap="xs">
          <Button
            component="a"
            href={exportHref('xlsx')}
            variant="light"
            size="xs"
            leftSection={<IconDownload size={14} />}
            data-testid="export-xlsx"
          >
            {t('tasks.exportXlsx')}
          </Button>
          <Button component="a" href={exportHref('csv')} variant="light" size="xs" leftSection={<IconDownload size={14} />}>
            {t('tasks.exportCsv')}
          </Button>
        </Group>
      </Group>
      <Paper withBorder style={{ overflowX: 'auto' }} data-testid="tasks-frame">
        <Box miw={TABLE_MIN_WIDTH}>
          <Box style={{ display: 'grid', gridTemplateColumns: COLUMNS }} px="sm" py={8} bg="gray.0" role="row">
            <SortHeader label={t('tasks.name')} field="title" filter={filter} onSort={sortBy} />
            <SortHeader label={t('tasks.lead')} field="lead" filter={filter} onSort={sortBy} />
            <SortHeader label={t('tasks.deadline')} field="deadline" filter={filter} onSort={sortBy} />
            <SortHeader label={t('tasks.status')} field="status" filter={filter} onSort={sortBy} />
            <SortHeader label={t('tasks.progress')} field="progress" filter={filter} onSort={sortBy} />
          </Box>
          {tasks.isPending ? (
            <Loader m="md" />
          ) : tasks.error ? (
            <Text c="red" p="md">
              {errorMessage(tasks.error, t)}
            </Text>
          ) : !tasks.data || total === 0 ? (
            <EmptyState>{t('tasks.empty')}</EmptyState>
          ) : (
            <VirtualRows
              filter={filter}
              firstPage={tasks.data}
              stale={tasks.isPlaceholderData}
              onOpen={(id) => navigate(`/tasks/${id}`)}
            />
          )}
        </Box>
      </Paper>
    </Stack>
  );
}

function SortHeader({
  label,
  field,
  filter,
  onSort,
}: {
  label: string;
  field: SortField;
  filter: Filter;
  onSort: (f: SortField) => void;
}) {
  const active = filter.sort === field;
  const Icon = filter.dir === 'desc' ? IconArrowDown : IconArrowUp;
  return (
    <UnstyledButton
      onClick={() => onSort(field)}
      role="columnheader"
      aria-sort={active ? (filter.dir === 'desc' ? 'descending' : 'ascending') : 'none'}
    >
      <Group gap={4} wrap="nowrap">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        {active && <Icon size={14} />}
      </Group>
    </UnstyledButton>
  );
}

/**
 * The rows of the list. While another filter's rows are on their way (`stale`), the previous ones stay in
 * view, dimmed and not clickable: rows are reused by position, so a tap then could open another task.
 */
function VirtualRows({
  filter,
  firstPage,
  stale,
  onOpen,
}: {
  filter: Filter;
  firstPage: Page;
  stale: boolean;
  onOpen: (id: string) => void;
}) {
  const trpc = useTRPC();
  const parentRef = useRef<HTMLDivElement>(null);
  const total = firstPage.total;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  // Another filter or order is another list: back to its top.
  const filterKey = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new filter moves the scroll
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [filterKey]);
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  const pageNumbers: number[] = [];
  for (let p = Math.floor(firstIndex / PAGE_SIZE); p <= Math.floor(lastIndex / PAGE_SIZE); p++) if (p > 0) pageNumbers.push(p);
  const pages = useQueries({
    queries: pageNumbers.map((p) => trpc.plans.taskPage.queryOptions({ ...filter, offset: p * PAGE_SIZE, limit: PAGE_SIZE })),
  });
  const rowAt = (index: number) => {
    const p = Math.floor(index / PAGE_SIZE);
    const page = p === 0 ? firstPage : pages[pageNumbers.indexOf(p)]?.data;
    return page?.rows[index - p * PAGE_SIZE];
  };
  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(total - 1, index));
    virtualizer.scrollToIndex(clamped);
    requestAnimationFrame(() => parentRef.current?.querySelector<HTMLElement>(`[data-index="${clamped}"]`)?.focus());
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: the virtualised body is positioned divs, not a <tbody>
    <div
      ref={parentRef}
      style={{
        height: 'min(65vh, 720px)',
        overflow: 'auto',
        opacity: stale ? 0.55 : 1,
        pointerEvents: stale ? 'none' : undefined,
      }}
      role="rowgroup"
      aria-busy={stale || undefined}
      data-testid="tasks-table"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rowAt(item.index);
          return (
            // biome-ignore lint/a11y/useSemanticElements: a virtualised grid row cannot be a <tr>
            <div
              // Keyed by position: a row keeps its element (and the keyboard focus) when its page arrives.
              key={item.index}
              data-index={item.index}
              role="row"
              tabIndex={0}
              aria-busy={row ? undefined : true}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && row) onOpen(row.id);
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  focusRow(item.index + 1);
                }
                if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  focusRow(item.index - 1);
                }
              }}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${item.start}px)`,
                display: 'grid',
                gridTemplateColumns: COLUMNS,
                alignItems: 'center',
                padding: '0 12px',
                borderBottom: '1px solid var(--mantine-color-gray-2)',
              }}
            >
              {row ? <TaskCells row={row} /> : <LoadingCells />}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function TaskCells({ row }: { row: Page['rows'][number] }) {
  const { t } = useTranslation();
  return (
    <>
      <div style={{ overflow: 'hidden' }}>
        <Anchor component={Link} to={`/tasks/${row.id}`} size="sm" lineClamp={1} tabIndex={-1}>
          {row.code ? `${row.code}. ` : ''}
          {row.title}
        </Anchor>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {row.planTitle}
        </Text>
      </div>
      <Text size="sm" lineClamp={2}>
        {row.leadAgencyName}
      </Text>
      <Group gap={4} wrap="nowrap">
        <Text size="sm">{row.deadline ? formatDate(row.deadline) : t('tasks.noDeadline')}</Text>
        {row.deadlineUnconfirmedYears.length > 0 && (
          <Tooltip
            label={t('calendar.unconfirmedDeadline', { years: row.deadlineUnconfirmedYears.join(', ') })}
            multiline
            w={260}
          >
            <IconAlertTriangle
              size={14}
              color="var(--mantine-color-orange-6)"
              aria-label={t('calendar.unconfirmedDeadline', { years: row.deadlineUnconfirmedYears.join(', ') })}
              data-testid="unconfirmed-deadline"
            />
          </Tooltip>
        )}
      </Group>
      <div>
        <StatusBadge status={row.status} />
      </div>
      <ProgressCell value={row.progress} w={90} />
    </>
  );
}

function LoadingCells() {
  return (
    <>
      <Skeleton height={14} width="70%" />
      <Skeleton height={14} width="60%" />
      <Skeleton height={14} width={80} />
      <Skeleton height={20} width={110} />
      <Skeleton height={14} width={90} />
    </>
  );
}
