/** A generated report in the app: the agencies' narratives by outline section and the frozen data tables. */
import { Modal, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryView } from '../../components/QueryView';
import { formatDate, formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

const cell = (value: string | number | null) =>
  value === null ? '—' : typeof value === 'number' ? value.toLocaleString('vi-VN') : value;

export function ReportView({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const view = useQuery(trpc.reports.view.queryOptions({ id }));
  return (
    <Modal opened onClose={onClose} fullScreen title={t('reports.versions')}>
      <QueryView query={view} empty={null} isEmpty={() => false}>
        {(r) => (
          <Stack data-testid="report-view">
            <Title order={3}>
              {r.period.label} — {t('reports.version', { version: r.version })}
            </Title>
            <Text size="sm" c="dimmed">
              {t('reports.dataPeriod')} {formatDate(r.period.from)} – {formatDate(r.period.to)} · {formatDateTime(r.generatedAt)}
            </Text>
            <Tabs defaultValue="narrative">
              <Tabs.List>
                <Tabs.Tab value="narrative">{t('reports.submission.sections')}</Tabs.Tab>
                {r.tables.map((table) => (
                  <Tabs.Tab key={table.key} value={table.key}>
                    {table.title}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="narrative" pt="md">
                <Stack>
                  {r.outline.map((section, i) => {
                    const texts = r.submissions.filter(
                      (s) => (s.status === 'submitted' || s.status === 'accepted') && s.sections[section.key]?.trim(),
                    );
                    return (
                      <div key={section.key}>
                        <Title order={5}>
                          {i + 1}. {section.title}
                        </Title>
                        {texts.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          texts.map((s) => (
                            <Text key={s.agencyId} size="sm">
                              <b>{s.agencyName}:</b> {s.sections[section.key]}
                            </Text>
                          ))
                        )}
                      </div>
                    );
                  })}
                </Stack>
              </Tabs.Panel>
              {r.tables.map((table) => (
                <Tabs.Panel key={table.key} value={table.key} pt="md">
                  {table.subtitle.map((line) => (
                    <Text key={line} size="xs" c="dimmed">
                      {line}
                    </Text>
                  ))}
                  <Table striped mt="xs">
                    <Table.Thead>
                      <Table.Tr>
                        {table.columns.map((c) => (
                          <Table.Th key={c.header}>{c.header}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {table.rows.map((row, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a frozen table never move
                        <Table.Tr key={i} fw={i === table.rows.length - 1 ? 700 : undefined}>
                          {row.map((value, j) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: cells of a frozen row never move
                            <Table.Td key={j}>{cell(value)}</Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Tabs.Panel>
              ))}
            </Tabs>
          </Stack>
        )}
      </QueryView>
    </Modal>
  );
}
