/** Agency tree browser with accent-insensitive search, a detail panel with lineage, and CSV import for admins. */
import {
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Button,
  Checkbox,
  Grid,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconChevronRight, IconSearch, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ImportAgenciesModal } from '../components/ImportAgenciesModal';
import { errorMessage } from '../lib/errors';
import { formatDate } from '../lib/format';
import { useMay } from '../lib/me';
import { useToday } from '../lib/today';
import { type RouterOutputs, useTRPC } from '../lib/trpc';

type Child = RouterOutputs['org']['children'][number];

export function AgenciesPage() {
  const may = useMay();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const [currentOnly, setCurrentOnly] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const today = useToday();
  const validOn = currentOnly ? today : undefined;
  const search = useQuery({
    ...trpc.org.search.queryOptions({ query: debounced, validOn, limit: 50 }),
    enabled: debounced.length > 0,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('agencies.title')}</Title>
        {may('org.importCsv') && (
          <Button leftSection={<IconUpload size={16} />} variant="light" onClick={() => setImportOpen(true)}>
            {t('agencies.import')}
          </Button>
        )}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="sm">
            <Stack gap="xs">
              <TextInput
                leftSection={<IconSearch size={16} />}
                placeholder={t('agencies.searchPlaceholder')}
                aria-label={t('common.search')}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                rightSection={search.isFetching ? <Loader size="xs" /> : null}
                data-testid="agency-search"
              />
              <Checkbox
                label={t('agencies.currentOnly')}
                checked={currentOnly}
                onChange={(e) => setCurrentOnly(e.currentTarget.checked)}
              />
              <ScrollArea h="65vh">
                {debounced ? (
                  <SearchResults results={search.data} loading={search.isPending} selected={selected} onSelect={setSelected} />
                ) : (
                  <TreeLevel parentId={null} validOn={validOn} selected={selected} onSelect={setSelected} depth={0} />
                )}
              </ScrollArea>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md" mih={200}>
            {selected ? (
              <AgencyDetail id={selected} onSelect={setSelected} />
            ) : (
              <EmptyState>{t('agencies.selectHint')}</EmptyState>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      <ImportAgenciesModal opened={importOpen} onClose={() => setImportOpen(false)} />
    </Stack>
  );
}

function SearchResults({
  results,
  loading,
  selected,
  onSelect,
}: {
  results: RouterOutputs['org']['search'] | undefined;
  loading: boolean;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (loading) return <Loader size="sm" m="md" />;
  if (!results?.length) return <EmptyState>{t('common.noResults')}</EmptyState>;
  return (
    <Stack gap={2} role="listbox" aria-label={t('common.search')} data-testid="agency-results">
      {results.map((a) => (
        <UnstyledButton
          key={a.id}
          role="option"
          aria-selected={selected === a.id}
          onClick={() => onSelect(a.id)}
          p={6}
          style={{ borderRadius: 4, background: selected === a.id ? 'var(--mantine-color-red-0)' : undefined }}
        >
          <Text size="sm" fw={500}>
            {a.fullName}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`agencyKinds.${a.kind as 'province'}`)} · {a.code}
            {a.parentName ? ` · ${a.parentName}` : ''}
          </Text>
        </UnstyledButton>
      ))}
    </Stack>
  );
}

function TreeLevel(props: {
  parentId: string | null;
  validOn: string | undefined;
  selected: string | null;
  onSelect: (id: string) => void;
  depth: number;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const children = useQuery(trpc.org.children.queryOptions({ parentId: props.parentId, validOn: props.validOn }));
  if (children.isPending) return <Loader size="xs" m="xs" />;
  if (!children.data?.length) return props.depth === 0 ? <EmptyState>{t('agencies.emptyTree')}</EmptyState> : null;
  return (
    <Stack gap={0}>
      {children.data.map((c) => (
        <TreeNode key={c.id} agency={c} {...props} />
      ))}
    </Stack>
  );
}

function TreeNode({
  agency,
  validOn,
  selected,
  onSelect,
  depth,
}: {
  agency: Child;
  validOn: string | undefined;
  selected: string | null;
  onSelect: (id: string) => void;
  depth: number;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const hasChildren = agency.childCount > 0;
  const Icon = open ? IconChevronDown : IconChevronRight;
  return (
    <div>
      <Group gap={4} wrap="nowrap" pl={depth * 16}>
        <UnstyledButton
          w={20}
          onClick={() => setOpen((o) => !o)}
          disabled={!hasChildren}
          aria-label={agency.name}
          aria-expanded={hasChildren ? open : undefined}
          style={{ visibility: hasChildren ? 'visible' : 'hidden' }}
        >
          <Icon size={14} />
        </UnstyledButton>
        <UnstyledButton
          onClick={() => onSelect(agency.id)}
          aria-current={selected === agency.id ? 'true' : undefined}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight' && hasChildren) setOpen(true);
            if (e.key === 'ArrowLeft') setOpen(false);
          }}
          py={3}
          px={6}
          style={{ borderRadius: 4, flex: 1, background: selected === agency.id ? 'var(--mantine-color-red-0)' : undefined }}
        >
          <Text size="sm" span>
            {agency.name}
          </Text>{' '}
          {hasChildren && (
            <Text size="xs" c="dimmed" span>
              ({t('agencies.children', { count: agency.childCount })})
            </Text>
          )}
        </UnstyledButton>
      </Group>
      {open && <TreeLevel parentId={agency.id} validOn={validOn} selected={selected} onSelect={onSelect} depth={depth + 1} />}
    </div>
  );
}

function AgencyDetail({ id, onSelect }: { id: string; onSelect: (id: string) => void }) {
  const may = useMay();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const agency = useQuery(trpc.org.agency.queryOptions({ id }));
  // Which successor of a split unit carries its history into scores and reports (the Sở Nội vụ decides).
  const heir = useMutation(
    trpc.org.setSplitHeir.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('agencies.heirSaved') });
        await queryClient.invalidateQueries({ queryKey: trpc.org.pathKey() });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  const mayChooseHeir = may('org.setSplitHeir');
  if (agency.isPending) return <Loader />;
  if (!agency.data) return null;
  const a = agency.data;
  return (
    <Stack data-testid="agency-detail">
      {a.ancestors.length > 0 && (
        <Breadcrumbs>
          {a.ancestors.map((p) => (
            <Anchor key={p.id} size="sm" onClick={() => onSelect(p.id)}>
              {p.name}
            </Anchor>
          ))}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start">
        <Title order={3}>{a.fullName}</Title>
        <Badge variant="light">{t(`agencyKinds.${a.kind as 'province'}`)}</Badge>
      </Group>
      <Table withRowBorders={false} w="auto">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>{t('agencies.code')}</Table.Th>
            <Table.Td>{a.code}</Table.Td>
          </Table.Tr>
          {a.nameEn && (
            <Table.Tr>
              <Table.Th>{t('common.englishName')}</Table.Th>
              <Table.Td>{a.nameEn}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>{t('agencies.validity')}</Table.Th>
            <Table.Td>
              {!a.validFrom && !a.validTo
                ? t('agencies.always')
                : [
                    a.validFrom && t('agencies.validFrom', { date: formatDate(a.validFrom) }),
                    a.validTo && t('agencies.validTo', { date: formatDate(a.validTo) }),
                  ]
                    .filter(Boolean)
                    .join(' ')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('agencies.parent')}</Table.Th>
            <Table.Td>{a.parentName ?? t('common.none')}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Box>
        <Title order={5} mb="xs">
          {t('agencies.lineage')}
        </Title>
        {a.lineage.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('agencies.noLineage')}
          </Text>
        ) : (
          <Table striped>
            <Table.Tbody>
              {a.lineage.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{formatDate(l.effectiveDate)}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="outline">
                      {t(`lineageKinds.${l.kind as 'merge'}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Anchor size="sm" onClick={() => onSelect(l.fromAgencyId)}>
                      {l.fromName}
                    </Anchor>
                    {' → '}
                    {l.toAgencyId ? (
                      <Anchor size="sm" onClick={() => l.toAgencyId && onSelect(l.toAgencyId)}>
                        {l.toName}
                      </Anchor>
                    ) : (
                      t('common.none')
                    )}
                  </Table.Td>
                  <Table.Td>
                    {l.kind === 'split' &&
                      (l.carriesHistory ? (
                        <Badge size="sm" color="teal" variant="light" data-testid="split-heir">
                          {t('agencies.heir')}
                        </Badge>
                      ) : (
                        mayChooseHeir && (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            loading={heir.isPending}
                            onClick={() => heir.mutate({ lineageId: Number(l.id) })}
                          >
                            {t('agencies.makeHeir')}
                          </Button>
                        )
                      ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Box>
    </Stack>
  );
}
