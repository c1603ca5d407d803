/**
 * The request context, split as tRPC's examples do: an inner part that tests build directly,
 * and adapters (HTTP in apps/server) that fill it from a request.
 */
import type { ValidSession } from '@cchc/core/auth/session';
import type { Clock } from '@cchc/core/clock';
import type { Database } from '@cchc/db/schema';
import type { Kysely } from 'kysely';

/** The subset of pino's logger the API uses. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface ContextInner {
  db: Kysely<Database>;
  session: ValidSession | null;
  requestId: string;
  address: string;
  /** The browser's User-Agent (remembered with a new session for "my sessions"). */
  userAgent?: string | null;
  log: Log;
  cookie: SessionCookie;
  /** "Today" for derived statuses; shifted only where clock control is allowed. */
  clock: Clock;
  config: { sessionTtlDays: number; sessionIdleMinutes?: number; allowClockControl: boolean };
}

export function createContextInner(ctx: ContextInner): ContextInner {
  return ctx;
}

export type Context = ContextInner;
