/** Upload a filled XLSX template; on bad rows list each one (nothing was written). */
import { TASK_IMPORT_COLUMNS } from '@cchc/domain/imports';
import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportColumnsHelp } from '../../components/ImportColumnsHelp';
import { RowErrors } from '../../components/RowErrors';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

const MAX_BYTES = 10 * 1024 * 1024;

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ImportTasksModal({ planId, onClose }: { planId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const importTasks = useMutation(
    trpc.plans.importTasks.mutationOptions({
      onSuccess: async (result) => {
        if (!result.ok) return;
        const ignored = result.ignoredColumns.length
          ? ` ${t('imports.columnsIgnored', { columns: result.ignoredColumns.join(', ') })}`
          : '';
        notifications.show({ color: 'green', message: `${t('tasks.importOk', { created: result.created })}${ignored}` });
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
        onClose();
      },
    }),
  );
  const result = importTasks.data;
  const submit = async () => {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(t('errors.import.too_large'));
      return;
    }
    importTasks.mutate({ planId, fileName: file.name, contentBase64: await toBase64(file) });
  };
  return (
    <Modal opened onClose={onClose} title={t('tasks.importTitle')} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('tasks.importHelp')}
        </Text>
        <ImportColumnsHelp columns={TASK_IMPORT_COLUMNS} />
        <FileInput
          label={t('tasks.importXlsx')}
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={(f) => {
            setFile(f);
            setFileError(null);
            importTasks.reset();
          }}
          error={fileError}
          clearable
          data-testid="import-file"
        />
        {importTasks.error && <Alert color="red">{errorMessage(importTasks.error, t)}</Alert>}
        {result && result.ignoredColumns.length > 0 && (
          <Text size="xs">{t('imports.columnsIgnored', { columns: result.ignoredColumns.join(', ') })}</Text>
        )}
        {result && !result.ok && (
          <RowErrors
            errors={result.errors}
            summary={t('tasks.importFailed', { count: result.errors.length })}
            fileName="loi-nhap-nhiem-vu.csv"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button onClick={submit} disabled={!file} loading={importTasks.isPending}>
            {t('agencies.importRun')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
