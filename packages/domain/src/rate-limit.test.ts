import { describe, expect, it } from 'vitest';
import { lockedUntil } from './rate-limit';

const limit = { maxFailures: 3, windowMinutes: 15 };
const now = new Date('2026-03-02T03:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('lockedUntil', () => {
  it('does not lock below the limit', () => {
    expect(lockedUntil([minutesAgo(1), minutesAgo(2)], limit, now)).toBeNull();
  });

  it('locks at the limit until the oldest counting failure leaves the window', () => {
    const until = lockedUntil([minutesAgo(10), minutesAgo(5), minutesAgo(1)], limit, now);
    expect(until?.toISOString()).toBe(new Date(minutesAgo(10).getTime() + 15 * 60_000).toISOString());
  });

  it('ignores failures older than the window', () => {
    expect(lockedUntil([minutesAgo(40), minutesAgo(20), minutesAgo(1)], limit, now)).toBeNull();
  });
});
