import { Button, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="xl" data-testid="forbidden">
      <IconLock size={48} stroke={1.4} />
      <Title order={3}>403</Title>
      <Text>{t('errors.forbiddenPage')}</Text>
      <Button component={Link} to="/" variant="light">
        {t('errors.backHome')}
      </Button>
    </Stack>
  );
}
