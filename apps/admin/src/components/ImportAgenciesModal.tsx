/** Upload an agency CSV; on bad rows show each one (nothing was written) and offer the list as CSV. */
import { AGENCY_IMPORT_COLUMNS } from '@cchc/domain/imports';
import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../lib/trpc';
import { ImportColumnsHelp } from './ImportColumnsHelp';
import { RowErrors } from './RowErrors';

const MAX_BYTES = 20 * 1024 * 1024;

export function ImportAgenciesModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const importCsv = useMutation(
    trpc.org.importCsv.mutationOptions({
      onSuccess: async (result) => {
        if (!result.ok) return;
        notifications.show({ color: 'green', message: t('agencies.importOk', result) });
        await queryClient.invalidateQueries({ queryKey: trpc.org.pathKey() });
      },
    }),
  );
  const result = importCsv.data;

  const submit = async () => {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(t('errors.import.too_large'));
      return;
    }
    importCsv.mutate({ fileName: file.name, content: await file.text() });
  };

  const close = () => {
    importCsv.reset();
    setFile(null);
    setFileError(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('agencies.importTitle')} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('agencies.importHelp')}
        </Text>
        <ImportColumnsHelp columns={AGENCY_IMPORT_COLUMNS} templateName="mau-co-quan.csv" />
        <FileInput
          label={t('agencies.importFile')}
          accept=".csv,text/csv"
          value={file}
          onChange={(f) => {
            setFile(f);
            setFileError(null);
            importCsv.reset();
          }}
          error={fileError}
          clearable
        />
        {importCsv.error && <Alert color="red">{errorMessage(importCsv.error, t)}</Alert>}
        {result?.ok && <Alert color="green">{t('agencies.importOk', result)}</Alert>}
        {result?.ignoredColumns && result.ignoredColumns.length > 0 && (
          <Text size="xs">{t('imports.columnsIgnored', { columns: result.ignoredColumns.join(', ') })}</Text>
        )}
        {result && !result.ok && (
          <RowErrors
            errors={result.errors}
            summary={t('agencies.importFailed', { count: result.errors.length })}
            fileName="loi-nhap-co-quan.csv"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.close')}
          </Button>
          <Button onClick={submit} disabled={!file} loading={importCsv.isPending}>
            {t('agencies.importRun')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
