/** An agency's scorecard: total, group, rank among peers, trend, every component with its inputs and items. */
import type { ScoreComponentKey } from '@cchc/domain/scores/scheme';
import { LineChart } from '@mantine/charts';
import { Anchor, Badge, Button, Grid, Group, List, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { HowComputedText } from '../../components/HowComputed';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { useMe } from '../../lib/me';
import { useTRPC } from '../../lib/trpc';
import { drillLink } from '../feedback/FiguresPanel';

const GROUP_COLORS: Record<string, string> = { A: 'teal', B: 'yellow', C: 'red' };
const MARK_LABELS: Record<string, string> = {
  present_head: 'meetings.marks.present_head',
  present_deputy: 'meetings.marks.present_deputy',
  present_delegate: 'meetings.marks.present_delegate',
  absent_excused: 'meetings.marks.absent_excused',
  absent_unexcused: 'meetings.marks.absent_unexcused',
};

export function Scorecard() {
  const { agencyId } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const card = useQuery(trpc.scores.scorecard.queryOptions({ agencyId: agencyId ?? null, runId: params.get('run') }));
  const [open, setOpen] = useState<ScoreComponentKey | null>(null);
  return (
    <QueryView query={card} empty={null} isEmpty={() => false}>
      {(c) => (
        <Stack>
          <Title order={2}>
            {t('scores.title')} — {c.agency.name}
          </Title>
          {!c.run || !c.result ? (
            <Paper withBorder p="lg">
              <Text>{t('scores.noRun')}</Text>
            </Paper>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('scores.period')} {formatDate(c.run.periodFrom)} – {formatDate(c.run.periodTo)} ·{' '}
                {t('scores.schemeVersion', { version: c.run.schemeVersion })} ·{' '}
                {t('scores.asOf', { measure: formatDate(c.run.measure), time: formatDateTime(c.run.finishedAt) })}
              </Text>
              <Grid>
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Paper withBorder p="md" data-testid="scorecard-total">
                    <Text size="xs" c="dimmed">
                      {t('scores.total')}
                    </Text>
                    <Group align="baseline" gap="xs">
                      <Text fz={44} fw={700}>
                        {formatPercent(c.result.total, t('scores.na'))}
                      </Text>
                      {c.result.group && (
                        <Badge size="xl" color={GROUP_COLORS[c.result.group] ?? 'gray'}>
                          {c.result.group}
                        </Badge>
                      )}
                    </Group>
                    {c.result.rank !== null && (
                      <Text size="sm" data-testid="scorecard-rank">
                        {t('scores.rankOf', { rank: c.result.rank, of: c.peers })} (
                        {t(`scores.peerGroups.${c.agency.kind as 'department'}`)})
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {c.result.earned.toLocaleString('vi-VN')} / {c.result.available.toLocaleString('vi-VN')}{' '}
                      {t('scores.points').toLowerCase()}
                    </Text>
                    {c.result.available < 100 && (
                      <Text size="xs" c="dimmed">
                        {t('scores.maxReduced', { available: c.result.available })}
                      </Text>
                    )}
                  </Paper>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Paper withBorder p="md" h="100%">
                    <Text size="sm" fw={600} mb={4}>
                      {t('scores.gain')}
                    </Text>
                    {c.gains.length === 0 ? (
                      <Text size="sm">{t('scores.nothingToGain')}</Text>
                    ) : (
                      <List size="sm" data-testid="gains">
                        {c.gains.slice(0, 4).map((g) => {
                          // The same points as the table below (component points), and what they add to the total in %.
                          const component = c.result?.components.find((x) => x.key === g.key);
                          const missing = component ? component.maxPoints - (component.points ?? 0) : null;
                          return (
                            <List.Item key={g.key}>
                              <b>{t(`scores.components.${g.key}`)}</b>:{' '}
                              {t('scores.gainItem', {
                                points: missing === null ? '—' : formatNumber(Math.round(missing * 100) / 100),
                                max: component ? formatNumber(component.maxPoints) : '—',
                                gain: formatNumber(g.gain),
                              })}
                            </List.Item>
                          );
                        })}
                      </List>
                    )}
                  </Paper>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Paper withBorder p="md" h="100%">
                    <Text size="sm" fw={600}>
                      {t('scores.trend')}
                    </Text>
                    <LineChart
                      h={120}
                      data={c.trend.map((p) => ({ period: `${formatDate(p.periodTo).slice(3)}`, total: p.total }))}
                      dataKey="period"
                      series={[{ name: 'total', label: t('scores.total'), color: 'blue.6' }]}
                      yAxisProps={{ domain: [0, 100] }}
                      connectNulls
                    />
                  </Paper>
                </Grid.Col>
              </Grid>
              <Table striped data-testid="components-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('scores.scheme.component')}</Table.Th>
                    <Table.Th>{t('scores.input')}</Table.Th>
                    <Table.Th>{t('scores.rate')}</Table.Th>
                    <Table.Th>{t('scores.threshold')}</Table.Th>
                    <Table.Th>{t('scores.points')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.result.components.map((x) => (
                    <Table.Tr key={x.key} data-component={x.key}>
                      <Table.Td>
                        <Text size="sm">{t(`scores.components.${x.key}`)}</Text>
                        <HowComputedText figure={x.key} />
                      </Table.Td>
                      <Table.Td>
                        {x.numerator}/{x.denominator}
                      </Table.Td>
                      <Table.Td>{formatPercent(x.rate, t('scores.na'))}</Table.Td>
                      <Table.Td>{x.threshold}%</Table.Td>
                      <Table.Td>
                        {x.points === null ? t('scores.na') : x.points.toLocaleString('vi-VN')} / {x.maxPoints}
                      </Table.Td>
                      <Table.Td>
                        {x.denominator > 0 && (
                          <Button size="xs" variant="light" onClick={() => setOpen(x.key)}>
                            {t('scores.items')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="xs" c="dimmed">
                {t('scores.scaling')} {t('scores.naRule')}
              </Text>
              {open && (
                <ComponentItems runId={c.run.id} agencyId={c.agency.id} componentKey={open} onClose={() => setOpen(null)} />
              )}
            </>
          )}
        </Stack>
      )}
    </QueryView>
  );
}

function ComponentItems({
  runId,
  agencyId,
  componentKey,
  onClose,
}: {
  runId: string;
  agencyId: string;
  componentKey: ScoreComponentKey;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const items = useQuery(trpc.scores.componentItems.queryOptions({ runId, agencyId, key: componentKey }));
  const modules: readonly string[] = useMe().data?.modules ?? [];
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={t('scores.itemsTitle', { component: t(`scores.components.${componentKey}`) })}
    >
      <QueryView query={items} empty={null} isEmpty={() => false}>
        {(data) => {
          if (data.kind === 'feedback') {
            return (
              <Anchor component={Link} to={drillLink(data.drill as 'late', data.agencyId, data.period)}>
                {t('scores.openFeedback')}
              </Anchor>
            );
          }
          return (
            <Table data-testid="component-items">
              <Table.Tbody>
                {data.items.map((i) => {
                  // Links only where the viewer's role may go (an agency head has no procedures module).
                  const target =
                    data.kind === 'tasks'
                      ? { module: 'plans', to: `/tasks/${i.id}` }
                      : data.kind === 'sessions'
                        ? { module: 'meetings', to: `/meetings/${i.id}` }
                        : data.kind === 'reports' && 'path' in i
                          ? { module: 'reports', to: `/reports/${i.path}` }
                          : { module: 'procedures', to: `/procedures/${i.id}` };
                  const link = modules.includes(target.module) ? target.to : null;
                  return (
                    <Table.Tr key={`${i.id}-${i.title}`} data-lost={i.lost ? 'yes' : 'no'}>
                      <Table.Td>
                        {link ? (
                          <Anchor component={Link} to={link}>
                            {i.title}
                          </Anchor>
                        ) : (
                          i.title
                        )}
                      </Table.Td>
                      <Table.Td>{'startsAt' in i ? formatDateTime(i.startsAt) : 'date' in i ? formatDate(i.date) : ''}</Table.Td>
                      <Table.Td>
                        {'mark' in i
                          ? t(MARK_LABELS[i.mark] ?? i.mark, { defaultValue: i.mark })
                          : 'status' in i
                            ? t(`taskStatus.${i.status as 'overdue'}`)
                            : ''}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={i.lost ? 'red' : 'green'} variant="light" tt="none">
                          {i.lost ? t('scores.lostPoints') : t('scores.counted')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryView>
    </Modal>
  );
}
