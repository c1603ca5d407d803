/** Create a numbered session: time, mode, sites, chair, agenda, and the invited agencies with the expected attendee. */
import { ZSessionCreate } from '@cchc/core/meetings/schemas';
import { EXPECTED_LEVELS, type ExpectedLevel, SESSION_MODES, type SessionMode } from '@cchc/domain/meetings/attendance';
import { ActionIcon, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AgencyMultiPicker } from '../../components/AgencyMultiPicker';
import { DateField } from '../../components/DateField';
import { FormActions } from '../../components/FormActions';
import { toIsoDate } from '../../lib/dates';
import { errorMessage, fieldErrorsOf } from '../../lib/errors';
import { useMe } from '../../lib/me';
import { useToday } from '../../lib/today';
import { useTRPC } from '../../lib/trpc';

interface FormValues {
  groupId: string;
  title: string;
  date: string | null;
  startTime: string;
  endTime: string;
  mode: SessionMode;
  chair: string;
  agenda: string;
  sites: { name: string }[];
  agencyIds: string[];
  expectedLevel: ExpectedLevel;
}

/** A date and an 'HH:mm' wall-clock time in Vietnam → an ISO instant with its offset. */
function vietnamInstant(date: string | null, time: string): string | null {
  if (!date || !/^\d{2}:\d{2}$/.test(time)) return null;
  return `${date}T${time}:00+07:00`;
}

function toInput(v: FormValues) {
  return {
    groupId: v.groupId,
    title: v.title,
    startsAt: vietnamInstant(toIsoDate(v.date), v.startTime) ?? '',
    endsAt: vietnamInstant(toIsoDate(v.date), v.endTime),
    mode: v.mode,
    chair: v.chair,
    agenda: v.agenda,
    sites: v.sites.filter((s) => s.name.trim()).map((s) => ({ name: s.name, hostAgencyId: null })),
    invitations: v.agencyIds.map((agencyId) => ({ agencyId, expectedLevel: v.expectedLevel })),
  };
}

export function SessionFormModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const today = useToday();
  const groups = useQuery(trpc.meetings.groups.queryOptions());
  const myAgency = useQuery({ ...trpc.org.agency.queryOptions({ id: me.data?.agencyId ?? '' }), enabled: Boolean(me.data) });
  const provinceId = myAgency.data?.ancestors[0]?.id ?? myAgency.data?.id;
  const departments = useQuery({
    ...trpc.org.children.queryOptions({ parentId: provinceId ?? null, validOn: today }),
    enabled: Boolean(provinceId),
  });
  const form = useForm<FormValues>({
    initialValues: {
      groupId: '',
      title: '',
      date: null,
      startTime: '08:00',
      endTime: '11:00',
      mode: 'hybrid',
      chair: '',
      agenda: '',
      sites: [],
      agencyIds: [],
      expectedLevel: 'head',
    },
    validate: (v) => {
      const errors: Record<string, string> = {};
      const parsed = ZSessionCreate.safeParse(toInput(v));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const path = String(issue.path[0]);
          const key = path === 'invitations' ? 'agencyIds' : path === 'startsAt' ? 'date' : path === 'endsAt' ? 'endTime' : path;
          errors[key] ??= key === 'date' && !v.date ? t('common.required.date') : issue.message;
        }
      }
      return errors;
    },
  });
  const firstGroup = groups.data?.[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: pick the first group once the list arrives
  useEffect(() => {
    if (!form.values.groupId && firstGroup) form.setFieldValue('groupId', firstGroup);
  }, [firstGroup]);
  const create = useMutation(
    trpc.meetings.createSession.mutationOptions({
      onSuccess: async (session) => {
        notifications.show({ color: 'green', message: t('meetings.created', { number: session.number }) });
        await queryClient.invalidateQueries({ queryKey: trpc.meetings.pathKey() });
        onClose();
        await navigate(`/meetings/${session.id}`);
      },
      onError: (error) => {
        form.setErrors(fieldErrorsOf(error));
        notifications.show({ color: 'red', message: errorMessage(error, t) });
      },
    }),
  );
  const departmentOptions = (departments.data ?? []).filter((a) => a.kind === 'department');

  return (
    <Modal opened onClose={onClose} title={t('meetings.create')} size="xl">
      <form onSubmit={form.onSubmit((v) => create.mutate(toInput(v)))} noValidate>
        <Stack>
          <Select
            label={t('meetings.group')}
            data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
            allowDeselect={false}
            withAsterisk
            {...form.getInputProps('groupId')}
          />
          <TextInput label={t('meetings.sessionTitle')} withAsterisk {...form.getInputProps('title')} />
          <Group grow align="flex-start">
            <DateField label={t('meetings.date')} withAsterisk {...form.getInputProps('date')} />
            <TimeInput label={t('meetings.startsAt')} withAsterisk {...form.getInputProps('startTime')} />
            <TimeInput label={t('meetings.endsAt')} {...form.getInputProps('endTime')} />
            <Select
              label={t('meetings.mode')}
              data={SESSION_MODES.map((m) => ({ value: m, label: t(`meetings.modes.${m}`) }))}
              allowDeselect={false}
              {...form.getInputProps('mode')}
            />
          </Group>
          <TextInput label={t('meetings.chair')} placeholder="Chủ tịch UBND tỉnh" {...form.getInputProps('chair')} />
          <Textarea label={t('meetings.agenda')} autosize minRows={2} maxRows={6} {...form.getInputProps('agenda')} />
          <div>
            <Group justify="space-between" mb={4}>
              <Text size="sm" fw={500}>
                {t('meetings.sites')}
              </Text>
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                onClick={() => form.insertListItem('sites', { name: '' })}
              >
                {t('meetings.addSite')}
              </Button>
            </Group>
            {form.values.sites.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sites have no identity before they are saved
              <Group key={i} mb={4}>
                <TextInput
                  placeholder={t('meetings.siteName')}
                  aria-label={t('meetings.siteName')}
                  style={{ flex: 1 }}
                  {...form.getInputProps(`sites.${i}.name`)}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => form.removeListItem('sites', i)}
                  aria-label={t('common.cancel')}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
          </div>
          <AgencyMultiPicker
            label={t('meetings.invited')}
            description={t('meetings.invitedCount', { count: form.values.agencyIds.length })}
            withAsterisk
            value={form.values.agencyIds}
            initialLabels={departmentOptions.map((d) => ({ id: d.id, name: d.name }))}
            onChange={(ids) => form.setFieldValue('agencyIds', ids)}
            error={form.errors.agencyIds}
            data-testid="invited-picker"
          />
          <Group>
            <Button
              variant="light"
              size="xs"
              disabled={!departmentOptions.length}
              onClick={() =>
                form.setFieldValue('agencyIds', [...new Set([...form.values.agencyIds, ...departmentOptions.map((d) => d.id)])])
              }
            >
              {t('meetings.inviteDepartments')}
            </Button>
            <Select
              size="xs"
              aria-label={t('meetings.expectedLevel')}
              data={EXPECTED_LEVELS.map((l) => ({
                value: l,
                label: `${t('meetings.expectedLevel')}: ${t(`meetings.levels.${l}`)}`,
              }))}
              allowDeselect={false}
              {...form.getInputProps('expectedLevel')}
            />
          </Group>
          <FormActions onCancel={onClose} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
