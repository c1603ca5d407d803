/** The province's document format (Nghị định 30/2020): place name, parent body, report symbol and, per issuing agency, its header, signer and recipients. */
import { Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../../components/QueryView';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

interface Issuer {
  agencyId: string;
  parentBody: string | null;
  issuingBody: string;
  symbol: string;
  signerAuthority: string | null;
  signerTitle: string;
  signerName: string;
  recipients: string[];
}
interface Settings {
  placeName: string;
  provinceBody: string;
  reportSymbol: string;
  issuers: Issuer[];
}

export function DocumentSettingsPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.reports.documentSettings.queryOptions());
  const [form, setForm] = useState<Settings | null>(null);
  useEffect(() => {
    if (query.data) setForm(query.data);
  }, [query.data]);
  const save = useMutation(
    trpc.reports.saveDocumentSettings.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('common.saved') });
        await queryClient.invalidateQueries({ queryKey: trpc.reports.documentSettings.queryKey() });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const setIssuer = (i: number, patch: Partial<Issuer>) =>
    setForm((f) => (f ? { ...f, issuers: f.issuers.map((x, j) => (j === i ? { ...x, ...patch } : x)) } : f));
  return (
    <QueryView query={query} empty={null} isEmpty={() => false}>
      {() =>
        form && (
          <Paper withBorder p="md" data-testid="document-settings">
            <Stack gap="sm">
              <Title order={4}>{t('reports.documents.title')}</Title>
              <Text size="sm" c="dimmed">
                {t('reports.documents.help')}
              </Text>
              <Group grow>
                <TextInput
                  label={t('reports.documents.placeName')}
                  value={form.placeName}
                  onChange={(e) => setForm({ ...form, placeName: e.currentTarget.value })}
                />
                <TextInput
                  label={t('reports.documents.provinceBody')}
                  value={form.provinceBody}
                  onChange={(e) => setForm({ ...form, provinceBody: e.currentTarget.value })}
                />
                <TextInput
                  label={t('reports.documents.reportSymbol')}
                  value={form.reportSymbol}
                  onChange={(e) => setForm({ ...form, reportSymbol: e.currentTarget.value })}
                />
              </Group>
              {form.issuers.map((issuer, i) => (
                <Paper key={issuer.agencyId} withBorder p="sm">
                  <Stack gap="xs">
                    <Group grow>
                      <TextInput
                        label={t('reports.documents.parentBody')}
                        value={issuer.parentBody ?? ''}
                        onChange={(e) => setIssuer(i, { parentBody: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('reports.documents.issuingBody')}
                        value={issuer.issuingBody}
                        onChange={(e) => setIssuer(i, { issuingBody: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('reports.documents.symbol')}
                        description={t('reports.documents.example', {
                          example: `12/${form.reportSymbol}-${issuer.symbol}`,
                        })}
                        value={issuer.symbol}
                        onChange={(e) => setIssuer(i, { symbol: e.currentTarget.value })}
                      />
                    </Group>
                    <Group grow>
                      <TextInput
                        label={t('reports.documents.signerAuthority')}
                        value={issuer.signerAuthority ?? ''}
                        onChange={(e) => setIssuer(i, { signerAuthority: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('reports.documents.signerTitle')}
                        value={issuer.signerTitle}
                        onChange={(e) => setIssuer(i, { signerTitle: e.currentTarget.value })}
                      />
                      <TextInput
                        label={t('reports.documents.signerName')}
                        value={issuer.signerName}
                        onChange={(e) => setIssuer(i, { signerName: e.currentTarget.value })}
                      />
                    </Group>
                    <Textarea
                      label={t('reports.documents.recipients')}
                      autosize
                      minRows={3}
                      value={issuer.recipients.join('\n')}
                      onChange={(e) => setIssuer(i, { recipients: e.currentTarget.value.split('\n') })}
                    />
                  </Stack>
                </Paper>
              ))}
              <Group>
                <Button
                  loading={save.isPending}
                  onClick={() =>
                    save.mutate({
                      ...form,
                      issuers: form.issuers.map((x) => ({ ...x, recipients: x.recipients.map((r) => r.trim()).filter(Boolean) })),
                    })
                  }
                >
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        )
      }
    </QueryView>
  );
}
