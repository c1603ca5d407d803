/** User management: search and filter, create, edit role/agency, deactivate (with confirmation), reset password. */
import { ZCreateUser, ZResetPassword, ZUpdateUser } from '@cchc/core/users/schemas';
import { ROLES, type Role } from '@cchc/domain/roles';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Loader,
  Menu,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgencyPicker } from '../components/AgencyPicker';
import { FormActions } from '../components/FormActions';
import { QueryView } from '../components/QueryView';
import { errorMessage, fieldErrorsOf } from '../lib/errors';
import { formatDateTime, formatNumber } from '../lib/format';
import { useMay } from '../lib/me';
import { type RouterOutputs, useTRPC } from '../lib/trpc';

type User = RouterOutputs['users']['list'][number];

export function UsersPage() {
  const may = useMay();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 250);
  const [role, setRole] = useState<Role | null>(null);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const list = useQuery({
    ...trpc.users.list.queryOptions({ query: debounced, role: role ?? undefined }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() });
  const setActive = useMutation(
    trpc.users.setActive.mutationOptions({
      onSuccess: async (user) => {
        notifications.show({
          color: 'green',
          message: t(user.isActive ? 'users.activated' : 'users.deactivated', { username: user.username }),
        });
        await refresh();
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );

  const confirmDeactivate = (user: User) =>
    modals.openConfirmModal({
      title: t('users.deactivate'),
      children: <Text size="sm">{t('users.deactivateConfirm', { username: user.username })}</Text>,
      labels: { confirm: t('users.deactivate'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => setActive.mutate({ id: user.id, isActive: false }),
    });

  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        {may('users.create') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('users.create')}
          </Button>
        )}
      </Group>
      <Group>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('users.searchPlaceholder')}
          aria-label={t('common.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={320}
        />
        <Select
          placeholder={t('users.allRoles')}
          data={roleOptions}
          value={role}
          onChange={(v) => setRole(v as Role | null)}
          clearable
          aria-label={t('users.role')}
        />
        {list.isFetching && <Loader size="xs" />}
        {list.data && (
          <Text size="sm" c="dimmed">
            {t('common.total', { value: formatNumber(list.data.length) })}
          </Text>
        )}
      </Group>
      <Paper withBorder>
        <QueryView query={list} empty={t('users.empty')}>
          {(data) => (
            <Table.ScrollContainer minWidth={800}>
              <Table highlightOnHover data-testid="users-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('users.displayName')}</Table.Th>
                    <Table.Th>{t('users.username')}</Table.Th>
                    <Table.Th>{t('users.role')}</Table.Th>
                    <Table.Th>{t('users.agency')}</Table.Th>
                    <Table.Th>{t('users.status')}</Table.Th>
                    <Table.Th>{t('users.lastSignIn')}</Table.Th>
                    <Table.Th w={60}>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((u) => (
                    <Table.Tr key={u.id} opacity={u.isActive ? 1 : 0.6}>
                      <Table.Td>{u.displayName}</Table.Td>
                      <Table.Td>{u.username}</Table.Td>
                      <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                      <Table.Td>{u.agencyName}</Table.Td>
                      <Table.Td>
                        <Badge color={u.isActive ? 'green' : 'gray'} variant="light" tt="none">
                          {u.isActive ? t('users.active') : t('users.inactive')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : t('users.never')}</Table.Td>
                      <Table.Td>
                        {may('users.update') && (
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" aria-label={`${t('common.actions')} ${u.username}`}>
                                <IconDots size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item onClick={() => setEditing(u)}>{t('common.edit')}</Menu.Item>
                              <Menu.Item onClick={() => setResetting(u)}>{t('users.resetPassword')}</Menu.Item>
                              {u.isActive ? (
                                <Menu.Item color="red" onClick={() => confirmDeactivate(u)}>
                                  {t('users.deactivate')}
                                </Menu.Item>
                              ) : (
                                <Menu.Item onClick={() => setActive.mutate({ id: u.id, isActive: true })}>
                                  {t('users.activate')}
                                </Menu.Item>
                              )}
                            </Menu.Dropdown>
                          </Menu>
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
      {editing && <UserFormModal user={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </Stack>
  );
}

function UserFormModal({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const isNew = user === null;
  const form = useForm({
    initialValues: {
      username: user?.username ?? '',
      displayName: user?.displayName ?? '',
      email: user?.email ?? '',
      role: user?.role ?? 'agency_officer',
      agencyId: user?.agencyId ?? '',
      password: '',
    },
    validate: (values) => {
      const resolver = isNew ? zod4Resolver(ZCreateUser) : zod4Resolver(ZUpdateUser);
      return resolver(isNew ? values : { ...values, id: user.id });
    },
  });
  const handlers = {
    onSuccess: async (saved: User) => {
      notifications.show({
        color: 'green',
        message: isNew ? t('users.created', { username: saved.username }) : t('common.saved'),
      });
      await onSaved();
      onClose();
    },
    onError: (error: unknown) => {
      const fields = fieldErrorsOf(error);
      form.setErrors(fields);
      const message = errorMessage(error, t);
      if ((error as { data?: { appCode?: string } }).data?.appCode === 'users.username_taken')
        form.setFieldError('username', message);
      else if (!Object.keys(fields).length) notifications.show({ color: 'red', message });
    },
  };
  const create = useMutation(trpc.users.create.mutationOptions(handlers));
  const update = useMutation(trpc.users.update.mutationOptions(handlers));
  const submit = form.onSubmit((v) => {
    if (isNew) create.mutate(v);
    else update.mutate({ id: user.id, displayName: v.displayName, email: v.email, role: v.role, agencyId: v.agencyId });
  });
  return (
    <Modal opened onClose={onClose} title={isNew ? t('users.create') : t('users.edit')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('users.username')} disabled={!isNew} withAsterisk {...form.getInputProps('username')} />
          <TextInput label={t('users.displayName')} withAsterisk {...form.getInputProps('displayName')} />
          <TextInput label={t('users.email')} type="email" {...form.getInputProps('email')} />
          <Select
            label={t('users.role')}
            withAsterisk
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            allowDeselect={false}
            {...form.getInputProps('role')}
          />
          <AgencyPicker
            label={t('users.agency')}
            withAsterisk
            initialLabel={user?.agencyName}
            value={form.values.agencyId || null}
            onChange={(id) => form.setFieldValue('agencyId', id ?? '')}
            error={form.errors.agencyId}
            data-testid="agency-picker"
          />
          {isNew && (
            <PasswordInput
              label={t('users.password')}
              description={t('users.passwordHint')}
              withAsterisk
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
          )}
          <FormActions onCancel={onClose} loading={create.isPending || update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const form = useForm({ initialValues: { id: user.id, password: '' }, validate: zod4Resolver(ZResetPassword) });
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('users.resetDone', { username: user.username }) });
        onClose();
      },
      onError: (error) => {
        form.setErrors(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`${t('users.resetPassword')} — ${user.username}`}>
      <form onSubmit={form.onSubmit((v) => reset.mutate(v))} noValidate>
        <Stack>
          <PasswordInput
            label={t('users.newPassword')}
            description={t('users.passwordHint')}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <FormActions onCancel={onClose} loading={reset.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
