/** Sessions of the working group, attendance figures per agency, and the agencies × sessions matrix. */
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { toIsoDate } from '../../lib/dates';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useMay, useMe } from '../../lib/me';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { SessionFormModal } from './SessionFormModal';

type Figures = RouterOutputs['meetings']['attendance'][number];

export function MeetingsPage() {
  const may = useMay();
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'sessions';
  const [creating, setCreating] = useState(false);
  const scoped = me.data?.role === 'agency_head' || me.data?.role === 'agency_officer';
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('meetings.title')}</Title>
        {may('meetings.createSession') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('meetings.create')}
          </Button>
        )}
      </Group>
      {scoped && me.data && <MyAttendance agencyName={me.data.agencyName} />}
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'sessions' ? { tab: v } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="sessions">{t('meetings.tabs.sessions')}</Tabs.Tab>
          <Tabs.Tab value="figures">{t('meetings.tabs.figures')}</Tabs.Tab>
          <Tabs.Tab value="matrix">{t('meetings.tabs.matrix')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'sessions' && <SessionList />}
      {tab === 'figures' && <FiguresTable />}
      {tab === 'matrix' && <Matrix />}
      {creating && <SessionFormModal onClose={() => setCreating(false)} />}
    </Stack>
  );
}

function SessionList() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const sessions = useQuery(trpc.meetings.sessions.queryOptions({}));
  return (
    <Paper withBorder>
      <QueryView query={sessions} empty={t('meetings.empty')}>
        {(data) => (
          <Table highlightOnHover data-testid="sessions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('meetings.number')}</Table.Th>
                <Table.Th>{t('meetings.sessionTitle')}</Table.Th>
                <Table.Th>{t('meetings.startsAt')}</Table.Th>
                <Table.Th>{t('meetings.mode')}</Table.Th>
                <Table.Th>{t('meetings.invited')}</Table.Th>
                <Table.Th>{t('meetings.sheet')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.number}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/meetings/${s.id}`}>
                      {s.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {s.groupName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(s.startsAt)}</Table.Td>
                  <Table.Td>{t(`meetings.modes.${s.mode as 'online'}`)}</Table.Td>
                  <Table.Td>
                    {formatNumber(s.presentCount)}/{formatNumber(s.invitedCount)}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={s.finalisedAt ? 'green' : 'gray'} variant="light" tt="none">
                      {s.finalisedAt ? t('meetings.finalised') : t(`meetings.status.${s.status as 'held'}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
    </Paper>
  );
}

function Definitions() {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="dimmed">
      {t('meetings.definitions.attendanceRate')} {t('meetings.definitions.headAttendanceRate')} {t('meetings.definitions.scope')}
    </Text>
  );
}

const rate = (value: number | null) => (value === null ? '—' : `${formatNumber(value)}%`);

