/** Reviews of dormant procedures: the agency proposes, the Sở Nội vụ or working group decides. */
import { REVIEW_PROPOSALS, type ReviewProposal } from '@cchc/domain/procedures/review';
import { Anchor, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateField } from '../../components/DateField';
import { FormActions } from '../../components/FormActions';
import { QueryView } from '../../components/QueryView';
import { toIsoDate } from '../../lib/dates';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useMay } from '../../lib/me';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';

type Review = RouterOutputs['procedures']['reviews'][number];
const STATUS_COLORS: Record<string, string> = { open: 'yellow', proposed: 'blue', approved: 'green', rejected: 'red' };

export function ReviewsTable({ procedureId }: { procedureId?: string }) {
  const may = useMay();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const reviews = useQuery(trpc.procedures.reviews.queryOptions({ procedureId }));
  const [proposing, setProposing] = useState<Review | null>(null);
  const [deciding, setDeciding] = useState<Review | null>(null);
  const canDecide = may('procedures.decideReview');
  const canPropose = may('procedures.proposeReview');
  return (
    <Paper withBorder>
      <QueryView query={reviews} empty={t('procedures.noReviews')}>
        {(data) => (
          <Table.ScrollContainer minWidth={900}>
            <Table data-testid="reviews-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('procedures.name')}</Table.Th>
                  <Table.Th>{t('procedures.reviewAgency')}</Table.Th>
                  <Table.Th>{t('procedures.lastFiling')}</Table.Th>
                  <Table.Th>{t('procedures.proposal')}</Table.Th>
                  <Table.Th>{t('procedures.status')}</Table.Th>
                  <Table.Th>{t('procedures.due')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/procedures/${r.procedureId}`} size="sm">
                        {r.code} — {r.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{r.agencyName}</Table.Td>
                    <Table.Td>{r.lastFiling ? formatDate(r.lastFiling) : t('procedures.never')}</Table.Td>
                    <Table.Td>
                      {r.proposal ? t(`procedures.proposals.${r.proposal}`) : '—'}
                      {r.decisionNo && (
                        <Text size="xs" c="dimmed">
                          {r.decisionNo} · {formatDate(r.decisionDate)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[r.status]} variant="light" tt="none">
                        {t(`procedures.reviewStatus.${r.status as 'open'}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {formatDate(
                        r.status === 'proposed'
                          ? r.decideDue
                          : r.status === 'open' || r.status === 'rejected'
                            ? r.proposeDue
                            : null,
                      )}
                      {r.overdue && (
                        <Badge color="red" size="xs" ml={4}>
                          {t('procedures.overdue')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {canPropose && (r.status === 'open' || r.status === 'rejected') && (
                        <Button size="xs" variant="light" onClick={() => setProposing(r)}>
                          {t('procedures.propose')}
                        </Button>
                      )}
                      {canDecide && r.status === 'proposed' && (
                        <Button size="xs" variant="light" onClick={() => setDeciding(r)}>
                          {t('procedures.approve')} / {t('procedures.reject')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
      {proposing && <ProposeModal review={proposing} onClose={() => setProposing(null)} />}
      {deciding && <DecideModal review={deciding} onClose={() => setDeciding(null)} />}
    </Paper>
  );
}

function ProposeModal({ review, onClose }: { review: Review; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { proposal: null as ReviewProposal | null, justification: '' } });
  const propose = useMutation(
    trpc.procedures.proposeReview.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('procedures.proposed') });
        await queryClient.invalidateQueries({ queryKey: trpc.procedures.pathKey() });
        onClose();
      },
      onError: (error) => {
        form.setErrors(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`${t('procedures.propose')} — ${review.code}`} size="lg">
      <form
        onSubmit={form.onSubmit((v) => {
          if (!v.proposal) {
            form.setFieldError('proposal', t('common.required.proposal'));
            return;
          }
          propose.mutate({ id: review.id, proposal: v.proposal, justification: v.justification });
        })}
        noValidate
      >
        <Stack>
          <Text size="sm">{review.name}</Text>
          <Select
            label={t('procedures.proposal')}
            withAsterisk
            data={REVIEW_PROPOSALS.map((p) => ({ value: p, label: t(`procedures.proposals.${p}`) }))}
            {...form.getInputProps('proposal')}
          />
          <Textarea label={t('procedures.justification')} autosize minRows={3} {...form.getInputProps('justification')} />
          <FormActions onCancel={onClose} loading={propose.isPending} saveLabel={t('procedures.propose')} />
        </Stack>
      </form>
    </Modal>
  );
}

function DecideModal({ review, onClose }: { review: Review; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { decisionNo: '', decisionDate: null as string | null, note: '' } });
  const decide = useMutation(
    trpc.procedures.decideReview.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('procedures.decided') });
        await queryClient.invalidateQueries({ queryKey: trpc.procedures.pathKey() });
        onClose();
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const send = (approve: boolean) =>
    decide.mutate({
      id: review.id,
      approve,
      decisionNo: form.values.decisionNo,
      decisionDate: toIsoDate(form.values.decisionDate),
      note: form.values.note,
    });
  return (
    <Modal opened onClose={onClose} title={`${review.code} — ${t(`procedures.proposals.${review.proposal}`)}`} size="lg">
      <Stack>
        <Text size="sm">{review.name}</Text>
        {review.justification && (
          <Text size="sm" c="dimmed">
            {review.justification}
          </Text>
        )}
        <Group grow>
          <TextInput label={t('procedures.decisionNo')} placeholder="1234/QĐ-UBND" {...form.getInputProps('decisionNo')} />
          <DateField label={t('procedures.decisionDate')} {...form.getInputProps('decisionDate')} />
        </Group>
        <Textarea label={t('procedures.decisionNote')} autosize {...form.getInputProps('note')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" variant="light" loading={decide.isPending} onClick={() => send(false)}>
            {t('procedures.reject')}
          </Button>
          <Button color="green" loading={decide.isPending} onClick={() => send(true)}>
            {t('procedures.approve')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
