/** A due date counted through a holiday calendar nobody has confirmed yet may still move: say so beside it. */
import { Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function UnconfirmedCalendarWarning({ years }: { years: readonly number[] | undefined }) {
  const { t } = useTranslation();
  if (!years?.length) return null;
  return (
    <Group gap={4} wrap="nowrap" data-testid="unconfirmed-calendar">
      <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" aria-hidden />
      <Text size="xs" c="orange.8">
        {t('calendar.unconfirmedDeadline', { years: years.join(', ') })}
      </Text>
    </Group>
  );
}
