import { describe, expect, it } from 'vitest';
import { isAgencyValidOn } from './agency';

describe('isAgencyValidOn', () => {
  it('keeps a pre-2025 commune valid until 30/6/2025 and not after', () => {
    const old = { validFrom: null, validTo: '2025-06-30' };
    expect(isAgencyValidOn(old, '2025-06-30')).toBe(true);
    expect(isAgencyValidOn(old, '2025-07-01')).toBe(false);
  });

  it('starts a new commune on 1/7/2025', () => {
    const created = { validFrom: '2025-07-01', validTo: null };
    expect(isAgencyValidOn(created, '2025-06-30')).toBe(false);
    expect(isAgencyValidOn(created, '2026-11-21')).toBe(true);
  });
});
