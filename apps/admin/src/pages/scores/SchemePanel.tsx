/** The scoring scheme: versions, and an editor with a preview of rank changes before a new version is saved. */
import {
  COMPONENT_DEFAULTS,
  SCORE_COMPONENT_KEYS,
  type ScoreComponentKey,
  type ScoreScheme,
  schemeProblems,
} from '@cchc/domain/scores/scheme';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField';
import { HowComputedText } from '../../components/HowComputed';
import { QueryView } from '../../components/QueryView';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

type Row = { key: ScoreComponentKey; include: boolean; points: number; threshold: number };

export function SchemePanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schemes = useQuery(trpc.scores.schemes.queryOptions());
  const runs = useQuery(trpc.scores.runs.queryOptions());
  const latest = schemes.data?.[0];
  const [rows, setRows] = useState<Row[]>([]);
  const [groups, setGroups] = useState<{ name: string; min: number }[]>([]);
  const [name, setName] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [previewRun, setPreviewRun] = useState<string | null>(null);
  useEffect(() => {
    if (!latest) return;
    setRows(
      SCORE_COMPONENT_KEYS.map((key) => {
        const c = latest.scheme.components.find((x) => x.key === key);
        // A component not in the scheme yet starts from its suggested weight (dossiers: 20 points, QĐ 766).
        const start = COMPONENT_DEFAULTS[key];
        return { key, include: c !== undefined, points: c?.points ?? start.points, threshold: c?.threshold ?? start.threshold };
      }),
    );
    setGroups(latest.scheme.groups);
    setName(latest.name);
    setEffectiveFrom(latest.effectiveFrom);
  }, [latest]);
  const draft: ScoreScheme = {
    components: rows.filter((r) => r.include).map(({ key, points, threshold }) => ({ key, points, threshold })),
    groups,
  };
  const problems = rows.length ? schemeProblems(draft) : [];
  const sum = Math.round(draft.components.reduce((s, c) => s + c.points, 0) * 100) / 100;
  const doneRuns = (runs.data ?? []).filter((r) => r.status === 'done');
  const runForPreview = previewRun ?? doneRuns[0]?.id ?? null;
  const preview = useMutation(trpc.scores.previewScheme.mutationOptions());
  const save = useMutation(
    trpc.scores.saveScheme.mutationOptions({
      onSuccess: async (v) => {
        notifications.show({ color: 'green', message: t('scores.scheme.saved', { version: v.version }) });
        preview.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => {
        const fields = Object.values(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: fields.length ? fields.join(' ') : errorMessage(error, t) });
      },
    }),
  );
  const setRow = (key: ScoreComponentKey, patch: Partial<Row>) =>
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const moved = (preview.data ?? []).filter((p) => p.rank !== p.newRank).length;
  return (
    <QueryView query={schemes} empty={t('scores.noRun')}>
      {(versions) => (
        <Stack>
          <Paper withBorder p="md">
            <Title order={5} mb="xs">
              {t('scores.scheme.versions')}
            </Title>
            <Table data-testid="scheme-versions">
              <Table.Tbody>
                {versions.map((v, i) => (
                  <Table.Tr key={v.id}>
                    <Table.Td>
                      <Badge variant={i === 0 ? 'filled' : 'light'} tt="none">
                        v{v.version}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{v.name}</Table.Td>
                    <Table.Td>
                      {t('scores.scheme.effectiveFrom')} {formatDate(v.effectiveFrom)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">
                        {v.scheme.components
                          .map((c) => `${t(`scores.components.${c.key}`)} ${c.points}/${c.threshold}%`)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDateTime(v.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {canEdit && (
            <Paper withBorder p="md" data-testid="scheme-editor">
              <Stack gap="sm">
                <Group grow>
                  <TextInput label={t('scores.scheme.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
                  <DateField
                    label={t('scores.scheme.effectiveFrom')}
                    value={effectiveFrom}
                    onChange={(v) => setEffectiveFrom(v)}
                  />
                  <TextInput label={t('scores.scheme.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
                </Group>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('scores.scheme.include')}</Table.Th>
                      <Table.Th>{t('scores.scheme.component')}</Table.Th>
                      <Table.Th>{t('scores.maxPoints')}</Table.Th>
                      <Table.Th>{t('scores.threshold')} (%)</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((r) => (
                      <Table.Tr key={r.key}>
                        <Table.Td>
                          <Checkbox
                            checked={r.include}
                            onChange={(e) => setRow(r.key, { include: e.currentTarget.checked })}
                            aria-label={`${t('scores.scheme.include')}: ${t(`scores.components.${r.key}`)}`}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{t(`scores.components.${r.key}`)}</Text>
                          <HowComputedText figure={r.key} />
                        </Table.Td>
                        <Table.Td>
                          <NumberInput
                            w={90}
                            min={0}
                            max={100}
                            decimalScale={2}
                            disabled={!r.include}
                            value={r.points}
                            onChange={(v) => setRow(r.key, { points: Number(v) || 0 })}
                            aria-label={`${t('scores.maxPoints')}: ${t(`scores.components.${r.key}`)}`}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NumberInput
                            w={90}
                            min={1}
                            max={100}
                            disabled={!r.include}
                            value={r.threshold}
                            onChange={(v) => setRow(r.key, { threshold: Number(v) || 0 })}
                            aria-label={`${t('scores.threshold')}: ${t(`scores.components.${r.key}`)}`}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Text size="sm" c={sum === 100 ? 'dimmed' : 'red'} data-testid="points-sum">
                  {t('scores.scheme.sum', { sum })}
                </Text>
                <Text size="sm" fw={600}>
                  {t('scores.scheme.groups')}
                </Text>
                {groups.map((g, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: groups are edited in place by position
                  <Group key={i} gap="xs">
                    <TextInput
                      w={100}
                      aria-label={t('scores.scheme.groupName')}
                      value={g.name}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setGroups((list) => list.map((x, j) => (j === i ? { ...x, name: value } : x)));
                      }}
                    />
                    <NumberInput
                      w={100}
                      min={0}
                      max={100}
                      aria-label={`${t('scores.scheme.groupMin')} ${g.name}`}
                      value={g.min}
                      onChange={(v) => setGroups((list) => list.map((x, j) => (j === i ? { ...x, min: Number(v) || 0 } : x)))}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('common.delete')}
                      onClick={() => setGroups((list) => list.filter((_, j) => j !== i))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button
                  variant="subtle"
                  w={160}
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setGroups((list) => [...list, { name: '', min: 0 }])}
                >
                  {t('scores.scheme.groups')}
                </Button>
                {problems.length > 0 && (
                  <Alert color="red" data-testid="scheme-problems">
                    {problems.join(' ')}
                  </Alert>
                )}
                <Group align="flex-end">
                  <Select
                    label={t('scores.scheme.previewRun')}
                    data={doneRuns.map((r) => ({
                      value: r.id,
                      label: `${formatDate(r.periodFrom)} – ${formatDate(r.periodTo)} · v${r.schemeVersion}`,
                    }))}
                    value={runForPreview}
                    onChange={setPreviewRun}
                    w={320}
                  />
                  <Button
                    variant="light"
                    disabled={problems.length > 0 || !runForPreview}
                    loading={preview.isPending}
                    onClick={() => runForPreview && preview.mutate({ runId: runForPreview, scheme: draft })}
                  >
                    {t('scores.scheme.preview')}
                  </Button>
                  <Button
                    disabled={problems.length > 0 || !effectiveFrom}
                    loading={save.isPending}
                    onClick={() =>
                      modals.openConfirmModal({
                        title: t('scores.scheme.save'),
                        children: t('scores.scheme.confirmSave'),
                        labels: { confirm: t('scores.scheme.save'), cancel: t('common.cancel') },
                        onConfirm: () => effectiveFrom && save.mutate({ name, effectiveFrom, note, scheme: draft }),
                      })
                    }
                  >
                    {t('scores.scheme.save')}
                  </Button>
                </Group>
                {!runForPreview && <Text size="xs">{t('scores.scheme.noRunToPreview')}</Text>}
                {preview.error && <Alert color="red">{errorMessage(preview.error, t)}</Alert>}
                {preview.data && (
                  <div data-testid="scheme-preview">
                    <Text size="sm" fw={600}>
                      {t('scores.scheme.moved', { count: moved })}
                    </Text>
                    <Table striped>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('feedback.agency')}</Table.Th>
                          <Table.Th>{t('scores.scheme.oldTotal')}</Table.Th>
                          <Table.Th>{t('scores.scheme.newTotal')}</Table.Th>
                          <Table.Th>{t('scores.scheme.oldRank')}</Table.Th>
                          <Table.Th>{t('scores.scheme.newRank')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {preview.data.map((p) => (
                          <Table.Tr key={p.agencyId} data-moved={p.rank !== p.newRank ? 'yes' : 'no'}>
                            <Table.Td>{p.name}</Table.Td>
                            <Table.Td>{p.total ?? t('scores.na')}</Table.Td>
                            <Table.Td>{p.newTotal ?? t('scores.na')}</Table.Td>
                            <Table.Td>{p.rank ?? '—'}</Table.Td>
                            <Table.Td fw={p.rank !== p.newRank ? 700 : undefined}>
                              {p.newRank ?? '—'}
                              {p.rank !== null && p.newRank !== null && p.rank !== p.newRank
                                ? p.newRank < p.rank
                                  ? ' ▲'
                                  : ' ▼'
                                : ''}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </div>
                )}
              </Stack>
            </Paper>
          )}
        </Stack>
      )}
    </QueryView>
  );
}
