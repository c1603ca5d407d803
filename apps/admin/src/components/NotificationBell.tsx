/** The bell: unread count, the latest notices, open one (marks it read), or mark all read. */
import { ActionIcon, Anchor, Button, Divider, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../lib/trpc';

export function NotificationBell() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({ ...trpc.notifications.mine.queryOptions(), refetchInterval: 60_000 });
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.mine.queryKey() }),
    }),
  );
  const unread = list.data?.unread ?? 0;
  return (
    <Popover width={380} position="bottom-end" withinPortal shadow="md">
      <Popover.Target>
        <Indicator label={unread} size={16} disabled={unread === 0} color="blue" offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={t('notifications.title')} data-testid="bell">
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600}>{t('notifications.title')}</Text>
          <Divider />
          {!list.data?.items.length ? (
            <Text c="dimmed" size="sm">
              {t('notifications.empty')}
            </Text>
          ) : (
            <ScrollArea.Autosize mah={360}>
              <Stack gap="sm" data-testid="notification-list">
                {list.data.items.map((n) => (
                  <div key={n.id}>
                    <Anchor
                      size="sm"
                      fw={n.readAt ? 400 : 700}
                      onClick={() => {
                        if (!n.readAt) markRead.mutate({ ids: [n.id] });
                        if (n.link) void navigate(n.link);
                      }}
                    >
                      {n.title}
                    </Anchor>
                    {n.body && (
                      <Text size="xs" c="dimmed">
                        {n.body}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {formatDateTime(n.createdAt)}
                    </Text>
                  </div>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
          {unread > 0 && (
            <Button variant="subtle" size="xs" onClick={() => markRead.mutate({})}>
              {t('notifications.markAll')}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
