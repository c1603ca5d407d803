/** A searchable agency select: type part of a name without accents ("so tu phap") and pick. */
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToday } from '../lib/today';
import { useTRPC } from '../lib/trpc';

interface Props extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: string | null;
  onChange: (id: string | null) => void;
  /** Name to show for the current value before any search. */
  initialLabel?: string;
}

export function AgencyPicker({ value, onChange, initialLabel, ...rest }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const today = useToday();
  const results = useQuery({
    ...trpc.org.search.queryOptions({ query: debounced, validOn: today, limit: 30 }),
    placeholderData: keepPreviousData,
  });
  const data = useMemo(() => {
    const items = (results.data ?? []).map((a) => ({
      value: a.id,
      label: a.parentName && a.kind !== 'province' ? `${a.name} — ${a.parentName}` : a.fullName,
    }));
    if (value && initialLabel && !items.some((i) => i.value === value)) items.unshift({ value, label: initialLabel });
    return items;
  }, [results.data, value, initialLabel]);
  return (
    <Select
      searchable
      clearable
      filter={({ options }) => options}
      data={data}
      value={value}
      onChange={onChange}
      onSearchChange={setSearch}
      placeholder={t('agencies.pickerPlaceholder')}
      nothingFoundMessage={results.isFetching ? t('app.loading') : t('common.noResults')}
      {...rest}
    />
  );
}
