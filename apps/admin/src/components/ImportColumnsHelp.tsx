/**
 * Which columns an import recognises — our template's name, the Vietnamese name, the other names accepted
 * (national exports, portals) — and a template to download: nothing about the file format is left to guess.
 */
import type { ImportColumn } from '@cchc/domain/imports';
import { Anchor, Badge, Button, Collapse, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

function downloadTemplate(columns: readonly ImportColumn[], fileName: string) {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  // BOM so that Excel opens the Vietnamese headers as UTF-8.
  const blob = new Blob([`\uFEFF${columns.map((c) => cell(c.vi)).join(',')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** `templateName`: a CSV template to download (left out where the import has its own template, e.g. an XLSX). */
export function ImportColumnsHelp({ columns, templateName }: { columns: readonly ImportColumn[]; templateName?: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const english = i18n.language.startsWith('en');
  return (
    <Stack gap={4} data-testid="import-columns-help">
      <Group gap="xs">
        <Anchor component="button" type="button" size="sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? t('imports.columnsHide') : t('imports.columnsShow', { count: columns.length })}
        </Anchor>
        {templateName && (
          <Button size="compact-xs" variant="subtle" onClick={() => downloadTemplate(columns, templateName)}>
            {t('imports.template')}
          </Button>
        )}
      </Group>
      <Collapse in={open}>
        <Text size="xs" c="dimmed" mb={4}>
          {t('imports.columnsIntro')}
        </Text>
        <Table withTableBorder fz="xs" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.columnVi')}</Table.Th>
              <Table.Th>{t('imports.columnEn')}</Table.Th>
              <Table.Th>{t('imports.columnAliases')}</Table.Th>
              <Table.Th>{t('imports.columnMeaning')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.map((c) => (
              <Table.Tr key={c.key}>
                <Table.Td>
                  {c.vi}{' '}
                  {c.required && (
                    <Badge size="xs" color="red" variant="light" tt="none">
                      {t('imports.required')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <code>{c.key}</code>
                </Table.Td>
                <Table.Td>{c.aliases.join(', ')}</Table.Td>
                <Table.Td>{english ? c.help.en : c.help.vi}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Collapse>
    </Stack>
  );
}
