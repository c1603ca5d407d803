/** Feedback (PAKN): the register, the figures by agency, imports and time limits. */
import type { FeedbackDrill } from '@cchc/domain/feedback/figures';
import { FEEDBACK_CHANNELS, FEEDBACK_STATUSES, type FeedbackStatus } from '@cchc/domain/feedback/workflow';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Pagination,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconDownload, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DaysLeft } from '../../components/DaysLeft';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatNumber } from '../../lib/format';
import { useMay, useMe } from '../../lib/me';
import { useTRPC } from '../../lib/trpc';
import { CreateFeedbackModal } from './CreateFeedbackModal';
import { FiguresPanel } from './FiguresPanel';
import { ImportPanel } from './ImportPanel';
import { LimitsPanel } from './LimitsPanel';
import { RetentionPanel } from './RetentionPanel';

export const FEEDBACK_STATUS_COLORS: Record<FeedbackStatus, string> = {
  received: 'gray',
  classified: 'gray',
  assigned: 'blue',
  forwarded: 'grape',
  info_requested: 'yellow',
  answered: 'teal',
  published: 'green',
  refused: 'dark',
  returned: 'dark',
};

export function FeedbackStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={FEEDBACK_STATUS_COLORS[status as FeedbackStatus] ?? 'gray'} variant="light" tt="none" data-status={status}>
      {t(`feedback.statuses.${status as FeedbackStatus}`)}
    </Badge>
  );
}

export function FeedbackPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'register';
  const role = me.data?.role;
  const may = useMay();
  const coordinator = may('feedback.importStart');
  const scoped = role === 'agency_head' || role === 'agency_officer';
  const setTab = (v: string | null) => setParams(v && v !== 'register' ? { tab: v } : {}, { replace: true });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('feedback.title')}</Title>
        {scoped && (
          <Button component={Link} to="/feedback/agency" variant="light">
            {t('feedback.myAgency')}
          </Button>
        )}
      </Group>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="register">{t('feedback.tabs.register')}</Tabs.Tab>
          <Tabs.Tab value="figures">{t('feedback.tabs.figures')}</Tabs.Tab>
          {coordinator && <Tabs.Tab value="imports">{t('feedback.tabs.imports')}</Tabs.Tab>}
          <Tabs.Tab value="limits">{t('feedback.tabs.limits')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'register' && <Register canCreate={may('feedback.create')} />}
      {tab === 'figures' && <FiguresPanel />}
      {tab === 'imports' && coordinator && <ImportPanel />}
      {tab === 'limits' && <LimitsPanel canEdit={may('feedback.saveLimit')} />}
      {tab === 'limits' && may('feedback.retention') && <RetentionPanel />}
    </Stack>
  );
}

const PAGE = 50;
const SORTS = ['received', 'number', 'due', 'status', 'agency'] as const;
type Sort = (typeof SORTS)[number];

