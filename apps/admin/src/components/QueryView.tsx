/** One way to show a query's loading, error and empty states, so every list behaves the same. */
import { Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';
import { EmptyState } from './EmptyState';

export function QueryView<T, E = unknown>({
  query,
  empty,
  isEmpty = (data) => Array.isArray(data) && data.length === 0,
  children,
}: {
  query: UseQueryResult<T, E>;
  empty: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.error) {
    return (
      <Text c="red" p="md" role="alert">
        {errorMessage(query.error, t)}
      </Text>
    );
  }
  const data = query.data;
  if (query.isPending || data === undefined) return <Loader m="md" />;
  if (isEmpty(data)) return <EmptyState>{empty}</EmptyState>;
  return <>{children(data)}</>;
}
