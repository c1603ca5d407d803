/**
 * One agency's PAR Index assessment: the criteria tree with each leaf's points, why, and "Cách tính".
 * The agency enters the leaves it self-assesses (with evidence files) and submits; the council appraises,
 * adjusting leaves with a reason; the agency may contest adjusted leaves once; the council decides.
 */
import type { CriteriaLeaf } from '@cchc/domain/par/criteria';
import { LEAF_METHODS } from '@cchc/domain/par/methods';
import {
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useMay } from '../../lib/me';
import { useToday } from '../../lib/today';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { uploadFile } from '../../lib/upload';

type Assessment = RouterOutputs['par']['assessment'];
type Entry = Assessment['entries'][number];
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('vi-VN'));

export function ParAssessmentPage() {
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const query = useQuery(trpc.par.assessment.queryOptions({ id }));
  return (
    <QueryView query={query} empty={null} isEmpty={() => false}>
      {(a) => <AssessmentView a={a} />}
    </QueryView>
  );
}

function AssessmentView({ a }: { a: Assessment }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const may = useMay();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.par.assessment.queryKey({ id: a.id }) });
  const onError = (e: unknown) => notifications.show({ color: 'red', message: errorMessage(e, t), autoClose: 15_000 });
  const entries = new Map(a.entries.map((e) => [e.leafCode, e]));
  const scores = new Map(a.score.leaves.map((l) => [l.code, l]));
  const selfAssessing = a.state === 'self_assessing' && may('par.saveEntry');
  const today = useToday();
  // An agency that did not submit by its deadline is appraised on what it entered.
  const appraising = (a.state === 'submitted' || (a.state === 'self_assessing' && today > a.selfDue)) && may('par.appraise');
  const contesting = a.state === 'appraised' && may('par.contest');
  const deciding = a.state === 'contested' && may('par.decide');
  // The council's points and reasons, or the agency's contest texts, by leaf, until sent.
  const [adjust, setAdjust] = useState<Record<string, { points: number | string; reason: string }>>({});
  const [contest, setContest] = useState<Record<string, string>>({});

  const submit = useMutation(
    trpc.par.submit.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('par.submitted') });
        void refresh();
      },
      onError,
    }),
  );
  const adjustments = () =>
    Object.entries(adjust)
      .filter(([, v]) => v.points !== '')
      .map(([leafCode, v]) => ({ leafCode, points: Number(v.points), reason: v.reason }));
  const sent = (message: string) => () => {
    notifications.show({ color: 'green', message });
    setAdjust({});
    setContest({});
    void refresh();
  };
  const appraise = useMutation(trpc.par.appraise.mutationOptions({ onSuccess: sent(t('par.appraised')), onError }));
  const decide = useMutation(trpc.par.decide.mutationOptions({ onSuccess: sent(t('par.decided')), onError }));
  const sendContest = useMutation(trpc.par.contest.mutationOptions({ onSuccess: sent(t('par.contested')), onError }));

  return (
    <Stack gap="sm">
      <Title order={2}>
        {t('par.title')} {a.year} — {a.agencyName}
      </Title>
      <Group gap="xs">
        <Badge size="lg" variant="light" tt="none" data-testid="par-state">
          {t(`par.states.${a.state}`)}
        </Badge>
        <Text size="sm" data-testid="par-index">
          {t('par.index')}: {num(a.score.index)} · {t('par.grade')}: {a.score.grade ?? '—'}
          {a.rank ? ` · ${t('par.rankOf', { rank: a.rank })}` : ''}
        </Text>
        {a.state === 'self_assessing' && (
          <Text size="sm" c="dimmed">
            {t('par.dueOn', { date: formatDate(a.selfDue) })}
          </Text>
        )}
        {a.contestDue && a.state === 'appraised' && (
          <Text size="sm" c="dimmed">
            {t('par.contestUntil', { date: formatDate(a.contestDue) })}
          </Text>
        )}
        {a.frozen && (
          <Text size="xs" c="dimmed">
            {t('par.frozen')}
          </Text>
        )}
      </Group>
      {a.score.missing.length > 0 && selfAssessing && (
        <Text size="sm" c="orange.8" data-testid="par-missing">
          {t('par.missing', { count: a.score.missing.length })}
        </Text>
      )}
      <Paper withBorder style={{ overflowX: 'auto' }}>
        <Table data-testid="par-tree" miw={900}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{t('par.code')}</Table.Th>
              <Table.Th>{t('par.criterion')}</Table.Th>
              <Table.Th w={70}>{t('par.max')}</Table.Th>
              <Table.Th w={80}>{t('par.points')}</Table.Th>
              <Table.Th>{t('par.basis')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {a.tree.fields.map((field) => (
              <Fragment key={field.code}>
                <Table.Tr bg="gray.1">
                  <Table.Td fw={700}>{field.code}</Table.Td>
                  <Table.Td fw={700} colSpan={4}>
                    {field.title}
                  </Table.Td>
                </Table.Tr>
                {field.criteria.map((criterion) => (
                  <Fragment key={criterion.code}>
                    <Table.Tr>
                      <Table.Td fw={600}>{criterion.code}</Table.Td>
                      <Table.Td fw={600} colSpan={4}>
                        {criterion.title}
                      </Table.Td>
                    </Table.Tr>
                    {criterion.leaves.map((leaf) => {
                      const score = scores.get(leaf.code);
                      const entry = entries.get(leaf.code);
                      return (
                        <Table.Tr key={leaf.code} data-leaf={leaf.code}>
                          <Table.Td>{leaf.code}</Table.Td>
                          <Table.Td>
                            <Text size="sm">{leaf.title}</Text>
                            <Text size="xs" c="dimmed" data-testid="how-computed">
                              {t('par.howComputed')}: {a.howComputed[leaf.code]}
                            </Text>
                            {selfAssessing && LEAF_METHODS[leaf.method.kind].source === 'entered' && (
                              <LeafEditor assessmentId={a.id} leaf={leaf} entry={entry} onSaved={refresh} />
                            )}
                            {(appraising || deciding) && (deciding ? entry?.contestText : true) && (
                              <Group gap="xs" mt={4} align="flex-end">
                                <NumberInput
                                  size="xs"
                                  label={t('par.adjustPoints')}
                                  value={adjust[leaf.code]?.points ?? ''}
                                  onChange={(v) =>
                                    setAdjust((s) => ({ ...s, [leaf.code]: { reason: s[leaf.code]?.reason ?? '', points: v } }))
                                  }
                                  w={110}
                                  decimalScale={2}
                                />
                                <TextInput
                                  size="xs"
                                  label={t('par.adjustReason')}
                                  value={adjust[leaf.code]?.reason ?? ''}
                                  onChange={(e) => {
                                    const reason = e.currentTarget.value;
                                    setAdjust((s) => ({ ...s, [leaf.code]: { points: s[leaf.code]?.points ?? '', reason } }));
                                  }}
                                  style={{ flex: 1 }}
                                />
                              </Group>
                            )}
                            {contesting && score?.adjusted && (
                              <Textarea
                                size="xs"
                                mt={4}
                                label={t('par.contestText')}
                                value={contest[leaf.code] ?? ''}
                                onChange={(e) => {
                                  const text = e.currentTarget.value;
                                  setContest((s) => ({ ...s, [leaf.code]: text }));
                                }}
                                autosize
                              />
                            )}
                            {(entry?.evidenceFileIds.length ?? 0) > 0 && (
                              <Group gap={6} mt={2} data-testid="leaf-evidence">
                                {entry?.evidenceFileIds.map((fileId, i) => (
                                  <Anchor key={fileId} href={`/api/files/${fileId}`} size="xs">
                                    {t('par.evidenceFile', { n: i + 1 })}
                                  </Anchor>
                                ))}
                              </Group>
                            )}
                            {entry?.contestText && (
                              <Text size="xs" mt={2}>
                                {t('par.contestText')}: {entry.contestText}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>{num(leaf.maxPoints)}</Table.Td>
                          <Table.Td data-testid="leaf-points">
                            {num(score?.points)}
                            {score?.adjusted && (
                              <Badge size="xs" ml={4} variant="light" color="orange" tt="none">
                                {t('par.adjusted')}
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs">{score?.na ? t(`par.na.${score.na}`) : score?.note}</Text>
                            {score?.missing && (
                              <Text size="xs" c="orange.8">
                                {score.missing}
                              </Text>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Fragment>
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Group>
        {selfAssessing && (
          <Button
            loading={submit.isPending}
            onClick={() =>
              modals.openConfirmModal({
                title: t('par.submitTitle'),
                children: <Text size="sm">{t('par.submitConfirm')}</Text>,
                labels: { confirm: t('par.submit'), cancel: t('common.cancel') },
                onConfirm: () => submit.mutate({ id: a.id }),
              })
            }
          >
            {t('par.submit')}
          </Button>
        )}
        {appraising && (
          <Button loading={appraise.isPending} onClick={() => appraise.mutate({ id: a.id, adjustments: adjustments() })}>
            {t('par.appraise')}
          </Button>
        )}
        {deciding && (
          <Button loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, adjustments: adjustments() })}>
            {t('par.decide')}
          </Button>
        )}
        {contesting && Object.values(contest).some((v) => v.trim()) && (
          <Button
            loading={sendContest.isPending}
            onClick={() =>
              sendContest.mutate({
                id: a.id,
                leaves: Object.entries(contest)
                  .filter(([, text]) => text.trim())
                  .map(([leafCode, text]) => ({ leafCode, text })),
              })
            }
          >
            {t('par.sendContest')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** The agency's entry for one leaf: its answer or points, explanation, evidence files; saved on its own. */
function LeafEditor({
  assessmentId,
  leaf,
  entry,
  onSaved,
}: {
  assessmentId: string;
  leaf: CriteriaLeaf;
  entry: Entry | undefined;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const saved = (entry?.input ?? {}) as { done?: boolean | null; points?: number | null; explanation?: string; cases?: number };
  const [done, setDone] = useState<string | null>(
    saved.done === undefined ? null : saved.done === null ? 'na' : saved.done ? 'yes' : 'no',
  );
  const [points, setPoints] = useState<number | string>(saved.points ?? '');
  const [explanation, setExplanation] = useState(saved.explanation ?? '');
  const [cases, setCases] = useState<number | string>(saved.cases ?? 0);
  const [files, setFiles] = useState<string[]>(entry?.evidenceFileIds ?? []);
  const [uploading, setUploading] = useState(false);
  const save = useMutation(
    trpc.par.saveEntry.mutationOptions({
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('par.entrySaved', { code: leaf.code }) });
        onSaved();
      },
      onError: (e) => notifications.show({ color: 'red', message: errorMessage(e, t) }),
    }),
  );
  const input =
    leaf.method.kind === 'yes_no'
      ? { done: done === 'na' ? null : done === 'yes' }
      : leaf.method.kind === 'deduction'
        ? { cases: Number(cases) }
        : { points: points === '' ? null : Number(points), explanation };
  return (
    <Group gap="xs" mt={4} align="flex-end" wrap="wrap" data-testid="leaf-editor">
      {leaf.method.kind === 'yes_no' && (
        <Select
          size="xs"
          label={t('par.answer')}
          data={[
            { value: 'yes', label: t('par.yes') },
            { value: 'no', label: t('par.no') },
            { value: 'na', label: t('par.notArisen') },
          ]}
          value={done}
          onChange={setDone}
          w={160}
        />
      )}
      {leaf.method.kind === 'self_assessed' && (
        <>
          <NumberInput
            size="xs"
            label={t('par.selfPoints')}
            value={points}
            onChange={setPoints}
            min={0}
            max={leaf.maxPoints}
            decimalScale={2}
            w={110}
          />
          <TextInput
            size="xs"
            label={t('par.explanation')}
            value={explanation}
            onChange={(e) => setExplanation(e.currentTarget.value)}
            style={{ flex: 1 }}
            miw={220}
          />
        </>
      )}
      {leaf.method.kind === 'deduction' && (
        <NumberInput size="xs" label={t('par.cases')} value={cases} onChange={setCases} min={0} max={1000} w={120} />
      )}
      {leaf.method.kind !== 'deduction' && (
        <FileButton
          onChange={async (file) => {
            if (!file) return;
            setUploading(true);
            try {
              const stored = await uploadFile(file);
              setFiles((f) => [...f, stored.id]);
            } catch (e) {
              notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) });
            } finally {
              setUploading(false);
            }
          }}
        >
          {(props) => (
            <Button size="xs" variant="default" loading={uploading} {...props}>
              {t('par.evidence', { count: files.length })}
            </Button>
          )}
        </FileButton>
      )}
      <Button
        size="xs"
        loading={save.isPending}
        disabled={leaf.method.kind === 'yes_no' && done === null}
        onClick={() => save.mutate({ assessmentId, leafCode: leaf.code, input, evidenceFileIds: files })}
      >
        {t('common.save')}
      </Button>
    </Group>
  );
}
