/** The app's frame: header with language and account menu, navigation for the role's modules. */
import {
  AppShell,
  Badge,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconInbox, IconLogout, IconUser } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterNavLink, useNavigate } from 'react-router';
import { type Language, setLanguage } from '../i18n/index';
import { errorMessage } from '../lib/errors';
import { useMe } from '../lib/me';
import { ADMIN_MODULES, MODULE_ICONS, MODULE_PATHS } from '../lib/modules';
import { useMyWork } from '../lib/my-work';
import { useTRPC } from '../lib/trpc';
import { NotificationBell } from './NotificationBell';

export function Shell() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: async () => {
        queryClient.clear();
        await navigate('/sign-in', { replace: true });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const user = me.data;
  if (!user) return null;
  const modules = user.modules.filter((m) => !ADMIN_MODULES.includes(m));
  const adminModules = user.modules.filter((m) => ADMIN_MODULES.includes(m));

  const link = (m: (typeof user.modules)[number]) => {
    const Icon = MODULE_ICONS[m];
    return (
      <NavLink
        key={m}
        component={RouterNavLink}
        to={MODULE_PATHS[m]}
        label={t(`nav.${m}`)}
        leftSection={<Icon size={18} stroke={1.6} />}
        onClick={close}
        data-testid={`nav-${m}`}
      />
    );
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="menu" />
            <Title order={4} c="blue.8">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('app.title')}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label={t('nav.language')}
              value={i18n.language}
              onChange={(v) => setLanguage(v as Language)}
              data={[
                { value: 'vi', label: 'VI' },
                { value: 'en', label: 'EN' },
              ]}
            />
            <NotificationBell />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu">
                  <Group gap={6} wrap="nowrap">
                    {/* On a phone the name and role live in the menu: the header must fit 390 px. */}
                    <Box hiddenFrom="sm" display="flex" aria-label={user.displayName}>
                      <IconUser size={20} />
                    </Box>
                    <Box visibleFrom="sm" style={{ textAlign: 'right' }}>
                      <Text size="sm" fw={500} lh={1.2}>
                        {user.displayName}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {t(`roles.${user.role}`)} · {user.agencyName}
                      </Text>
                    </Box>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label hiddenFrom="sm">
                  {user.displayName} · {t(`roles.${user.role}`)} · {user.agencyName}
                </Menu.Label>
                <Menu.Item leftSection={<IconUser size={16} />} onClick={() => navigate('/profile')}>
                  {t('nav.profile')}
                </Menu.Item>
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => signOut.mutate()} data-testid="sign-out">
                  {t('nav.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="navigation">
        <ScrollArea>
          {user.role !== 'admin' && <MyWorkLink onClick={close} />}
          {modules.map(link)}
          {adminModules.length > 0 && (
            <>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
                {t('nav.administration')}
              </Text>
              {adminModules.map(link)}
            </>
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** "Việc của tôi" heads the menu with the number of items waiting (neutral: a count is not an error). */
function MyWorkLink({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  const work = useMyWork();
  const total = work.data?.counts.total ?? 0;
  return (
    <NavLink
      component={RouterNavLink}
      to="/my-work"
      label={t('myWork.nav')}
      leftSection={<IconInbox size={18} stroke={1.6} />}
      rightSection={
        total > 0 ? (
          <Badge size="sm" variant="light" color="blue" circle={total < 10} data-testid="my-work-count">
            {total}
          </Badge>
        ) : null
      }
      onClick={onClick}
      data-testid="nav-my-work"
    />
  );
}
