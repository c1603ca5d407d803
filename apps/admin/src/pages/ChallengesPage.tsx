/** Citizens' challenges to the procedures an agency reviews (issue 19): each with its answer deadline, answered here and published. */
import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../components/QueryView';
import { errorMessage, fieldErrorsOf } from '../lib/errors';
import { formatDate } from '../lib/format';
import { useTRPC } from '../lib/trpc';

export function ChallengesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const challenges = useQuery(trpc.integrations.challenges.queryOptions());
  const [answering, setAnswering] = useState<{ id: string; number: number } | null>(null);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | undefined>();
  const save = useMutation(
    trpc.integrations.answerChallenge.mutationOptions({
      onSuccess: async () => {
        setAnswering(null);
        setAnswer('');
        notifications.show({ color: 'green', message: t('challenges.answered') });
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.challenges.queryKey() });
      },
      onError: (e) => {
        setError(fieldErrorsOf(e).answer);
        notifications.show({ color: 'red', message: errorMessage(e, t) });
      },
    }),
  );
  return (
    <Stack>
      <Title order={2}>{t('challenges.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('challenges.help')}
      </Text>
      <Paper withBorder>
        <QueryView query={challenges} empty={t('challenges.empty')}>
          {(data) => (
            <Table.ScrollContainer minWidth={900}>
              <Table data-testid="challenges-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('challenges.procedure')}</Table.Th>
                    <Table.Th>{t('challenges.content')}</Table.Th>
                    <Table.Th>{t('challenges.received')}</Table.Th>
                    <Table.Th>{t('challenges.due')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((c) => (
                    <Table.Tr key={c.id} data-challenge={c.number}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {c.procedureCode} — {c.procedureName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {c.agencyName}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" tt="none">
                          {t(`challenges.kinds.${c.kind}`)}
                        </Badge>
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                          {c.content}
                        </Text>
                        {c.contact && (
                          <Text size="xs" c="dimmed">
                            {t('challenges.contact')}: {c.contact}
                          </Text>
                        )}
                        {c.answerText && (
                          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                            <b>{t('challenges.answer')}:</b> {c.answerText}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(c.receivedOn)}</Table.Td>
                      <Table.Td data-testid="challenge-due">
                        {formatDate(c.answerDue)}
                        {c.overdue && (
                          <Badge color="red" ml={4} tt="none">
                            {t('challenges.overdue')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {c.status === 'open' ? (
                          <Button size="xs" onClick={() => setAnswering({ id: c.id, number: c.number })}>
                            {t('challenges.answerButton')}
                          </Button>
                        ) : (
                          <Badge color="green" tt="none">
                            {t('challenges.done')}
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>
      <Modal
        opened={answering !== null}
        onClose={() => setAnswering(null)}
        title={t('challenges.answerTitle', { number: answering?.number ?? '' })}
      >
        <Stack>
          <Textarea
            label={t('challenges.answer')}
            description={t('challenges.published')}
            minRows={5}
            autosize
            value={answer}
            error={error}
            onChange={(e) => setAnswer(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAnswering(null)}>
              {t('common.cancel')}
            </Button>
            <Button loading={save.isPending} onClick={() => answering && save.mutate({ id: answering.id, answer })}>
              {t('challenges.send')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
