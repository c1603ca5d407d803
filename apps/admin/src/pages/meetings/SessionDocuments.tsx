/** A session's documents (agenda, minutes, conclusion notice): listed for everyone invited, managed by the secretariat. */
import { ActionIcon, Anchor, Button, FileInput, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';

interface Props {
  sessionId: string;
  canManage: boolean;
  documents: { id: string; fileName: string; sizeBytes: number; createdAt: Date | string }[];
}

export function SessionDocuments({ sessionId, canManage, documents }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.meetings.pathKey() });
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error, t) });
  const attach = useMutation(
    trpc.meetings.attachDocument.mutationOptions({
      onSuccess: async () => {
        setFile(null);
        await refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(trpc.meetings.removeDocument.mutationOptions({ onSuccess: refresh, onError }));
  const upload = async () => {
    if (!file) return;
    setUploading(true);
    try {
      const stored = await uploadFile(file);
      attach.mutate({ sessionId, fileId: stored.id });
    } catch (error) {
      notifications.show({ color: 'red', message: error instanceof Error ? error.message : t('errors.generic') });
    } finally {
      setUploading(false);
    }
  };
  return (
    <Paper withBorder p="md" data-testid="session-documents">
      <Stack gap="xs">
        <Title order={4}>{t('meetings.documents.title')}</Title>
        {documents.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('meetings.documents.empty')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {documents.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor href={`/api/files/${d.id}`}>{d.fileName}</Anchor>
                  </Table.Td>
                  <Table.Td>{formatNumber(Math.ceil(d.sizeBytes / 1024))} KB</Table.Td>
                  <Table.Td>{formatDateTime(d.createdAt)}</Table.Td>
                  {canManage && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t('common.delete')}: ${d.fileName}`}
                        onClick={() =>
                          modals.openConfirmModal({
                            title: t('meetings.documents.remove'),
                            children: t('meetings.documents.confirmRemove', { name: d.fileName }),
                            labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
                            confirmProps: { color: 'red' },
                            onConfirm: () => remove.mutate({ sessionId, fileId: d.id }),
                          })
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canManage && (
          <Group align="flex-end">
            <FileInput
              value={file}
              onChange={setFile}
              clearable
              w={360}
              aria-label={t('meetings.documents.file')}
              placeholder={t('meetings.documents.file')}
            />
            <Button onClick={upload} disabled={!file} loading={uploading || attach.isPending}>
              {t('meetings.documents.attach')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
