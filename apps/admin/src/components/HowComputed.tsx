/**
 * "Cách tính" beside a figure: the rule and its legal sources, read from the one definition in
 * packages/domain (figures/definitions.ts) that the report's annex and the exports read too.
 */
import { FIGURE_DEFINITIONS, type FigureKey } from '@cchc/domain/figures/definitions';
import { Button, List, Popover, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

function useDefinition(figure: FigureKey) {
  const { i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'vi';
  const d = FIGURE_DEFINITIONS[figure];
  return { name: d.name[language], rule: d.rule[language], sources: d.sources };
}

/** A small "Cách tính" button opening the rule and its sources. */
export function HowComputed({ figure, extra }: { figure: FigureKey; extra?: string }) {
  const { t } = useTranslation();
  const d = useDefinition(figure);
  return (
    <Popover width={380} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button
          variant="subtle"
          size="compact-xs"
          leftSection={<IconInfoCircle size={14} />}
          aria-label={`${t('figures.howComputed')}: ${d.name}`}
          data-how-computed={figure}
        >
          {t('figures.howComputed')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid={`how-computed-${figure}`}>
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {d.name}
          </Text>
          <Text size="sm">{d.rule}</Text>
          {extra && (
            <Text size="sm" c="dimmed">
              {extra}
            </Text>
          )}
          <Text size="xs" fw={600}>
            {t('figures.sources')}
          </Text>
          <List size="xs" spacing={2}>
            {d.sources.map((s) => (
              <List.Item key={s}>{s}</List.Item>
            ))}
          </List>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The rule as a line of dimmed text (tables of components). */
export function HowComputedText({ figure }: { figure: FigureKey }) {
  const d = useDefinition(figure);
  return (
    <Text size="xs" c="dimmed" data-how-computed-text={figure}>
      {d.rule}
    </Text>
  );
}
