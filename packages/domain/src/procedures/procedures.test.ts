import { describe, expect, it } from 'vitest';
import { dormancyWindowStart, isDormant } from './dormancy';
import { dossierOnTimeRate, isDossierOnTime } from './dossier';
import { statusAfterApproval } from './review';

describe('isDormant', () => {
  it('keeps a procedure alive with a filing inside the last 36 months, and not a day before', () => {
    expect(dormancyWindowStart('2026-11-21', 36)).toBe('2023-11-22');
    expect(isDormant('2023-11-22', '2026-11-21', 36)).toBe(false);
    expect(isDormant('2023-11-21', '2026-11-21', 36)).toBe(true);
  });
  it('calls a procedure that never had a filing dormant', () => {
    expect(isDormant(null, '2026-11-21', 36)).toBe(true);
  });
  it('takes the window as a parameter (one province uses 5 years)', () => {
    expect(isDormant('2022-01-10', '2026-11-21', 60)).toBe(false);
  });
});

describe('isDossierOnTime', () => {
  const base = { appointmentDate: '2026-03-13', finishedOn: '2026-03-13', supplementRequests: 0, supplementDays: 0 };
  it('is on time when finished on or before the appointment date', () => {
    expect(isDossierOnTime(base, '2026-03-31')).toBe(true);
    expect(isDossierOnTime({ ...base, finishedOn: '2026-03-16' }, '2026-03-31')).toBe(false);
  });
  it('subtracts the days the applicant spent supplementing', () => {
    expect(isDossierOnTime({ ...base, finishedOn: '2026-03-18', supplementRequests: 1, supplementDays: 5 }, '2026-03-31')).toBe(
      true,
    );
  });
  it('makes two or more supplement requests late whatever the dates', () => {
    expect(isDossierOnTime({ ...base, finishedOn: '2026-03-01', supplementRequests: 2 }, '2026-03-31')).toBe(false);
  });
  it('measures an open dossier at the period end', () => {
    expect(isDossierOnTime({ ...base, finishedOn: null }, '2026-03-13')).toBe(true);
    expect(isDossierOnTime({ ...base, finishedOn: null }, '2026-03-14')).toBe(false);
  });
  it('shows no rate, not 0%, without dossiers', () => {
    expect(dossierOnTimeRate([], '2026-03-31')).toBeNull();
    expect(dossierOnTimeRate([base, { ...base, finishedOn: '2026-04-01' }], '2026-04-30')).toBe(50);
  });
});

describe('statusAfterApproval', () => {
  it('abolishes, simplifies, or leaves the procedure as it is', () => {
    expect(statusAfterApproval('abolish')).toBe('abolished');
    expect(statusAfterApproval('simplify')).toBe('simplified');
    expect(statusAfterApproval('keep')).toBeNull();
    expect(statusAfterApproval('propose_competent')).toBeNull();
  });
});
