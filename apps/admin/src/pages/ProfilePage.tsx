import { ZChangePassword } from '@cchc/core/auth/schemas';
import { Alert, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrorsOf } from '../lib/errors';
import { useMe } from '../lib/me';
import { useTRPC } from '../lib/trpc';
import { SessionsPanel } from './SessionsPanel';
import { TwoFactorPanel } from './TwoFactorPanel';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: zod4Resolver(ZChangePassword),
  });
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async () => {
        form.reset();
        notifications.show({ color: 'green', message: t('profile.changed') });
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
      onError: (error) => {
        form.setErrors(fieldErrorsOf(error));
        const appCode = error.data?.appCode;
        if (appCode === 'auth.wrong_current_password') form.setFieldError('currentPassword', errorMessage(error, t));
        else if (appCode === 'auth.weak_password') form.setFieldError('newPassword', errorMessage(error, t));
        else notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  const user = me.data;
  if (!user) return null;
  return (
    <Stack maw={720}>
      <Title order={2}>{t('profile.title')}</Title>
      {user.mustChangePassword && (
        <Alert color="yellow" data-testid="must-change-password">
          {t('profile.mustChange')}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Field label={t('users.displayName')} value={user.displayName} />
          <Field label={t('users.username')} value={user.username} />
          <Field label={t('users.role')} value={t(`roles.${user.role}`)} />
          <Field label={t('users.agency')} value={user.agencyName} />
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        <form onSubmit={form.onSubmit((values) => change.mutate(values))} noValidate>
          <Stack>
            <Title order={4}>{t('profile.changePassword')}</Title>
            <PasswordInput
              label={t('profile.currentPassword')}
              autoComplete="current-password"
              {...form.getInputProps('currentPassword')}
            />
            <PasswordInput
              label={t('profile.newPassword')}
              description={t('profile.passwordHint')}
              autoComplete="new-password"
              {...form.getInputProps('newPassword')}
            />
            <Group>
              <Button type="submit" loading={change.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {!user.mustChangePassword && <SessionsPanel />}
      {!user.mustChangePassword && <TwoFactorPanel />}
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{value}</Text>
    </div>
  );
}
