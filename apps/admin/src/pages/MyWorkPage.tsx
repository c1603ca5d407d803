/** "Việc của tôi": the work waiting for the signed-in person, from every module, each item with its deadline in working days. */
import { Anchor, Badge, Group, Loader, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DaysLeft } from '../components/DaysLeft';
import { EmptyState } from '../components/EmptyState';
import { StatusBadge } from '../components/StatusBadge';
import { errorMessage } from '../lib/errors';
import { formatNumber } from '../lib/format';
import { useMe } from '../lib/me';
import { useMyWork } from '../lib/my-work';
import type { RouterOutputs } from '../lib/trpc';
import { FeedbackStatusBadge } from './feedback/FeedbackPage';
import { ParMine } from './scores/ParPanel';

type Work = RouterOutputs['notifications']['work'];

export function MyWorkPage() {
  const { t } = useTranslation();
  const me = useMe();
  const work = useMyWork();
  if (work.error) return <Text c="red">{errorMessage(work.error, t)}</Text>;
  if (!work.data) return <Loader />;
  const w = work.data;
  const decider = w.kind === 'decider';
  const agency = me.data?.agencyName ?? '';
  return (
    <Stack>
      <div>
        <Title order={2}>{t('myWork.title')}</Title>
        <Text c="dimmed" size="sm">
          {decider ? t('myWork.introDecider', { agency }) : t('myWork.intro', { agency })}
        </Text>
      </div>
      <ParMine />
      {w.counts.total === 0 && <EmptyState>{t('myWork.nothing')}</EmptyState>}
      {w.kind === 'agency' && <Tasks work={w} />}
      {(w.kind === 'agency' || w.counts.reviews > 0) && (
        <Section
          testId="work-reviews"
          title={decider ? t('myWork.reviewsDecider') : t('myWork.reviews')}
          count={w.counts.reviews}
          shown={w.reviews.length}
          empty={t('myWork.reviewsEmpty')}
        >
          {w.reviews.map((r) => (
            <Row key={r.id} days={r.daysLeft}>
              <Anchor component={Link} to={`/procedures/${r.procedureId}`} fw={500}>
                {r.code} · {r.name}
              </Anchor>
              <Group gap={6}>
                <Badge variant="light" color="gray" tt="none">
                  {t(`myWork.reviewStatus.${r.status as 'open'}`)}
                </Badge>
                {decider && (
                  <Text size="sm" c="dimmed">
                    {r.agencyName}
                  </Text>
                )}
                <Anchor component={Link} to="/procedures?tab=reviews" size="sm">
                  {t('procedures.tabs.reviews')}
                </Anchor>
              </Group>
            </Row>
          ))}
        </Section>
      )}
      {(w.kind === 'agency' || w.counts.feedback > 0) && (
        <Section
          testId="work-feedback"
          title={decider ? t('myWork.feedbackDecider') : t('myWork.feedback')}
          count={w.counts.feedback}
          shown={w.feedback.length}
          empty={t('myWork.feedbackEmpty')}
        >
          {w.feedback.map((f) => (
            <Row key={f.id} days={f.daysLeft}>
              <Anchor component={Link} to={`/feedback/${f.id}`} fw={500}>
                {t('myWork.feedbackNumber', { number: f.number })} · {f.subject}
              </Anchor>
              <Group gap={6}>
                <FeedbackStatusBadge status={f.status} />
                {decider && f.agencyName && (
                  <Text size="sm" c="dimmed">
                    {f.agencyName}
                  </Text>
                )}
              </Group>
            </Row>
          ))}
        </Section>
      )}
      {(w.kind === 'agency' || w.counts.reports > 0) && (
        <Section
          testId="work-reports"
          title={decider ? t('myWork.reportsDecider') : t('myWork.reports')}
          count={w.counts.reports}
          shown={w.reports.length}
          empty={t('myWork.reportsEmpty')}
        >
          {w.reports.map((r) => (
            <Row key={r.id} days={r.daysLeft}>
              <Anchor
                component={Link}
                to={decider ? `/reports/${r.regimeId}/${r.periodKey}` : `/reports/${r.regimeId}/${r.periodKey}/submission`}
                fw={500}
              >
                {r.regimeName} — {r.periodLabel}
              </Anchor>
              <Group gap={6}>
                <Badge variant="light" color={r.status === 'returned' ? 'orange' : 'gray'} tt="none">
                  {t(`myWork.reportStatus.${r.status as 'draft'}`)}
                </Badge>
                {decider && (
                  <Text size="sm" c="dimmed">
                    {r.agencyName}
                  </Text>
                )}
              </Group>
            </Row>
          ))}
        </Section>
      )}
    </Stack>
  );
}

function Tasks({ work }: { work: Work }) {
  const { t } = useTranslation();
  return (
    <Section
      testId="work-tasks"
      title={t('myWork.tasks')}
      count={work.counts.tasks}
      shown={work.tasks.length}
      empty={t('myWork.tasksEmpty')}
    >
      {work.tasks.map((k) => (
        <Row key={k.id} days={k.daysLeft}>
          <div>
            <Anchor component={Link} to={`/tasks/${k.id}`} fw={500}>
              {k.code ? `${k.code}. ` : ''}
              {k.title}
            </Anchor>
            <Text size="xs" c="dimmed">
              {k.planTitle}
            </Text>
          </div>
          <Group gap={6}>
            <Badge variant="outline" color="gray" tt="none">
              {k.role === 'lead' ? t('myWork.lead') : t('myWork.coordinator')}
            </Badge>
            <StatusBadge status={k.status} />
            <Group gap={4} wrap="nowrap">
              <Progress value={k.progress} w={60} aria-hidden />
              <Text size="xs">{formatNumber(k.progress)}%</Text>
            </Group>
            {k.stale && (
              <Badge variant="light" color="yellow" tt="none">
                {t('myWork.stale')}
              </Badge>
            )}
          </Group>
        </Row>
      ))}
    </Section>
  );
}

function Section({
  title,
  count,
  shown,
  empty,
  testId,
  children,
}: {
  title: string;
  count: number;
  shown: number;
  empty: string;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={4}>{title}</Title>
        <Badge variant="light" color={count ? 'blue' : 'gray'} size="lg" data-testid={`${testId}-count`}>
          {formatNumber(count)}
        </Badge>
      </Group>
      {count === 0 ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        <Stack gap={0}>{children}</Stack>
      )}
      {count > shown && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('myWork.more', { shown: formatNumber(shown), total: formatNumber(count) })}
        </Text>
      )}
    </Paper>
  );
}

/** One item: what it is (wraps on a phone) and, on the right, how long is left. */
function Row({ days, children }: { days: number | null; children: ReactNode }) {
  return (
    <Group
      justify="space-between"
      align="flex-start"
      py="xs"
      wrap="wrap"
      gap="xs"
      style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      data-testid="work-item"
    >
      <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
        {children}
      </Stack>
      <DaysLeft days={days} />
    </Group>
  );
}
