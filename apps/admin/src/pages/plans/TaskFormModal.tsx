/** Create or edit a task: lead and coordinating agencies, and a deadline given as a date or as start date + time limit. */
import { ZTaskCreate } from '@cchc/core/plans/schemas';
import { TASK_PRIORITIES, type TaskPriority } from '@cchc/domain/tasks/status';
import { Alert, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useTranslation } from 'react-i18next';
import { AgencyMultiPicker } from '../../components/AgencyMultiPicker';
import { AgencyPicker } from '../../components/AgencyPicker';
import { DateField } from '../../components/DateField';
import { FormActions } from '../../components/FormActions';
import { UnconfirmedCalendarWarning } from '../../components/UnconfirmedCalendarWarning';
import { toIsoDate } from '../../lib/dates';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type Task = RouterOutputs['plans']['task'];
type TaskGroup = { id: string; code: string | null; title: string };
type Unit = 'working_day' | 'day' | 'month';

interface FormValues {
  title: string;
  code: string;
  groupId: string | null;
  description: string;
  expectedOutput: string;
  leadAgencyId: string;
  coordinatorIds: string[];
  priority: TaskPriority;
  weight: number | string;
  mode: string;
  deadline: string | null;
  startDate: string | null;
  limitValue: number | string;
  limitUnit: Unit;
  resultDocument: string;
}

function toInput(planId: string, v: FormValues) {
  const byLimit = v.mode === 'limit';
  return {
    planId,
    groupId: v.groupId,
    code: v.code,
    title: v.title,
    description: v.description,
    expectedOutput: v.expectedOutput,
    leadAgencyId: v.leadAgencyId,
    coordinatorIds: v.coordinatorIds,
    priority: v.priority,
    weight: Number(v.weight),
    deadline: byLimit ? null : toIsoDate(v.deadline),
    startDate: byLimit ? toIsoDate(v.startDate) : null,
    timeLimit: byLimit ? { value: Number(v.limitValue), unit: v.limitUnit } : null,
    resultDocument: v.resultDocument,
  };
}

export function TaskFormModal({
  planId,
  groups,
  task,
  onClose,
}: {
  planId: string;
  groups: TaskGroup[];
  task: Task | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<FormValues>({
    initialValues: {
      title: task?.title ?? '',
      code: task?.code ?? '',
      groupId: task?.groupId ?? null,
      description: task?.description ?? '',
      expectedOutput: task?.expectedOutput ?? '',
      leadAgencyId: task?.leadAgencyId ?? '',
      coordinatorIds: task?.coordinators.map((c) => c.id) ?? [],
      priority: task?.priority ?? 'normal',
      weight: task?.weight ?? 1,
      mode: task?.timeLimitValue ? 'limit' : 'date',
      deadline: task && !task.timeLimitValue ? task.deadline : null,
      startDate: task?.startDate ?? null,
      limitValue: task?.timeLimitValue ?? 10,
      limitUnit: (task?.timeLimitUnit ?? 'working_day') as Unit,
      resultDocument: task?.resultDocument ?? '',
    },
    validate: (v) => zod4Resolver(ZTaskCreate)(toInput(planId, v)),
  });
  const start = toIsoDate(form.values.startDate);
  const [limitValue] = useDebouncedValue(Number(form.values.limitValue), 300);
  const preview = useQuery({
    ...trpc.calendar.dueDate.queryOptions({
      startDate: start ?? '2000-01-01',
      value: limitValue || 0,
      unit: form.values.limitUnit,
    }),
    enabled: form.values.mode === 'limit' && start !== null && limitValue > 0,
  });
  const onError = (error: unknown) => {
    form.setErrors(fieldErrorsOf(error));
    notifications.show({ color: 'red', message: errorMessage(error, t) });
  };
  const onSuccess = async () => {
    notifications.show({ color: 'green', message: task ? t('common.saved') : t('tasks.created') });
    await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
    onClose();
  };
  const create = useMutation(trpc.plans.createTask.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.plans.updateTask.mutationOptions({ onSuccess, onError }));
  const submit = form.onSubmit((v) => {
    const input = toInput(planId, v);
    if (task) {
      const { planId: _p, ...rest } = input;
      update.mutate({ id: task.id, ...rest });
    } else create.mutate(input);
  });

  return (
    <Modal opened onClose={onClose} title={task ? t('tasks.edit') : t('tasks.create')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow align="flex-start">
            <TextInput label={t('tasks.code')} maw={120} {...form.getInputProps('code')} />
            <Select
              label={t('tasks.group')}
              placeholder={t('plans.noGroup')}
              data={groups.map((g) => ({ value: g.id, label: `${g.code ? `${g.code}. ` : ''}${g.title}` }))}
              clearable
              {...form.getInputProps('groupId')}
            />
          </Group>
          <Textarea label={t('tasks.name')} withAsterisk autosize minRows={2} {...form.getInputProps('title')} />
          <Textarea label={t('tasks.description')} autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
          <TextInput label={t('tasks.expectedOutput')} {...form.getInputProps('expectedOutput')} />
          <AgencyPicker
            label={t('tasks.lead')}
            withAsterisk
            value={form.values.leadAgencyId || null}
            initialLabel={task?.leadAgencyName}
            onChange={(id) => form.setFieldValue('leadAgencyId', id ?? '')}
            error={form.errors.leadAgencyId}
            data-testid="lead-picker"
          />
          <AgencyMultiPicker
            label={t('tasks.coordinators')}
            value={form.values.coordinatorIds}
            initialLabels={task?.coordinators}
            onChange={(ids) => form.setFieldValue('coordinatorIds', ids)}
          />
          <Group grow>
            <Select
              label={t('tasks.priority')}
              data={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              allowDeselect={false}
              {...form.getInputProps('priority')}
            />
            <NumberInput
              label={t('tasks.weight')}
              min={0.1}
              max={100}
              step={0.5}
              decimalScale={2}
              {...form.getInputProps('weight')}
            />
          </Group>
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('tasks.deadlineMode')}
            </Text>
            <SegmentedControl
              data={[
                { value: 'date', label: t('tasks.modeDate') },
                { value: 'limit', label: t('tasks.modeLimit') },
              ]}
              {...form.getInputProps('mode')}
            />
          </div>
          {form.values.mode === 'date' ? (
            <DateField label={t('tasks.deadline')} clearable {...form.getInputProps('deadline')} />
          ) : (
            <>
              <Group grow align="flex-start">
                <DateField label={t('tasks.startDate')} withAsterisk {...form.getInputProps('startDate')} />
                <NumberInput label={t('tasks.limitValue')} min={1} max={3650} {...form.getInputProps('limitValue')} />
                <Select
                  label={t('tasks.limitUnit')}
                  data={(['working_day', 'day', 'month'] as const).map((u) => ({ value: u, label: t(`timeUnits.${u}`) }))}
                  allowDeselect={false}
                  {...form.getInputProps('limitUnit')}
                />
              </Group>
              {preview.data && (
                <Alert color="blue" data-testid="due-preview">
                  {t('tasks.duePreview', { date: formatDate(preview.data.deadline), skipped: preview.data.skippedNonWorking })}
                  <UnconfirmedCalendarWarning years={preview.data.unconfirmedYears} />
                </Alert>
              )}
              {preview.error && <Alert color="red">{errorMessage(preview.error, t)}</Alert>}
            </>
          )}
          <TextInput label={t('tasks.resultDocument')} {...form.getInputProps('resultDocument')} />
          <FormActions onCancel={onClose} loading={create.isPending || update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
