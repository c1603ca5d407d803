import type { AppModule } from '@cchc/domain/roles';
import { Paper, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';

/** A module whose screens arrive in a later iteration: says so plainly. */
export function ModulePlaceholder({ module }: { module: AppModule }) {
  const { t } = useTranslation();
  return (
    <>
      <Title order={2} mb="md">
        {t(`nav.${module}`)}
      </Title>
      <Paper withBorder p="lg">
        <EmptyState>{t('placeholder.body')}</EmptyState>
      </Paper>
    </>
  );
}
