import { ZSignIn } from '@cchc/core/auth/schemas';
import { Alert, Button, Center, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { type Language, setLanguage } from '../i18n/index';
import { errorMessage } from '../lib/errors';
import { useMe } from '../lib/me';
import { isTrpcError, useTRPC } from '../lib/trpc';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const form = useForm({ initialValues: { username: '', password: '', otp: '' }, validate: zod4Resolver(ZSignIn) });
  // Two-factor accounts: once the server asks for the code, the form shows its field.
  const [needsCode, setNeedsCode] = useState(false);
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onError: (error) => {
        if (isTrpcError(error) && (error.data?.appCode === 'auth.otp_required' || error.data?.appCode === 'auth.otp_invalid'))
          setNeedsCode(true);
      },
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        await navigate(safeNext(params.get('next')), { replace: true });
      },
    }),
  );
  if (me.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={400} radius="md">
        <form
          onSubmit={form.onSubmit(({ otp, ...values }) => signIn.mutate(needsCode && otp ? { ...values, otp } : values))}
          noValidate
        >
          <Stack>
            <div>
              <Title order={2}>{t('signIn.title')}</Title>
              <Text c="dimmed" size="sm">
                {t('signIn.subtitle')}
              </Text>
            </div>
            {signIn.error && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" data-testid="sign-in-error">
                {errorMessage(signIn.error, t)}
              </Alert>
            )}
            <TextInput label={t('signIn.username')} autoComplete="username" autoFocus {...form.getInputProps('username')} />
            <PasswordInput label={t('signIn.password')} autoComplete="current-password" {...form.getInputProps('password')} />
            {needsCode && (
              <TextInput
                label={t('signIn.otp')}
                description={t('signIn.otpHelp')}
                autoComplete="one-time-code"
                inputMode="numeric"
                autoFocus
                {...form.getInputProps('otp')}
              />
            )}
            <Button type="submit" loading={signIn.isPending} fullWidth>
              {t('signIn.submit')}
            </Button>
            <SegmentedControl
              size="xs"
              value={i18n.language}
              onChange={(v) => setLanguage(v as Language)}
              data={[
                { value: 'vi', label: 'Tiếng Việt' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
