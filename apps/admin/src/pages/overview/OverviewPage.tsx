/** Tổng quan: the province's key figures from every module, each with its definition and "as of". */

import { periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import type { FigureKey } from '@cchc/domain/figures/definitions';
import { BarChart, LineChart } from '@mantine/charts';
import { Anchor, Grid, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { HowComputed } from '../../components/HowComputed';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

const pct = formatPercent;

function Figure({
  label,
  value,
  definition,
  figure,
  to,
}: {
  label: string;
  value: ReactNode;
  definition?: string;
  /** The figure's written rule ("Cách tính"), from the domain's one definition. */
  figure?: FigureKey;
  to?: string;
}) {
  return (
    <Paper withBorder p="sm">
      <Group gap={4}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        {definition && !figure && (
          <Tooltip label={definition} multiline w={280}>
            <IconInfoCircle size={14} aria-label={definition} />
          </Tooltip>
        )}
      </Group>
      <Text fw={700} size="xl">
        {to ? (
          <Anchor component={Link} to={to} inherit>
            {value}
          </Anchor>
        ) : (
          value
        )}
      </Text>
      {figure && <HowComputed figure={figure} extra={definition} />}
    </Paper>
  );
}

export function OverviewPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const clock = useQuery(trpc.system.clock.queryOptions());
  const [which, setWhich] = useState<'current' | 'previous' | 'year'>('current');
  const today = clock.data?.today;
  const period = !today
    ? null
    : which === 'current'
      ? periodContaining(today, 'quarter', 'nd09')
      : which === 'previous'
        ? previousPeriod(periodContaining(today, 'quarter', 'nd09'), 'quarter', 'nd09')
        : periodContaining(today, 'year', 'nd09');
  const overview = useQuery({
    ...trpc.overview.province.queryOptions({ period }),
    enabled: period !== null,
    placeholderData: keepPreviousData,
  });
  const na = t('scores.na');
  return (
    <QueryView query={overview} empty={null} isEmpty={() => false}>
      {(o) => (
        <Stack>
          <Group justify="space-between">
            <Title order={2}>{t('overview.title')}</Title>
            <SegmentedControl
              value={which}
              onChange={(v) => setWhich(v as typeof which)}
              data={(['current', 'previous', 'year'] as const).map((v) => ({ value: v, label: t(`overview.periods.${v}`) }))}
            />
          </Group>
          <Text size="sm" c="dimmed" data-testid="overview-as-of">
            {formatDate(o.quarter.from)} – {formatDate(o.quarter.to)} · {t('overview.asOf', { date: formatDate(o.measure) })} ·{' '}
            {formatDateTime(o.asOf)}
          </Text>
          <Title order={4}>{t('overview.tasks')}</Title>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure
              label={t('overview.tasksOnTime')}
              value={pct(o.tasks.rate, na)}
              definition={`${o.tasks.numerator}/${o.tasks.denominator}`}
              figure="tasks_on_time"
            />
            <Figure label={t('overview.tasksOverdue')} value={formatNumber(o.tasks.overdue)} to="/tasks?status=overdue" />
            <Figure label={t('overview.tasksOpen')} value={formatNumber(o.tasks.open)} to="/tasks" />
          </SimpleGrid>
          <Title order={4}>{t('overview.meetings')}</Title>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure label={t('overview.sessions')} value={formatNumber(o.meetings.sessions)} to="/meetings" />
            <Figure label={t('overview.attendanceRate')} value={pct(o.meetings.attendance.rate, na)} figure="attendance" />
            <Figure label={t('overview.headRate')} value={pct(o.meetings.head.rate, na)} figure="head_attendance" />
          </SimpleGrid>
          <Title order={4}>{t('overview.procedures')}</Title>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Figure
              label={t('overview.dormant')}
              value={o.procedures.dormant === null ? '—' : formatNumber(o.procedures.dormant)}
              definition={`${t('overview.defs.dormant')}${o.procedures.scanAsOf ? ` ${t('overview.scanOf', { date: formatDate(o.procedures.scanAsOf), months: o.procedures.scanMonths })}` : ''}`}
              to="/procedures?tab=dormant"
            />
            <Figure
              label={t('overview.reviewsOpen')}
              value={formatNumber(o.procedures.reviewsOpen)}
              to="/procedures?tab=reviews"
            />
          </SimpleGrid>
          <Title order={4}>{t('overview.dossiers')}</Title>
          <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="overview-dossiers">
            <Figure label={t('overview.dossiersReceived')} value={formatNumber(o.dossiers.received)} />
            <Figure
              label={t('overview.dossiersOnTime')}
              value={pct(o.dossiers.onTimeRate, na)}
              definition={`${o.dossiers.early + o.dossiers.onTime}/${o.dossiers.judged}`}
              figure="dossiers_on_time"
            />
            <Figure
              label={t('overview.dossiersSplit')}
              value={`${formatNumber(o.dossiers.early)} · ${formatNumber(o.dossiers.onTime)} · ${formatNumber(o.dossiers.late)}`}
            />
            <Figure label={t('overview.dossiersNotYetDue')} value={formatNumber(o.dossiers.notYetDue)} />
          </SimpleGrid>
          <Title order={4}>{t('overview.feedback')}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <SimpleGrid cols={2}>
                <Figure
                  label={t('feedback.figures.received')}
                  value={formatNumber(o.feedback.received)}
                  to="/feedback?tab=figures"
                />
                <Figure label={t('overview.feedbackOnTime')} value={pct(o.feedback.onTimeRate, na)} figure="feedback_on_time" />
                <Figure
                  label={t('overview.feedbackSatisfaction')}
                  value={pct(o.feedback.satisfactionRate, na)}
                  figure="feedback_satisfaction"
                />
                <Figure
                  label={t('overview.feedbackOverdue')}
                  value={formatNumber(o.feedback.openOverdue)}
                  to="/feedback?overdue=1"
                />
              </SimpleGrid>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Paper withBorder p="sm">
                <Text size="sm" fw={600}>
                  {t('overview.feedbackTrend')}
                </Text>
                <LineChart
                  h={180}
                  data={o.feedback.trend.map((m) => ({
                    month: formatDate(m.month).slice(3),
                    onTime: m.onTimeRate,
                    satisfaction: m.satisfactionRate,
                  }))}
                  dataKey="month"
                  yAxisProps={{ domain: [0, 100] }}
                  connectNulls
                  withLegend
                  unit="%"
                  series={[
                    { name: 'onTime', label: t('overview.feedbackOnTime'), color: 'blue.6' },
                    { name: 'satisfaction', label: t('overview.feedbackSatisfaction'), color: 'teal.6' },
                  ]}
                />
              </Paper>
            </Grid.Col>
          </Grid>
          <Title order={4}>{t('overview.scores')}</Title>
          <Grid>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack>
                <Figure
                  label={t('overview.averageTotal')}
                  value={formatPercent(o.scores.average, na)}
                  definition={
                    o.scores.run
                      ? t('overview.latestRun', { from: formatDate(o.scores.run.from), to: formatDate(o.scores.run.to) })
                      : t('scores.noRun')
                  }
                  to="/scores"
                />
                <Paper withBorder p="sm">
                  <Text size="sm" fw={600}>
                    {t('scores.distribution')}
                  </Text>
                  <BarChart
                    h={140}
                    // Grades in their order A, B, C, D, whatever order the figures come in.
                    data={o.scores.groups.filter((g) => g.grade).sort((a, b) => String(a.grade).localeCompare(String(b.grade)))}
                    dataKey="grade"
                    series={[{ name: 'count', label: t('scores.grade'), color: 'blue.6' }]}
                  />
                </Paper>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Paper withBorder p="sm">
                <Text size="sm" fw={600}>
                  {t('overview.scoreTrend')}
                </Text>
                <LineChart
                  h={200}
                  data={o.scores.trend.map((s) => ({
                    period: `${formatDate(s.periodFrom)} – ${formatDate(s.periodTo)}`,
                    average: s.average,
                  }))}
                  dataKey="period"
                  yAxisProps={{ domain: [0, 100] }}
                  series={[{ name: 'average', label: t('overview.averageTotal'), color: 'grape.6' }]}
                />
              </Paper>
            </Grid.Col>
          </Grid>
        </Stack>
      )}
    </QueryView>
  );
}
