/** The choice an import that computes due dates offers for a year without a published holiday calendar: stop, or compute and flag. */
import type { UnconfirmedCalendarPolicy } from '@cchc/domain/imports';
import { Radio, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function UnconfirmedCalendarChoice({
  value,
  onChange,
}: {
  value: UnconfirmedCalendarPolicy;
  onChange: (value: UnconfirmedCalendarPolicy) => void;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      value={value}
      onChange={(v) => onChange(v === 'flag' ? 'flag' : 'stop')}
      label={t('imports.unconfirmedCalendar')}
      size="xs"
      data-testid="unconfirmed-calendar-choice"
    >
      <Stack gap={4} mt={4}>
        <Radio value="stop" label={t('imports.unconfirmedCalendarStop')} />
        <Radio value="flag" label={t('imports.unconfirmedCalendarFlag')} />
      </Stack>
    </Radio.Group>
  );
}
