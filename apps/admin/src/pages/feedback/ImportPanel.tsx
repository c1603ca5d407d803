/** Import of a source's own CSV/XLSX: map its columns and values to ours, save the mapping, follow the import. */
import {
  FEEDBACK_IMPORT_FIELDS,
  type FeedbackImportField,
  MAPPED_VALUE_FIELDS,
  type MappedValueField,
  REQUIRED_IMPORT_FIELDS,
  type TImportMapping,
} from '@cchc/core/feedback/schemas';
import {
  FEEDBACK_CHANNELS,
  FEEDBACK_CLASSIFICATIONS,
  FEEDBACK_STATUSES,
  SATISFACTIONS,
  SUBMITTER_TYPES,
} from '@cchc/domain/feedback/workflow';
import type { BadRowPolicy, UnconfirmedCalendarPolicy } from '@cchc/domain/imports';
import {
  Alert,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BadRowChoice } from '../../components/BadRowChoice';
import { ImportRunsTable } from '../../components/ImportRunsTable';
import { RowErrors } from '../../components/RowErrors';
import { UnconfirmedCalendarChoice } from '../../components/UnconfirmedCalendarChoice';
import { errorMessage } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';

type Mapping = {
  columns: Partial<Record<FeedbackImportField, string>>;
  values: Partial<Record<MappedValueField, Record<string, string>>>;
  defaults: TImportMapping['defaults'];
  source: string;
  timeZone: string;
  onBadRows: BadRowPolicy;
  onUnconfirmedCalendar: UnconfirmedCalendarPolicy;
};
const EMPTY: Mapping = {
  columns: {},
  values: {},
  defaults: {},
  source: '',
  timeZone: 'Asia/Ho_Chi_Minh',
  onBadRows: 'stop',
  onUnconfirmedCalendar: 'stop',
};
/** Time zones a source's wall-clock times are commonly in; a time with an offset keeps its own. */
const TIME_ZONES = [
  'Asia/Ho_Chi_Minh',
  'UTC',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/Paris',
  'America/New_York',
];

function useOurValues(): Record<MappedValueField, { value: string; label: string }[]> {
  const { t } = useTranslation();
  return {
    channel: FEEDBACK_CHANNELS.map((v) => ({ value: v, label: t(`feedback.channels.${v}`) })),
    submitterType: SUBMITTER_TYPES.map((v) => ({ value: v, label: t(`feedback.submitterTypes.${v}`) })),
    classification: FEEDBACK_CLASSIFICATIONS.map((v) => ({ value: v, label: t(`feedback.classifications.${v}`) })),
    status: FEEDBACK_STATUSES.map((v) => ({ value: v, label: t(`feedback.statuses.${v}`) })),
    satisfaction: SATISFACTIONS.map((v) => ({ value: v, label: t(`feedback.satisfactions.${v}`) })),
    recomplaint: [
      { value: 'true', label: t('feedback.imports.yes') },
      { value: 'false', label: t('feedback.imports.no') },
    ],
  };
}

