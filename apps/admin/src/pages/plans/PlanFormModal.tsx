import { ZPlanCreate } from '@cchc/core/plans/schemas';
import { PLAN_STATUSES } from '@cchc/domain/tasks/status';
import { Group, Modal, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AgencyPicker } from '../../components/AgencyPicker';
import { DateField } from '../../components/DateField';
import { FormActions } from '../../components/FormActions';
import { toIsoDate } from '../../lib/dates';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useToday } from '../../lib/today';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type Plan = RouterOutputs['plans']['get'];

export function PlanFormModal({ plan, onClose }: { plan: Plan | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const today = useToday();
  const form = useForm({
    initialValues: {
      year: plan?.year ?? Number(today.slice(0, 4)),
      title: plan?.title ?? '',
      description: plan?.description ?? '',
      docNumber: plan?.docNumber ?? '',
      docDate: plan?.docDate ?? null,
      issuingAgencyId: plan?.issuingAgencyId ?? null,
      status: plan?.status ?? 'draft',
    },
    validate: zod4Resolver(ZPlanCreate),
  });
  const onError = (error: unknown) => {
    form.setErrors(fieldErrorsOf(error));
    notifications.show({ color: 'red', message: errorMessage(error, t) });
  };
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
    onClose();
  };
  const create = useMutation(
    trpc.plans.create.mutationOptions({
      onSuccess: async (created) => {
        notifications.show({ color: 'green', message: t('plans.created') });
        await done();
        await navigate(`/plans/${created.id}`);
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.plans.update.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('common.saved') });
        await done();
      },
      onError,
    }),
  );
  const submit = form.onSubmit((v) => {
    const values = { ...v, docDate: toIsoDate(v.docDate) };
    if (plan) update.mutate({ id: plan.id, ...values });
    else create.mutate(values);
  });
  return (
    <Modal opened onClose={onClose} title={plan ? t('plans.edit') : t('plans.create')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('plans.name')} withAsterisk {...form.getInputProps('title')} />
          <Group grow>
            <NumberInput label={t('plans.year')} withAsterisk min={2000} max={2100} {...form.getInputProps('year')} />
            <Select
              label={t('plans.status')}
              data={PLAN_STATUSES.map((s) => ({ value: s, label: t(`planStatus.${s}`) }))}
              allowDeselect={false}
              {...form.getInputProps('status')}
            />
          </Group>
          <Group grow>
            <TextInput label={t('plans.docNumber')} placeholder="123/KH-UBND" {...form.getInputProps('docNumber')} />
            <DateField label={t('plans.docDate')} clearable {...form.getInputProps('docDate')} />
          </Group>
          <AgencyPicker
            label={t('plans.issuingAgency')}
            value={form.values.issuingAgencyId}
            initialLabel={plan?.issuingAgencyName ?? undefined}
            onChange={(id) => form.setFieldValue('issuingAgencyId', id)}
          />
          <Textarea label={t('plans.description')} autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
          <FormActions onCancel={onClose} loading={create.isPending || update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
