/** Rankings of a run by peer group: sortable, distribution chart, comparison with another run, XLSX. */
import type { ScoreComponentKey } from '@cchc/domain/scores/scheme';
import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowsSort, IconDownload, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

type SortKey = 'rank' | 'total' | 'change' | ScoreComponentKey;
const GROUP_COLORS: Record<string, string> = { A: 'teal', B: 'yellow', C: 'red' };

export function RankingsPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const runs = useQuery(trpc.scores.runs.queryOptions());
  const done = (runs.data ?? []).filter((r) => r.status === 'done');
  const [runId, setRunId] = useState<string | null>(null);
  const [compareId, setCompareId] = useState<string | null>(null);
  const [peer, setPeer] = useState<'department' | 'commune'>('department');
  const [hideNa, setHideNa] = useState(true);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const current = runId ?? done[0]?.id ?? null;
  const ranking = useQuery({
    ...trpc.scores.rankings.queryOptions({ runId: current ?? '00000000-0000-0000-0000-000000000000', compareRunId: compareId }),
    enabled: current !== null,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => {
    const list = (ranking.data?.rows ?? []).filter((r) => r.peerGroup === peer && (!hideNa || r.total !== null));
    const value = (r: (typeof list)[number]): number => {
      if (sort.key === 'rank') return r.rank ?? 1e9;
      if (sort.key === 'total') return r.total ?? -1;
      if (sort.key === 'change') return r.total !== null && r.previousTotal !== null ? r.total - r.previousTotal : -1e9;
      return r.components.find((c) => c.key === sort.key)?.points ?? -1;
    };
    return [...list].sort((a, b) => (sort.desc ? value(b) - value(a) : value(a) - value(b)));
  }, [ranking.data, peer, hideNa, sort]);
  const keys = ranking.data?.rows[0]?.components.map((c) => c.key) ?? [];
  const distribution = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of ranking.data?.rows ?? [])
      if (r.peerGroup === peer && r.grade) counts.set(r.grade, (counts.get(r.grade) ?? 0) + 1);
    return [...counts.entries()].sort().map(([grade, count]) => ({ grade, count }));
  }, [ranking.data, peer]);
  const header = (key: SortKey, label: string) => {
    const Icon = sort.key !== key ? IconArrowsSort : sort.desc ? IconSortDescending : IconSortAscending;
    return (
      <Table.Th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'rank' })}>
          <Group gap={4} wrap="nowrap">
            <Text size="sm" fw={600}>
              {label}
            </Text>
            <Icon size={14} />
          </Group>
        </UnstyledButton>
      </Table.Th>
    );
  };
  const runOptions = done.map((r) => ({
    value: r.id,
    label: `${formatDate(r.periodFrom)} – ${formatDate(r.periodTo)} · v${r.schemeVersion}${r.finishedAt ? ` · ${formatDateTime(r.finishedAt)}` : ''}`,
  }));
  return (
    <QueryView query={runs} empty={t('scores.noRun')} isEmpty={() => done.length === 0}>
      {() => (
        <Stack gap="sm">
          <Group align="flex-end">
            <Select
              label={t('scores.period')}
              data={runOptions}
              value={current}
              onChange={setRunId}
              w={360}
              allowDeselect={false}
            />
            <Select
              label={t('scores.previous')}
              data={runOptions.filter((o) => o.value !== current)}
              value={compareId}
              onChange={setCompareId}
              clearable
              w={360}
            />
            <SegmentedControl
              value={peer}
              onChange={(v) => setPeer(v as typeof peer)}
              data={(['department', 'commune'] as const).map((p) => ({ value: p, label: t(`scores.peerGroups.${p}`) }))}
            />
            <Checkbox label={t('scores.hideNa')} checked={hideNa} onChange={(e) => setHideNa(e.currentTarget.checked)} />
            {current && (
              <Button
                component="a"
                href={`/api/exports/scores/${current}.xlsx`}
                variant="light"
                leftSection={<IconDownload size={16} />}
              >
                {t('scores.export')}
              </Button>
            )}
          </Group>
          {ranking.data && (
            <Text size="xs" c="dimmed" data-testid="ranking-run">
              {t('scores.schemeVersion', { version: ranking.data.run.schemeVersion })} ·{' '}
              {t('scores.asOf', {
                measure: formatDate(ranking.data.run.measure),
                time: formatDateTime(ranking.data.run.finishedAt),
              })}{' '}
              · {t('scores.scaling')} {t('scores.naRule')}
            </Text>
          )}
          <Group align="flex-start" wrap="nowrap">
            <Table striped highlightOnHover data-testid="rankings-table" style={{ flex: 1 }}>
              <Table.Thead>
                <Table.Tr>
                  {header('rank', t('scores.rank'))}
                  <Table.Th>{t('scores.agency')}</Table.Th>
                  {header('total', t('scores.total'))}
                  <Table.Th>{t('scores.grade')}</Table.Th>
                  {compareId && header('change', t('scores.change'))}
                  {keys.map((k) => header(k, t(`scores.components.${k}`)))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.agencyId} data-agency={r.code}>
                    <Table.Td>{r.rank ?? '—'}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/scores/card/${r.agencyId}?run=${current}`}>
                        {r.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td fw={600} data-testid="total">
                      {r.total === null ? t('scores.na') : r.total.toLocaleString('vi-VN')}
                    </Table.Td>
                    <Table.Td>
                      {r.grade && (
                        <Badge color={GROUP_COLORS[r.grade] ?? 'gray'} variant="light">
                          {r.grade}
                        </Badge>
                      )}
                    </Table.Td>
                    {compareId && (
                      <Table.Td>
                        {r.total !== null && r.previousTotal !== null
                          ? `${r.total - r.previousTotal >= 0 ? '+' : ''}${(Math.round((r.total - r.previousTotal) * 10) / 10).toLocaleString('vi-VN')}`
                          : '—'}
                        {r.previousRank !== null && r.rank !== null && r.previousRank !== r.rank && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({r.previousRank} → {r.rank})
                          </Text>
                        )}
                      </Table.Td>
                    )}
                    {keys.map((k) => {
                      const c = r.components.find((x) => x.key === k);
                      return (
                        <Table.Td key={k}>
                          {c?.points === null || c?.points === undefined ? t('scores.na') : c.points.toLocaleString('vi-VN')}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Paper withBorder p="sm" w={260}>
              <Text size="sm" fw={600} mb="xs">
                {t('scores.distribution')}
              </Text>
              <BarChart
                h={180}
                data={distribution}
                dataKey="grade"
                series={[{ name: 'count', label: t('scores.grade'), color: 'blue.6' }]}
              />
            </Paper>
          </Group>
        </Stack>
      )}
    </QueryView>
  );
}
