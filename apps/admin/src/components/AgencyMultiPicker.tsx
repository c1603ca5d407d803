/** Several agencies at once (coordinating agencies): search without accents, pick, remove. */
import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToday } from '../lib/today';
import { useTRPC } from '../lib/trpc';

interface Props extends Omit<MultiSelectProps, 'data' | 'value' | 'onChange'> {
  value: string[];
  onChange: (ids: string[]) => void;
  initialLabels?: { id: string; name: string }[];
}

export function AgencyMultiPicker({ value, onChange, initialLabels = [], ...rest }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const today = useToday();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  // Labels of everything ever shown, so chosen agencies keep their names when the results change.
  const known = useRef(new Map(initialLabels.map((a) => [a.id, a.name])));
  const results = useQuery({
    ...trpc.org.search.queryOptions({ query: debounced, validOn: today, limit: 30 }),
    placeholderData: keepPreviousData,
  });
  const data = useMemo(() => {
    // Labels given later (e.g. "invite all" once the departments have loaded) are known from then on.
    for (const a of initialLabels) if (!known.current.has(a.id)) known.current.set(a.id, a.name);
    for (const a of results.data ?? [])
      known.current.set(a.id, a.parentName && a.kind !== 'province' ? `${a.name} — ${a.parentName}` : a.fullName);
    const ids = new Set([...value, ...(results.data ?? []).map((a) => a.id)]);
    return [...ids].map((id) => ({ value: id, label: known.current.get(id) ?? id }));
  }, [results.data, value, initialLabels]);
  return (
    <MultiSelect
      searchable
      clearable
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      placeholder={t('agencies.pickerPlaceholder')}
      nothingFoundMessage={t('common.noResults')}
      {...rest}
    />
  );
}
