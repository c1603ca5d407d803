/**
 * Password-guessing throttle (OWASP ASVS 2.2.1, NIST SP 800-63B §5.2.2): how many recent failed password
 * checks stop further checks, and for how long. Every check of a password counts — sign-in and the
 * change-password form alike — and an attempt counts from the moment it is reserved, before the password
 * is verified, so parallel guesses cannot overrun a limit.
 *
 * Three limits, so that a stranger cannot lock a known username out for good:
 * - one username from one address: 5 failures in 15 minutes, then that address waits for that username;
 * - one address, any usernames: 30 failures in 15 minutes (one machine spraying many accounts);
 * - one username from anywhere: 10 failures in an hour are free, each further one doubles the wait after
 *   the last failure (1 s, 2 s, 4 s … at most 5 minutes) — at most some 30 guesses an hour against one
 *   account however many addresses try, and the owner waits minutes, never hours. An address the
 *   username signed in from successfully in the last 30 days is not held up by this one.
 */
export interface SignInLimit {
  maxFailures: number;
  windowMinutes: number;
}

export interface BackoffLimit {
  freeFailures: number;
  windowMinutes: number;
  maxDelaySeconds: number;
}

export const SIGN_IN_LIMITS = {
  perUsernameAndAddress: { maxFailures: 5, windowMinutes: 15 },
  perAddress: { maxFailures: 30, windowMinutes: 15 },
  perUsername: { freeFailures: 10, windowMinutes: 60, maxDelaySeconds: 300 },
  /** A successful sign-in from an address makes it known to that username for this long. */
  knownAddressDays: 30,
} as const satisfies {
  perUsernameAndAddress: SignInLimit;
  perAddress: SignInLimit;
  perUsername: BackoffLimit;
  knownAddressDays: number;
};

/** The longest window any limit looks back over: older attempts never matter. */
export const SIGN_IN_LOOKBACK_MINUTES = Math.max(
  SIGN_IN_LIMITS.perUsernameAndAddress.windowMinutes,
  SIGN_IN_LIMITS.perAddress.windowMinutes,
  SIGN_IN_LIMITS.perUsername.windowMinutes,
);

/**
 * Given the times of recent failures, returns when the caller may try again, or null when not locked.
 * Unlocks when the oldest failure that still counts leaves the window.
 */
export function lockedUntil(failures: readonly Date[], limit: SignInLimit, now: Date): Date | null {
  const windowStart = now.getTime() - limit.windowMinutes * 60_000;
  const recent = failures.filter((f) => f.getTime() > windowStart).sort((a, b) => a.getTime() - b.getTime());
  if (recent.length < limit.maxFailures) return null;
  const oldestCounting = recent[recent.length - limit.maxFailures];
  if (oldestCounting === undefined) return null;
  return new Date(oldestCounting.getTime() + limit.windowMinutes * 60_000);
}

/** The wait after the last failure once `failures` failures fall in the window: 0 while they are free. */
export function backoffDelaySeconds(failures: number, limit: BackoffLimit): number {
  if (failures < limit.freeFailures) return 0;
  const doublings = failures - limit.freeFailures;
  // Doubling stops at 2^20 s (12 days), far past any cap: a huge count cannot overflow to Infinity.
  return Math.min(2 ** Math.min(doublings, 20), limit.maxDelaySeconds);
}

/** Exponential backoff after the newest failure; null when the caller need not wait. */
export function backoffUntil(failures: readonly Date[], limit: BackoffLimit, now: Date): Date | null {
  const windowStart = now.getTime() - limit.windowMinutes * 60_000;
  const recent = failures.filter((f) => f.getTime() > windowStart);
  const delay = backoffDelaySeconds(recent.length, limit);
  if (delay === 0) return null;
  const newest = Math.max(...recent.map((f) => f.getTime()));
  const until = newest + delay * 1000;
  return until > now.getTime() ? new Date(until) : null;
}

/** What the throttle knows about one password check before it is made. */
export interface PasswordCheckHistory {
  /** Failures (and checks still in progress) of this username from this address since its last success there. */
  pairFailures: readonly Date[];
  /** Failures from this address, any username. */
  addressFailures: readonly Date[];
  /** Failures of this username, from any address. */
  usernameFailures: readonly Date[];
  /** This username signed in successfully from this address within `knownAddressDays`. */
  knownAddress: boolean;
}

/** When the next password check may be made, or null when it may be made now. The latest of the limits wins. */
export function passwordCheckBlockedUntil(history: PasswordCheckHistory, now: Date): Date | null {
  const candidates = [
    lockedUntil(history.pairFailures, SIGN_IN_LIMITS.perUsernameAndAddress, now),
    lockedUntil(history.addressFailures, SIGN_IN_LIMITS.perAddress, now),
    history.knownAddress ? null : backoffUntil(history.usernameFailures, SIGN_IN_LIMITS.perUsername, now),
  ].filter((d): d is Date => d !== null);
  if (!candidates.length) return null;
  return new Date(Math.max(...candidates.map((d) => d.getTime())));
}

/** The wait a refusal names: whole seconds under a minute, else whole minutes (rounded up). */
export function waitToSay(until: Date, now: Date): { unit: 'seconds' | 'minutes'; amount: number } {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return seconds < 60 ? { unit: 'seconds', amount: seconds } : { unit: 'minutes', amount: Math.ceil(seconds / 60) };
}
