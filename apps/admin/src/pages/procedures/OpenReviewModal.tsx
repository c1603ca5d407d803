/** Opens the review of a dormant procedure — or of many ticked in the list — and assigns it to an agency. */
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
  bulk,
  onClose,
}: {
  /** One procedure (with the agency already known for a procedure × agency row)… */
  target?: { procedureId: string; agencyId: string | null; code: string };
  /** …or the procedures ticked in the list, all for the same agency. */
  bulk?: { id: string; code: string }[];
  onClose: (done?: boolean) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { agencyId: target?.agencyId ?? '' },
    validate: { agencyId: (v) => (v ? null : t('common.required.reviewAgency')) },
  });
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.procedures.pathKey() });
    onClose(true);
  };
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error, t) });
  const open = useMutation(
    trpc.procedures.openReview.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('procedures.reviewOpened') });
        await done();
      },
      onError,
    }),
  );
  const openMany = useMutation(
    trpc.procedures.openReviews.mutationOptions({
      onSuccess: async (r) => {
        notifications.show({
          color: 'green',
          message: t('procedures.reviewsOpened', { opened: r.opened, skipped: r.underReview + r.abolished }),
        });
        await done();
      },
      onError,
    }),
  );
  const title = bulk
    ? t('procedures.openReviews', { count: bulk.length })
    : `${t('procedures.openReview')} — ${target?.code ?? ''}`;
  return (
    <Modal opened onClose={() => onClose()} title={title}>
      <form
        onSubmit={form.onSubmit((v) => {
          if (bulk) openMany.mutate({ procedureIds: bulk.map((b) => b.id), agencyId: v.agencyId });
          else if (target) open.mutate({ procedureId: target.procedureId, agencyId: v.agencyId });
        })}
        noValidate
      >
        <Stack>
          {bulk && (
            <Text size="sm" c="dimmed" lineClamp={3}>
              {bulk.map((b) => b.code).join(', ')}
            </Text>
          )}
          <AgencyPicker
            label={t('procedures.reviewAgency')}
            withAsterisk
            value={form.values.agencyId || null}
            onChange={(id) => form.setFieldValue('agencyId', id ?? '')}
            error={form.errors.agencyId}
          />
          <FormActions onCancel={() => onClose()} loading={open.isPending || openMany.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
