/** The e-mail outbox, readable in the app (and the only delivery when no SMTP server is configured). */
import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../components/QueryView';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../lib/trpc';

export function OutboxPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const outbox = useQuery(trpc.notifications.outbox.queryOptions());
  return (
    <Stack>
      <Title order={2}>{t('outbox.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('outbox.help')}
      </Text>
      <Paper withBorder>
        <QueryView query={outbox} empty={t('outbox.empty')}>
          {(data) => (
            <Table.ScrollContainer minWidth={800}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('outbox.created')}</Table.Th>
                    <Table.Th>{t('outbox.to')}</Table.Th>
                    <Table.Th>{t('outbox.subject')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                      <Table.Td>{m.toAddress}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{m.subject}</Text>
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                          {m.body}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {m.sentAt ? (
                          <Badge color="green" variant="light" tt="none">
                            {t('outbox.sent')} {formatDateTime(m.sentAt)}
                          </Badge>
                        ) : (
                          <Badge color={m.lastError ? 'red' : 'gray'} variant="light" tt="none" title={m.lastError ?? undefined}>
                            {m.lastError ? t('outbox.error') : t('outbox.pending')}
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
    </Stack>
  );
}
