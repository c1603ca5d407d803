/** The recent runs of an import (procedures' dossiers and counts, feedback files): when, what, how many, outcome, who. */
import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { formatDateTime, formatNumber } from '../lib/format';

export interface ImportRunRow {
  id: string;
  kind: string;
  fileName: string | null;
  status: string;
  rowsTotal: number;
  /** Bad rows: set aside (a partial import) or that stopped it. */
  rowsFailed?: number | null;
  createdAt: Date | string;
  username: string | null;
}

const COLORS: Record<string, string> = { succeeded: 'green', failed: 'red' };

export function ImportRunsTable({
  title,
  runs,
  statusLabel,
  kindLabel,
}: {
  title: string;
  runs: ImportRunRow[];
  statusLabel: (status: string) => string;
  /** Shown as a column when the table mixes kinds of import. */
  kindLabel?: (kind: string) => string;
}) {
  return (
    <Paper withBorder p="md">
      <Title order={5} mb="xs">
        {title}
      </Title>
      <Table>
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
              {kindLabel && <Table.Td>{kindLabel(r.kind)}</Table.Td>}
              <Table.Td>{r.fileName}</Table.Td>
              <Table.Td>
                {formatNumber(r.rowsTotal)}
                {r.rowsFailed ? (
                  <Text span size="xs" c="red">
                    {' '}
                    ({formatNumber(r.rowsFailed)} ✗)
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Badge color={COLORS[r.status] ?? 'blue'} variant="light" tt="none">
                  {statusLabel(r.status)}
                </Badge>
              </Table.Td>
              <Table.Td>{r.username}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
