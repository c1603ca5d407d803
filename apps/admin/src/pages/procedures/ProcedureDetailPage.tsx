/** One procedure: its record, status with history (decisions), implementing agencies with last filings, reviews. */

import { isSafeLink } from '@cchc/domain/links';
import { Anchor, Badge, Breadcrumbs, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatNumber } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { PROCEDURE_STATUS_COLORS } from './ProceduresPage';
import { ReviewsTable } from './ReviewsTable';

export function ProcedureDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const procedure = useQuery(trpc.procedures.get.queryOptions({ id }));
  if (procedure.isPending) return <Loader />;
  if (procedure.error) return <Text c="red">{errorMessage(procedure.error, t)}</Text>;
  const p = procedure.data;
  const latest = p.history[p.history.length - 1];
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/procedures">
          {t('procedures.title')}
        </Anchor>
        <Text>{p.code}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <Title order={3} maw={1000}>
          {p.code} — {p.name}
        </Title>
        <Badge color={PROCEDURE_STATUS_COLORS[p.status]} size="lg" variant="light" tt="none" data-testid="procedure-status">
          {t(`procedures.statuses.${p.status as 'active'}`)}
          {p.statusSince ? ` ${t('procedures.since', { date: formatDate(p.statusSince) })}` : ''}
        </Badge>
      </Group>
      {latest?.decisionNo && (
        <Text data-testid="procedure-decision">
          {latest.decisionNo} · {formatDate(latest.effectiveDate)}
        </Text>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Field label={t('procedures.field')} value={p.field ?? '—'} />
          <Field
            label={t('procedures.levels')}
            value={p.levels.map((l) => t(`procedures.levelNames.${l as 'province'}`)).join(', ') || '—'}
          />
          <Field
            label={t('procedures.decision')}
            value={[p.decisionNo, p.issuingAgencyName].filter(Boolean).join(' — ') || '—'}
          />
          <Field label={t('procedures.implementing')} value={p.implementingAgenciesText ?? '—'} />
          <Field label={t('procedures.targets')} value={p.targetSubjects ?? '—'} />
          {/* A link imported before links were checked is not rendered as one unless it is a web address. */}
          {isSafeLink(p.detailUrl) && (
            <div>
              <Text size="xs" c="dimmed">
                {t('procedures.nationalPortal')}
              </Text>
              <Anchor href={p.detailUrl} target="_blank" rel="noreferrer" size="sm">
                {p.detailUrl}
              </Anchor>
            </div>
          )}
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md">
        <Title order={5} mb="xs">
          {t('procedures.lastFiling')}
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          {t('procedures.onTimeHelp')} ({formatDate(p.ratesSince)} – {t('common.untilToday')})
        </Text>
        {p.agencies.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('procedures.never')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('procedures.reviewAgency')}</Table.Th>
                <Table.Th>{t('procedures.lastFiling')}</Table.Th>
                <Table.Th>{t('procedures.dossiers12m')}</Table.Th>
                <Table.Th title={t('procedures.onTimeHelp')}>{t('procedures.onTime12m')}</Table.Th>
              </Table.Tr>
              {p.agencies.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.name}</Table.Td>
                  <Table.Td>{a.lastFiling ? formatDate(a.lastFiling) : t('procedures.never')}</Table.Td>
                  <Table.Td>{formatNumber(a.dossiers12m)}</Table.Td>
                  <Table.Td>
                    {a.onTimeRate12m === null ? t('common.notApplicable') : `${formatNumber(a.onTimeRate12m)}%`}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {p.history.length > 0 && (
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            {t('procedures.history')}
          </Title>
          <Table>
            <Table.Tbody>
              {p.history.map((h) => (
                <Table.Tr key={`${h.effectiveDate}-${h.status}-${h.decisionNo}`}>
                  <Table.Td>{formatDate(h.effectiveDate)}</Table.Td>
                  <Table.Td>{t(`procedures.statuses.${h.status as 'active'}`)}</Table.Td>
                  <Table.Td>{h.decisionNo}</Table.Td>
                  <Table.Td>{h.note}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <Title order={5}>{t('procedures.reviews')}</Title>
      <ReviewsTable procedureId={p.id} />
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}
