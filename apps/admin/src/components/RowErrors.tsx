/** The row-level error report of an import: a table of row, column and message, downloadable as CSV. */
import { Alert, Button, Group, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';

export interface RowError {
  row: number;
  column: string | null;
  message: string;
}

function csvCell(value: string | number | null): string {
  const s = String(value ?? '');
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function download(errors: RowError[], header: string[], fileName: string) {
  const lines = [header.map(csvCell).join(',')];
  for (const e of errors) lines.push([e.row, e.column, e.message].map(csvCell).join(','));
  // BOM so that Excel opens the Vietnamese text as UTF-8.
  const blob = new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** Rows shown on screen; the download always holds every error the server kept. */
const SHOWN = 500;

export function RowErrors({
  errors,
  summary,
  fileName,
  total,
  color = 'red',
}: {
  errors: RowError[];
  summary: string;
  fileName: string;
  /** The exact number of errors, when the server kept fewer than there were. */
  total?: number;
  /** 'orange' when the bad rows were set aside and the good ones written. */
  color?: string;
}) {
  const { t } = useTranslation();
  const header = [t('agencies.row'), t('agencies.column'), t('agencies.message')];
  const count = Math.max(total ?? 0, errors.length);
  return (
    <>
      <Alert color={color} data-testid="import-errors">
        {summary}
      </Alert>
      {count > Math.min(errors.length, SHOWN) && (
        <Text size="sm" data-testid="import-errors-shown">
          {t('imports.errorsShown', { shown: formatNumber(Math.min(errors.length, SHOWN)), total: formatNumber(count) })}
          {count > errors.length && ` ${t('imports.errorsKept', { kept: formatNumber(errors.length) })}`}
        </Text>
      )}
      <ScrollArea h={260}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              {header.map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {errors.slice(0, SHOWN).map((e) => (
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
        <Button variant="light" onClick={() => download(errors, header, fileName)}>
          {t('agencies.importErrorsDownload')}
        </Button>
      </Group>
    </>
  );
}
