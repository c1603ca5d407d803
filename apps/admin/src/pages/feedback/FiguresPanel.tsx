/** Per-agency responsiveness figures for a period: ranking, trend sparklines, drill-down, definitions, "as of". */
import { isIsoDate } from '@cchc/domain/calendar/dates';

import { periodContaining } from '@cchc/domain/calendar/periods';
import type { FeedbackDrill } from '@cchc/domain/feedback/figures';
import { howComputed } from '@cchc/domain/figures/definitions';
import { Sparkline } from '@mantine/charts';
import { Accordion, Anchor, Group, List, Paper, SegmentedControl, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DateField } from '../../components/DateField';
import { HowComputed } from '../../components/HowComputed';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';

type Preset = 'nd09Quarter' | 'calendarQuarter' | 'month' | 'year';

export function presetPeriod(preset: Preset, today: string) {
  switch (preset) {
    case 'nd09Quarter':
      return periodContaining(today, 'quarter', 'nd09');
    case 'calendarQuarter':
      return periodContaining(today, 'quarter', 'calendar');
    case 'month':
      return periodContaining(today, 'month', 'calendar');
    case 'year':
      return periodContaining(today, 'year', 'nd09');
  }
}

/** A rate in %, or "N/A" with nothing in the denominator. */
export function Rate({ value }: { value: number | null }) {
  const { t } = useTranslation();
  if (value === null)
    return (
      <Text span c="dimmed" size="sm">
        {t('feedback.figures.na')}
      </Text>
    );
  return <>{formatPercent(value)}</>;
}

export function drillLink(drill: FeedbackDrill, agencyId: string, period: { from: string; to: string }) {
  return `/feedback?${new URLSearchParams({ drill, agencyId, from: period.from, to: period.to }).toString()}`;
}

type SortKey = 'rank' | 'received' | 'onTimeRate' | 'openOverdue' | 'medianAnswerDays' | 'satisfactionRate';

