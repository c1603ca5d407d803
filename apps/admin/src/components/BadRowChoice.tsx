/** The choice every import offers: stop on a bad row (nothing is written), or write the good rows and set the bad ones aside. */
import type { BadRowPolicy } from '@cchc/domain/imports';
import { Radio, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function BadRowChoice({ value, onChange }: { value: BadRowPolicy; onChange: (value: BadRowPolicy) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      value={value}
      onChange={(v) => onChange(v === 'skip' ? 'skip' : 'stop')}
      label={t('imports.badRows')}
      size="xs"
      data-testid="bad-row-choice"
    >
      <Stack gap={4} mt={4}>
        <Radio value="stop" label={t('imports.badRowsStop')} />
        <Radio value="skip" label={t('imports.badRowsSkip')} />
      </Stack>
    </Radio.Group>
  );
}
