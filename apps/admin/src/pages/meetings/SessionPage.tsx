/**
 * One session: details, exports, the attendance sheet (keyboard-first marking, "all present" then
 * exceptions, finalise, corrections with a reason), and conclusions that become tasks.
 */
import { ATTENDANCE_MARKS, type AttendanceMark, isPresent } from '@cchc/domain/meetings/attendance';
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  Menu,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AgencyPicker } from '../../components/AgencyPicker';
import { DateField } from '../../components/DateField';
import { FormActions } from '../../components/FormActions';
import { StatusBadge } from '../../components/StatusBadge';
import { toIsoDate } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { SessionDocuments } from './SessionDocuments';

type Session = RouterOutputs['meetings']['session'];
type Invitation = Session['invitations'][number];

interface Row {
  agencyId: string;
  mark: AttendanceMark | null;
  delegateName: string;
  delegatePosition: string;
  absenceReason: string;
  absenceDocument: string;
  lateMinutes: number | null;
  siteId: string | null;
}

const toRow = (i: Invitation): Row => ({
  agencyId: i.agencyId,
  mark: i.mark,
  delegateName: i.delegateName ?? '',
  delegatePosition: i.delegatePosition ?? '',
  absenceReason: i.absenceReason ?? '',
  absenceDocument: i.absenceDocument ?? '',
  lateMinutes: i.lateMinutes,
  siteId: i.siteId,
});

const sameRow = (a: Row, b: Row) => JSON.stringify(a) === JSON.stringify(b);

export function SessionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const session = useQuery(trpc.meetings.session.queryOptions({ id }));
  if (session.isPending) return <Loader />;
  if (session.error) return <Text c="red">{errorMessage(session.error, t)}</Text>;
  const s = session.data;
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/meetings">
          {t('meetings.title')}
        </Anchor>
        <Text>
          {t('meetings.number')} {s.number}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>
            {t('meetings.number')} {s.number}: {s.title}
          </Title>
          <Text c="dimmed" size="sm">
            {s.groupName}
          </Text>
        </div>
        <Group>
          <Badge color={s.finalisedAt ? 'green' : 'gray'} size="lg" variant="light" tt="none" data-testid="sheet-status">
            {s.finalisedAt ? t('meetings.finalised') : t('meetings.notFinalised')}
          </Badge>
          <Menu withinPortal position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />}>
                {t('meetings.exports')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={`/api/exports/sessions/${s.id}/attendance.pdf`}>
                {t('meetings.exportPdf')}
              </Menu.Item>
              <Menu.Item component="a" href={`/api/exports/sessions/${s.id}/attendance.xlsx`}>
                {t('meetings.exportXlsx')}
              </Menu.Item>
              <Menu.Item component="a" href={`/api/exports/sessions/${s.id}/invitation.ics`}>
                {t('meetings.exportIcs')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Field label={t('meetings.startsAt')} value={formatDateTime(s.startsAt)} />
          <Field label={t('meetings.mode')} value={t(`meetings.modes.${s.mode as 'online'}`)} />
          <Field label={t('meetings.chair')} value={s.chair ?? '—'} />
          <Field label={t('meetings.sites')} value={s.sites.map((x) => x.name).join(', ') || '—'} />
        </SimpleGrid>
        {s.agenda && (
          <Text mt="sm" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {s.agenda}
          </Text>
        )}
      </Paper>
      <AttendanceSheet session={s} />
      <Conclusions session={s} />
      <SessionDocuments sessionId={s.id} canManage={s.canManage} documents={s.documents} />
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{value}</Text>
    </div>
  );
}

