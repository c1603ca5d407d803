/** Imports: the catalogue (immediate), dossiers and monthly counts (background, with a progress bar). */

import {
  type BadRowPolicy,
  CATALOGUE_IMPORT_COLUMNS,
  DOSSIER_IMPORT_COLUMNS,
  FILING_COUNT_IMPORT_COLUMNS,
} from '@cchc/domain/imports';
import { Alert, Button, FileInput, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BadRowChoice } from '../../components/BadRowChoice';
import { ImportColumnsHelp } from '../../components/ImportColumnsHelp';
import { ImportRunsTable } from '../../components/ImportRunsTable';
import { RowErrors } from '../../components/RowErrors';
import { errorMessage } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';

export function ImportsPanel() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const runs = useQuery(trpc.procedures.importRuns.queryOptions());
  return (
    <Stack>
      <CatalogueImport />
      <FileImport kind="dossiers" title={t('procedures.imports.dossiers')} help={t('procedures.imports.dossiersHelp')} />
      <FileImport kind="filing_counts" title={t('procedures.imports.counts')} help={t('procedures.imports.countsHelp')} />
      <ImportRunsTable
        title={t('procedures.imports.runs')}
        runs={runs.data ?? []}
        kindLabel={(kind) => t(`procedures.imports.kinds.${kind as 'dossiers'}`)}
        statusLabel={(status) =>
          t(`procedures.imports.phases.${status === 'succeeded' ? 'done' : status === 'failed' ? 'failed' : 'copying'}`)
        }
      />
    </Stack>
  );
}

function CatalogueImport() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [onBadRows, setOnBadRows] = useState<BadRowPolicy>('stop');
  const importCatalogue = useMutation(
    trpc.procedures.importCatalogue.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.procedures.pathKey() });
      },
    }),
  );
  const submit = async () => {
    if (!file) return;
    setUploading(true);
    try {
      const { id } = await uploadFile(file, { purpose: 'import' });
      importCatalogue.mutate({ fileId: id, onBadRows });
    } catch (error) {
      notifications.show({ color: 'red', message: error instanceof Error ? error.message : t('errors.generic') });
    } finally {
      setUploading(false);
    }
  };
  const result = importCatalogue.data;
  return (
    <Paper withBorder p="md" data-testid="import-catalogue">
      <Stack gap="xs">
        <Title order={5}>{t('procedures.imports.catalogue')}</Title>
        <Text size="xs" c="dimmed">
          {t('procedures.imports.catalogueHelp')}
        </Text>
        <ImportColumnsHelp columns={CATALOGUE_IMPORT_COLUMNS} templateName="mau-danh-muc-tthc.csv" />
        <Group align="flex-end">
          <FileInput
            accept=".csv,.xlsx"
            value={file}
            onChange={setFile}
            clearable
            w={360}
            aria-label={t('procedures.imports.catalogue')}
            data-testid="catalogue-file"
          />
          <Button onClick={submit} disabled={!file} loading={uploading || importCatalogue.isPending}>
            {t('procedures.imports.run')}
          </Button>
        </Group>
        <BadRowChoice value={onBadRows} onChange={setOnBadRows} />
        {importCatalogue.error && <Alert color="red">{errorMessage(importCatalogue.error, t)}</Alert>}
        {result?.ok && (
          <Alert color="green" data-testid="catalogue-done">
            <Stack gap={4}>
              <Text size="sm">
                {t('procedures.imports.catalogueOk', {
                  rows: formatNumber(result.rows),
                  inserted: formatNumber(result.inserted),
                  updated: formatNumber(result.updated),
                  unchanged: formatNumber(result.unchanged),
                })}
                {result.skipped > 0 && ` ${t('imports.setAside', { count: result.skipped })}`}
              </Text>
              <Text size="xs">
                {t('imports.columnsUsed', {
                  columns: Object.entries(result.columns)
                    .map(([key, header]) => (header === key ? header : `${header} → ${key}`))
                    .join(', '),
                })}
              </Text>
              {result.ignoredColumns.length > 0 && (
                <Text size="xs">{t('imports.columnsIgnored', { columns: result.ignoredColumns.join(', ') })}</Text>
              )}
              {'implementing_agencies' in result.columns && (
                <Text size="xs">
                  {t('procedures.imports.agencyLinks', { count: result.agencyLinks })}
                  {result.unmatchedAgencies.length > 0 &&
                    ` ${t('procedures.imports.unmatchedAgencies', {
                      count: result.unmatchedAgencies.length,
                      names: result.unmatchedAgencies.slice(0, 20).join('; '),
                    })}`}
                </Text>
              )}
            </Stack>
          </Alert>
        )}
        {result && result.errorCount > 0 && (
          <RowErrors
            errors={result.errors}
            total={result.errorCount}
            color={result.ok ? 'orange' : 'red'}
            summary={
              result.ok
                ? t('imports.setAsideSummary', { count: result.errorCount, rows: result.skipped })
                : t('procedures.imports.failed', { count: result.errorCount })
            }
            fileName="loi-danh-muc.csv"
          />
        )}
      </Stack>
    </Paper>
  );
}

