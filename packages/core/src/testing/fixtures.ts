/** Small look-ups and checks the integration tests share: seeded users as actors, ids by code, the error a call fails with. */
import type { Database } from '@cchc/db/schema';
import type { Role } from '@cchc/domain/roles';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor';
import { AppError } from '../errors';

type Db = Kysely<Database>;

/** A code → id look-up that fails loudly on a code the test did not set up; `codes` are those it knows. */
export interface IdsByCode {
  (code: string): string;
  readonly codes: readonly string[];
}

function idsByCode(what: string, rows: { id: string; code: string }[]): IdsByCode {
  const ids = new Map(rows.map((r) => [r.code, r.id]));
  const lookup = (code: string) => {
    const id = ids.get(code);
    if (!id) throw new Error(`no ${what} ${code}`);
    return id;
  };
  return Object.assign(lookup, { codes: [...ids.keys()] });
}

/** A user as the services see them; the request id names them in the audit log. */
export async function actor(db: Db, username: string): Promise<Actor> {
  const u = await db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: u.id, username, role: u.role, agencyId: u.agencyId, requestId: `req-${username}` };
}

/** Adds a user who never signs in (display name and search text are the username). */
export async function addUser(
  db: Db,
  username: string,
  role: Role,
  agencyId: string,
  options: { email?: string | null; isActive?: boolean } = {},
): Promise<void> {
  await db
    .insertInto('appUser')
    .values({ username, displayName: username, role, agencyId, passwordHash: 'unused', searchText: username, ...options })
    .execute();
}

/** The departments (Sở) by code, as they are now in the database. */
export async function departmentIds(db: Db): Promise<IdsByCode> {
  return idsByCode('agency', await db.selectFrom('agency').select(['id', 'code']).where('kind', '=', 'department').execute());
}

/** The given procedures by code. */
export async function procedureIds(db: Db, codes: readonly string[]): Promise<IdsByCode> {
  return idsByCode('procedure', await db.selectFrom('procedure').select(['id', 'code']).where('code', 'in', codes).execute());
}

/** Runs a call that must fail and returns the error it failed with, which must be a `type`. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof type)) throw new Error(`expected ${type.name}, got ${String(error)}`);
  return error;
}

/** Runs a call that must fail and returns the AppError it failed with. */
export function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  return rejectionOf(promise, AppError);
}
