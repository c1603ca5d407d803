import { describe, expect, it } from 'vitest';
import {
  backoffDelaySeconds,
  backoffUntil,
  lockedUntil,
  passwordCheckBlockedUntil,
  SIGN_IN_LIMITS,
  waitToSay,
} from './rate-limit';

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

describe('backoffUntil (one username, any address)', () => {
  const backoff = SIGN_IN_LIMITS.perUsername;
  const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

  it('lets the first ten failures of an hour pass without a wait', () => {
    const failures = Array.from({ length: 9 }, (_, i) => secondsAgo(i));
    expect(backoffUntil(failures, backoff, now)).toBeNull();
  });

  it('doubles the wait after the newest failure from the tenth on: 1 s, 2 s, 4 s …', () => {
    expect(backoffDelaySeconds(10, backoff)).toBe(1);
    expect(backoffDelaySeconds(11, backoff)).toBe(2);
    expect(backoffDelaySeconds(13, backoff)).toBe(8);
    const failures = Array.from({ length: 12 }, (_, i) => secondsAgo(60 - i));
    // 12 failures → 4 s after the newest (49 s ago): over.
    expect(backoffUntil(failures, backoff, now)).toBeNull();
    const fresh = [...failures, secondsAgo(2)];
    // 13 failures → 8 s after the newest (2 s ago): 6 s to go.
    expect(backoffUntil(fresh, backoff, now)?.getTime()).toBe(now.getTime() + 6000);
  });

  it('never waits more than five minutes, however many failures — the owner is never locked out for good', () => {
    expect(backoffDelaySeconds(10_000, backoff)).toBe(300);
    const failures = Array.from({ length: 500 }, () => secondsAgo(1));
    expect(backoffUntil(failures, backoff, now)?.getTime()).toBe(now.getTime() + 299_000);
  });

  it('forgets failures older than an hour', () => {
    const failures = Array.from({ length: 50 }, () => minutesAgo(61));
    expect(backoffUntil(failures, backoff, now)).toBeNull();
  });

  it('bounds the guesses one account can take in an hour from any number of addresses (ASVS 2.2.1: under 100)', () => {
    // An attacker who guesses the moment each wait ends.
    const failures: Date[] = [];
    let t = now.getTime();
    const end = t + 3_600_000;
    while (t < end) {
      failures.push(new Date(t));
      const until = backoffUntil(failures, backoff, new Date(t));
      t = until ? until.getTime() : t + 1;
    }
    expect(failures.length).toBeLessThan(40);
  });
});

describe('passwordCheckBlockedUntil', () => {
  const none: Date[] = [];
  const five = Array.from({ length: 5 }, (_, i) => minutesAgo(i + 1));
  const many = Array.from({ length: 15 }, () => new Date(now.getTime() - 1000));

  it('blocks a username at one address after 5 failures there, not at another address', () => {
    expect(
      passwordCheckBlockedUntil({ pairFailures: five, addressFailures: five, usernameFailures: five, knownAddress: false }, now),
    ).not.toBeNull();
    expect(
      passwordCheckBlockedUntil({ pairFailures: none, addressFailures: none, usernameFailures: five, knownAddress: false }, now),
    ).toBeNull();
  });

  it('slows a username guessed from many addresses, except at an address it signed in from recently', () => {
    const spread = { pairFailures: none, addressFailures: none, usernameFailures: many };
    expect(passwordCheckBlockedUntil({ ...spread, knownAddress: false }, now)).not.toBeNull();
    expect(passwordCheckBlockedUntil({ ...spread, knownAddress: true }, now)).toBeNull();
  });

  it('blocks an address after 30 failures across usernames', () => {
    const thirty = Array.from({ length: 30 }, () => minutesAgo(1));
    expect(
      passwordCheckBlockedUntil({ pairFailures: none, addressFailures: thirty, usernameFailures: none, knownAddress: true }, now),
    ).not.toBeNull();
  });
});

describe('waitToSay', () => {
  it('names seconds under a minute and whole minutes (rounded up) above', () => {
    expect(waitToSay(new Date(now.getTime() + 1500), now)).toEqual({ unit: 'seconds', amount: 2 });
    expect(waitToSay(new Date(now.getTime() + 61_000), now)).toEqual({ unit: 'minutes', amount: 2 });
    expect(waitToSay(new Date(now.getTime() - 5), now)).toEqual({ unit: 'seconds', amount: 1 });
  });
});