function FileImport({ kind, title, help }: { kind: 'dossiers' | 'filing_counts'; title: string; help: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [onBadRows, setOnBadRows] = useState<BadRowPolicy>('stop');
  const queue = useMutation(trpc.procedures.importFile.mutationOptions({ onSuccess: (r) => setRunId(r.runId) }));
  const run = useQuery({
    ...trpc.procedures.importRun.queryOptions({ id: runId ?? '00000000-0000-0000-0000-000000000000' }),
    enabled: runId !== null,
    // Poll while the worker is busy.
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 500 : false),
  });
  const data = run.data;
  const finished = data !== undefined && data.status !== 'running';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: trpc.procedures.pathKey() });
  }, [finished, queryClient, trpc]);
  const submit = async () => {
    if (!file) return;
    setRunId(null);
    setUploading(true);
    try {
      const { id } = await uploadFile(file, { purpose: 'import' });
      queue.mutate({ fileId: id, kind, onBadRows });
    } catch (error) {
      notifications.show({ color: 'red', message: error instanceof Error ? error.message : t('errors.generic') });
    } finally {
      setUploading(false);
    }
  };
  const summary = data?.summary;
  const percent = summary?.bytesTotal ? Math.min(100, Math.round(((summary.bytesDone ?? 0) / summary.bytesTotal) * 100)) : 0;
  return (
    <Paper withBorder p="md" data-testid={`import-${kind}`}>
      <Stack gap="xs">
        <Title order={5}>{title}</Title>
        <Text size="xs" c="dimmed">
          {help}
        </Text>
        {kind === 'dossiers' ? (
          <ImportColumnsHelp columns={DOSSIER_IMPORT_COLUMNS} templateName="mau-ho-so.csv" />
        ) : (
          <ImportColumnsHelp columns={FILING_COUNT_IMPORT_COLUMNS} templateName="mau-so-lieu-thang.csv" />
        )}
        <Group align="flex-end">
          <FileInput accept=".csv,.xlsx" value={file} onChange={setFile} clearable w={360} aria-label={title} />
          <Button onClick={submit} disabled={!file} loading={uploading || queue.isPending || data?.status === 'running'}>
            {t('procedures.imports.run')}
          </Button>
        </Group>
        {kind === 'dossiers' && <BadRowChoice value={onBadRows} onChange={setOnBadRows} />}
        {queue.error && <Alert color="red">{errorMessage(queue.error, t)}</Alert>}
        {data?.status === 'running' && (
          <div>
            <Text size="sm">
              {t('procedures.imports.progress', { phase: t(`procedures.imports.phases.${summary?.phase ?? 'queued'}`) })}
            </Text>
            <Progress value={percent} animated aria-label={`${percent}%`} />
            <Text size="xs" c="dimmed">
              {formatNumber(summary?.rows ?? 0)} {t('procedures.imports.rows')}
            </Text>
          </div>
        )}
        {data?.status === 'succeeded' && (
          <Alert color="green" data-testid="import-done">
            {t('procedures.imports.done', {
              rows: formatNumber(data.rowsTotal),
              inserted: formatNumber(summary?.inserted ?? 0),
              updated: formatNumber(summary?.updated ?? 0),
            })}
            {(summary?.skipped ?? 0) > 0 && ` ${t('imports.setAside', { count: summary?.skipped ?? 0 })}`}
          </Alert>
        )}
        {finished && (summary?.ignoredColumns?.length ?? 0) > 0 && (
          <Text size="xs" data-testid="import-ignored-columns">
            {t('imports.columnsIgnored', { columns: summary?.ignoredColumns?.join(', ') ?? '' })}
          </Text>
        )}
        {data?.status === 'succeeded' && data.errors.length > 0 && (
          <RowErrors
            errors={data.errors}
            total={summary?.errorCount}
            color="orange"
            summary={t('imports.setAsideSummary', {
              count: summary?.errorCount ?? data.errors.length,
              rows: summary?.skipped ?? 0,
            })}
            fileName={`dong-loi-${kind}.csv`}
          />
        )}
        {data?.status === 'failed' && (
          <RowErrors
            errors={data.errors}
            total={summary?.errorCount}
            summary={t('procedures.imports.failed', { count: summary?.errorCount ?? data.errors.length })}
            fileName={`loi-${kind}.csv`}
          />
        )}
      </Stack>
    </Paper>
  );
}
