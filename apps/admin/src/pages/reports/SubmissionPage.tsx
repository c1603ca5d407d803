/** An agency's report for a period: its figures (automatic), the narrative sections, submit; send back for the Sở Nội vụ. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { formatDate, formatDateTime, formatPercent } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { SUBMISSION_COLORS } from './ReportsPage';

const rate = (r: number | null) => formatPercent(r);

export function SubmissionPage() {
  const { regimeId = '', periodKey = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.reports.submission.queryOptions({ regimeId, periodKey, agencyId: params.get('agency') }));
  const [sections, setSections] = useState<Record<string, string>>({});
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (query.data) setSections(query.data.submission.sections);
  }, [query.data]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
  const onError = (error: unknown) => {
    const fields = Object.values(fieldErrorsOf(error));
    notifications.show({ color: 'red', message: fields.length ? fields.join(' ') : errorMessage(error, t) });
  };
  const save = useMutation(
    trpc.reports.saveSubmission.mutationOptions({
      onSuccess: () => notifications.show({ color: 'green', message: t('reports.submission.saved') }),
      onError,
    }),
  );
  const submit = useMutation(
    trpc.reports.submit.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('reports.submission.submitted') });
        await refresh();
      },
      onError,
    }),
  );
  const accept = useMutation(
    trpc.reports.acceptSubmission.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('reports.submission.accepted') });
        await refresh();
      },
      onError,
    }),
  );
  const sendBack = useMutation(
    trpc.reports.returnSubmission.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('reports.submission.returned') });
        setReturning(false);
        await refresh();
      },
      onError,
    }),
  );
  return (
    <QueryView query={query} empty={null} isEmpty={() => false}>
      {(d) => {
        const f = d.figures;
        const figures = [
          [t('reports.figureLabels.tasks'), `${f.tasks.numerator}/${f.tasks.denominator} (${rate(f.tasks.rate)})`],
          [
            t('reports.figureLabels.attendance'),
            `${f.attendance.numerator}/${f.attendance.denominator} (${rate(f.attendance.rate)})`,
          ],
          [
            t('reports.figureLabels.headAttendance'),
            `${f.headAttendance.numerator}/${f.headAttendance.denominator} (${rate(f.headAttendance.rate)})`,
          ],
          [t('reports.figureLabels.reviews'), `${f.reviews.numerator}/${f.reviews.denominator} (${rate(f.reviews.rate)})`],
          [t('reports.figureLabels.feedbackReceived'), String(f.feedback.received)],
          [t('reports.figureLabels.feedbackOnTime'), rate(f.feedback.onTimeRate)],
          [t('reports.figureLabels.feedbackSatisfaction'), rate(f.feedback.satisfactionRate)],
          [
            t('reports.figureLabels.score'),
            f.score?.total === null || f.score === null ? '—' : `${f.score.total}% ${f.score.grade ?? ''}`,
          ],
        ];
        return (
          <Stack>
            <Anchor component={Link} to="/reports" size="sm">
              ← {t('reports.title')}
            </Anchor>
            <Group justify="space-between">
              <Title order={2}>{t('reports.submission.title', { agency: d.agency.name, period: d.period.label })}</Title>
              <Badge
                size="lg"
                color={SUBMISSION_COLORS[d.submission.status]}
                variant="light"
                tt="none"
                data-testid="submission-status"
              >
                {t(`reports.statuses.${d.submission.status as 'draft'}`)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {d.regime.name} · {t('reports.dataPeriod')} {formatDate(d.period.from)} – {formatDate(d.period.to)} ·{' '}
              {t('reports.submission.due', { date: formatDate(d.submission.dueDate) })}
            </Text>
            {d.submission.status === 'returned' && d.submission.returnedReason && (
              <Alert color="orange">{t('reports.submission.returnedBecause', { reason: d.submission.returnedReason })}</Alert>
            )}
            <Paper withBorder p="md">
              <Title order={5}>{t('reports.submission.figures')}</Title>
              <Text size="xs" c="dimmed" mb="xs">
                {t(`reports.submission.figuresSource.${d.figuresSource}`)}
              </Text>
              <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="submission-figures">
                {figures.map(([label, value]) => (
                  <div key={label}>
                    <Text size="xs" c="dimmed">
                      {label}
                    </Text>
                    <Text fw={600}>{value}</Text>
                  </div>
                ))}
              </SimpleGrid>
            </Paper>
            <Paper withBorder p="md">
              <Title order={5} mb="xs">
                {t('reports.submission.sections')}
              </Title>
              {!d.canEdit && d.submission.status === 'submitted' && (
                <Text size="sm" c="dimmed" mb="xs">
                  {t('reports.submission.readOnly')}
                </Text>
              )}
              <Stack>
                {d.regime.outline.map((s, i) => (
                  <Textarea
                    key={s.key}
                    label={`${i + 1}. ${s.title}`}
                    autosize
                    minRows={3}
                    readOnly={!d.canEdit}
                    value={sections[s.key] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setSections((x) => ({ ...x, [s.key]: value }));
                    }}
                  />
                ))}
              </Stack>
              {d.canEdit && (
                <Group justify="flex-end" mt="md">
                  <Button
                    variant="default"
                    loading={save.isPending}
                    onClick={() => save.mutate({ id: d.submission.id, sections })}
                  >
                    {t('reports.submission.save')}
                  </Button>
                  <Button
                    loading={submit.isPending}
                    onClick={() =>
                      modals.openConfirmModal({
                        title: t('reports.submission.submit'),
                        children: t('reports.submission.confirmSubmit', { receiver: d.regime.name }),
                        labels: { confirm: t('reports.submission.submit'), cancel: t('common.cancel') },
                        onConfirm: () => submit.mutate({ id: d.submission.id, sections }),
                      })
                    }
                  >
                    {t('reports.submission.submit')}
                  </Button>
                </Group>
              )}
              {d.canReturn && (
                <Group justify="flex-end" mt="md">
                  <Button color="orange" variant="light" onClick={() => setReturning(true)}>
                    {t('reports.submission.returnTitle')}
                  </Button>
                  <Button loading={accept.isPending} onClick={() => accept.mutate({ id: d.submission.id })}>
                    {t('reports.submission.accept')}
                  </Button>
                </Group>
              )}
            </Paper>
            {d.events.length > 0 && (
              <Paper withBorder p="md">
                <Title order={5} mb="xs">
                  {t('reports.submission.history')}
                </Title>
                <Timeline bulletSize={12}>
                  {d.events.map((e) => (
                    <Timeline.Item
                      key={e.id}
                      title={t(`reports.statuses.${e.action as 'submitted'}`, { defaultValue: e.action })}
                    >
                      <Text size="xs" c="dimmed">
                        {formatDateTime(e.createdAt)} · {e.actorName ?? ''}
                      </Text>
                      {e.note && <Text size="xs">{e.note}</Text>}
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Paper>
            )}
            {returning && (
              <Modal opened onClose={() => setReturning(false)} title={t('reports.submission.returnTitle')}>
                <Stack>
                  <Textarea
                    label={t('reports.submission.reason')}
                    withAsterisk
                    value={reason}
                    onChange={(e) => setReason(e.currentTarget.value)}
                  />
                  <Group justify="flex-end">
                    <Button variant="default" onClick={() => setReturning(false)}>
                      {t('common.cancel')}
                    </Button>
                    <Button
                      color="orange"
                      loading={sendBack.isPending}
                      onClick={() => sendBack.mutate({ id: d.submission.id, reason })}
                    >
                      {t('reports.submission.returnTitle')}
                    </Button>
                  </Group>
                </Stack>
              </Modal>
            )}
          </Stack>
        );
      }}
    </QueryView>
  );
}