function Register({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(query, 300);
  const [creating, setCreating] = useState(false);
  const [page, setPage] = useState(1);
  const [cursor, setCursor] = useState(0);
  const statuses = params.getAll('status') as FeedbackStatus[];
  const channel = params.get('channel');
  const drill = params.get('drill') as FeedbackDrill | null;
  const agencyId = params.get('agencyId');
  const from = params.get('from');
  const to = params.get('to');
  const overdueOnly = params.get('overdue') === '1';
  const sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as Sort) : 'received';
  const dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
  /** A column header sorts by it; a second click turns the order round. Due dates start with the nearest (overdue first). */
  const sortBy = (field: Sort) =>
    update(
      field === sort
        ? { sort: field, dir: dir === 'asc' ? 'desc' : 'asc' }
        : { sort: field, dir: field === 'due' || field === 'agency' ? 'asc' : 'desc' },
    );
  const header = (label: string, field: Sort) => (
    <Table.Th aria-sort={sort === field ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => sortBy(field)} data-testid={`sort-${field}`}>
        <Group gap={4} wrap="nowrap">
          <Text size="sm" fw={600}>
            {label}
          </Text>
          {sort === field && (dir === 'asc' ? <IconArrowUp size={14} /> : <IconArrowDown size={14} />)}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
  const update = (patch: Record<string, string | string[] | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      next.delete(key);
      if (Array.isArray(value)) for (const v of value) next.append(key, v);
      else if (value) next.set(key, value);
    }
    setPage(1);
    setParams(next, { replace: true });
  };
  const list = useQuery({
    ...trpc.feedback.list.queryOptions({
      q: debounced || null,
      status: statuses,
      channel: (channel as (typeof FEEDBACK_CHANNELS)[number]) ?? null,
      agencyId,
      from,
      to,
      drill,
      overdueOnly,
      sort,
      dir,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    }),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.rows ?? [];
  const open = (id: string) => navigate(`/feedback/${id}`);
  return (
    <Stack gap="xs">
      {drill && (
        <Alert color="blue" data-testid="drill-banner">
          <Group justify="space-between">
            <Text size="sm">
              {t('feedback.drillOf', {
                figure: t(`feedback.figures.${drill === 'late' ? 'late' : drill}`),
                agency: rows[0]?.agencyName ?? '',
                from: formatDate(from),
                to: formatDate(to),
              })}
            </Text>
            <Button size="xs" variant="subtle" onClick={() => update({ drill: null, agencyId: null, from: null, to: null })}>
              {t('feedback.clearDrill')}
            </Button>
          </Group>
        </Alert>
      )}
      <Group>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('feedback.searchPlaceholder')}
          aria-label={t('common.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={300}
        />
        <MultiSelect
          placeholder={statuses.length ? undefined : t('feedback.allStatuses')}
          data={FEEDBACK_STATUSES.map((s) => ({ value: s, label: t(`feedback.statuses.${s}`) }))}
          value={statuses}
          onChange={(v) => update({ status: v })}
          clearable
          w={280}
          aria-label={t('feedback.status')}
        />
        <Select
          placeholder={t('feedback.allChannels')}
          data={FEEDBACK_CHANNELS.map((c) => ({ value: c, label: t(`feedback.channels.${c}`) }))}
          value={channel}
          onChange={(v) => update({ channel: v })}
          clearable
          w={220}
          aria-label={t('feedback.channel')}
        />
        <Checkbox
          label={t('feedback.overdueOnly')}
          checked={overdueOnly}
          onChange={(e) => update({ overdue: e.currentTarget.checked ? '1' : null })}
        />
        <Button
          component="a"
          href={`/api/exports/feedback.xlsx?${params.toString()}${debounced ? `&q=${encodeURIComponent(debounced)}` : ''}`}
          variant="light"
          leftSection={<IconDownload size={16} />}
          ml="auto"
        >
          {t('feedback.export')}
        </Button>
        {canCreate && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('feedback.create')}
          </Button>
        )}
      </Group>
      <QueryView query={list} empty={t('feedback.empty')} isEmpty={(d) => d.rows.length === 0}>
        {(data) => (
          <>
            <Text size="sm" c="dimmed">
              {t('feedback.total', { count: data.total, formatted: formatNumber(data.total) })}
            </Text>
            <Table.ScrollContainer minWidth={980}>
              <Table highlightOnHover striped data-testid="feedback-table">
                <Table.Thead>
                  <Table.Tr>
                    {header(t('feedback.number'), 'number')}
                    {header(t('feedback.receivedAt'), 'received')}
                    <Table.Th>{t('feedback.subject')}</Table.Th>
                    <Table.Th>{t('feedback.submitterName')}</Table.Th>
                    {header(t('feedback.agency'), 'agency')}
                    {header(t('feedback.status'), 'status')}
                    {header(t('feedback.answerDue'), 'due')}
                    <Table.Th>{t('feedback.daysLeftColumn')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((r, i) => (
                    <Table.Tr
                      key={r.id}
                      tabIndex={0}
                      aria-selected={i === cursor}
                      style={{ cursor: 'pointer' }}
                      onClick={() => open(r.id)}
                      onFocus={() => setCursor(i)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') open(r.id);
                        if (e.key === 'ArrowDown') (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                        if (e.key === 'ArrowUp') (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
                      }}
                    >
                      <Table.Td>
                        <Anchor component={Link} to={`/feedback/${r.id}`} onClick={(e) => e.stopPropagation()}>
                          {r.number}
                        </Anchor>
                        {r.externalId && (
                          <Text size="xs" c="dimmed">
                            {r.externalId}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(r.receivedOn)}</Table.Td>
                      <Table.Td maw={360}>
                        <Text size="sm" lineClamp={2}>
                          {r.subject}
                        </Text>
                      </Table.Td>
                      <Table.Td>{r.submitterName}</Table.Td>
                      <Table.Td>{r.agencyName ?? <Text c="dimmed">{t('feedback.unassigned')}</Text>}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          <FeedbackStatusBadge status={r.status} />
                          {r.overdue && (
                            <Badge color="red" variant="filled" tt="none">
                              {t('feedback.overdue')}
                            </Badge>
                          )}
                          {r.late && (
                            <Badge color="orange" variant="light" tt="none">
                              {t('feedback.late')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        {formatDate(r.answerDue)}
                        {r.duesProvisional && (
                          <Tooltip label={t('feedback.provisionalDue')} multiline w={260}>
                            <Text
                              span
                              c="orange.8"
                              ml={4}
                              data-testid="provisional-due"
                              aria-label={t('feedback.provisionalDue')}
                            >
                              *
                            </Text>
                          </Tooltip>
                        )}
                      </Table.Td>
                      <Table.Td>{r.workingDaysLeft === null ? '—' : <DaysLeft days={r.workingDaysLeft} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.total > PAGE && <Pagination total={Math.ceil(data.total / PAGE)} value={page} onChange={setPage} />}
          </>
        )}
      </QueryView>
      {creating && <CreateFeedbackModal onClose={() => setCreating(false)} />}
    </Stack>
  );
}
