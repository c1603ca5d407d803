/**
 * A calendar date typed as people type it (dd/mm/yyyy) or picked from a calendar. A day that does not
 * exist (31/02/2026) or text that is not a date is refused with a message and kept on screen — never
 * rolled over into another day nor silently put back. Its value is 'YYYY-MM-DD' or null; while the text
 * is not a date the value is that text, so the form's own check refuses to save it.
 */
import { formatVietnameseDate, isIsoDate, parseDayMonthYear } from '@cchc/domain/calendar/dates';
import { ActionIcon, CloseButton, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { type FocusEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props extends Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue'> {
  value?: string | null;
  onChange?: (value: string | null) => void;
  clearable?: boolean;
  minDate?: string;
  maxDate?: string;
}

const shown = (value: string | null | undefined) => (value && isIsoDate(value) ? formatVietnameseDate(value) : (value ?? ''));

export function DateField({
  value,
  onChange = () => {},
  clearable = false,
  minDate,
  maxDate,
  error,
  onBlur,
  disabled,
  ...rest
}: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(shown(value));
  const [opened, setOpened] = useState(false);
  const [wrong, setWrong] = useState<string | null>(null);

  // A value set from outside (a reset, a calendar pick, another row) replaces what is typed.
  useEffect(() => {
    setText((current) => {
      const typed = parseDayMonthYear(current);
      if ((value ?? null) === (typed === 'invalid' ? current || null : typed)) return current;
      return shown(value);
    });
    if (!value || isIsoDate(value)) setWrong(null);
  }, [value]);

  const check = (typed: string) => {
    const parsed = parseDayMonthYear(typed);
    if (parsed === 'invalid') return t('dates.invalid', { text: typed.trim() });
    if (parsed && minDate && parsed < minDate) return t('dates.tooEarly', { date: formatVietnameseDate(minDate) });
    if (parsed && maxDate && parsed > maxDate) return t('dates.tooLate', { date: formatVietnameseDate(maxDate) });
    return null;
  };

  const type = (typed: string) => {
    setText(typed);
    if (wrong) setWrong(check(typed));
    const parsed = parseDayMonthYear(typed);
    onChange(parsed === 'invalid' ? typed : parsed);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" trapFocus={false} withinPortal>
      <Popover.Target>
        <TextInput
          {...rest}
          disabled={disabled}
          value={text}
          placeholder={rest.placeholder ?? t('dates.placeholder')}
          inputMode="numeric"
          autoComplete="off"
          error={wrong ?? error}
          onChange={(e) => type(e.currentTarget.value)}
          onBlur={(e: FocusEvent<HTMLInputElement>) => {
            setWrong(check(text));
            onBlur?.(e);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpened(false);
            if (e.key === 'ArrowDown' && e.altKey) setOpened(true);
          }}
          rightSectionWidth={clearable && text ? 56 : 32}
          rightSection={
            <>
              {clearable && text && !disabled && <CloseButton size="sm" aria-label={t('dates.clear')} onClick={() => type('')} />}
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={t('dates.pick')}
                disabled={disabled}
                onClick={() => setOpened((o) => !o)}
              >
                <IconCalendar size={16} />
              </ActionIcon>
            </>
          }
        />
      </Popover.Target>
      <Popover.Dropdown>
        <DatePicker
          value={value && isIsoDate(value) ? value : null}
          defaultDate={value && isIsoDate(value) ? value : undefined}
          minDate={minDate}
          maxDate={maxDate}
          onChange={(picked) => {
            if (!picked) return;
            setText(formatVietnameseDate(picked));
            setWrong(null);
            onChange(picked);
            setOpened(false);
          }}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