export function FiguresPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const today = useToday();
  // A shared link may carry its own period (?tab=figures&from=…&to=…).
  const [params] = useSearchParams();
  const linked =
    params.get('from') && params.get('to') ? { from: params.get('from') as string, to: params.get('to') as string } : null;
  const [preset, setPreset] = useState<Preset | 'custom'>(linked ? 'custom' : 'nd09Quarter');
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(linked);
  const period = preset === 'custom' ? custom : today ? presetPeriod(preset, today) : null;
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const figures = useQuery({
    ...trpc.feedback.figures.queryOptions(period ?? { from: '2000-01-01', to: '2000-01-01' }),
    enabled: period !== null,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => {
    const list = [...(figures.data?.rows ?? [])];
    const value = (r: (typeof list)[number]) =>
      sort.key === 'rank' ? (r.rank ?? 1e9) + (r.kind === 'department' ? 0 : 1e6) : (r[sort.key] ?? -1);
    list.sort((a, b) => (sort.desc ? value(b) - value(a) : value(a) - value(b)));
    return list;
  }, [figures.data, sort]);
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
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <SegmentedControl
          value={preset}
          onChange={(v) => {
            if (v === 'custom' && period) setCustom(period);
            setPreset(v as Preset | 'custom');
          }}
          data={[
            ...(['nd09Quarter', 'calendarQuarter', 'month', 'year'] as const).map((p) => ({
              value: p,
              label: t(`feedback.figures.presets.${p}`),
            })),
            { value: 'custom', label: t('feedback.figures.period') },
          ]}
        />
        {preset === 'custom' && custom && (
          <>
            <DateField
              label={t('feedback.figures.from')}
              value={custom.from}
              onChange={(from) => {
                if (from && isIsoDate(from)) setCustom({ ...custom, from });
              }}
              w={150}
            />
            <DateField
              label={t('feedback.figures.to')}
              value={custom.to}
              onChange={(to) => {
                if (to && isIsoDate(to)) setCustom({ ...custom, to });
              }}
              w={150}
            />
          </>
        )}
      </Group>
      <QueryView query={figures} empty={t('feedback.figures.empty')} isEmpty={(d) => d.rows.length === 0}>
        {(data) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed" data-testid="figures-as-of">
              {formatDate(data.period.from)} – {formatDate(data.period.to)} ·{' '}
              {t('feedback.figures.asOf', {
                measure: formatDate(data.measure),
                time: formatDateTime(data.asOf),
                source: t(`feedback.figures.sources.${data.source}`),
              })}
            </Text>
            <Paper withBorder p="sm">
              <Group gap="xl">
                <Figure label={t('feedback.figures.province')} value={formatNumber(data.total.received)} />
                <Figure
                  label={t('feedback.figures.onTimeRate')}
                  value={<Rate value={data.total.onTimeRate} />}
                  how={<HowComputed figure="feedback_on_time" extra={`${data.total.onTime}/${data.total.judged}`} />}
                />
                <Figure label={t('feedback.figures.openOverdue')} value={formatNumber(data.total.openOverdue)} />
                <Figure label={t('feedback.figures.notYetDue')} value={formatNumber(data.total.notYetDue)} />
                <Figure
                  label={t('feedback.figures.satisfactionRate')}
                  value={<Rate value={data.total.satisfactionRate} />}
                  how={<HowComputed figure="feedback_satisfaction" />}
                />
                <Figure label={t('feedback.figures.median')} value={data.total.medianAnswerDays ?? '—'} />
              </Group>
            </Paper>
            <Table.ScrollContainer minWidth={1100}>
              <Table striped highlightOnHover data-testid="figures-table">
                <Table.Thead>
                  <Table.Tr>
                    {header('rank', t('feedback.figures.rank'))}
                    <Table.Th>{t('feedback.agency')}</Table.Th>
                    {header('received', t('feedback.figures.received'))}
                    <Table.Th>{t('feedback.figures.withinCompetence')}</Table.Th>
                    <Table.Th>{t('feedback.figures.answered')}</Table.Th>
                    {header('onTimeRate', t('feedback.figures.onTimeRate'))}
                    {header('openOverdue', t('feedback.figures.openOverdue'))}
                    {header('medianAnswerDays', t('feedback.figures.median'))}
                    <Table.Th>{t('feedback.figures.p90')}</Table.Th>
                    {header('satisfactionRate', t('feedback.figures.satisfactionRate'))}
                    <Table.Th>{t('feedback.figures.regulationShare')}</Table.Th>
                    <Table.Th>{t('feedback.figures.trend')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => {
                    // An agency's people open only their own agency's items (other agencies' lists would be empty).
                    const mine = data.ownAgencyId === null || data.ownAgencyId === r.agencyId;
                    const link = (drill: FeedbackDrill, value: number) =>
                      mine ? (
                        <Anchor component={Link} to={drillLink(drill, r.agencyId, data.period)} data-drill={drill}>
                          {formatNumber(value)}
                        </Anchor>
                      ) : (
                        formatNumber(value)
                      );
                    return (
                      <Table.Tr key={r.agencyId} data-agency={r.code}>
                        <Table.Td>{r.rank ?? '—'}</Table.Td>
                        <Table.Td>
                          {mine ? (
                            <Anchor component={Link} to={`/feedback/agency/${r.agencyId}`}>
                              {r.name}
                            </Anchor>
                          ) : (
                            <Text size="sm">{r.name}</Text>
                          )}
                          <Text size="xs" c="dimmed">
                            {t(`agencyKinds.${r.kind as 'department'}`, { defaultValue: r.kind })}
                          </Text>
                        </Table.Td>
                        <Table.Td>{link('received', r.received)}</Table.Td>
                        <Table.Td>{link('withinCompetence', r.withinCompetence)}</Table.Td>
                        <Table.Td>{link('answered', r.answered)}</Table.Td>
                        <Table.Td data-testid="on-time-rate">
                          <Group gap={6} wrap="nowrap">
                            <Rate value={r.onTimeRate} />
                            {r.answeredLate + r.openOverdue > 0 && (
                              <Text size="xs" c="dimmed">
                                ({t('feedback.figures.late')}: {link('late', r.answeredLate + r.openOverdue)})
                              </Text>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>{r.openOverdue ? link('openOverdue', r.openOverdue) : 0}</Table.Td>
                        <Table.Td>{r.medianAnswerDays ?? '—'}</Table.Td>
                        <Table.Td>{r.p90AnswerDays ?? '—'}</Table.Td>
                        <Table.Td>
                          <Rate value={r.satisfactionRate} />
                          {r.notSatisfied > 0 && (
                            <Text size="xs" c="dimmed">
                              {t('feedback.figures.notSatisfied')}: {link('notSatisfied', r.notSatisfied)}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Rate value={r.regulationShare} />
                        </Table.Td>
                        <Table.Td>
                          <Sparkline
                            w={110}
                            h={28}
                            data={r.trend.map((p) => p.onTimeRate ?? 0)}
                            curveType="linear"
                            color={(r.onTimeRate ?? 0) >= 90 ? 'teal' : (r.onTimeRate ?? 0) >= 70 ? 'yellow' : 'red'}
                            fillOpacity={0.25}
                            strokeWidth={1.5}
                            aria-label={r.trend.map((p) => `${formatDate(p.month).slice(3)}: ${p.onTimeRate ?? '—'}`).join(', ')}
                          />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Definitions />
          </Stack>
        )}
      </QueryView>
    </Stack>
  );
}

function Figure({ label, value, how }: { label: string; value: React.ReactNode; how?: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
      {how}
    </div>
  );
}

export function Definitions() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const keys = [
    'received',
    'withinCompetence',
    'onTimeRate',
    'openOverdue',
    'notYetDue',
    'median',
    'satisfactionRate',
    'regulationShare',
    'na',
  ] as const;
  return (
    <Accordion variant="contained">
      <Accordion.Item value="defs">
        <Accordion.Control>{t('feedback.figures.definitions')}</Accordion.Control>
        <Accordion.Panel>
          <List size="sm" spacing={4}>
            {keys.map((k) => (
              <List.Item key={k}>
                <b>{k === 'na' ? t('feedback.figures.na') : t(`feedback.figures.${k}`)}</b>:{' '}
                {k === 'onTimeRate'
                  ? howComputed('feedback_on_time', language)
                  : k === 'satisfactionRate'
                    ? howComputed('feedback_satisfaction', language)
                    : t(`feedback.figures.defs.${k}`)}
              </List.Item>
            ))}
          </List>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