function MyAttendance({ agencyName }: { agencyName: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const figures = useQuery(trpc.meetings.attendance.queryOptions({}));
  const mine = figures.data?.[0];
  return (
    <Paper withBorder p="md" data-testid="my-attendance">
      <Title order={4} mb="xs">
        {t('meetings.mine', { agency: agencyName })}
      </Title>
      {mine ? (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Metric
            label={t('meetings.figures.attendanceRate')}
            value={rate(mine.attendanceRate)}
            help={t('meetings.definitions.attendanceRate')}
            testId="my-attendance-rate"
          />
          <Metric
            label={t('meetings.figures.headAttendanceRate')}
            value={rate(mine.headAttendanceRate)}
            help={t('meetings.definitions.headAttendanceRate')}
          />
          <Metric label={t('meetings.figures.invited')} value={formatNumber(mine.invited)} />
          <Metric label={t('meetings.figures.unexcused')} value={formatNumber(mine.unexcused)} />
        </SimpleGrid>
      ) : (
        <Text c="dimmed" size="sm">
          {t('meetings.noFigures')}
        </Text>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        {t('meetings.asOf', { time: formatDateTime(new Date(figures.dataUpdatedAt || Date.now())) })}
      </Text>
    </Paper>
  );
}

function Metric({ label, value, help, testId }: { label: string; value: string; help?: string; testId?: string }) {
  return (
    <div>
      <Group gap={4}>
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        {help && (
          <Tooltip label={help} multiline w={300}>
            <IconInfoCircle size={14} aria-label={help} />
          </Tooltip>
        )}
      </Group>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function PeriodPicker({
  value,
  onChange,
}: {
  value: [string | null, string | null];
  onChange: (v: [string | null, string | null]) => void;
}) {
  const { t } = useTranslation();
  return (
    <DatePickerInput
      type="range"
      label={t('meetings.period')}
      valueFormat="DD/MM/YYYY"
      value={value}
      onChange={([a, b]) => onChange([toIsoDate(a), toIsoDate(b)])}
      clearable
      w={260}
    />
  );
}

function FiguresTable() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [period, setPeriod] = useState<[string | null, string | null]>([null, null]);
  const figures = useQuery(trpc.meetings.attendance.queryOptions({ from: period[0] ?? undefined, to: period[1] ?? undefined }));
  const cols: (keyof Figures)[] = ['invited', 'attended', 'attendedByHead', 'excused', 'unexcused', 'late'];
  return (
    <Stack gap="xs">
      <PeriodPicker value={period} onChange={setPeriod} />
      <Definitions />
      <Paper withBorder>
        <QueryView query={figures} empty={t('meetings.noFigures')}>
          {(data) => (
            <Table.ScrollContainer minWidth={900}>
              <Table striped data-testid="attendance-figures">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('meetings.agency')}</Table.Th>
                    {cols.map((c) => (
                      <Table.Th key={c}>{t(`meetings.figures.${c as 'invited'}`)}</Table.Th>
                    ))}
                    <Table.Th>{t('meetings.figures.attendanceRate')}</Table.Th>
                    <Table.Th>{t('meetings.figures.headAttendanceRate')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((row) => (
                    <Table.Tr key={row.agencyId}>
                      <Table.Td>{row.agencyName}</Table.Td>
                      {cols.map((c) => (
                        <Table.Td key={c}>{formatNumber(row[c] as number)}</Table.Td>
                      ))}
                      <Table.Td>{rate(row.attendanceRate)}</Table.Td>
                      <Table.Td>{rate(row.headAttendanceRate)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>
    </Stack>
  );
}

const MARK_COLORS: Record<string, string> = {
  present_head: 'green',
  present_deputy: 'teal',
  present_delegate: 'cyan',
  absent_excused: 'yellow',
  absent_unexcused: 'red',
};

function Matrix() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [period, setPeriod] = useState<[string | null, string | null]>([null, null]);
  const matrix = useQuery(trpc.meetings.matrix.queryOptions({ from: period[0] ?? undefined, to: period[1] ?? undefined }));
  return (
    <Stack gap="xs">
      <PeriodPicker value={period} onChange={setPeriod} />
      <Paper withBorder>
        <QueryView query={matrix} empty={t('meetings.empty')} isEmpty={(d) => d.sessions.length === 0}>
          {(data) => (
            <Table.ScrollContainer minWidth={600}>
              <Table withColumnBorders data-testid="attendance-matrix">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('meetings.agency')}</Table.Th>
                    {data.sessions.map((s) => (
                      <Table.Th key={s.id} ta="center">
                        <Anchor component={Link} to={`/meetings/${s.id}`} size="sm">
                          {s.number}
                        </Anchor>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((row) => (
                    <Table.Tr key={row.agencyId}>
                      <Table.Td>{row.agencyName}</Table.Td>
                      {data.sessions.map((s) => {
                        const cell = row.marks[s.id];
                        return (
                          <Table.Td key={s.id} ta="center">
                            {cell?.mark ? (
                              <Tooltip label={t(`meetings.marks.${cell.mark as 'present_head'}`)}>
                                <Badge color={MARK_COLORS[cell.mark]} variant="light" size="sm">
                                  {t(`meetings.shortMarks.${cell.mark as 'present_head'}`)}
                                  {cell.lateMinutes ? ` +${cell.lateMinutes}′` : ''}
                                </Badge>
                              </Tooltip>
                            ) : cell ? (
                              '·'
                            ) : (
                              ''
                            )}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
      </Paper>
    </Stack>
  );
}
