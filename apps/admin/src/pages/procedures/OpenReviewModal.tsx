/** Opens the review of a dormant procedure and assigns it to an agency. */
import { Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AgencyPicker } from '../../components/AgencyPicker';
import { FormActions } from '../../components/FormActions';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

export function OpenReviewModal({
  target,
  onClose,
}: {
  target: { procedureId: string; agencyId: string | null; code: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { agencyId: target.agencyId ?? '' },
    validate: { agencyId: (v) => (v ? null : t('common.required.reviewAgency')) },
  });
  const open = useMutation(
    trpc.procedures.openReview.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('procedures.reviewOpened') });
        await queryClient.invalidateQueries({ queryKey: trpc.procedures.pathKey() });
        onClose();
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`${t('procedures.openReview')} — ${target.code}`}>
      <form onSubmit={form.onSubmit((v) => open.mutate({ procedureId: target.procedureId, agencyId: v.agencyId }))} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('procedures.reviewAgency')}
          </Text>
          <AgencyPicker
            label={t('procedures.reviewAgency')}
            withAsterisk
            value={form.values.agencyId || null}
            onChange={(id) => form.setFieldValue('agencyId', id ?? '')}
            error={form.errors.agencyId}
          />
          <FormActions onCancel={onClose} loading={open.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
