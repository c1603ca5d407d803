/** A deadline as working days left: neutral while there is time, orange close to it, red only once it is passed. */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function DaysLeft({ days }: { days: number | null }) {
  const { t } = useTranslation();
  if (days === null) {
    return (
      <Text size="sm" c="dimmed">
        {t('myWork.noDeadline')}
      </Text>
    );
  }
  const [text, color] =
    days < 0
      ? [t('myWork.overdueBy', { count: -days }), 'red.8']
      : days === 0
        ? [t('myWork.dueToday'), 'orange.8']
        : [t('myWork.daysLeft', { count: days }), days <= 3 ? 'orange.8' : 'dimmed'];
  return (
    <Text size="sm" c={color} fw={days <= 0 ? 600 : undefined} data-days-left={days}>
      {text}
    </Text>
  );
}
