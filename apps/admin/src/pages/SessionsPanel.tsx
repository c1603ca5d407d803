/** "Phiên đăng nhập của tôi": the user's live sessions (browser, address, last use) with revoke (issue 15, item 8). */
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../lib/trpc';

/** A short, recognisable name for a browser from its User-Agent ("Firefox · Windows"); the full one on hover. */
export function deviceName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /CocCoc|coc_coc/i.test(userAgent)
        ? 'Cốc Cốc'
        : /Firefox\//.test(userAgent)
          ? 'Firefox'
          : /Chrome\/|CriOS\//.test(userAgent)
            ? 'Chrome'
            : /Safari\//.test(userAgent)
              ? 'Safari'
              : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  const parts = [browser, system].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

export function SessionsPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
  const onError = (error: Parameters<typeof errorMessage>[0]) =>
    notifications.show({ color: 'red', message: errorMessage(error, t) });
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: async ({ current }) => {
        notifications.show({ color: 'green', message: t('sessions.revoked') });
        if (current) {
          queryClient.clear();
          window.location.assign('/');
          return;
        }
        await refresh();
      },
      onError,
    }),
  );
  const revokeOthers = useMutation(
    trpc.auth.revokeOtherSessions.mutationOptions({
      onSuccess: async ({ revoked }) => {
        notifications.show({ color: 'green', message: t('sessions.othersRevoked', { count: revoked }) });
        await refresh();
      },
      onError,
    }),
  );
  const rows = sessions.data ?? [];
  const others = rows.filter((s) => !s.current).length;
  return (
    <Paper withBorder p="md" data-testid="my-sessions">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('sessions.title')}</Title>
          <Button
            variant="light"
            color="red"
            disabled={others === 0}
            loading={revokeOthers.isPending}
            onClick={() =>
              modals.openConfirmModal({
                title: t('sessions.revokeOthers'),
                children: <Text size="sm">{t('sessions.revokeOthersConfirm', { count: others })}</Text>,
                labels: { confirm: t('sessions.revokeOthers'), cancel: t('common.cancel') },
                confirmProps: { color: 'red' },
                onConfirm: () => revokeOthers.mutate(),
              })
            }
          >
            {t('sessions.revokeOthers')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('sessions.help')}
        </Text>
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sessions.device')}</Table.Th>
                <Table.Th>{t('sessions.address')}</Table.Th>
                <Table.Th>{t('sessions.signedIn')}</Table.Th>
                <Table.Th>{t('sessions.lastSeen')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.ref} data-testid="session-row">
                  <Table.Td title={s.userAgent ?? undefined}>
                    <Group gap="xs">
                      <Text size="sm">{deviceName(s.userAgent) ?? t('sessions.unknownDevice')}</Text>
                      {s.current && (
                        <Badge size="sm" variant="light">
                          {t('sessions.current')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{s.address ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
                  <Table.Td>{formatDateTime(s.lastSeenAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={revoke.isPending && revoke.variables?.ref === s.ref}
                      onClick={() => revoke.mutate({ ref: s.ref })}
                    >
                      {s.current ? t('sessions.signOutHere') : t('sessions.revoke')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Paper>
  );
}
