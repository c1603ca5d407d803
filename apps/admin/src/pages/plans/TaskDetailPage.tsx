/** One task: who leads and helps, the deadline, the timeline of progress reports with evidence, and reporting. */
import { ZProgressReport } from '@cchc/core/plans/schemas';
import { taskStatus } from '@cchc/domain/tasks/status';
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  FileInput,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconFile, IconPaperclip } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DateField } from '../../components/DateField';
import { StatusBadge } from '../../components/StatusBadge';
import { UnconfirmedCalendarWarning } from '../../components/UnconfirmedCalendarWarning';
import { toIsoDate } from '../../lib/dates';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { useToday } from '../../lib/today';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';
import { TaskFormModal } from './TaskFormModal';

type Task = RouterOutputs['plans']['task'];

export function TaskDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const task = useQuery(trpc.plans.task.queryOptions({ id }));
  const plan = useQuery({
    ...trpc.plans.get.queryOptions({ id: task.data?.planId ?? '' }),
    enabled: Boolean(task.data?.canManage),
  });
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reopening, setReopening] = useState(false);
  if (task.isPending) return <Loader />;
  if (task.error) return <Text c="red">{errorMessage(task.error, t)}</Text>;
  const k = task.data;
  const limit = k.timeLimitValue
    ? `${formatDate(k.startDate)} + ${k.timeLimitValue} ${t(`timeUnits.${k.timeLimitUnit as 'day'}`)}`
    : null;
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/plans">
          {t('plans.title')}
        </Anchor>
        <Anchor component={Link} to={`/plans/${k.planId}`}>
          {k.planTitle}
        </Anchor>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Title order={2} maw={900}>
          {k.code ? `${k.code}. ` : ''}
          {k.title}
        </Title>
        <Group>
          <StatusBadge status={k.status} />
          {k.canManage && k.status === 'cancelled' && (
            <Button variant="light" onClick={() => setReopening(true)}>
              {t('tasks.reopen')}
            </Button>
          )}
          {k.canManage && k.status !== 'cancelled' && (
            <>
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
              <Button variant="light" color="red" onClick={() => setCancelling(true)}>
                {t('tasks.cancel')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <Field label={t('tasks.lead')} value={k.leadAgencyName} />
          <Field label={t('tasks.coordinators')} value={k.coordinators.map((c) => c.name).join(', ') || '—'} />
          <div>
            <Field
              label={t('tasks.deadline')}
              value={k.deadline ? formatDate(k.deadline) : t('tasks.noDeadline')}
              hint={limit}
              testId="task-deadline"
            />
            <UnconfirmedCalendarWarning years={k.deadlineUnconfirmedYears} />
          </div>
          <Field label={t('tasks.priority')} value={t(`priority.${k.priority as 'normal'}`)} />
          <Field label={t('tasks.group')} value={k.group ? `${k.group.code ? `${k.group.code}. ` : ''}${k.group.title}` : '—'} />
          <Field label={t('tasks.completedOn')} value={formatDate(k.completedOn)} />
          <Field label={t('tasks.expectedOutput')} value={k.expectedOutput ?? '—'} />
          <Field label={t('tasks.resultDocument')} value={k.resultDocument ?? '—'} />
          <div>
            <Text size="xs" c="dimmed">
              {t('tasks.progress')}
            </Text>
            <Group gap="xs">
              <Progress value={k.progress} w={160} />
              <Text size="sm" data-testid="task-progress">
                {formatNumber(k.progress)}%
              </Text>
            </Group>
          </div>
        </SimpleGrid>
        {k.description && (
          <Text mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {k.description}
          </Text>
        )}
        {k.cancelReason && (
          <Text mt="md" c="red">
            {t('tasks.cancelReason')}: {k.cancelReason}
          </Text>
        )}
      </Paper>
      {k.canReport && <ReportForm task={k} />}
      <Paper withBorder p="md">
        <Title order={4} mb="md">
          {t('tasks.timeline')}
        </Title>
        {k.updates.length === 0 ? (
          <Text c="dimmed">{t('tasks.noUpdates')}</Text>
        ) : (
          <Timeline bulletSize={22} lineWidth={2} data-testid="task-timeline">
            {k.updates.map((u) => (
              <Timeline.Item key={u.id} title={`${formatDate(u.reportedOn)} · ${formatNumber(u.progress)}%`}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {u.note}
                </Text>
                {u.documentRefs && (
                  <Text size="xs" c="dimmed">
                    {u.documentRefs}
                  </Text>
                )}
                {u.files.map((f) => (
                  <Anchor key={f.id} href={`/api/files/${f.id}`} size="sm" display="block">
                    <IconPaperclip size={12} /> {f.fileName} ({formatNumber(Math.ceil(f.sizeBytes / 1024))} KB)
                  </Anchor>
                ))}
                <Text size="xs" c="dimmed" mt={4}>
                  {t('tasks.by', { name: u.authorName ?? '—', agency: u.agencyName ?? '—' })} · {formatDateTime(u.createdAt)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Paper>
      {editing && plan.data && (
        <TaskFormModal planId={k.planId} groups={plan.data.groups} task={k} onClose={() => setEditing(false)} />
      )}
      {cancelling && <CancelModal taskId={k.id} onClose={() => setCancelling(false)} />}
      {reopening && <CancelModal taskId={k.id} reopen onClose={() => setReopening(false)} />}
    </Stack>
  );
}

function Field({ label, value, hint, testId }: { label: string; value: string; hint?: string | null; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text data-testid={testId}>{value}</Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}

function ReportForm({ task }: { task: Task }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const today = useToday();
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  /** A report that would bring a finished task below 100%, waiting for the user's confirmation and reason. */
  const [reopening, setReopening] = useState<{ progress: number } | null>(null);
  const [reopenReason, setReopenReason] = useState('');
  const form = useForm({
    initialValues: { progress: task.progress as number | string, note: '', documentRefs: '', reportedOn: null as string | null },
    validate: (v) =>
      zod4Resolver(ZProgressReport)({ taskId: task.id, ...v, progress: Number(v.progress), reportedOn: toIsoDate(v.reportedOn) }),
  });
  const report = useMutation(
    trpc.plans.reportProgress.mutationOptions({
      onSuccess: async (_result, input) => {
        notifications.show({ color: 'green', message: t('tasks.reported') });
        // The form now starts from the saved progress, not the one the page was opened with.
        form.setInitialValues({ progress: input.progress, note: '', documentRefs: '', reportedOn: null });
        form.reset();
        setFiles([]);
        setReopening(null);
        setReopenReason('');
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
      },
      onError: (error) => {
        form.setErrors(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  const send = async (v: typeof form.values, reason: string | null) => {
    setUploading(true);
    try {
      const fileIds: string[] = [];
      for (const file of files) fileIds.push((await uploadFile(file)).id);
      report.mutate({
        taskId: task.id,
        progress: Number(v.progress),
        note: v.note,
        documentRefs: v.documentRefs,
        reportedOn: toIsoDate(v.reportedOn),
        fileIds,
        reopenReason: reason,
      });
    } catch (error) {
      notifications.show({ color: 'red', message: error instanceof Error ? error.message : t('errors.generic') });
    } finally {
      setUploading(false);
    }
  };
  const submit = form.onSubmit(async (v) => {
    // Lowering a finished task reopens it: say what that does and ask why before saving.
    if (task.completedOn && Number(v.progress) < 100) {
      setReopening({ progress: Number(v.progress) });
      return;
    }
    await send(v, null);
  });
  const nextStatus = reopening
    ? taskStatus({ deadline: task.deadline, progress: reopening.progress, completedOn: null, cancelled: false }, today)
    : null;
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={4}>{t('tasks.report')}</Title>
          <Group grow align="flex-start" wrap="wrap">
            <NumberInput
              label={t('tasks.progress')}
              suffix="%"
              min={0}
              max={100}
              // Out-of-range values are refused with a message, never silently cut to 0–100.
              clampBehavior="none"
              allowDecimal={false}
              withAsterisk
              miw={140}
              {...form.getInputProps('progress')}
            />
            <DateField
              label={t('tasks.reportDate')}
              placeholder={t('common.none')}
              miw={160}
              {...form.getInputProps('reportedOn')}
            />
          </Group>
          <Textarea label={t('tasks.reportNote')} withAsterisk autosize minRows={3} {...form.getInputProps('note')} />
          <TextInput label={t('tasks.reportDocs')} placeholder="45/BC-STP" {...form.getInputProps('documentRefs')} />
          <FileInput
            label={t('tasks.evidence')}
            description={t('tasks.evidenceHint')}
            multiple
            clearable
            value={files}
            onChange={setFiles}
            leftSection={<IconFile size={16} />}
            data-testid="evidence-input"
          />
          <Group>
            <Button type="submit" loading={uploading || report.isPending}>
              {uploading ? t('tasks.uploading') : t('common.save')}
            </Button>
            {files.length > 0 && <Badge variant="light">{files.length}</Badge>}
          </Group>
        </Stack>
      </form>
      {reopening && nextStatus && (
        <Modal opened onClose={() => setReopening(null)} title={t('tasks.reopenDone.title')}>
          <Stack>
            <Alert color="orange" data-testid="reopen-warning">
              {t('tasks.reopenDone.effect', {
                status: t(`taskStatus.${task.status}`),
                completedOn: formatDate(task.completedOn),
                progress: reopening.progress,
                next: t(`taskStatus.${nextStatus}`),
              })}
            </Alert>
            <Textarea
              label={t('tasks.reopenDone.reason')}
              withAsterisk
              autosize
              minRows={2}
              value={reopenReason}
              onChange={(e) => setReopenReason(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setReopening(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="orange"
                disabled={reopenReason.trim().length < 3}
                loading={uploading || report.isPending}
                onClick={() => void send(form.values, reopenReason.trim())}
              >
                {t('tasks.reopenDone.confirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Paper>
  );
}

/** Cancels a task, or (with `reopen`) brings a cancelled one back; both ask for the reason. */
function CancelModal({ taskId, onClose, reopen = false }: { taskId: string; onClose: () => void; reopen?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const options = {
    onSuccess: async () => {
      notifications.show({ color: 'green', message: reopen ? t('tasks.reopened') : t('tasks.cancelled') });
      await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
      onClose();
    },
    onError: (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
  };
  const cancelTask = useMutation(trpc.plans.cancelTask.mutationOptions(options));
  const reopenTask = useMutation(trpc.plans.reopenTask.mutationOptions(options));
  const cancel = reopen ? reopenTask : cancelTask;
  return (
    <Modal opened onClose={onClose} title={reopen ? t('tasks.reopen') : t('tasks.cancel')}>
      <Stack>
        <Textarea
          label={reopen ? t('tasks.reopenReason') : t('tasks.cancelReason')}
          withAsterisk
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button
            color={reopen ? undefined : 'red'}
            disabled={reason.trim().length < 3}
            loading={cancel.isPending}
            onClick={() => cancel.mutate({ id: taskId, reason })}
          >
            {reopen ? t('tasks.reopen') : t('tasks.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
