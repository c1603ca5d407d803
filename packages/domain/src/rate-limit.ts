/** Sign-in throttling rule: how many recent failures lock a username or an address, and for how long. */
export interface SignInLimit {
  maxFailures: number;
  windowMinutes: number;
}

export const SIGN_IN_LIMITS = {
  perUsername: { maxFailures: 5, windowMinutes: 15 },
  perAddress: { maxFailures: 30, windowMinutes: 15 },
} as const satisfies Record<string, SignInLimit>;

/**
 * Given the times of recent failures (newest last), returns when the caller may try again,
 * or null when not locked.
 */
export function lockedUntil(failures: readonly Date[], limit: SignInLimit, now: Date): Date | null {
  const windowStart = now.getTime() - limit.windowMinutes * 60_000;
  const recent = failures.filter((f) => f.getTime() > windowStart).sort((a, b) => a.getTime() - b.getTime());
  if (recent.length < limit.maxFailures) return null;
  // Unlocks when the oldest failure that still counts leaves the window.
  const oldestCounting = recent[recent.length - limit.maxFailures];
  if (oldestCounting === undefined) return null;
  return new Date(oldestCounting.getTime() + limit.windowMinutes * 60_000);
}