function AttendanceSheet({ session }: { session: Session }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const original = useMemo(() => new Map(session.invitations.map((i) => [i.agencyId, toRow(i)])), [session.invitations]);
  const [rows, setRows] = useState<Row[]>(() => session.invitations.map(toRow));
  const [askReason, setAskReason] = useState(false);
  useEffect(() => setRows(session.invitations.map(toRow)), [session.invitations]);
  const changed = rows.filter((r) => {
    const o = original.get(r.agencyId);
    return !o || !sameRow(o, r);
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.meetings.pathKey() });
  const onError = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error, t) });
  const save = useMutation(
    trpc.meetings.markAttendance.mutationOptions({
      onSuccess: async (r) => {
        notifications.show({ color: 'green', message: t('meetings.saved', { count: r.changed }) });
        setAskReason(false);
        await refresh();
      },
      onError,
    }),
  );
  const finalise = useMutation(
    trpc.meetings.finalise.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('meetings.finalisedOk') });
        await refresh();
      },
      onError,
    }),
  );
  const payload = (reason?: string) => ({
    sessionId: session.id,
    reason: reason ?? null,
    marks: changed.map((r) => ({ ...r, lateMinutes: r.lateMinutes ?? null })),
  });
  const update = (agencyId: string, patch: Partial<Row>) =>
    setRows((list) => list.map((r) => (r.agencyId === agencyId ? { ...r, ...patch } : r)));
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, index: number, agencyId: string) => {
    if (e.target !== e.currentTarget || !session.canManage) return;
    const mark = ATTENDANCE_MARKS[Number(e.key) - 1];
    if (mark) update(agencyId, { mark });
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      rowRefs.current[index + (e.key === 'ArrowDown' ? 1 : -1)]?.focus();
    }
  };
  const names = new Map(session.invitations.map((i) => [i.agencyId, i.agencyName]));
  const present = rows.filter((r) => isPresent(r.mark)).length;

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={4}>{t('meetings.sheet')}</Title>
          <Text size="sm" c="dimmed">
            {t('meetings.present')}: {formatNumber(present)}/{formatNumber(rows.length)}
          </Text>
        </div>
        {session.canManage && (
          <Group>
            {!session.finalisedAt && (
              <Button
                variant="light"
                onClick={() => setRows((list) => list.map((r) => (r.mark ? r : { ...r, mark: 'present_head' })))}
              >
                {t('meetings.allPresent')}
              </Button>
            )}
            <Button
              disabled={changed.length === 0}
              loading={save.isPending}
              onClick={() => (session.finalisedAt ? setAskReason(true) : save.mutate(payload()))}
            >
              {t('meetings.saveSheet')}
            </Button>
            {!session.finalisedAt && (
              <Button
                color="green"
                disabled={changed.length > 0}
                loading={finalise.isPending}
                onClick={() =>
                  modals.openConfirmModal({
                    title: t('meetings.finalise'),
                    children: <Text size="sm">{t('meetings.finaliseConfirm')}</Text>,
                    labels: { confirm: t('meetings.finalise'), cancel: t('common.cancel') },
                    onConfirm: () => finalise.mutate({ sessionId: session.id }),
                  })
                }
              >
                {t('meetings.finalise')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      {changed.length > 0 && (
        <Alert color="yellow" mb="xs" py={6}>
          {t('meetings.unsaved')}: {changed.map((r) => names.get(r.agencyId)).join(', ')}
        </Alert>
      )}
      {session.canManage && (
        <Text size="xs" c="dimmed" mb="xs">
          {t('meetings.keyboardHelp')}
        </Text>
      )}
      <Table.ScrollContainer minWidth={1000}>
        <Table data-testid="attendance-sheet" verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('meetings.agency')}</Table.Th>
              <Table.Th w={260}>{t('meetings.mark')}</Table.Th>
              <Table.Th>
                {t('meetings.delegateName')} / {t('meetings.absenceReason')}
              </Table.Th>
              <Table.Th w={110}>{t('meetings.lateMinutes')}</Table.Th>
              {session.sites.length > 0 && <Table.Th w={180}>{t('meetings.site')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, index) => {
              const invitation = session.invitations.find((i) => i.agencyId === r.agencyId);
              const attending = isPresent(r.mark);
              const readOnly = !session.canManage;
              return (
                <Table.Tr
                  key={r.agencyId}
                  ref={(el) => {
                    rowRefs.current[index] = el;
                  }}
                  tabIndex={0}
                  onKeyDown={(e) => onKey(e, index, r.agencyId)}
                  data-agency={invitation?.agencyName}
                  bg={original.get(r.agencyId) && !sameRow(original.get(r.agencyId) as Row, r) ? 'yellow.0' : undefined}
                >
                  <Table.Td>
                    <Text size="sm">{invitation?.agencyName}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`meetings.levels.${(invitation?.expectedLevel ?? 'head') as 'head'}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`${t('meetings.mark')} ${invitation?.agencyName}`}
                      placeholder={t('meetings.unmarked')}
                      data={ATTENDANCE_MARKS.map((m, i) => ({ value: m, label: `${i + 1}. ${t(`meetings.marks.${m}`)}` }))}
                      value={r.mark}
                      onChange={(v) => update(r.agencyId, { mark: (v as AttendanceMark | null) ?? null })}
                      readOnly={readOnly}
                      size="xs"
                    />
                  </Table.Td>
                  <Table.Td>
                    {r.mark === 'present_delegate' && (
                      <Group gap={4} grow>
                        <TextInput
                          size="xs"
                          placeholder={t('meetings.delegateName')}
                          aria-label={t('meetings.delegateName')}
                          value={r.delegateName}
                          onChange={(e) => update(r.agencyId, { delegateName: e.currentTarget.value })}
                          readOnly={readOnly}
                        />
                        <TextInput
                          size="xs"
                          placeholder={t('meetings.delegatePosition')}
                          aria-label={t('meetings.delegatePosition')}
                          value={r.delegatePosition}
                          onChange={(e) => update(r.agencyId, { delegatePosition: e.currentTarget.value })}
                          readOnly={readOnly}
                        />
                      </Group>
                    )}
                    {r.mark === 'absent_excused' && (
                      <Group gap={4} grow>
                        <TextInput
                          size="xs"
                          placeholder={t('meetings.absenceReason')}
                          aria-label={`${t('meetings.absenceReason')} ${invitation?.agencyName}`}
                          value={r.absenceReason}
                          onChange={(e) => update(r.agencyId, { absenceReason: e.currentTarget.value })}
                          readOnly={readOnly}
                        />
                        <TextInput
                          size="xs"
                          placeholder={t('meetings.absenceDocument')}
                          aria-label={t('meetings.absenceDocument')}
                          value={r.absenceDocument}
                          onChange={(e) => update(r.agencyId, { absenceDocument: e.currentTarget.value })}
                          readOnly={readOnly}
                        />
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {attending && (
                      <NumberInput
                        size="xs"
                        min={0}
                        max={600}
                        aria-label={`${t('meetings.lateMinutes')} ${invitation?.agencyName}`}
                        value={r.lateMinutes ?? ''}
                        onChange={(v) => update(r.agencyId, { lateMinutes: v === '' ? null : Number(v) })}
                        readOnly={readOnly}
                      />
                    )}
                  </Table.Td>
                  {session.sites.length > 0 && (
                    <Table.Td>
                      {attending && (
                        <Select
                          size="xs"
                          aria-label={t('meetings.site')}
                          data={session.sites.map((x) => ({ value: x.id, label: x.name }))}
                          value={r.siteId}
                          onChange={(v) => update(r.agencyId, { siteId: v })}
                          clearable
                          readOnly={readOnly}
                        />
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {askReason && (
        <ReasonModal
          loading={save.isPending}
          onClose={() => setAskReason(false)}
          onConfirm={(reason) => save.mutate(payload(reason))}
        />
      )}
    </Paper>
  );
}

function ReasonModal({
  onClose,
  onConfirm,
  loading,
}: {
  onClose: () => void;
  onConfirm: (reason: string) => void;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim().length < 5 ? t('errors.meetings.reason_required') : null) },
  });
  return (
    <Modal opened onClose={onClose} title={t('meetings.correction')}>
      <form onSubmit={form.onSubmit((v) => onConfirm(v.reason.trim()))} noValidate>
        <Stack>
          <Text size="sm">{t('meetings.correctionHelp')}</Text>
          <Textarea label={t('meetings.correctionReason')} withAsterisk autosize minRows={2} {...form.getInputProps('reason')} />
          <FormActions onCancel={onClose} loading={loading} />
        </Stack>
      </form>
    </Modal>
  );
}

function Conclusions({ session }: { session: Session }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [content, setContent] = useState('');
  const [assigning, setAssigning] = useState<Session['conclusions'][number] | null>(null);
  const add = useMutation(
    trpc.meetings.addConclusion.mutationOptions({
      onSuccess: async () => {
        setContent('');
        await queryClient.invalidateQueries({ queryKey: trpc.meetings.session.queryKey({ id: session.id }) });
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        {t('meetings.conclusions')}
      </Title>
      {session.conclusions.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('meetings.noConclusions')}
        </Text>
      )}
      <Stack gap="sm" data-testid="conclusions">
        {session.conclusions.map((c) => (
          <Paper key={c.id} withBorder p="sm" bg="gray.0">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Text size="sm">
                {c.position}. {c.content}
              </Text>
              {session.canManage && (
                <Button size="xs" variant="light" onClick={() => setAssigning(c)}>
                  {t('meetings.toTask')}
                </Button>
              )}
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t('meetings.followUp')}:
            </Text>
            {c.tasks.length === 0 ? (
              <Text size="xs" c="dimmed">
                {t('meetings.noFollowUp')}
              </Text>
            ) : (
              c.tasks.map((task) => (
                <Group key={task.id} gap="xs">
                  <Anchor component={Link} to={`/tasks/${task.id}`} size="sm">
                    {task.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {task.leadAgencyName} · {formatDate(task.deadline)}
                  </Text>
                  <StatusBadge status={task.status} />
                </Group>
              ))
            )}
          </Paper>
        ))}
      </Stack>
      {session.canManage && (
        <Group mt="sm" align="flex-end">
          <Textarea
            label={t('meetings.addConclusion')}
            placeholder={t('meetings.conclusionContent')}
            value={content}
            onChange={(e) => setContent(e.currentTarget.value)}
            autosize
            minRows={1}
            style={{ flex: 1 }}
          />
          <Button
            disabled={content.trim().length < 5}
            loading={add.isPending}
            onClick={() => add.mutate({ sessionId: session.id, content })}
          >
            {t('meetings.addConclusion')}
          </Button>
        </Group>
      )}
      {assigning && <ToTaskModal conclusion={assigning} sessionId={session.id} onClose={() => setAssigning(null)} />}
    </Paper>
  );
}

function ToTaskModal({
  conclusion,
  sessionId,
  onClose,
}: {
  conclusion: Session['conclusions'][number];
  sessionId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const plans = useQuery(trpc.plans.list.queryOptions({}));
  const form = useForm({
    initialValues: { planId: '', title: conclusion.content.slice(0, 300), leadAgencyId: '', deadline: null as string | null },
    validate: {
      planId: (v) => (v ? null : t('common.required.plan')),
      leadAgencyId: (v) => (v ? null : t('common.required.lead')),
      title: (v) => (v.trim().length < 3 ? t('common.required.taskTitle') : null),
    },
  });
  const create = useMutation(
    trpc.meetings.conclusionToTask.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('meetings.taskCreated') });
        await queryClient.invalidateQueries({ queryKey: trpc.meetings.session.queryKey({ id: sessionId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
        onClose();
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  return (
    <Modal opened onClose={onClose} title={t('meetings.toTaskTitle')} size="lg">
      <form
        onSubmit={form.onSubmit((v) =>
          create.mutate({
            conclusionId: conclusion.id,
            planId: v.planId,
            title: v.title,
            leadAgencyId: v.leadAgencyId,
            coordinatorIds: [],
            deadline: toIsoDate(v.deadline),
          }),
        )}
        noValidate
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {conclusion.content}
          </Text>
          <Select
            label={t('tasks.plan')}
            withAsterisk
            searchable
            data={(plans.data ?? [])
              .filter((p) => p.status !== 'closed')
              .map((p) => ({ value: p.id, label: `${p.year} · ${p.title}` }))}
            {...form.getInputProps('planId')}
          />
          <Textarea label={t('tasks.name')} withAsterisk autosize {...form.getInputProps('title')} />
          <AgencyPicker
            label={t('tasks.lead')}
            withAsterisk
            value={form.values.leadAgencyId || null}
            onChange={(id) => form.setFieldValue('leadAgencyId', id ?? '')}
            error={form.errors.leadAgencyId}
          />
          <DateField label={t('tasks.deadline')} clearable {...form.getInputProps('deadline')} />
          <FormActions onCancel={onClose} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
