/** One agency's responsiveness: its head's page (figures of the period, twelve months of trend, definitions). */
import { LineChart } from '@mantine/charts';
import { Anchor, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';
import { Definitions, drillLink, presetPeriod, Rate } from './FiguresPanel';

type Preset = 'nd09Quarter' | 'calendarQuarter' | 'month' | 'year';

export function AgencyFeedbackPage() {
  const { agencyId } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const today = useToday();
  const [preset, setPreset] = useState<Preset>('nd09Quarter');
  const period = presetPeriod(preset, today);
  const page = useQuery({
    ...trpc.feedback.agencyPage.queryOptions({ agencyId, ...(period ?? { from: '2000-01-01', to: '2000-01-01' }) }),
    enabled: period !== null,
    placeholderData: keepPreviousData,
  });
  return (
    <QueryView query={page} empty={null} isEmpty={() => false}>
      {(data) => {
        const f = data.figures;
        const id = data.agency?.id ?? '';
        const cards: { label: string; value: React.ReactNode; drill?: Parameters<typeof drillLink>[0] }[] = [
          { label: t('feedback.figures.received'), value: formatNumber(f.received), drill: 'received' },
          { label: t('feedback.figures.withinCompetence'), value: formatNumber(f.withinCompetence), drill: 'withinCompetence' },
          { label: t('feedback.figures.answered'), value: formatNumber(f.answered), drill: 'answered' },
          { label: t('feedback.figures.onTimeRate'), value: <Rate value={f.onTimeRate} />, drill: 'late' },
          { label: t('feedback.figures.openOverdue'), value: formatNumber(f.openOverdue), drill: 'openOverdue' },
          { label: t('feedback.figures.satisfactionRate'), value: <Rate value={f.satisfactionRate} />, drill: 'notSatisfied' },
          { label: t('feedback.figures.median'), value: f.medianAnswerDays ?? '—' },
          { label: t('feedback.figures.p90'), value: f.p90AnswerDays ?? '—' },
          { label: t('feedback.figures.regulationShare'), value: <Rate value={f.regulationShare} /> },
        ];
        return (
          <Stack>
            <Anchor component={Link} to="/feedback" size="sm">
              ← {t('feedback.title')}
            </Anchor>
            <Title order={2}>{t('feedback.agencyPage.title', { agency: data.agency?.name ?? '' })}</Title>
            <Group>
              <SegmentedControl
                value={preset}
                onChange={(v) => setPreset(v as Preset)}
                data={(['nd09Quarter', 'calendarQuarter', 'month', 'year'] as const).map((p) => ({
                  value: p,
                  label: t(`feedback.figures.presets.${p}`),
                }))}
              />
            </Group>
            <Text size="sm" c="dimmed">
              {formatDate(data.period.from)} – {formatDate(data.period.to)} ·{' '}
              {t('feedback.figures.asOf', {
                measure: formatDate(data.measure),
                time: formatDateTime(data.asOf),
                source: t(`feedback.figures.sources.${data.source}`),
              })}
            </Text>
            <SimpleGrid cols={{ base: 2, md: 3, lg: 5 }} data-testid="agency-figures">
              {cards.map((c) => (
                <Paper key={c.label} withBorder p="sm">
                  <Text size="xs" c="dimmed">
                    {c.label}
                  </Text>
                  <Text fw={700} size="xl">
                    {c.value}
                  </Text>
                  {c.drill && (
                    <Anchor component={Link} size="xs" to={drillLink(c.drill, id, data.period)}>
                      {t('feedback.tabs.register')} →
                    </Anchor>
                  )}
                </Paper>
              ))}
            </SimpleGrid>
            <Paper withBorder p="md">
              <Title order={5} mb="sm">
                {t('feedback.agencyPage.months')}
              </Title>
              <LineChart
                h={240}
                data={data.trend.map((m) => ({
                  month: formatDate(m.month).slice(3),
                  onTime: m.onTimeRate,
                  satisfaction: m.satisfactionRate,
                }))}
                dataKey="month"
                yAxisProps={{ domain: [0, 100] }}
                connectNulls
                withLegend
                series={[
                  { name: 'onTime', label: t('feedback.figures.onTimeRate'), color: 'blue.6' },
                  { name: 'satisfaction', label: t('feedback.figures.satisfactionRate'), color: 'teal.6' },
                ]}
                unit="%"
              />
            </Paper>
            <Definitions />
          </Stack>
        );
      }}
    </QueryView>
  );
}
