/** Pool and Kysely factories. Dates stay 'YYYY-MM-DD' strings; int8 counts become numbers. */
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === DATE_OID) return (value: string) => value;
    // Counts and identities in this app stay far below 2^53.
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  max?: number;
  /** Called when an idle client errors (e.g. the server restarted); the pool drops the client. */
  onError?: (error: Error) => void;
  applicationName?: string;
}

export function createPool(connectionString: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types: typeParsers,
    application_name: options.applicationName ?? 'cchc',
    idleTimeoutMillis: 30_000,
  });
  // Without a listener an idle-client error would crash the process.
  pool.on('error', (error) => options.onError?.(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onError?.(error));
  });
  return pool;
}

export function createDb(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}

/** An error and the causes it wraps (pg and Kysely errors travel wrapped by tRPC and our services). */
function causeChain(error: unknown): { code?: unknown; message?: unknown }[] {
  const chain: { code?: unknown; message?: unknown }[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    chain.push(e as { code?: unknown; message?: unknown });
  }
  return chain;
}

/** SQLSTATE classes and socket errors that mean "PostgreSQL is not reachable now", not "this query is wrong". */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/** Whether an error (or its cause) says the database is down or restarting: the app answers 503 and retries later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causeChain(error).some(
    ({ code, message }) =>
      (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) ||
      (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/i.test(message)),
  );
}

/**
 * SQLSTATE class 22 values PostgreSQL refuses although the schemas let them through: a NUL character pasted
 * from a PDF, a date or number out of range. Nothing was stored; the person who typed it can fix it (a 400).
 */
const REFUSED_VALUE_CODES = new Set(['22021', '22P05', '22008', '22007', '22003', '22009', '22P02']);

export function isRefusedValue(error: unknown): boolean {
  return causeChain(error).some(({ code }) => typeof code === 'string' && REFUSED_VALUE_CODES.has(code));
}

/**
 * SQLSTATE 23503: a write named a row that does not exist (an agency, a plan, a user id the client made
 * up or that was deleted meanwhile). Nothing was stored; a 400, not a 500.
 */
export function isMissingReference(error: unknown): boolean {
  return causeChain(error).some(({ code }) => code === '23503');
}
