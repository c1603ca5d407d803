import { Group, Progress, Text } from '@mantine/core';
import { formatNumber } from '../lib/format';

/** A progress bar with its percentage, or a dash when there is nothing to measure. */
export function ProgressCell({ value, w = 120 }: { value: number | null; w?: number }) {
  if (value === null) return <Text c="dimmed">—</Text>;
  return (
    <Group gap={6} wrap="nowrap">
      <Progress value={value} w={w} size="sm" color={value >= 100 ? 'green' : 'blue'} aria-label={`${value}%`} />
      <Text size="xs" c="dimmed" w={44}>
        {formatNumber(value)}%
      </Text>
    </Group>
  );
}
