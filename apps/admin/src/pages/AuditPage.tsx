/** The audit log: who did what to which entity, with before/after, filterable, paged newest first. */
import {
  ActionIcon,
  Button,
  Code,
  Collapse,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../components/EmptyState';
import { errorMessage } from '../lib/errors';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { useMay } from '../lib/me';
import { type RouterInputs, type RouterOutputs, useTRPC } from '../lib/trpc';

type Filter = Omit<RouterInputs['audit']['list'], 'beforeId' | 'limit'>;
type Entry = RouterOutputs['audit']['list']['items'][number];

const toIsoDate = (d: string | Date | null) =>
  d ? (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10)) : undefined;

export function AuditPage() {
  const may = useMay();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const facets = useQuery(trpc.audit.facets.queryOptions());
  const [entityType, setEntityType] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [actor, setActor] = useState('');
  const [debouncedActor] = useDebouncedValue(actor.trim(), 300);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const filter: Filter = {
    entityType: entityType ?? undefined,
    action: action ?? undefined,
    actorUsername: debouncedActor || undefined,
    from: toIsoDate(range[0]),
    to: toIsoDate(range[1]),
  };
  const filterKey = JSON.stringify(filter);
  const actionLabel = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('audit.title')}</Title>
        {may('notifications.outbox') && (
          <Button component={Link} to="/outbox" variant="light">
            {t('outbox.title')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Select
          label={t('audit.entityType')}
          placeholder={t('common.all')}
          data={facets.data?.entityTypes ?? []}
          value={entityType}
          onChange={setEntityType}
          clearable
        />
        <Select
          label={t('audit.action')}
          placeholder={t('common.all')}
          data={(facets.data?.actions ?? []).map((a) => ({ value: a, label: actionLabel(a) }))}
          value={action}
          onChange={setAction}
          clearable
          searchable
        />
        <TextInput label={t('audit.actor')} value={actor} onChange={(e) => setActor(e.currentTarget.value)} />
        <DatePickerInput
          type="range"
          label={`${t('common.from')} – ${t('common.to')}`}
          valueFormat="DD/MM/YYYY"
          value={range}
          onChange={(v) => setRange(v as [string | null, string | null])}
          clearable
        />
      </SimpleGrid>
      <Paper withBorder>
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36} />
                <Table.Th>{t('audit.time')}</Table.Th>
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.entity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Pages key={filterKey} filter={filter} actionLabel={actionLabel} />
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

/** Keyset pages: each "load more" adds a page starting below the last id shown. */
function Pages({ filter, actionLabel }: { filter: Filter; actionLabel: (a: string) => string }) {
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  return (
    <>
      {cursors.map((cursor, i) => (
        <Chunk
          key={cursor ?? 'first'}
          filter={filter}
          beforeId={cursor}
          isLast={i === cursors.length - 1}
          isFirst={i === 0}
          onMore={(next) => setCursors((c) => [...c, next])}
          actionLabel={actionLabel}
        />
      ))}
    </>
  );
}

function Chunk(props: {
  filter: Filter;
  beforeId: number | undefined;
  isFirst: boolean;
  isLast: boolean;
  onMore: (next: number) => void;
  actionLabel: (a: string) => string;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const page = useQuery(trpc.audit.list.queryOptions({ ...props.filter, beforeId: props.beforeId, limit: 50 }));
  if (page.isPending) {
    return (
      <Table.Tbody>
        <Table.Tr>
          <Table.Td colSpan={5}>
            <Loader size="sm" />
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    );
  }
  if (page.error) {
    return (
      <Table.Tbody>
        <Table.Tr>
          <Table.Td colSpan={5}>
            <Text c="red">{errorMessage(page.error, t)}</Text>
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    );
  }
  const { items, nextBeforeId } = page.data;
  return (
    <Table.Tbody>
      {props.isFirst && items.length === 0 && (
        <Table.Tr>
          <Table.Td colSpan={5}>
            <EmptyState>{t('audit.empty')}</EmptyState>
          </Table.Td>
        </Table.Tr>
      )}
      {items.map((e) => (
        <Row key={e.id} entry={e} actionLabel={props.actionLabel} />
      ))}
      {props.isLast && nextBeforeId !== null && (
        <Table.Tr>
          <Table.Td colSpan={5} ta="center">
            <Button variant="subtle" onClick={() => props.onMore(nextBeforeId)}>
              {t('common.loadMore')}
            </Button>
          </Table.Td>
        </Table.Tr>
      )}
    </Table.Tbody>
  );
}

function Row({ entry, actionLabel }: { entry: Entry; actionLabel: (a: string) => string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const hasDetails = entry.before !== null || entry.after !== null;
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td>
          {hasDetails && (
            <ActionIcon
              variant="subtle"
              size="sm"
              onClick={() => setOpen((o) => !o)}
              aria-expanded={open}
              aria-label={t('audit.details')}
            >
              {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            </ActionIcon>
          )}
        </Table.Td>
        <Table.Td>{formatDateTime(entry.occurredAt)}</Table.Td>
        <Table.Td>{entry.actorUsername ?? t('common.none')}</Table.Td>
        <Table.Td>{actionLabel(entry.action)}</Table.Td>
        <Table.Td>
          <Text size="sm">
            {t(`audit.entityTypes.${entry.entityType}`, { defaultValue: entry.entityType })}
            {entry.entityId && (
              <Text span c="dimmed" size="xs">
                {' '}
                {entry.entityId}
              </Text>
            )}
          </Text>
        </Table.Td>
      </Table.Tr>
      {hasDetails && (
        <Table.Tr>
          <Table.Td colSpan={5} p={0} style={{ borderBottom: open ? undefined : 'none' }}>
            <Collapse in={open}>
              {isRecord(entry.before ?? {}) && isRecord(entry.after ?? {}) ? (
                <Changes
                  before={(entry.before ?? {}) as Record<string, unknown>}
                  after={(entry.after ?? {}) as Record<string, unknown>}
                />
              ) : (
                <Group grow align="flex-start" p="sm">
                  <Snapshot title={t('audit.before')} value={entry.before} />
                  <Snapshot title={t('audit.after')} value={entry.after} />
                </Group>
              )}
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

function Snapshot({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <Text size="xs" fw={700} c="dimmed">
        {title}
      </Text>
      <ScrollArea.Autosize mah={240}>
        <Code block>{value === null ? '—' : JSON.stringify(value, null, 2)}</Code>
      </ScrollArea.Autosize>
    </div>
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One value as people read it: dates dd/MM/yyyy, yes/no, lists joined; nested records stay compact. */
function readable(value: unknown, t: (key: string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
    return value;
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => readable(v, t)).join('; ') : '—';
  return JSON.stringify(value);
}

/** Before and after field by field, with Vietnamese field names; changed fields first and marked. */
function Changes({ before, after }: { before: Record<string, unknown>; after: Record<string, unknown> }) {
  const { t } = useTranslation();
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = (k: string) => JSON.stringify(before[k]) !== JSON.stringify(after[k]);
  const ordered = [...keys.filter(changed), ...keys.filter((k) => !changed(k))];
  const hasBefore = Object.keys(before).length > 0;
  return (
    <Table withTableBorder={false} m="sm" data-testid="audit-changes" style={{ width: 'auto' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.field')}</Table.Th>
          {hasBefore && <Table.Th>{t('audit.before')}</Table.Th>}
          <Table.Th>{t('audit.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ordered.map((k) => (
          <Table.Tr
            key={k}
            data-changed={hasBefore && changed(k) ? 'yes' : undefined}
            fw={hasBefore && changed(k) ? 600 : undefined}
          >
            <Table.Td>{t(`audit.fields.${k}`, { defaultValue: k })}</Table.Td>
            {hasBefore && <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{readable(before[k], t)}</Table.Td>}
            <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{readable(after[k], t)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
