/** One feedback item: who wrote and what (masked for those not allowed), deadlines, the workflow steps, history. */
import type { FeedbackAction } from '@cchc/domain/feedback/workflow';
import { FEEDBACK_CLASSIFICATIONS, SATISFACTIONS } from '@cchc/domain/feedback/workflow';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AgencyPicker } from '../../components/AgencyPicker';
import { FormActions } from '../../components/FormActions';
import { QueryView } from '../../components/QueryView';
import { UnconfirmedCalendarWarning } from '../../components/UnconfirmedCalendarWarning';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { FeedbackStatusBadge } from './FeedbackPage';

export function FeedbackDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const item = useQuery(trpc.feedback.get.queryOptions({ id }, { staleTime: 0 }));
  const [action, setAction] = useState<FeedbackAction | null>(null);
  return (
    <QueryView query={item} empty={null} isEmpty={() => false}>
      {(f) => (
        <Stack gap="md">
          <Anchor component={Link} to="/feedback" size="sm">
            ← {t('feedback.title')}
          </Anchor>
          <Group justify="space-between" align="flex-start">
            <div>
              <Text size="sm" c="dimmed">
                {t('feedback.number')} {f.number}
                {f.externalId ? ` · ${f.externalId}` : ''}
              </Text>
              <Title order={2}>{f.subject}</Title>
              <Group gap="xs" mt={4}>
                <FeedbackStatusBadge status={f.status} />
                {f.overdue && (
                  <Badge color="red" variant="filled" tt="none" data-testid="overdue-badge">
                    {t('feedback.overdue')}
                  </Badge>
                )}
                {f.workingDaysLeft !== null && f.workingDaysLeft >= 0 && (
                  <Badge color="blue" variant="light" tt="none">
                    {t('feedback.daysLeft', { count: f.workingDaysLeft })}
                  </Badge>
                )}
              </Group>
            </div>
            <Group gap="xs">
              {f.allowedActions.map((a) => (
                <Button key={a} variant={a === 'answer' || a === 'publish' ? 'filled' : 'light'} onClick={() => setAction(a)}>
                  {t(`feedback.actions.${a}`)}
                </Button>
              ))}
            </Group>
          </Group>
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack>
                <Paper withBorder p="md">
                  {!f.personalDataVisible && (
                    <Alert color="gray" icon={<IconLock size={16} />} mb="sm" data-testid="masked-notice">
                      {t('feedback.masked')}
                    </Alert>
                  )}
                  <SimpleGrid cols={2} spacing="xs">
                    <Field
                      label={t('feedback.submitterName')}
                      value={<span data-testid="submitter-name">{f.submitterName}</span>}
                    />
                    <Field label={t('feedback.submitterContact')} value={f.submitterContact ?? '—'} />
                    <Field
                      label={t('feedback.submitterType')}
                      value={t(`feedback.submitterTypes.${f.submitterType as 'citizen'}`)}
                    />
                    <Field label={t('feedback.channel')} value={t(`feedback.channels.${f.channel as 'letter'}`)} />
                    {f.sourceSystem && (
                      <Field
                        label={t('feedback.sourceSystem')}
                        value={<span data-testid="source-system">{f.sourceSystem}</span>}
                      />
                    )}
                    <Field label={t('feedback.receivedAt')} value={formatDateTime(f.receivedAt)} />
                    <Field
                      label={t('feedback.classification')}
                      value={f.classification ? t(`feedback.classifications.${f.classification as 'regulation'}`) : '—'}
                    />
                    <Field label={t('feedback.field')} value={f.field ?? '—'} />
                    <Field label={t('feedback.agency')} value={f.agencyName ?? t('feedback.unassigned')} />
                  </SimpleGrid>
                  <Text size="xs" c="dimmed" mt="sm">
                    {t('feedback.content')}
                  </Text>
                  <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="feedback-content">
                    {f.content ?? '••••••'}
                  </Text>
                  {f.personalDataVisible && (
                    <Text size="xs" c="dimmed" mt="xs">
                      {t('feedback.viewedAudited')}
                    </Text>
                  )}
                </Paper>
                {f.answerText && (
                  <Paper withBorder p="md" data-testid="answer">
                    <Text size="xs" c="dimmed">
                      {t('feedback.answer')} · {formatDate(f.answeredOn)}
                    </Text>
                    <Text style={{ whiteSpace: 'pre-wrap' }}>{f.answerText}</Text>
                    <Group gap="xs" mt="xs">
                      <Badge variant="light" tt="none">
                        {t(`feedback.satisfactions.${f.satisfaction as 'not_rated'}`)}
                      </Badge>
                      {f.recomplaint && (
                        <Badge color="orange" variant="light" tt="none">
                          {t('feedback.recomplaint')}
                        </Badge>
                      )}
                    </Group>
                  </Paper>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack>
                <Paper withBorder p="md">
                  <Title order={5} mb="xs">
                    {t('feedback.deadlines')}
                  </Title>
                  <Stack gap={4}>
                    <Field label={t('feedback.clockStart')} value={formatDate(f.clockStart)} />
                    <Field label={t('feedback.refuseDue')} value={formatDate(f.refuseDue)} />
                    <Field label={t('feedback.infoDue')} value={formatDate(f.infoDue)} />
                    <Field
                      label={t('feedback.answerDue')}
                      value={
                        <span data-testid="answer-due">
                          {formatDate(f.answerDue)}
                          {f.dueSource === 'source' ? ` (${t('feedback.dueFromSource')})` : ''}
                        </span>
                      }
                    />
                    <UnconfirmedCalendarWarning years={f.answerDueUnconfirmedYears} />
                    {f.publishDue && <Field label={t('feedback.publishDue')} value={formatDate(f.publishDue)} />}
                  </Stack>
                </Paper>
                <Paper withBorder p="md">
                  <Title order={5} mb="xs">
                    {t('feedback.history')}
                  </Title>
                  <Timeline bulletSize={14} lineWidth={2}>
                    {f.events.map((e) => (
                      <Timeline.Item key={e.id} title={t(`feedback.actions.${e.action as 'answer'}`, { defaultValue: e.action })}>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(e.createdAt)} · {e.actorName ?? 'system'}
                        </Text>
                        <Text size="xs">
                          {e.fromStatus ? `${t(`feedback.statuses.${e.fromStatus as 'received'}`)} → ` : ''}
                          {t(`feedback.statuses.${e.toStatus as 'received'}`)}
                          {e.toAgencyName && e.toAgencyName !== e.fromAgencyName ? ` · ${e.toAgencyName}` : ''}
                        </Text>
                        {e.note && <Text size="xs">“{e.note}”</Text>}
                      </Timeline.Item>
                    ))}
                  </Timeline>
                </Paper>
              </Stack>
            </Grid.Col>
          </Grid>
          {action && <ActionModal id={f.id} action={action} onClose={() => setAction(null)} />}
        </Stack>
      )}
    </QueryView>
  );
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

const NEEDS_NOTE: FeedbackAction[] = ['refuse', 'return', 'send_back', 'request_info', 'forward'];

function ActionModal({ id, action, onClose }: { id: string; action: FeedbackAction; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [answerText, setAnswerText] = useState('');
  const [classification, setClassification] = useState<string | null>(null);
  const [field, setField] = useState('');
  const [satisfaction, setSatisfaction] = useState<string | null>(null);
  const [recomplaint, setRecomplaint] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = useMutation(
    trpc.feedback.act.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('feedback.actionDone') });
        await queryClient.invalidateQueries({ queryKey: trpc.feedback.pathKey() });
        onClose();
      },
      onError: (e) => {
        const fields = Object.values(fieldErrorsOf(e));
        setError(fields.length ? fields.join(' ') : errorMessage(e, t));
      },
    }),
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    act.mutate({
      id,
      action,
      note: note || null,
      agencyId,
      answerText: answerText || null,
      classification: classification as (typeof FEEDBACK_CLASSIFICATIONS)[number] | null,
      field: field || null,
      satisfaction: satisfaction as (typeof SATISFACTIONS)[number] | null,
      recomplaint,
    });
  };
  return (
    <Modal opened onClose={onClose} title={t(`feedback.actions.${action}`)} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {(action === 'classify' || action === 'assign') && (
            <Group grow>
              <Select
                label={t('feedback.classification')}
                withAsterisk={action === 'classify'}
                data={FEEDBACK_CLASSIFICATIONS.map((c) => ({ value: c, label: t(`feedback.classifications.${c}`) }))}
                value={classification}
                onChange={setClassification}
              />
              {action === 'classify' && (
                <TextInput label={t('feedback.field')} value={field} onChange={(e) => setField(e.currentTarget.value)} />
              )}
            </Group>
          )}
          {(action === 'assign' || action === 'forward') && (
            <AgencyPicker label={t('feedback.agency')} withAsterisk value={agencyId} onChange={setAgencyId} />
          )}
          {action === 'answer' && (
            <Textarea
              label={t('feedback.answer')}
              withAsterisk
              autosize
              minRows={6}
              value={answerText}
              onChange={(e) => setAnswerText(e.currentTarget.value)}
              data-testid="answer-text"
            />
          )}
          {action === 'rate' && (
            <Group>
              <Select
                label={t('feedback.satisfaction')}
                withAsterisk
                data={SATISFACTIONS.map((s) => ({ value: s, label: t(`feedback.satisfactions.${s}`) }))}
                value={satisfaction}
                onChange={setSatisfaction}
              />
              <Checkbox
                mt="lg"
                label={t('feedback.recomplaint')}
                checked={recomplaint}
                onChange={(e) => setRecomplaint(e.currentTarget.checked)}
              />
            </Group>
          )}
          {(NEEDS_NOTE.includes(action) || action === 'info_received') && (
            <Textarea
              label={t('feedback.note')}
              withAsterisk={NEEDS_NOTE.includes(action)}
              autosize
              minRows={2}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <FormActions onCancel={onClose} loading={act.isPending} saveLabel={t(`feedback.actions.${action}`)} />
        </Stack>
      </form>
    </Modal>
  );
}
