import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from './format';

describe('formatDate', () => {
  it('shows a calendar date as dd/MM/yyyy without any time-zone shift', () => {
    expect(formatDate('2026-02-13')).toBe('13/02/2026');
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
  });
  it('shows a dash for a missing date', () => {
    expect(formatDate(null)).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('shows an instant in Vietnam time (UTC+7) as dd/MM/yyyy HH:mm', () => {
    // 17:30 UTC on 31/12 is already 00:30 on 1/1 in Hà Nội.
    expect(formatDateTime('2025-12-31T17:30:00Z')).toBe('01/01/2026 00:30');
  });
});

describe('formatNumber', () => {
  it('groups thousands with dots as Vietnamese does', () => {
    expect(formatNumber(10035)).toBe('10.035');
  });
});
