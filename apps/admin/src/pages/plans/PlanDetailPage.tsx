/** One plan: its document, roll-up progress, the task tree by group, and what changed since a date. */
import { isIsoDate } from '@cchc/domain/calendar/dates';
import {
  ActionIcon,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconInfoCircle, IconPencil, IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { DateField } from '../../components/DateField';
import { EmptyState } from '../../components/EmptyState';
import { FormActions } from '../../components/FormActions';
import { ProgressCell } from '../../components/ProgressCell';
import { StatusBadge } from '../../components/StatusBadge';
import { addDaysIso } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { useToday } from '../../lib/today';
import { type RouterOutputs, useTRPC } from '../../lib/trpc';
import { ImportTasksModal } from './ImportTasksModal';
import { PlanFormModal } from './PlanFormModal';
import { PLAN_STATUS_COLORS } from './PlansPage';
import { TaskFormModal } from './TaskFormModal';

type Plan = RouterOutputs['plans']['get'];
type PlanTask = Plan['tasks'][number];

export function PlanDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const plan = useQuery(trpc.plans.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const [addingTask, setAddingTask] = useState(false);
  const [addingGroup, setAddingGroup] = useState(false);
  const [editingGroup, setEditingGroup] = useState<Plan['groups'][number] | null>(null);
  const [importing, setImporting] = useState(false);

  if (plan.isPending) return <Loader />;
  if (plan.error) return <Text c="red">{errorMessage(plan.error, t)}</Text>;
  const p = plan.data;
  const ungrouped = p.tasks.filter((task) => task.groupId === null);

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/plans">
          {t('plans.title')}
        </Anchor>
        <Text>{p.docNumber ?? p.title}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{p.title}</Title>
          <Text c="dimmed" size="sm">
            {[p.docNumber, p.docDate && formatDate(p.docDate), p.issuingAgencyName].filter(Boolean).join(' · ')}
          </Text>
        </div>
        <Group>
          <Badge color={PLAN_STATUS_COLORS[p.status]} variant="light" tt="none" size="lg">
            {t(`planStatus.${p.status as 'draft'}`)}
          </Badge>
          {p.canManage && (
            <>
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
              <DeletePlanButton plan={p} />
            </>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Paper withBorder p="md">
          <Group gap={4}>
            <Text size="sm" c="dimmed">
              {t('plans.rollUp')}
            </Text>
            <Tooltip label={t('plans.rollUpHelp')} multiline w={280}>
              <IconInfoCircle size={14} aria-label={t('plans.rollUpHelp')} />
            </Tooltip>
          </Group>
          <ProgressCell value={p.progress} w={200} />
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">
            {t('plans.tasks')}
          </Text>
          <Text fw={700} size="xl">
            {formatNumber(p.tasks.length)}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Group gap="xs">
            {Object.entries(p.statusCounts).map(([status, n]) => (
              <Group key={status} gap={4}>
                <StatusBadge status={status as PlanTask['status']} />
                <Text size="sm">{formatNumber(n ?? 0)}</Text>
              </Group>
            ))}
          </Group>
        </Paper>
      </SimpleGrid>

      <Group justify="space-between">
        <Title order={4}>{t('plans.tasks')}</Title>
        {p.canManage && (
          <Group>
            <Button
              component="a"
              href="/api/exports/task-template.xlsx"
              variant="subtle"
              leftSection={<IconDownload size={16} />}
            >
              {t('tasks.template')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconUpload size={16} />}
              onClick={() => setImporting(true)}
              disabled={p.status === 'closed'}
            >
              {t('tasks.importXlsx')}
            </Button>
            <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setAddingGroup(true)}>
              {t('plans.addGroup')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAddingTask(true)} disabled={p.status === 'closed'}>
              {t('tasks.create')}
            </Button>
          </Group>
        )}
      </Group>
      {p.tasks.length === 0 && p.groups.length === 0 ? (
        <Paper withBorder>
          <EmptyState>{t('tasks.empty')}</EmptyState>
        </Paper>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={900}>
            <Table data-testid="plan-tasks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tasks.name')}</Table.Th>
                  <Table.Th>{t('tasks.lead')}</Table.Th>
                  <Table.Th>{t('tasks.deadline')}</Table.Th>
                  <Table.Th>{t('tasks.status')}</Table.Th>
                  <Table.Th>{t('tasks.progress')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groupTree(p.groups).map(({ group, depth }) => (
                  <GroupRows
                    onEdit={p.canManage ? () => setEditingGroup(group) : undefined}
                    key={group.id}
                    group={group}
                    depth={depth}
                    tasks={p.tasks.filter((task) => task.groupId === group.id)}
                  />
                ))}
                {ungrouped.length > 0 && p.groups.length > 0 && (
                  <Table.Tr bg="gray.0">
                    <Table.Td colSpan={5}>
                      <Text fw={600}>{t('plans.noGroup')}</Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {ungrouped.map((task) => (
                  <TaskRow key={task.id} task={task} depth={0} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {p.canManage && <ChangesSince planId={p.id} />}
      {editing && <PlanFormModal plan={p} onClose={() => setEditing(false)} />}
      {addingTask && <TaskFormModal planId={p.id} groups={p.groups} task={null} onClose={() => setAddingTask(false)} />}
      {importing && <ImportTasksModal planId={p.id} onClose={() => setImporting(false)} />}
      {addingGroup && <GroupModal planId={p.id} groups={p.groups} onClose={() => setAddingGroup(false)} />}
      {editingGroup && <GroupModal planId={p.id} groups={p.groups} group={editingGroup} onClose={() => setEditingGroup(null)} />}
    </Stack>
  );
}

/** Groups in tree order with their depth. */
function groupTree(groups: Plan['groups']) {
  const out: { group: Plan['groups'][number]; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const g of groups.filter((x) => x.parentId === parentId)) {
      out.push({ group: g, depth });
      visit(g.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

function GroupRows({
  group,
  depth,
  tasks,
  onEdit,
}: {
  group: Plan['groups'][number];
  depth: number;
  tasks: PlanTask[];
  onEdit?: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.plans.deleteGroup.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() }),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  return (
    <>
      <Table.Tr bg="gray.0">
        <Table.Td colSpan={4} pl={12 + depth * 20}>
          <Group gap="xs">
            <Text fw={600}>
              {group.code ? `${group.code}. ` : ''}
              {group.title}
            </Text>
            {onEdit && (
              <>
                <ActionIcon variant="subtle" size="sm" aria-label={`${t('common.edit')}: ${group.title}`} onClick={onEdit}>
                  <IconPencil size={14} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  aria-label={`${t('common.delete')}: ${group.title}`}
                  onClick={() =>
                    modals.openConfirmModal({
                      title: t('plans.deleteGroup'),
                      children: t('plans.confirmDeleteGroup', { title: group.title }),
                      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
                      confirmProps: { color: 'red' },
                      onConfirm: () => remove.mutate({ id: group.id }),
                    })
                  }
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </>
            )}
          </Group>
        </Table.Td>
        <Table.Td>
          <ProgressCell value={group.progress} />
        </Table.Td>
      </Table.Tr>
      {tasks.map((task) => (
        <TaskRow key={task.id} task={task} depth={depth + 1} />
      ))}
    </>
  );
}

function TaskRow({ task, depth }: { task: PlanTask; depth: number }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td pl={12 + depth * 20}>
        <Anchor component={Link} to={`/tasks/${task.id}`}>
          {task.code ? `${task.code}. ` : ''}
          {task.title}
        </Anchor>
      </Table.Td>
      <Table.Td>{task.leadAgencyName}</Table.Td>
      <Table.Td>{task.deadline ? formatDate(task.deadline) : t('tasks.noDeadline')}</Table.Td>
      <Table.Td>
        <StatusBadge status={task.status} />
      </Table.Td>
      <Table.Td>
        <ProgressCell value={task.progress} />
      </Table.Td>
    </Table.Tr>
  );
}

function DeletePlanButton({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.plans.delete.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: 'green', message: t('plans.deleted') });
        await queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
        await navigate('/plans');
      },
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
    }),
  );
  if (plan.status !== 'draft' || plan.tasks.length > 0) return null;
  return (
    <Button
      color="red"
      variant="light"
      onClick={() =>
        modals.openConfirmModal({
          title: t('plans.delete'),
          children: <Text size="sm">{t('plans.deleteConfirm', { title: plan.title })}</Text>,
          labels: { confirm: t('plans.delete'), cancel: t('common.cancel') },
          confirmProps: { color: 'red' },
          onConfirm: () => remove.mutate({ id: plan.id }),
        })
      }
    >
      {t('plans.delete')}
    </Button>
  );
}

function GroupModal({
  planId,
  groups,
  group,
  onClose,
}: {
  planId: string;
  groups: Plan['groups'];
  group?: Plan['groups'][number];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { code: group?.code ?? '', title: group?.title ?? '', parentId: (group?.parentId ?? null) as string | null },
    validate: { title: (v) => (v.trim().length < 2 ? t('common.required.groupTitle') : null) },
  });
  const done = {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: trpc.plans.get.queryKey({ id: planId }) });
      onClose();
    },
    onError: (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
  };
  const create = useMutation(trpc.plans.createGroup.mutationOptions(done));
  const update = useMutation(trpc.plans.updateGroup.mutationOptions(done));
  return (
    <Modal opened onClose={onClose} title={group ? t('plans.editGroup') : t('plans.addGroup')}>
      <form
        onSubmit={form.onSubmit((v) => (group ? update.mutate({ id: group.id, ...v }) : create.mutate({ planId, ...v })))}
        noValidate
      >
        <Stack>
          <Group grow align="flex-start">
            <TextInput label={t('plans.groupCode')} maw={100} placeholder="I" {...form.getInputProps('code')} />
            <TextInput label={t('plans.groupTitle')} withAsterisk {...form.getInputProps('title')} />
          </Group>
          <Select
            label={t('plans.parentGroup')}
            placeholder={t('plans.noGroup')}
            clearable
            data={groups
              .filter((g) => g.id !== group?.id)
              .map((g) => ({ value: g.id, label: `${g.code ? `${g.code}. ` : ''}${g.title}` }))}
            {...form.getInputProps('parentId')}
          />
          <FormActions onCancel={onClose} loading={create.isPending || update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

function ChangesSince({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const today = useToday();
  const [since, setSince] = useState<string>(addDaysIso(today, -7));
  const changes = useQuery(trpc.plans.changes.queryOptions({ planId, since }));
  const actionLabel = (a: string) => t(`audit.actions.${a}`, { defaultValue: a });
  return (
    <Paper withBorder p="md">
      <Group mb="sm">
        <Title order={5}>{t('plans.changes')}</Title>
        <DateField
          value={since}
          onChange={(v) => setSince(v && isIsoDate(v) ? v : since)}
          aria-label={t('plans.changes')}
          w={140}
        />
        {changes.isFetching && <Loader size="xs" />}
      </Group>
      {changes.data?.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('plans.changesEmpty')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {changes.data?.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td w={150}>{formatDateTime(c.occurredAt)}</Table.Td>
                <Table.Td w={140}>{c.actorUsername}</Table.Td>
                <Table.Td w={180}>{actionLabel(c.action)}</Table.Td>
                <Table.Td>{c.taskTitle ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
