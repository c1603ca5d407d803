import { describe, expect, it } from 'vitest';
import { parseInstant } from './instants';

const iso = (text: string, zone?: string) => parseInstant(text, zone)?.toISOString() ?? null;

describe('parseInstant', () => {
  it('keeps the instant of a time with an offset or Z, with T or a space, seconds and fractions optional', () => {
    expect(iso('2016-07-13 15:11:07+00:00')).toBe('2016-07-13T15:11:07.000Z');
    expect(iso('2016-07-13T15:11:07Z')).toBe('2016-07-13T15:11:07.000Z');
    expect(iso('2016-07-13T22:11:07.250+07:00')).toBe('2016-07-13T15:11:07.250Z');
    expect(iso('2016-07-13 22:11+0700')).toBe('2016-07-13T15:11:00.000Z');
    expect(iso('2016-07-13 10:11:07-05')).toBe('2016-07-13T15:11:07.000Z');
    // An offset wins over the source time zone.
    expect(iso('2016-07-13 15:11:07+00:00', 'America/New_York')).toBe('2016-07-13T15:11:07.000Z');
  });

  it('reads a wall clock in the source time zone, Vietnam by default', () => {
    expect(iso('13/07/2016 22:11')).toBe('2016-07-13T15:11:00.000Z');
    expect(iso('2016-07-13 22:11:07')).toBe('2016-07-13T15:11:07.000Z');
    expect(iso('2016-07-13 15:11:07', 'UTC')).toBe('2016-07-13T15:11:07.000Z');
    // Paris in summer is UTC+2, in winter UTC+1.
    expect(iso('2016-07-13 17:11', 'Europe/Paris')).toBe('2016-07-13T15:11:00.000Z');
    expect(iso('2016-01-13 16:11', 'Europe/Paris')).toBe('2016-01-13T15:11:00.000Z');
  });

  it('reads Excel serial days as a wall clock', () => {
    // 42564 is 13/07/2016; .5 is noon.
    expect(iso('42564.5')).toBe('2016-07-13T05:00:00.000Z');
    expect(iso('42564.5', 'UTC')).toBe('2016-07-13T12:00:00.000Z');
  });

  it('refuses dates that do not exist and text that is not a date', () => {
    for (const bad of ['30/02/2026', '2026-02-30T10:00:00+07:00', '13/02/2026 24:00', '2026-02-13T10:00+15:00', 'hôm qua', '']) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });
});
