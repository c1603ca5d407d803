/** Scores: the head's scorecard (agency roles) or, for the province, rankings, computation runs and the scheme. */
import { Badge, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDate } from '../../lib/format';
import { useMay, useMe } from '../../lib/me';
import { ParMine, ParPanel } from './ParPanel';
import { RankingsPanel } from './RankingsPanel';
import { RunsPanel } from './RunsPanel';
import { SchemePanel } from './SchemePanel';
import { Scorecard } from './Scorecard';

export function ScoresPage() {
  const may = useMay();
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const role = me.data?.role;
  if (role === 'agency_head' || role === 'agency_officer')
    return (
      <Stack gap="sm">
        <ParMine />
        <Scorecard />
      </Stack>
    );
  const tab = params.get('tab') ?? 'rankings';
  const canCompute = may('scores.compute');
  return (
    <Stack gap="sm">
      <Title order={2}>{t('scores.title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'rankings' ? { tab: v } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="rankings">{t('scores.tabs.rankings')}</Tabs.Tab>
          <Tabs.Tab value="runs">{t('scores.tabs.runs')}</Tabs.Tab>
          <Tabs.Tab value="scheme">{t('scores.tabs.scheme')}</Tabs.Tab>
          <Tabs.Tab value="par">{t('par.title')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'rankings' && <RankingsPanel />}
      {tab === 'runs' && <RunsPanel canCompute={canCompute} />}
      {tab === 'scheme' && <SchemePanel canEdit={canCompute} />}
      {tab === 'par' && <ParPanel />}
    </Stack>
  );
}

/** "Kỳ 15/06/2026 – 14/09/2026 · phiên bản 2" */
export function RunLabel({ run }: { run: { periodFrom: string; periodTo: string; schemeVersion: number } }) {
  const { t } = useTranslation();
  return (
    <Text span size="sm">
      {formatDate(run.periodFrom)} – {formatDate(run.periodTo)}{' '}
      <Badge variant="light" tt="none" size="sm" data-testid="scheme-version">
        {t('scores.schemeVersion', { version: run.schemeVersion })}
      </Badge>
    </Text>
  );
}
