/**
 * Test helpers: a tRPC context built the way apps/server/src/http.ts builds one, with a cookie
 * that records what the procedures set, sessions for seeded users, and the TRPCError a call fails with.
 */
import { createSession, type ValidSession, validateSessionToken } from '@cchc/core/auth/session';
import { systemClock } from '@cchc/core/clock';
import { rejectionOf } from '@cchc/core/testing/fixtures';
import type { Database } from '@cchc/db/schema';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { type Context, createContextInner } from './context';

export const TEST_SESSION_TTL_DAYS = 30;

export interface RecordingContext extends Context {
  cookieCalls: ({ kind: 'set'; token: string; expiresAt: Date } | { kind: 'clear' })[];
}

const noop = () => {};

export function testContext(
  db: Kysely<Database>,
  session: ValidSession | null,
  overrides: Partial<Pick<Context, 'requestId' | 'address' | 'clock'>> = {},
): RecordingContext {
  const cookieCalls: RecordingContext['cookieCalls'] = [];
  const ctx = createContextInner({
    db,
    session,
    requestId: overrides.requestId ?? 'test-request',
    address: overrides.address ?? '127.0.0.1',
    log: { info: noop, warn: noop, error: noop },
    cookie: {
      set: (token, expiresAt) => cookieCalls.push({ kind: 'set', token, expiresAt }),
      clear: () => cookieCalls.push({ kind: 'clear' }),
    },
    clock: overrides.clock ?? systemClock(),
    config: { sessionTtlDays: TEST_SESSION_TTL_DAYS, allowClockControl: false },
  });
  return { ...ctx, cookieCalls };
}

/** A live session for an existing user, as the HTTP adapter would find it from the cookie. */
export async function sessionOf(db: Kysely<Database>, username: string): Promise<ValidSession> {
  const user = await db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const { token } = await createSession(db, user.id, TEST_SESSION_TTL_DAYS);
  const session = await validateSessionToken(db, token, TEST_SESSION_TTL_DAYS);
  if (!session) throw new Error(`could not open a session for ${username}`);
  return session;
}

/** Runs a call that must fail and returns the TRPCError it failed with. */
export function trpcErrorOf(call: Promise<unknown>): Promise<TRPCError> {
  return rejectionOf(call, TRPCError);
}
