/** The holiday calendar editor: one year's holidays, compensatory and swapped days with their sources, pre-filled from the law. */
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { CALENDAR_DAY_KINDS, CALENDAR_YEAR_STATUSES, type CalendarDayKind } from '@cchc/domain/calendar/holidays';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Loader,
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
import { ChasingSettings } from '../components/ChasingSettings';
import { DateField } from '../components/DateField';
import { errorMessage } from '../lib/errors';
import { useToday } from '../lib/today';
import { useTRPC } from '../lib/trpc';

interface EditableDay {
  key: number;
  date: string | null;
  kind: CalendarDayKind;
  name: string;
  /** The document that sets the day ("Căn cứ"); '' when none. */
  source: string;
}

let nextKey = 1;

/** Short weekday of a calendar date in the interface language (T2 … CN in Vietnamese). */
function weekday(date: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'vi-VN', { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const today = useToday();
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const years = useQuery(trpc.calendar.years.queryOptions());
  const data = useQuery(trpc.calendar.year.queryOptions({ year }));
  const [days, setDays] = useState<EditableDay[]>([]);
  const [status, setStatus] = useState<'prefilled' | 'published'>('prefilled');
  const [note, setNote] = useState('');
  const [dirty, setDirty] = useState(false);
  /** Per row: what stops the year from being saved (a blank or impossible date, a missing name). */
  const [rowErrors, setRowErrors] = useState<Record<number, { date?: string; name?: string }>>({});

  useEffect(() => {
    if (!data.data) return;
    setDays(data.data.days.map((d) => ({ key: nextKey++, ...d, source: d.source ?? '' })));
    setStatus(data.data.status ?? 'prefilled');
    setNote(data.data.note ?? '');
    setDirty(false);
    setRowErrors({});
  }, [data.data]);

  const save = useMutation(
    trpc.calendar.saveYear.mutationOptions({
      onSuccess: async (result) => {
        // What the edit re-dated: open tasks, open feedback, answered feedback (and verdicts that changed).
        notifications.show({
          color: 'green',
          message: t('calendar.saved', {
            year,
            moved: result.moved,
            feedbackOpen: result.feedbackMoved.open,
            feedbackAnswered: result.feedbackMoved.answered,
            verdicts: result.feedbackMoved.verdictsChanged,
          }),
        });
        setDirty(false);
        await queryClient.invalidateQueries({ queryKey: trpc.calendar.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );

  const prefill = () =>
    modals.openConfirmModal({
      title: t('calendar.prefill'),
      children: <Text size="sm">{t('calendar.prefillConfirm', { year })}</Text>,
      labels: { confirm: t('calendar.prefill'), cancel: t('common.cancel') },
      onConfirm: async () => {
        const filled = await queryClient.fetchQuery(trpc.calendar.prefill.queryOptions({ year }));
        setDays(filled.map((d) => ({ key: nextKey++, ...d, source: d.source ?? '' })));
        setDirty(true);
      },
    });

  const change = (key: number, patch: Partial<EditableDay>) => {
    setDays((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)));
    setDirty(true);
    setRowErrors(({ [key]: _fixed, ...rest }) => rest);
  };

  /** Every row must be a real date with a name: a blank row is refused, never dropped silently on save. */
  const submit = () => {
    const errors: Record<number, { date?: string; name?: string }> = {};
    for (const d of days) {
      const date = !d.date ? t('calendar.dateRequired') : !isIsoDate(d.date) ? t('dates.invalid', { text: d.date }) : undefined;
      const name = d.name.trim() ? undefined : t('calendar.nameRequired');
      if (date || name) errors[d.key] = { date, name };
    }
    setRowErrors(errors);
    if (Object.keys(errors).length) {
      notifications.show({ color: 'red', message: t('calendar.rowsIncomplete', { count: Object.keys(errors).length }) });
      return;
    }
    save.mutate({
      year,
      status,
      note: note || null,
      days: days.map((d) => ({ date: d.date as string, kind: d.kind, name: d.name, source: d.source.trim() || null })),
    });
  };
  const yearOptions = [...new Set([...(years.data ?? []).map((y) => y.year), year - 1, year, year + 1])].sort().map(String);
  // A new row stays where it was added (last) until it has a real date.
  const sortKey = (d: EditableDay) => (d.date && isIsoDate(d.date) ? d.date : '9999');
  const sorted = [...days].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

  return (
    <Stack>
      <Title order={2}>{t('calendar.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('calendar.help')}
      </Text>
      <Group align="flex-end">
        <Select
          label={t('calendar.year')}
          data={yearOptions}
          value={String(year)}
          onChange={(v) => v && setYear(Number(v))}
          allowDeselect={false}
          w={120}
        />
        <Select
          label={t('calendar.status')}
          data={CALENDAR_YEAR_STATUSES.map((s) => ({ value: s, label: t(`calendar.statusValues.${s}`) }))}
          value={status}
          onChange={(v) => {
            setStatus((v ?? 'prefilled') as 'prefilled' | 'published');
            setDirty(true);
          }}
          allowDeselect={false}
          w={280}
        />
        <TextInput
          label={t('calendar.note')}
          value={note}
          onChange={(e) => {
            setNote(e.currentTarget.value);
            setDirty(true);
          }}
          style={{ flex: 1 }}
        />
      </Group>
      <Group>
        <Button variant="default" onClick={prefill}>
          {t('calendar.prefill')}
        </Button>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => {
            setDays((list) => [...list, { key: nextKey++, date: null, kind: 'day_off', name: '', source: '' }]);
            setDirty(true);
          }}
        >
          {t('calendar.addDay')}
        </Button>
        <Button disabled={!dirty} loading={save.isPending} onClick={submit}>
          {t('common.save')}
        </Button>
        {data.data?.status === 'published' && <Badge color="green">{t('calendar.statusValues.published')}</Badge>}
        {data.data?.status === 'prefilled' && (
          <Badge color="orange" data-testid="calendar-prefilled">
            {t('calendar.statusValues.prefilled')}
          </Badge>
        )}
      </Group>
      {data.data?.status === 'prefilled' && (
        <Alert color="orange" data-testid="calendar-prefilled-warning">
          {t('calendar.prefilledWarning', { year })}
        </Alert>
      )}
      {save.error && <Alert color="red">{errorMessage(save.error, t)}</Alert>}
      <Paper withBorder>
        {data.isPending ? (
          <Loader m="md" />
        ) : sorted.length === 0 ? (
          <Text p="md" c="dimmed">
            {t('calendar.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table data-testid="calendar-days">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={190}>{t('calendar.date')}</Table.Th>
                  <Table.Th w={60} />
                  <Table.Th w={220}>{t('calendar.kind')}</Table.Th>
                  <Table.Th>{t('calendar.name')}</Table.Th>
                  <Table.Th>{t('calendar.source')}</Table.Th>
                  <Table.Th w={50} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((d) => (
                  <Table.Tr key={d.key}>
                    <Table.Td>
                      <DateField
                        value={d.date}
                        onChange={(v) => change(d.key, { date: v })}
                        aria-label={t('calendar.date')}
                        error={
                          rowErrors[d.key]?.date ??
                          (d.date && isIsoDate(d.date) && d.date.slice(0, 4) !== String(year) ? String(year) : undefined)
                        }
                      />
                    </Table.Td>
                    <Table.Td>{d.date && isIsoDate(d.date) ? weekday(d.date, i18n.language) : ''}</Table.Td>
                    <Table.Td>
                      <Select
                        data={CALENDAR_DAY_KINDS.map((k) => ({ value: k, label: t(`calendar.kinds.${k}`) }))}
                        value={d.kind}
                        onChange={(v) => v && change(d.key, { kind: v as CalendarDayKind })}
                        allowDeselect={false}
                        aria-label={t('calendar.kind')}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        value={d.name}
                        onChange={(e) => change(d.key, { name: e.currentTarget.value })}
                        aria-label={t('calendar.name')}
                        error={rowErrors[d.key]?.name}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        value={d.source}
                        onChange={(e) => change(d.key, { source: e.currentTarget.value })}
                        placeholder={t('calendar.sourcePlaceholder')}
                        title={d.source || undefined}
                        aria-label={t('calendar.source')}
                      />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('common.cancel')}
                        onClick={() => {
                          setDays((list) => list.filter((x) => x.key !== d.key));
                          setDirty(true);
                        }}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <ChasingSettings />
    </Stack>
  );
}
