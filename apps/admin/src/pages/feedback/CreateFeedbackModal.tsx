/** Manual intake of one item (letters, hotline calls, e-mails, visits). */
import { ZFeedbackCreate } from '@cchc/core/feedback/schemas';
import { FEEDBACK_CHANNELS, FEEDBACK_CLASSIFICATIONS, SUBMITTER_TYPES } from '@cchc/domain/feedback/workflow';
import { Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AgencyPicker } from '../../components/AgencyPicker';
import { DateField } from '../../components/DateField';
import { FormActions } from '../../components/FormActions';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';

export function CreateFeedbackModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const today = useToday();
  const form = useForm({
    initialValues: {
      externalId: '',
      date: today,
      time: '08:00',
      channel: 'letter' as (typeof FEEDBACK_CHANNELS)[number],
      submitterType: 'citizen' as (typeof SUBMITTER_TYPES)[number],
      submitterName: '',
      submitterContact: '',
      subject: '',
      content: '',
      classification: null as (typeof FEEDBACK_CLASSIFICATIONS)[number] | null,
      field: '',
      competentAgencyId: null as string | null,
    },
  });
  const create = useMutation(
    trpc.feedback.create.mutationOptions({
      onSuccess: async (row) => {
        notifications.show({ color: 'green', message: t('feedback.created', { number: row.number }) });
        await queryClient.invalidateQueries({ queryKey: trpc.feedback.pathKey() });
        onClose();
        navigate(`/feedback/${row.id}`);
      },
      onError: (error) => {
        form.setErrors(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  const submit = form.onSubmit((v) => {
    const input = {
      externalId: v.externalId,
      receivedAt: `${v.date}T${v.time || '00:00'}:00+07:00`,
      channel: v.channel,
      submitterType: v.submitterType,
      submitterName: v.submitterName,
      submitterContact: v.submitterContact,
      subject: v.subject,
      content: v.content,
      classification: v.classification,
      field: v.field,
      competentAgencyId: v.competentAgencyId,
    };
    // The server's schema, run here first: the same Vietnamese messages, before any round trip.
    const checked = ZFeedbackCreate.safeParse(input);
    if (!checked.success) {
      const errors: Record<string, string> = {};
      for (const issue of checked.error.issues) {
        const key = String(issue.path[0] === 'receivedAt' ? 'date' : issue.path[0]);
        errors[key] ??= issue.message;
      }
      form.setErrors(errors);
      return;
    }
    create.mutate(input);
  });
  return (
    <Modal opened onClose={onClose} title={t('feedback.create')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <SimpleGrid cols={3}>
            <DateField
              label={t('feedback.receivedAt')}
              withAsterisk
              value={form.values.date}
              onChange={(v) => form.setFieldValue('date', v ?? '')}
              error={form.errors.date}
              maxDate={today}
            />
            <TimeInput label={t('feedback.receivedTime')} {...form.getInputProps('time')} />
            <TextInput label={t('feedback.externalId')} {...form.getInputProps('externalId')} />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <Select
              label={t('feedback.channel')}
              withAsterisk
              data={FEEDBACK_CHANNELS.map((c) => ({ value: c, label: t(`feedback.channels.${c}`) }))}
              {...form.getInputProps('channel')}
            />
            <Select
              label={t('feedback.submitterType')}
              withAsterisk
              data={SUBMITTER_TYPES.map((c) => ({ value: c, label: t(`feedback.submitterTypes.${c}`) }))}
              {...form.getInputProps('submitterType')}
            />
          </SimpleGrid>
          <SimpleGrid cols={2}>
            <TextInput label={t('feedback.submitterName')} withAsterisk {...form.getInputProps('submitterName')} />
            <TextInput label={t('feedback.submitterContact')} {...form.getInputProps('submitterContact')} />
          </SimpleGrid>
          <TextInput label={t('feedback.subject')} withAsterisk {...form.getInputProps('subject')} />
          <Textarea label={t('feedback.content')} withAsterisk autosize minRows={4} {...form.getInputProps('content')} />
          <Group grow>
            <Select
              label={t('feedback.classification')}
              clearable
              data={FEEDBACK_CLASSIFICATIONS.map((c) => ({ value: c, label: t(`feedback.classifications.${c}`) }))}
              {...form.getInputProps('classification')}
            />
            <TextInput label={t('feedback.field')} {...form.getInputProps('field')} />
          </Group>
          <AgencyPicker
            label={t('feedback.agency')}
            value={form.values.competentAgencyId}
            onChange={(id) => form.setFieldValue('competentAgencyId', id)}
            error={form.errors.competentAgencyId}
          />
          <FormActions onCancel={onClose} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
