import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The Cancel / Save row at the foot of every form. */
export function FormActions({ onCancel, loading, saveLabel }: { onCancel: () => void; loading?: boolean; saveLabel?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {saveLabel ?? t('common.save')}
      </Button>
    </Group>
  );
}
