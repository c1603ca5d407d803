/** Machine access and publication (issue 19): what the public pages publish, and the API keys of other systems. */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../components/QueryView';
import { errorMessage, fieldErrorsOf } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../lib/trpc';

const SCOPES = ['figures:read', 'published:read', 'feedback:submit'] as const;
const CHANNELS = ['national_portal', 'provincial_portal', 'hotline', 'letter', 'email', 'in_person'] as const;

function PublicationSettings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.integrations.publication.queryOptions());
  const [value, setValue] = useState({
    feedbackAnswers: true,
    scoreResults: true,
    reviewRegister: true,
    licence: '',
    challengeAnswerDays: 10,
  });
  useEffect(() => {
    if (settings.data) setValue(settings.data);
  }, [settings.data]);
  const save = useMutation(
    trpc.integrations.savePublication.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('common.saved') });
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.publication.queryKey() });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={4}>{t('integrations.publication.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('integrations.publication.help')}{' '}
          <a href="/cong-khai" target="_blank" rel="noreferrer">
            /cong-khai
          </a>
        </Text>
        <Checkbox
          label={t('integrations.publication.feedbackAnswers')}
          checked={value.feedbackAnswers}
          onChange={(e) => setValue({ ...value, feedbackAnswers: e.currentTarget.checked })}
        />
        <Checkbox
          label={t('integrations.publication.scoreResults')}
          checked={value.scoreResults}
          onChange={(e) => setValue({ ...value, scoreResults: e.currentTarget.checked })}
        />
        <Checkbox
          label={t('integrations.publication.reviewRegister')}
          checked={value.reviewRegister}
          onChange={(e) => setValue({ ...value, reviewRegister: e.currentTarget.checked })}
        />
        <NumberInput
          label={t('integrations.publication.challengeAnswerDays')}
          min={1}
          max={60}
          value={value.challengeAnswerDays}
          onChange={(v) => setValue({ ...value, challengeAnswerDays: Number(v) || 10 })}
          w={320}
        />
        <TextInput
          label={t('integrations.publication.licence')}
          value={value.licence}
          onChange={(e) => setValue({ ...value, licence: e.currentTarget.value })}
          maw={600}
        />
        <Group>
          <Button loading={save.isPending} onClick={() => save.mutate(value)}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function IssueKeyForm({ onIssued }: { onIssued: (key: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['published:read']);
  const [rate, setRate] = useState<number | string>(60);
  const [channel, setChannel] = useState<string | null>('provincial_portal');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const issue = useMutation(
    trpc.integrations.issueApiKey.mutationOptions({
      onSuccess: async (issued) => {
        setErrors({});
        setName('');
        setNote('');
        onIssued(issued.key);
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.apiKeys.queryKey() });
      },
      onError: (error) => {
        setErrors(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  return (
    <Stack gap="sm">
      <Title order={5}>{t('integrations.keys.issue')}</Title>
      <Group align="flex-start">
        <TextInput
          label={t('integrations.keys.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          w={320}
          required
        />
        <NumberInput
          label={t('integrations.keys.rateLimit')}
          min={1}
          max={100000}
          value={rate}
          onChange={setRate}
          error={errors.rateLimitPerMinute}
          w={200}
        />
        <Select
          label={t('integrations.keys.channel')}
          data={CHANNELS.map((c) => ({ value: c, label: t(`feedback.channels.${c}`) }))}
          value={channel}
          onChange={setChannel}
          w={240}
        />
      </Group>
      <Checkbox.Group label={t('integrations.keys.scopes')} value={scopes} onChange={setScopes} error={errors.scopes}>
        <Stack gap={4} mt={4}>
          {SCOPES.map((s) => (
            <Checkbox key={s} value={s} label={`${s} — ${t(`integrations.scopes.${s}`)}`} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Textarea label={t('integrations.keys.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maw={600} />
      <Group>
        <Button
          loading={issue.isPending}
          onClick={() =>
            issue.mutate({
              name,
              scopes: scopes as (typeof SCOPES)[number][],
              rateLimitPerMinute: Number(rate),
              feedbackChannel: (channel ?? 'provincial_portal') as (typeof CHANNELS)[number],
              note: note || null,
            })
          }
        >
          {t('integrations.keys.issueButton')}
        </Button>
      </Group>
    </Stack>
  );
}

export function IntegrationsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.integrations.apiKeys.queryOptions());
  const [shownKey, setShownKey] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const revoke = useMutation(
    trpc.integrations.revokeApiKey.mutationOptions({
      onSuccess: async () => {
        setRevoking(null);
        notifications.show({ color: 'green', message: t('integrations.keys.revoked') });
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.apiKeys.queryKey() });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  return (
    <Stack>
      <Title order={2}>{t('integrations.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('integrations.help')}{' '}
        <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
          OpenAPI
        </a>
      </Text>
      <PublicationSettings />
      <Paper withBorder p="md">
        <Stack>
          <Title order={4}>{t('integrations.keys.title')}</Title>
          <QueryView query={keys} empty={t('integrations.keys.empty')}>
            {(data) => (
              <Table.ScrollContainer minWidth={900}>
                <Table aria-label={t('integrations.keys.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('integrations.keys.name')}</Table.Th>
                      <Table.Th>{t('integrations.keys.prefix')}</Table.Th>
                      <Table.Th>{t('integrations.keys.scopes')}</Table.Th>
                      <Table.Th>{t('integrations.keys.rateLimit')}</Table.Th>
                      <Table.Th>{t('integrations.keys.lastUsed')}</Table.Th>
                      <Table.Th>{t('integrations.keys.status')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.map((k) => (
                      <Table.Tr key={k.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {k.name}
                          </Text>
                          {k.note && (
                            <Text size="xs" c="dimmed">
                              {k.note}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Code>{k.prefix}…</Code>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {k.scopes.map((s) => (
                              <Badge key={s} variant="light" tt="none">
                                {s}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          {t('integrations.keys.perMinute', { count: k.rateLimitPerMinute, used: k.requestsThisMinute })}
                        </Table.Td>
                        <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('common.none')}</Table.Td>
                        <Table.Td>
                          {k.revokedAt ? (
                            <Badge color="gray" tt="none">
                              {t('integrations.keys.revokedOn', { date: formatDateTime(k.revokedAt) })}
                            </Badge>
                          ) : (
                            <Badge color="green" tt="none">
                              {t('integrations.keys.active')}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {!k.revokedAt && (
                            <Button size="xs" color="red" variant="light" onClick={() => setRevoking({ id: k.id, name: k.name })}>
                              {t('integrations.keys.revoke')}
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
          <IssueKeyForm onIssued={setShownKey} />
        </Stack>
      </Paper>
      <Modal opened={shownKey !== null} onClose={() => setShownKey(null)} title={t('integrations.keys.shownTitle')} size="lg">
        <Stack>
          <Alert color="yellow">{t('integrations.keys.shownOnce')}</Alert>
          <Code block data-testid="issued-api-key">
            {shownKey}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={shownKey ?? ''}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? t('integrations.keys.copied') : t('integrations.keys.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={() => setShownKey(null)}>{t('common.close')}</Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title={t('integrations.keys.revokeTitle')}>
        <Stack>
          <Text size="sm">{t('integrations.keys.revokeConfirm', { name: revoking?.name ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate({ id: revoking.id })}>
              {t('integrations.keys.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
