/** Periodic reports: the calendar of cut-offs and deadlines, an agency's own reports, the regimes. */
import { Anchor, Badge, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { addDaysIso } from '../../lib/dates';
import { formatDate } from '../../lib/format';
import { useMay, useMe } from '../../lib/me';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';
import { DocumentSettingsPanel } from './DocumentSettingsPanel';
import { RegimesPanel } from './RegimesPanel';

export const SUBMISSION_COLORS: Record<string, string> = {
  not_started: 'gray',
  draft: 'blue',
  submitted: 'green',
  returned: 'orange',
  accepted: 'teal',
};

export function ReportsPage() {
  const may = useMay();
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const scoped = me.data?.role === 'agency_head' || me.data?.role === 'agency_officer';
  const tab = params.get('tab') ?? (scoped ? 'mine' : 'calendar');
  const canEdit = may('reports.saveRegime');
  return (
    <Stack gap="sm">
      <Title order={2}>{t('reports.title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {}, { replace: true })}>
        <Tabs.List>
          {scoped && <Tabs.Tab value="mine">{t('reports.tabs.mine')}</Tabs.Tab>}
          <Tabs.Tab value="calendar">{t('reports.tabs.calendar')}</Tabs.Tab>
          {!scoped && <Tabs.Tab value="regimes">{t('reports.tabs.regimes')}</Tabs.Tab>}
          {canEdit && <Tabs.Tab value="documents">{t('reports.tabs.documents')}</Tabs.Tab>}
        </Tabs.List>
      </Tabs>
      {tab === 'mine' && scoped && <MyReports />}
      {tab === 'calendar' && <ReportCalendar linkToPeriod={!scoped} />}
      {tab === 'regimes' && !scoped && <RegimesPanel canEdit={canEdit} />}
      {tab === 'documents' && canEdit && <DocumentSettingsPanel />}
    </Stack>
  );
}

function ReportCalendar({ linkToPeriod }: { linkToPeriod: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const today = useToday();
  const list = useQuery({
    ...trpc.reports.calendar.queryOptions({ from: addDaysIso(today, -120), to: addDaysIso(today, 365) }),
  });
  return (
    <QueryView query={list} empty={t('reports.empty')}>
      {(rows) => (
        <Table striped highlightOnHover data-testid="report-calendar">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.regime')}</Table.Th>
              <Table.Th>{t('reports.period')}</Table.Th>
              <Table.Th>{t('reports.dataPeriod')}</Table.Th>
              <Table.Th>{t('reports.cutoff')}</Table.Th>
              <Table.Th>{t('reports.agencyDue')}</Table.Th>
              <Table.Th>{t('reports.provinceDue')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.regimeId}-${r.key}`} data-period={r.key} data-regime={r.regimeCode}>
                <Table.Td>{r.regimeCode}</Table.Td>
                <Table.Td>
                  {linkToPeriod ? (
                    <Anchor component={Link} to={`/reports/${r.regimeId}/${r.key}`}>
                      {r.label}
                    </Anchor>
                  ) : (
                    r.label
                  )}
                </Table.Td>
                <Table.Td>
                  {formatDate(r.from)} – {formatDate(r.to)}
                </Table.Td>
                <Table.Td>{formatDate(r.cutoff)}</Table.Td>
                <Table.Td>{formatDate(r.agencyDue)}</Table.Td>
                <Table.Td>{formatDate(r.provinceDue)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.cutoff < today ? 'gray' : 'blue'} tt="none">
                    {r.cutoff < today ? t('reports.past') : t('reports.upcoming')}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryView>
  );
}

function MyReports() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const mine = useQuery(trpc.reports.mine.queryOptions());
  const today = useToday();
  return (
    <QueryView query={mine} empty={t('reports.empty')}>
      {(rows) => (
        <Table striped data-testid="my-reports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.period')}</Table.Th>
              <Table.Th>{t('reports.regime')}</Table.Th>
              <Table.Th>{t('reports.dataPeriod')}</Table.Th>
              <Table.Th>{t('reports.agencyDue')}</Table.Th>
              <Table.Th>{t('reports.submission.history')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.regimeId}-${r.key}`} data-period={r.key}>
                <Table.Td>
                  <Anchor component={Link} to={`/reports/${r.regimeId}/${r.key}/submission`}>
                    {r.label}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={1}>
                    {r.regimeName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {formatDate(r.from)} – {formatDate(r.to)}
                </Table.Td>
                <Table.Td>{formatDate(r.agencyDue)}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge color={SUBMISSION_COLORS[r.status]} variant="light" tt="none">
                      {t(`reports.statuses.${r.status as 'draft'}`)}
                    </Badge>
                    {/* Not sent and past the agency's deadline: flagged on its own list, not only to the Sở Nội vụ. */}
                    {r.status !== 'submitted' && r.status !== 'accepted' && today > r.agencyDue && (
                      <Badge color="red" variant="filled" tt="none" data-testid="report-late">
                        {t('reports.late')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryView>
  );
}
