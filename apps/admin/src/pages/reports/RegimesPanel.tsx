/** Reporting regimes as configuration: list, and an editor for the Sở Nội vụ. */
import { DATA_TABLES, type DeadlineRule, slotsOf } from '@cchc/domain/reports/regime';
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgencyPicker } from '../../components/AgencyPicker';
import { QueryView } from '../../components/QueryView';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

const FREQUENCIES = ['month', 'quarter', 'half_year', 'nine_months', 'year'] as const;
const SLOT_PREFIX: Record<(typeof FREQUENCIES)[number], string> = {
  month: 'm',
  quarter: 'q',
  half_year: 'h',
  nine_months: 'n',
  year: 'y',
};
/** A slot's key in report keys ('2026-q3'): short, and the same for the same period of the year. */
const slotKey = (frequency: (typeof FREQUENCIES)[number], index: number) => `${SLOT_PREFIX[frequency]}${index}`;

type Regime = NonNullable<ReturnType<typeof useRegimes>['data']>[number];
function useRegimes() {
  const trpc = useTRPC();
  return useQuery(trpc.reports.regimes.queryOptions());
}

export function RegimesPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const regimes = useRegimes();
  const [editing, setEditing] = useState<Regime | 'new' | null>(null);
  const deadline = (d: DeadlineRule) =>
    d.kind === 'day_of_last_month'
      ? t('reports.regimes.deadlineKinds.day_of_last_month').replace('…', String(d.day))
      : t('reports.regimes.deadlineKinds.working_days_after_cutoff').replace('…', String(d.days));
  return (
    <Stack>
      {canEdit && (
        <Group justify="flex-end">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('reports.regimes.add')}
          </Button>
        </Group>
      )}
      <QueryView query={regimes} empty={t('reports.empty')}>
        {(list) => (
          <Stack>
            {list.map((r) => (
              <Paper key={r.id} withBorder p="md" data-regime={r.code}>
                <Group justify="space-between">
                  <div>
                    <Group gap="xs">
                      <Badge variant="light">{r.code}</Badge>
                      <Title order={5}>{r.name}</Title>
                      {!r.active && <Badge color="gray">{t('reports.regimes.inactive')}</Badge>}
                    </Group>
                    {r.content && (
                      <Text size="sm" c="dimmed">
                        {r.content}
                      </Text>
                    )}
                  </div>
                  {canEdit && (
                    <Button variant="light" onClick={() => setEditing(r)}>
                      {t('reports.regimes.edit')}
                    </Button>
                  )}
                </Group>
                <SimpleGrid cols={{ base: 1, md: 3 }} mt="xs">
                  <Text size="sm">
                    {t('reports.regimes.slots')}:{' '}
                    {slotsOf(r.rules)
                      .map((s) => s.label)
                      .join(', ')}
                  </Text>
                  <Text size="sm">{t(`reports.regimes.conventions.${r.rules.convention}`)}</Text>
                  <Text size="sm">
                    {t('reports.receiver')}: {r.receivingAgencyName}
                  </Text>
                  <Text size="sm">
                    {t('reports.regimes.deadlineAgency')}: {deadline(r.rules.agencyDeadline)}
                  </Text>
                  <Text size="sm">
                    {t('reports.regimes.deadlineProvince')}: {deadline(r.rules.provinceDeadline)}
                  </Text>
                  <Text size="sm">
                    {t('reports.regimes.outline')}: {r.outline.map((o) => o.title).join('; ')}
                  </Text>
                </SimpleGrid>
              </Paper>
            ))}
          </Stack>
        )}
      </QueryView>
      {editing && <RegimeModal regime={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function RegimeModal({ regime, onClose }: { regime: Regime | null; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [v, setV] = useState(() => ({
    code: regime?.code ?? '',
    name: regime?.name ?? '',
    content: regime?.content ?? '',
    rules: regime?.rules ?? {
      frequency: 'quarter' as const,
      convention: 'nd09' as const,
      slots: null,
      agencyDeadline: { kind: 'day_of_last_month' as const, day: 17 },
      provinceDeadline: { kind: 'day_of_last_month' as const, day: 20 },
    },
    reporting: regime?.reporting ?? { kinds: ['department' as const], agencyIds: [] },
    receivingAgencyId: regime?.receivingAgencyId ?? null,
    outline: regime?.outline ?? [{ key: 'results', title: 'Kết quả thực hiện' }],
    dataTables: regime?.dataTables ?? DATA_TABLES.map((d) => d.key),
    active: regime?.active ?? true,
  }));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.reports.saveRegime.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('reports.regimes.saved') });
        await queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() });
        onClose();
      },
      onError: (e) => {
        const fields = Object.values(fieldErrorsOf(e));
        setError(fields.length ? fields.join(' ') : errorMessage(e, t));
      },
    }),
  );
  const deadlineEditor = (which: 'agencyDeadline' | 'provinceDeadline') => {
    const d = v.rules[which];
    const value = d.kind === 'day_of_last_month' ? d.day : d.days;
    return (
      <Group grow>
        <Select
          label={t(`reports.regimes.${which === 'agencyDeadline' ? 'deadlineAgency' : 'deadlineProvince'}`)}
          data={(['day_of_last_month', 'working_days_after_cutoff'] as const).map((k) => ({
            value: k,
            label: t(`reports.regimes.deadlineKinds.${k}`),
          }))}
          value={d.kind}
          onChange={(kind) =>
            setV((x) => ({
              ...x,
              rules: {
                ...x.rules,
                [which]: kind === 'day_of_last_month' ? { kind, day: value } : { kind: 'working_days_after_cutoff', days: value },
              },
            }))
          }
          allowDeselect={false}
        />
        <NumberInput
          label={t('reports.regimes.dayCount')}
          min={1}
          max={31}
          value={value}
          onChange={(n) =>
            setV((x) => ({
              ...x,
              rules: {
                ...x.rules,
                [which]:
                  d.kind === 'day_of_last_month' ? { kind: d.kind, day: Number(n) || 1 } : { kind: d.kind, days: Number(n) || 1 },
              },
            }))
          }
        />
      </Group>
    );
  };
  return (
    <Modal opened onClose={onClose} size="xl" title={regime ? t('reports.regimes.edit') : t('reports.regimes.add')}>
      <Stack>
        <Group grow>
          <TextInput
            label={t('reports.regimes.code')}
            withAsterisk
            value={v.code}
            onChange={(e) => setV({ ...v, code: e.currentTarget.value.toUpperCase() })}
          />
          <Switch
            mt="lg"
            label={t('reports.regimes.active')}
            checked={v.active}
            onChange={(e) => setV({ ...v, active: e.currentTarget.checked })}
          />
        </Group>
        <TextInput
          label={t('reports.regimes.name')}
          withAsterisk
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
        />
        <Textarea
          label={t('reports.regimes.content')}
          autosize
          value={v.content}
          onChange={(e) => setV({ ...v, content: e.currentTarget.value })}
        />
        <Group grow>
          <Select
            label={t('reports.regimes.frequency')}
            data={(['month', 'quarter', 'half_year', 'nine_months', 'year'] as const).map((f) => ({
              value: f,
              label: t(`reports.regimes.frequencies.${f}`),
            }))}
            value={v.rules.slots?.length ? null : v.rules.frequency}
            placeholder={
              v.rules.slots?.length
                ? slotsOf(v.rules)
                    .map((s) => s.label)
                    .join(', ')
                : undefined
            }
            onChange={(f) => f && setV({ ...v, rules: { ...v.rules, frequency: f as typeof v.rules.frequency, slots: null } })}
          />
          <Select
            label={t('reports.regimes.convention')}
            data={(['nd09', 'calendar'] as const).map((c) => ({ value: c, label: t(`reports.regimes.conventions.${c}`) }))}
            value={v.rules.convention}
            onChange={(c) => c && setV({ ...v, rules: { ...v.rules, convention: c as 'nd09' | 'calendar' } })}
            allowDeselect={false}
          />
        </Group>
        <Switch
          label={t('reports.regimes.customSlots')}
          checked={Boolean(v.rules.slots?.length)}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setV((x) => ({ ...x, rules: { ...x.rules, slots: on ? slotsOf({ ...x.rules, slots: null }) : null } }));
          }}
        />
        {v.rules.slots?.map((slot, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: slots are edited in place by position (two may share a key while edited)
          <Group key={i} gap="xs" align="flex-end">
            <TextInput
              label={i === 0 ? t('reports.regimes.slotLabel') : undefined}
              aria-label={t('reports.regimes.slotLabel')}
              value={slot.label}
              onChange={(e) => {
                const label = e.currentTarget.value;
                setV((x) => ({
                  ...x,
                  rules: { ...x.rules, slots: (x.rules.slots ?? []).map((y, j) => (j === i ? { ...y, label } : y)) },
                }));
              }}
            />
            <Select
              label={i === 0 ? t('reports.regimes.frequency') : undefined}
              aria-label={t('reports.regimes.frequency')}
              data={FREQUENCIES.map((f) => ({ value: f, label: t(`reports.regimes.frequencies.${f}`) }))}
              value={slot.frequency}
              allowDeselect={false}
              onChange={(f) =>
                f &&
                setV((x) => ({
                  ...x,
                  rules: {
                    ...x.rules,
                    slots: (x.rules.slots ?? []).map((y, j) =>
                      j === i
                        ? {
                            ...y,
                            frequency: f as (typeof FREQUENCIES)[number],
                            key: slotKey(f as (typeof FREQUENCIES)[number], y.index),
                          }
                        : y,
                    ),
                  },
                }))
              }
            />
            <NumberInput
              label={i === 0 ? t('reports.regimes.slotIndex') : undefined}
              aria-label={t('reports.regimes.slotIndex')}
              w={90}
              min={1}
              max={12}
              value={slot.index}
              onChange={(n) =>
                setV((x) => ({
                  ...x,
                  rules: {
                    ...x.rules,
                    slots: (x.rules.slots ?? []).map((y, j) =>
                      j === i ? { ...y, index: Number(n) || 1, key: slotKey(y.frequency, Number(n) || 1) } : y,
                    ),
                  },
                }))
              }
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('common.delete')}
              onClick={() =>
                setV((x) => ({ ...x, rules: { ...x.rules, slots: (x.rules.slots ?? []).filter((_, j) => j !== i) } }))
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {Boolean(v.rules.slots?.length) && (
          <Button
            variant="subtle"
            w={200}
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setV((x) => ({
                ...x,
                rules: {
                  ...x.rules,
                  slots: [...(x.rules.slots ?? []), { key: slotKey('quarter', 1), label: '', frequency: 'quarter', index: 1 }],
                },
              }))
            }
          >
            {t('reports.regimes.addSlot')}
          </Button>
        )}
        {deadlineEditor('agencyDeadline')}
        {deadlineEditor('provinceDeadline')}
        <AgencyPicker
          label={t('reports.receiver')}
          withAsterisk
          value={v.receivingAgencyId}
          initialLabel={regime?.receivingAgencyName}
          onChange={(id) => setV({ ...v, receivingAgencyId: id })}
        />
        <Group>
          <Text size="sm">{t('reports.regimes.reporting')}:</Text>
          {(['department', 'commune'] as const).map((k) => (
            <Checkbox
              key={k}
              label={t(`reports.regimes.kinds.${k}`)}
              checked={v.reporting.kinds.includes(k)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setV((x) => ({
                  ...x,
                  reporting: { ...x.reporting, kinds: on ? [...x.reporting.kinds, k] : x.reporting.kinds.filter((y) => y !== k) },
                }));
              }}
            />
          ))}
        </Group>
        <Text size="sm" fw={600}>
          {t('reports.regimes.outline')}
        </Text>
        {v.outline.map((o, i) => (
          <Group key={o.key} gap="xs">
            <TextInput
              style={{ flex: 1 }}
              aria-label={`${t('reports.regimes.outline')} ${i + 1}`}
              value={o.title}
              onChange={(e) => {
                const title = e.currentTarget.value;
                setV((x) => ({ ...x, outline: x.outline.map((y, j) => (j === i ? { ...y, title } : y)) }));
              }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('common.delete')}
              onClick={() => setV((x) => ({ ...x, outline: x.outline.filter((_, j) => j !== i) }))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          w={200}
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            setV((x) => ({ ...x, outline: [...x.outline, { key: `muc_${Date.now().toString(36)}`.slice(0, 30), title: '' }] }))
          }
        >
          {t('reports.regimes.outline')}
        </Button>
        <Text size="sm" fw={600}>
          {t('reports.regimes.dataTables')}
        </Text>
        {DATA_TABLES.map((d) => (
          <Checkbox
            key={d.key}
            label={d.title}
            checked={v.dataTables.includes(d.key)}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setV((x) => ({
                ...x,
                dataTables: on
                  ? DATA_TABLES.map((y) => y.key).filter((k) => k === d.key || x.dataTables.includes(k))
                  : x.dataTables.filter((k) => k !== d.key),
              }));
            }}
          />
        ))}
        {error && (
          <Text c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            onClick={() =>
              v.receivingAgencyId
                ? save.mutate({ id: regime?.id ?? null, ...v, receivingAgencyId: v.receivingAgencyId })
                : setError(t('reports.regimes.reporting'))
            }
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
