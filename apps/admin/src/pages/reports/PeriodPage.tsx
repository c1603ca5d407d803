/** One report period: every agency's submission, the province report's versions, generation with progress, downloads. */
import { Alert, Anchor, Badge, Button, FileButton, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useMay } from '../../lib/me';
import { useTRPC } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';
import { SUBMISSION_COLORS } from './ReportsPage';
import { ReportView } from './ReportView';

const REPORT_COLORS: Record<string, string> = { generating: 'blue', ready: 'green', failed: 'red', finalised: 'teal' };

export function PeriodPage() {
  const may = useMay();
  const { regimeId = '', periodKey = '' } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canGenerate = may('reports.generate');
  const [watching, setWatching] = useState<string | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const page = useQuery(trpc.reports.period.queryOptions({ regimeId, periodKey }));
  const progress = useQuery({
    ...trpc.reports.progress.queryOptions({ id: watching ?? '00000000-0000-0000-0000-000000000000' }),
    enabled: watching !== null,
    refetchInterval: (q) => (!q.state.data || q.state.data.status === 'generating' ? 300 : false),
  });
  const finished = progress.data && progress.data.status !== 'generating';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.reports.period.queryKey() });
  }, [finished, queryClient, trpc]);
  const generate = useMutation(
    trpc.reports.generate.mutationOptions({
      onSuccess: (r) => setWatching(r.reportId),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const finalise = useMutation(
    trpc.reports.finalise.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reports.period.queryKey() }),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const attachSigned = useMutation(
    trpc.reports.attachSigned.mutationOptions({
      onSuccess: async (r) => {
        notifications.show({ color: 'green', message: t('reports.signedUploaded', { signer: r.signer ?? '' }) });
        await queryClient.invalidateQueries({ queryKey: trpc.reports.period.queryKey() });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const uploadSigned = async (reportId: string, file: File | null) => {
    if (!file) return;
    try {
      const stored = await uploadFile(file);
      attachSigned.mutate({ id: reportId, fileId: stored.id });
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error, t) });
    }
  };
  const p = progress.data;
  return (
    <QueryView query={page} empty={null} isEmpty={() => false}>
      {(d) => (
        <Stack>
          <Anchor component={Link} to="/reports" size="sm">
            ← {t('reports.title')}
          </Anchor>
          <Title order={2}>
            {d.regime.code}: {d.period.label}
          </Title>
          <Text size="sm" c="dimmed">
            {d.regime.name} · {t('reports.dataPeriod')} {formatDate(d.period.from)} – {formatDate(d.period.to)} ·{' '}
            {t('reports.agencyDue')} {formatDate(d.period.agencyDue)} · {t('reports.provinceDue')}{' '}
            {formatDate(d.period.provinceDue)} · {t('reports.receiver')} {d.regime.receivingAgencyName}
          </Text>
          <Paper withBorder p="md" data-testid="report-versions">
            <Group justify="space-between" mb="xs">
              <Title order={5}>{t('reports.versions')}</Title>
              {canGenerate && (
                <Group>
                  {d.reports.length === 0 ? (
                    <Button
                      loading={generate.isPending}
                      onClick={() => generate.mutate({ regimeId, periodKey, regenerate: false })}
                    >
                      {t('reports.generate')}
                    </Button>
                  ) : (
                    <Button
                      variant="light"
                      loading={generate.isPending}
                      onClick={() =>
                        modals.openConfirmModal({
                          title: t('reports.regenerate'),
                          children: t('reports.confirmRegenerate'),
                          labels: { confirm: t('reports.regenerate'), cancel: t('common.cancel') },
                          onConfirm: () => generate.mutate({ regimeId, periodKey, regenerate: true }),
                        })
                      }
                    >
                      {t('reports.regenerate')}
                    </Button>
                  )}
                </Group>
              )}
            </Group>
            {p && (
              <div data-testid="generation-progress">
                <Text size="sm">
                  {t('reports.version', { version: p.version })}: {t(`reports.phases.${(p.phase ?? 'queued') as 'queued'}`)}
                </Text>
                <Progress
                  value={p.progress}
                  animated={p.status === 'generating'}
                  color={p.status === 'failed' ? 'red' : undefined}
                  aria-label={`${p.progress}%`}
                />
                {p.error && <Alert color="red">{p.error}</Alert>}
              </div>
            )}
            {d.reports.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('reports.noReport')}
              </Text>
            ) : (
              <Table>
                <Table.Tbody>
                  {d.reports.map((r) => (
                    <Table.Tr key={r.id} data-version={r.version}>
                      <Table.Td>{t('reports.version', { version: r.version })}</Table.Td>
                      <Table.Td>
                        <Badge color={REPORT_COLORS[r.status]} variant="light" tt="none">
                          {t(`reports.reportStatuses.${r.status as 'ready'}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{formatDateTime(r.generatedAt ?? r.createdAt)}</Table.Td>
                      <Table.Td>
                        {(r.status === 'ready' || r.status === 'finalised') && (
                          <Group gap="xs">
                            <Button size="xs" variant="subtle" onClick={() => setViewing(r.id)}>
                              {t('reports.view')}
                            </Button>
                            <Button
                              component="a"
                              href={`/api/reports/${r.id}.xlsx`}
                              size="xs"
                              variant="light"
                              leftSection={<IconDownload size={14} />}
                            >
                              {t('reports.download', { format: 'XLSX' })}
                            </Button>
                            <Button
                              component="a"
                              href={`/api/reports/${r.id}.pdf`}
                              size="xs"
                              variant="light"
                              leftSection={<IconDownload size={14} />}
                            >
                              {t('reports.download', { format: 'PDF' })}
                            </Button>
                            <Button
                              component="a"
                              href={`/api/reports/${r.id}.docx`}
                              size="xs"
                              variant="light"
                              leftSection={<IconDownload size={14} />}
                            >
                              {t('reports.download', { format: 'DOCX' })}
                            </Button>
                            <Button
                              component="a"
                              href={`/api/reports/${r.id}.json`}
                              size="xs"
                              variant="subtle"
                              leftSection={<IconDownload size={14} />}
                            >
                              {t('reports.indicators')}
                            </Button>
                            {r.signedAt && (
                              <Button
                                component="a"
                                href={`/api/reports/${r.id}.signed.pdf`}
                                size="xs"
                                color="teal"
                                leftSection={<IconDownload size={14} />}
                              >
                                {t('reports.downloadSigned')}
                              </Button>
                            )}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {r.status === 'finalised' && r.finalisedAt && (
                          <Text size="xs">
                            {t('reports.finalised', { name: r.finalisedByName ?? '', time: formatDateTime(r.finalisedAt) })}
                          </Text>
                        )}
                        {r.documentNumber && (
                          <Text size="xs" data-testid="document-number">
                            {t('reports.documentNumber', { number: r.documentNumber, date: formatDate(r.issuedOn) })}
                          </Text>
                        )}
                        {r.signedAt ? (
                          <Badge color="teal" variant="light" tt="none" data-testid="signature-status">
                            {t('reports.signed', { signer: r.signedBy ?? '', time: formatDateTime(r.signedAt) })}
                          </Badge>
                        ) : (
                          r.status === 'finalised' &&
                          may('reports.attachSigned') && (
                            <FileButton onChange={(file) => void uploadSigned(r.id, file)} accept="application/pdf">
                              {(props) => (
                                <Button
                                  {...props}
                                  size="xs"
                                  variant="light"
                                  loading={attachSigned.isPending}
                                  leftSection={<IconUpload size={14} />}
                                >
                                  {t('reports.uploadSigned')}
                                </Button>
                              )}
                            </FileButton>
                          )
                        )}
                        {r.status === 'ready' && may('reports.finalise') && (
                          <Button
                            size="xs"
                            onClick={() =>
                              modals.openConfirmModal({
                                title: t('reports.finalise'),
                                children: t('reports.confirmFinalise', { version: r.version }),
                                labels: { confirm: t('reports.finalise'), cancel: t('common.cancel') },
                                onConfirm: () => finalise.mutate({ id: r.id }),
                              })
                            }
                          >
                            {t('reports.finalise')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Paper>
          {viewing && <ReportView id={viewing} onClose={() => setViewing(null)} />}
          <Paper withBorder p="md">
            <Title order={5} mb="xs">
              {t('reports.agencies')}
            </Title>
            <Table striped data-testid="submissions-table">
              <Table.Tbody>
                {d.agencies.map((a) => (
                  <Table.Tr key={a.agencyId} data-agency={a.code}>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td>
                      <Badge color={SUBMISSION_COLORS[a.status]} variant="light" tt="none">
                        {t(`reports.statuses.${a.status as 'draft'}`)}
                      </Badge>
                      {a.onTime === true && (
                        <Badge ml={4} color="green" variant="outline" tt="none">
                          {t('reports.onTime')}
                        </Badge>
                      )}
                      {a.onTime === false && (
                        <Badge ml={4} color="orange" variant="outline" tt="none">
                          {t('reports.late')}
                        </Badge>
                      )}
                      {a.overdue && (
                        <Badge ml={4} color="red" variant="light" tt="none">
                          {t('reports.overdue')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(a.submittedAt)}</Table.Td>
                    <Table.Td>
                      {a.submissionId && (
                        <Anchor component={Link} to={`/reports/${regimeId}/${periodKey}/submission?agency=${a.agencyId}`}>
                          {t('reports.view')}
                        </Anchor>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </Stack>
      )}
    </QueryView>
  );
}
