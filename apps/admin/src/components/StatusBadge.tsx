import type { TaskStatus } from '@cchc/domain/tasks/status';
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<TaskStatus, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  done_on_time: 'green',
  done_late: 'orange',
  overdue: 'red',
  cancelled: 'dark',
};

export function StatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={COLORS[status]}
      variant="light"
      tt="none"
      data-status={status}
      // The whole status always shows ("Hoàn thành đúng hạn"), wrapping in a narrow column rather than cut off.
      styles={{ root: { height: 'auto', minHeight: 20, maxWidth: '100%' }, label: { whiteSpace: 'normal', overflow: 'visible' } }}
    >
      {t(`taskStatus.${status}`)}
    </Badge>
  );
}
