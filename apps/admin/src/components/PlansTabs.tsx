/** The tabs of the plans module: plans, all tasks, my agency's tasks, upcoming deadlines. */
import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../lib/me';

export function PlansTabs() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const mine = new URLSearchParams(location.search).get('mine') === '1';
  const value = location.pathname.startsWith('/deadlines')
    ? 'deadlines'
    : location.pathname.startsWith('/tasks')
      ? mine
        ? 'mine'
        : 'tasks'
      : 'plans';
  const scoped = me.data?.role === 'agency_head' || me.data?.role === 'agency_officer';
  return (
    <Tabs
      value={value}
      onChange={(v) => {
        if (v === 'plans') void navigate('/plans');
        if (v === 'tasks') void navigate('/tasks');
        if (v === 'mine') void navigate('/tasks?mine=1');
        if (v === 'deadlines') void navigate('/deadlines');
      }}
      mb="md"
    >
      <Tabs.List>
        <Tabs.Tab value="plans">{t('plans.tabs.plans')}</Tabs.Tab>
        {!scoped && <Tabs.Tab value="tasks">{t('plans.tabs.tasks')}</Tabs.Tab>}
        <Tabs.Tab value="mine" data-testid="tab-mine">
          {t('plans.tabs.mine')}
        </Tabs.Tab>
        <Tabs.Tab value="deadlines">{t('plans.tabs.deadlines')}</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