export function ImportPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ourValues = useOurValues();
  const [file, setFile] = useState<File | null>(null);
  const [fileId, setFileId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [mapping, setMapping] = useState<Mapping>(EMPTY);
  const [profileId, setProfileId] = useState<string | null>(null);
  const [saveAs, setSaveAs] = useState('');
  const [runId, setRunId] = useState<string | null>(null);
  const profiles = useQuery(trpc.feedback.importProfiles.queryOptions());
  const runs = useQuery(trpc.feedback.importRuns.queryOptions());
  const preview = useMutation(
    trpc.feedback.importPreview.mutationOptions({
      onSuccess: (p) => {
        const profile = profiles.data?.find((x) => x.id === profileId);
        setMapping(profile ? { ...EMPTY, ...(profile.mapping as Partial<Mapping>) } : { ...EMPTY, columns: p.suggested });
      },
    }),
  );
  const start = useMutation(trpc.feedback.importStart.mutationOptions({ onSuccess: (r) => setRunId(r.runId) }));
  const run = useQuery({
    ...trpc.feedback.importRun.queryOptions({ id: runId ?? '00000000-0000-0000-0000-000000000000' }),
    enabled: runId !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 400 : false),
  });
  const finished = run.data !== undefined && run.data.status !== 'running';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.feedback.pathKey() });
  }, [finished, queryClient, trpc]);
  const deleteProfile = useMutation(
    trpc.feedback.deleteImportProfile.mutationOptions({
      onSuccess: async () => {
        setProfileId(null);
        await queryClient.invalidateQueries({ queryKey: trpc.feedback.importProfiles.queryKey() });
      },
    }),
  );

  const read = async () => {
    if (!file) return;
    setRunId(null);
    setUploading(true);
    try {
      const uploaded = await uploadFile(file, { purpose: 'import' });
      setFileId(uploaded.id);
      preview.mutate({ fileId: uploaded.id });
    } catch (error) {
      notifications.show({ color: 'red', message: error instanceof Error ? error.message : t('errors.generic') });
    } finally {
      setUploading(false);
    }
  };
  const chooseProfile = (id: string | null) => {
    setProfileId(id);
    const profile = profiles.data?.find((x) => x.id === id);
    if (profile) {
      setMapping({ ...EMPTY, ...(profile.mapping as Partial<Mapping>) });
      setSaveAs(profile.name);
    }
  };
  const p = preview.data;
  const headers = p?.headers ?? [];
  const setColumn = (field: FeedbackImportField, column: string | null) =>
    setMapping((m) => ({ ...m, columns: { ...m.columns, [field]: column ?? undefined } }));
  const setValue = (field: MappedValueField, source: string, ours: string | null) =>
    setMapping((m) => ({ ...m, values: { ...m.values, [field]: { ...(m.values[field] ?? {}), [source]: ours ?? '' } } }));
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !mapping.columns[f]);
  const summary = run.data?.summary as
    | {
        phase?: string;
        rows?: number;
        rowsDone?: number;
        inserted?: number;
        updated?: number;
        unchanged?: number;
        skipped?: number;
        errorCount?: number;
        provisional?: number;
        unconfirmedYears?: number[];
      }
    | undefined;
  const percent = summary?.rows ? Math.round(((summary.rowsDone ?? 0) / summary.rows) * 100) : 0;
  const cleanMapping = (): TImportMapping => ({
    columns: Object.fromEntries(Object.entries(mapping.columns).filter(([, v]) => v)),
    values: Object.fromEntries(
      Object.entries(mapping.values).map(([k, v]) => [k, Object.fromEntries(Object.entries(v ?? {}).filter(([, x]) => x))]),
    ),
    defaults: { ...mapping.defaults, submitterName: mapping.defaults.submitterName?.trim() || null },
    source: mapping.source.trim(),
    timeZone: mapping.timeZone,
    onBadRows: mapping.onBadRows,
    onUnconfirmedCalendar: mapping.onUnconfirmedCalendar,
  });

  return (
    <Stack>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={5}>{t('feedback.imports.title')}</Title>
          <Text size="xs" c="dimmed">
            {t('feedback.imports.help')}
          </Text>
          <Group align="flex-end">
            <Select
              label={t('feedback.imports.profile')}
              placeholder={t('feedback.imports.noProfile')}
              data={(profiles.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              value={profileId}
              onChange={chooseProfile}
              clearable
              w={260}
            />
            {profileId && (
              <Button
                variant="subtle"
                color="red"
                onClick={() =>
                  modals.openConfirmModal({
                    title: t('feedback.imports.deleteProfile'),
                    children: t('feedback.imports.confirmDeleteProfile', {
                      name: profiles.data?.find((x) => x.id === profileId)?.name,
                    }),
                    labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
                    confirmProps: { color: 'red' },
                    onConfirm: () => deleteProfile.mutate({ id: profileId }),
                  })
                }
              >
                {t('feedback.imports.deleteProfile')}
              </Button>
            )}
            <FileInput
              label={t('feedback.imports.file')}
              accept=".csv,.xlsx"
              value={file}
              onChange={setFile}
              clearable
              w={320}
              data-testid="feedback-file"
            />
            <Button onClick={read} disabled={!file} loading={uploading || preview.isPending}>
              {t('feedback.imports.preview')}
            </Button>
          </Group>
          {preview.error && <Alert color="red">{errorMessage(preview.error, t)}</Alert>}
        </Stack>
      </Paper>

      {p && (
        <Paper withBorder p="md" data-testid="mapping">
          <Stack gap="sm">
            <Text size="sm">
              {p.fileName} — {t('feedback.imports.rows', { count: p.rowCount })}
            </Text>
            <Title order={6}>{t('feedback.imports.columns')}</Title>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
              {FEEDBACK_IMPORT_FIELDS.map((field) => (
                <Select
                  key={field}
                  label={`${t(`feedback.imports.fields.${field}`)}${REQUIRED_IMPORT_FIELDS.includes(field) ? ` (${t('feedback.imports.required')})` : ''}`}
                  placeholder={t('feedback.imports.notMapped')}
                  data={headers}
                  value={mapping.columns[field] ?? null}
                  onChange={(v) => setColumn(field, v)}
                  clearable
                  data-field={field}
                  error={REQUIRED_IMPORT_FIELDS.includes(field) && !mapping.columns[field] ? ' ' : undefined}
                />
              ))}
            </SimpleGrid>
            <Title order={6}>{t('feedback.imports.defaults')}</Title>
            <Group>
              <Select
                label={t('feedback.imports.defaultChannel')}
                data={ourValues.channel}
                value={mapping.defaults.channel ?? null}
                onChange={(v) =>
                  setMapping((m) => ({ ...m, defaults: { ...m.defaults, channel: v as TImportMapping['defaults']['channel'] } }))
                }
                clearable
                w={260}
              />
              <Select
                label={t('feedback.imports.defaultSubmitterType')}
                data={ourValues.submitterType}
                value={mapping.defaults.submitterType ?? null}
                onChange={(v) =>
                  setMapping((m) => ({
                    ...m,
                    defaults: { ...m.defaults, submitterType: v as TImportMapping['defaults']['submitterType'] },
                  }))
                }
                clearable
                w={260}
              />
              <TextInput
                label={t('feedback.imports.defaultSubmitterName')}
                placeholder="(không rõ)"
                value={mapping.defaults.submitterName ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setMapping((m) => ({ ...m, defaults: { ...m.defaults, submitterName: value } }));
                }}
                w={260}
              />
            </Group>
            <Group align="flex-start">
              <TextInput
                label={t('feedback.imports.source')}
                description={t('feedback.imports.sourceHelp')}
                value={mapping.source}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setMapping((m) => ({ ...m, source: value }));
                }}
                w={300}
                data-testid="import-source"
              />
              <Select
                label={t('feedback.imports.timeZone')}
                description={t('feedback.imports.timeZoneHelp')}
                data={TIME_ZONES.includes(mapping.timeZone) ? TIME_ZONES : [mapping.timeZone, ...TIME_ZONES]}
                value={mapping.timeZone}
                onChange={(v) => setMapping((m) => ({ ...m, timeZone: v ?? 'Asia/Ho_Chi_Minh' }))}
                allowDeselect={false}
                w={300}
              />
            </Group>
            <BadRowChoice value={mapping.onBadRows} onChange={(v) => setMapping((m) => ({ ...m, onBadRows: v }))} />
            <UnconfirmedCalendarChoice
              value={mapping.onUnconfirmedCalendar}
              onChange={(v) => setMapping((m) => ({ ...m, onUnconfirmedCalendar: v }))}
            />
            {MAPPED_VALUE_FIELDS.filter((f) => mapping.columns[f] && p.distinct[mapping.columns[f] as string]?.length).map(
              (field) => (
                <div key={field}>
                  <Title order={6}>
                    {t('feedback.imports.values')}: {t(`feedback.imports.fields.${field}`)} («{mapping.columns[field]}»)
                  </Title>
                  <Table maw={640}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('feedback.imports.sourceValue')}</Table.Th>
                        <Table.Th>{t('feedback.imports.ourValue')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {(p.distinct[mapping.columns[field] as string] ?? []).map((source) => (
                        <Table.Tr key={source}>
                          <Table.Td>{source}</Table.Td>
                          <Table.Td>
                            <Select
                              size="xs"
                              aria-label={`${t(`feedback.imports.fields.${field}`)}: ${source}`}
                              data={ourValues[field]}
                              value={
                                mapping.values[field]?.[source] ||
                                (ourValues[field].some((o) => o.value === source) ? source : null)
                              }
                              onChange={(v) => setValue(field, source, v)}
                              clearable
                            />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
              ),
            )}
            <Title order={6}>{t('feedback.imports.sample')}</Title>
            <Table.ScrollContainer minWidth={800}>
              <Table fz="xs">
                <Table.Thead>
                  <Table.Tr>
                    {headers.map((h) => (
                      <Table.Th key={h}>{h}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.sample.map((row, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: sample rows have no identity of their own
                    <Table.Tr key={i}>
                      {headers.map((h) => (
                        <Table.Td key={h}>
                          <Text size="xs" lineClamp={2}>
                            {row[h]}
                          </Text>
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group align="flex-end">
              <TextInput
                label={t('feedback.imports.saveAs')}
                value={saveAs}
                onChange={(e) => setSaveAs(e.currentTarget.value)}
                w={300}
              />
              <Button
                disabled={missing.length > 0 || !fileId}
                loading={start.isPending || run.data?.status === 'running'}
                onClick={() => fileId && start.mutate({ fileId, mapping: cleanMapping(), saveAs: saveAs || null })}
              >
                {t('feedback.imports.start')}
              </Button>
            </Group>
            {start.error && <Alert color="red">{errorMessage(start.error, t)}</Alert>}
          </Stack>
        </Paper>
      )}

      {run.data?.status === 'running' && (
        <Paper withBorder p="md" data-testid="import-progress">
          <Text size="sm">
            {t('feedback.imports.progress', {
              phase: t(`feedback.imports.phases.${(summary?.phase ?? 'queued') as 'queued'}`),
              done: formatNumber(summary?.rowsDone ?? 0),
              total: formatNumber(summary?.rows ?? 0),
            })}
          </Text>
          <Progress value={percent} animated aria-label={`${percent}%`} />
        </Paper>
      )}
      {run.data?.status === 'succeeded' && (
        <Alert color="green" data-testid="import-done">
          {t('feedback.imports.done', {
            rows: formatNumber(run.data.rowsTotal),
            inserted: formatNumber(summary?.inserted ?? 0),
            updated: formatNumber(summary?.updated ?? 0),
            unchanged: formatNumber(summary?.unchanged ?? 0),
          })}
          {(summary?.skipped ?? 0) > 0 && ` ${t('imports.setAside', { count: summary?.skipped ?? 0 })}`}
          {(summary?.provisional ?? 0) > 0 &&
            ` ${t('imports.provisional', { count: summary?.provisional ?? 0, years: summary?.unconfirmedYears?.join(', ') ?? '' })}`}
        </Alert>
      )}
      {run.data?.status === 'succeeded' && run.data.errors.length > 0 && (
        <RowErrors
          errors={run.data.errors}
          total={summary?.errorCount}
          color="orange"
          summary={t('imports.setAsideSummary', {
            count: summary?.errorCount ?? run.data.errors.length,
            rows: summary?.skipped ?? 0,
          })}
          fileName="dong-loi-nhap-pakn.csv"
        />
      )}
      {run.data?.status === 'failed' && (
        <RowErrors
          errors={run.data.errors}
          total={summary?.errorCount}
          summary={t('feedback.imports.failed', { count: summary?.errorCount ?? run.data.errors.length })}
          fileName="loi-nhap-pakn.csv"
        />
      )}

      <ImportRunsTable
        title={t('feedback.imports.runs')}
        runs={runs.data ?? []}
        statusLabel={(status) =>
          t(`feedback.imports.phases.${status === 'succeeded' ? 'done' : status === 'failed' ? 'failed' : 'writing'}`)
        }
      />
    </Stack>
  );
}
