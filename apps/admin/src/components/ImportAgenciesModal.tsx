/** Upload an agency CSV; on bad rows show each one (nothing was written) and offer the list as CSV. */
import { Alert, Button, FileInput, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';
import { type RouterOutputs, useTRPC } from '../lib/trpc';

const MAX_BYTES = 20 * 1024 * 1024;

function csvCell(value: string | number | null): string {
  const s = String(value ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function downloadErrors(errors: RouterOutputs['org']['importCsv']['errors'], t: (k: string) => string) {
  const lines = [[t('agencies.row'), t('agencies.column'), t('agencies.message')].map(csvCell).join(',')];
  for (const e of errors) lines.push([e.row, e.column, e.message].map(csvCell).join(','));
  // BOM so that Excel opens the Vietnamese text as UTF-8.
  const blob = new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'loi-nhap-co-quan.csv';
  a.click();
  URL.revokeObjectURL(url);
}

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
        {result && !result.ok && (
          <>
            <Alert color="red" data-testid="import-errors">
              {t('agencies.importFailed', { count: result.errors.length })}
            </Alert>
            <ScrollArea h={240}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('agencies.row')}</Table.Th>
                    <Table.Th>{t('agencies.column')}</Table.Th>
                    <Table.Th>{t('agencies.message')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.errors.slice(0, 500).map((e) => (
                    <Table.Tr key={`${e.row}-${e.column}-${e.message}`}>
                      <Table.Td>{e.row}</Table.Td>
                      <Table.Td>{e.column}</Table.Td>
                      <Table.Td>{e.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
            <Group>
              <Button variant="light" onClick={() => downloadErrors(result.errors, t)}>
                {t('agencies.importErrorsDownload')}
              </Button>
            </Group>
          </>
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
