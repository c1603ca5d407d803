/**
 * The annual PAR Index for the province (issue 18): open a year for departments or communes, follow
 * each agency's assessment, open one to appraise it, publish the year once every agency is through.
 */
import { Anchor, Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateField } from '../../components/DateField';
import { EmptyState } from '../../components/EmptyState';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useMay } from '../../lib/me';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';

export function ParPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const may = useMay();
  const years = useQuery(trpc.par.years.queryOptions());
  const [yearId, setYearId] = useState<string | null>(null);
  const selected = yearId ?? years.data?.[0]?.id ?? null;
  return (
    <Stack gap="md">
      {may('par.openYear') && <OpenYearForm onOpened={setYearId} />}
      {years.data && years.data.length === 0 ? (
        <EmptyState>{t('par.noYears')}</EmptyState>
      ) : (
        <Select
          label={t('par.year')}
          data={(years.data ?? []).map((y) => ({
            value: y.id,
            label: `${y.year} · ${t(`par.kinds.${y.targetKind}`)}${y.publishedAt ? ` · ${t('par.published')}` : ''}`,
          }))}
          value={selected}
          onChange={setYearId}
          w={360}
          data-testid="par-year"
        />
      )}
      {selected && <YearResults yearId={selected} published={Boolean(years.data?.find((y) => y.id === selected)?.publishedAt)} />}
    </Stack>
  );
}

function OpenYearForm({ onOpened }: { onOpened: (id: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const today = useToday();
  const [year, setYear] = useState<number | string>(Number(today.slice(0, 4)));
  const [kind, setKind] = useState<'department' | 'commune'>('department');
  const [selfDue, setSelfDue] = useState<string | null>(null);
  const [contestDays, setContestDays] = useState<number | string>(5);
  const open = useMutation(
    trpc.par.openYear.mutationOptions({
      onSuccess: (r) => {
        notifications.show({ color: 'green', message: t('par.opened', { count: r.agencies }) });
        void queryClient.invalidateQueries({ queryKey: trpc.par.years.queryKey() });
        onOpened(r.id);
      },
      onError: (e) => notifications.show({ color: 'red', message: errorMessage(e, t) }),
    }),
  );
  return (
    <Paper withBorder p="sm">
      <Title order={5} mb="xs">
        {t('par.openTitle')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <NumberInput label={t('par.year')} value={year} onChange={setYear} min={2000} max={2100} w={110} />
        <Select
          label={t('par.kind')}
          data={(['department', 'commune'] as const).map((k) => ({ value: k, label: t(`par.kinds.${k}`) }))}
          value={kind}
          onChange={(v) => v && setKind(v as 'department' | 'commune')}
          allowDeselect={false}
          w={220}
        />
        <DateField label={t('par.selfDue')} value={selfDue} onChange={setSelfDue} w={170} />
        <NumberInput label={t('par.contestDays')} value={contestDays} onChange={setContestDays} min={1} max={60} w={170} />
        <Button
          loading={open.isPending}
          disabled={!selfDue}
          onClick={() => selfDue && open.mutate({ year: Number(year), kind, selfDue, contestWorkingDays: Number(contestDays) })}
        >
          {t('par.open')}
        </Button>
      </Group>
    </Paper>
  );
}

function YearResults({ yearId, published }: { yearId: string; published: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const may = useMay();
  const queryClient = useQueryClient();
  const results = useQuery(trpc.par.results.queryOptions({ yearId }));
  const publish = useMutation(
    trpc.par.publish.mutationOptions({
      onSuccess: (r) => {
        notifications.show({ color: 'green', message: t('par.publishedCount', { count: r.published }) });
        void queryClient.invalidateQueries({ queryKey: trpc.par.results.queryKey({ yearId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.par.years.queryKey() });
      },
      onError: (e) => notifications.show({ color: 'red', message: errorMessage(e, t), autoClose: 15_000 }),
    }),
  );
  const rows = results.data ?? [];
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('par.count', { count: rows.length })}
        </Text>
        {may('par.publish') && !published && (
          <Button
            variant="light"
            loading={publish.isPending}
            onClick={() =>
              modals.openConfirmModal({
                title: t('par.publishTitle'),
                children: <Text size="sm">{t('par.publishConfirm')}</Text>,
                labels: { confirm: t('par.publish'), cancel: t('common.cancel') },
                onConfirm: () => publish.mutate({ yearId }),
              })
            }
          >
            {t('par.publish')}
          </Button>
        )}
      </Group>
      <Table striped highlightOnHover data-testid="par-results">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('par.rank')}</Table.Th>
            <Table.Th>{t('scores.agency')}</Table.Th>
            <Table.Th>{t('par.state')}</Table.Th>
            <Table.Th>{t('par.index')}</Table.Th>
            <Table.Th>{t('par.grade')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id} data-agency={r.code}>
              <Table.Td>{r.rank ?? '—'}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/par/${r.id}`} size="sm">
                  {r.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" tt="none">
                  {t(`par.states.${r.state}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{r.index === null ? '—' : Number(r.index).toLocaleString('vi-VN')}</Table.Td>
              <Table.Td>{r.grade ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The agency's own assessments (agency roles), each a link to its page. */
export function ParMine() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const may = useMay();
  const mine = useQuery({ ...trpc.par.mine.queryOptions(), enabled: may('par.mine') });
  if (!mine.data?.length) return null;
  return (
    <Paper withBorder p="sm" data-testid="par-mine">
      <Title order={5} mb="xs">
        {t('par.title')}
      </Title>
      {mine.data.map((a) => (
        <Group key={a.id} gap="xs">
          <Anchor component={Link} to={`/par/${a.id}`}>
            {t('par.yearOf', { year: a.year })}
          </Anchor>
          <Badge variant="light" tt="none">
            {t(`par.states.${a.state}`)}
          </Badge>
          {a.state === 'self_assessing' && (
            <Text size="sm" c="dimmed">
              {t('par.dueOn', { date: formatDate(a.selfDue) })}
            </Text>
          )}
          {a.index !== null && (
            <Text size="sm">
              {Number(a.index).toLocaleString('vi-VN')} · {a.grade} · {t('par.rankOf', { rank: a.rank })}
            </Text>
          )}
        </Group>
      ))}
    </Paper>
  );
}
