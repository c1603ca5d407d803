/**
 * The password-check throttle in the database (rules: domain/rate-limit). A check is reserved before the
 * password is verified: under advisory locks on the username and the address, the recent attempts are
 * read, the rules decide, and the reservation is written as an attempt whose outcome is still null — so
 * of 100 parallel guesses only as many as the rules allow are ever verified. The reservation is settled
 * with the outcome afterwards; one never settled (a crash mid-check) keeps counting as a failure.
 */
import type { Database } from '@cchc/db/schema';
import { passwordCheckBlockedUntil, SIGN_IN_LIMITS, SIGN_IN_LOOKBACK_MINUTES, waitToSay } from '@cchc/domain/rate-limit';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AppError } from '../errors';

/** Advisory-lock class of the throttle (first key of the two-int form): 'pwck'. */
const THROTTLE_LOCK = 0x7077636b;
const DAY_MS = 86_400_000;

export interface PasswordCheckKey {
  /** The username as typed, trimmed and lower-cased (an unknown username is throttled the same way). */
  usernameKey: string;
  address: string;
}

export function usernameKeyOf(username: string): string {
  return username.trim().toLowerCase();
}

/** The Vietnamese 429 naming the wait: seconds under a minute, minutes above. */
export function tooManyAttempts(until: Date, now: Date): AppError {
  const wait = waitToSay(until, now);
  return wait.unit === 'seconds'
    ? new AppError(
        'too_many_requests',
        'auth.rate_limited_seconds',
        `Bạn đã nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau ${wait.amount} giây.`,
        { seconds: wait.amount },
      )
    : new AppError(
        'too_many_requests',
        'auth.rate_limited',
        `Bạn đã nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau ${wait.amount} phút.`,
        { minutes: wait.amount },
      );
}

/** Reserves one password check, or throws the 429 the rules call for. Returns the reservation's id. */
export async function reservePasswordCheck(db: Kysely<Database>, key: PasswordCheckKey): Promise<number> {
  type Outcome = { id: number; blockedUntil?: undefined; now?: undefined } | { id?: undefined; blockedUntil: Date; now: Date };
  const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
    // Always the username first, then the address: no two reservations wait on each other in a cycle.
    await sql`select pg_advisory_xact_lock(${THROTTLE_LOCK}::int, hashtext(${`u:${key.usernameKey}`}))`.execute(trx);
    await sql`select pg_advisory_xact_lock(${THROTTLE_LOCK}::int, hashtext(${`a:${key.address}`}))`.execute(trx);
    const now = await databaseNow(trx);
    const blockedUntil = passwordCheckBlockedUntil(await history(trx, key, now), now);
    if (blockedUntil) return { blockedUntil, now };
    const row = await trx
      .insertInto('signInAttempt')
      .values({ usernameKey: key.usernameKey, address: key.address, succeeded: null, attemptedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id };
  });
  if (outcome.id === undefined) throw tooManyAttempts(outcome.blockedUntil, outcome.now);
  return outcome.id;
}

/** Records the outcome of a reserved check (in the caller's transaction when it writes more). */
export async function settlePasswordCheck(
  db: Kysely<Database> | Transaction<Database>,
  reservationId: number,
  succeeded: boolean,
): Promise<void> {
  await db.updateTable('signInAttempt').set({ succeeded }).where('id', '=', reservationId).execute();
}

async function databaseNow(trx: Transaction<Database>): Promise<Date> {
  // now() is the transaction's start: the same instant the reservation is stamped with.
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(trx);
  const now = rows[0]?.now;
  if (!now) throw new Error('select now() returned no row');
  return now;
}

async function history(trx: Transaction<Database>, key: PasswordCheckKey, now: Date) {
  const since = new Date(now.getTime() - SIGN_IN_LOOKBACK_MINUTES * 60_000);
  const rows = await trx
    .selectFrom('signInAttempt')
    .select(['usernameKey', 'address', 'succeeded', 'attemptedAt'])
    .where('attemptedAt', '>', since)
    .where((eb) => eb.or([eb('usernameKey', '=', key.usernameKey), eb('address', '=', key.address)]))
    .execute();
  const known = await trx
    .selectFrom('signInAttempt')
    .select('id')
    .where('usernameKey', '=', key.usernameKey)
    .where('address', '=', key.address)
    .where('succeeded', '=', true)
    .where('attemptedAt', '>', new Date(now.getTime() - SIGN_IN_LIMITS.knownAddressDays * DAY_MS))
    .limit(1)
    .executeTakeFirst();
  const pair = rows.filter((r) => r.usernameKey === key.usernameKey && r.address === key.address);
  // A success at this address forgives the pair's earlier failures (a typo, then the right password).
  const lastPairSuccess = Math.max(0, ...pair.filter((r) => r.succeeded === true).map((r) => r.attemptedAt.getTime()));
  const failed = (r: { succeeded: boolean | null }) => r.succeeded !== true;
  return {
    pairFailures: pair.filter((r) => failed(r) && r.attemptedAt.getTime() > lastPairSuccess).map((r) => r.attemptedAt),
    addressFailures: rows.filter((r) => r.address === key.address && failed(r)).map((r) => r.attemptedAt),
    usernameFailures: rows.filter((r) => r.usernameKey === key.usernameKey && failed(r)).map((r) => r.attemptedAt),
    knownAddress: known !== undefined,
  };
}
