/**
 * The data version of a set of tables: a number that grows with every committed write statement on any
 * of them (database triggers bump it in the writer's own transaction, migration 0010). Read it *before*
 * computing a figure: the figure then reflects at least every write the version counts, so a figure
 * cached under a version stays correct for as long as a fresh read returns the same version.
 */
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

/** Every table whose write statements bump the data version (the triggers of migration 0010; a test holds the two equal). */
export const VERSIONED_TABLES = [
  'agency',
  'agency_lineage',
  'plan',
  'task',
  'meeting_session',
  'session_invitation',
  'feedback',
  'feedback_rollup',
  'feedback_rollup_open',
  'feedback_rollup_days',
  'procedure_review',
  'dormancy_scan',
  'report_submission',
  'score_scheme',
  'score_run',
  'score_result',
  'dossier',
  'calendar_day',
] as const;
export type VersionedTable = (typeof VERSIONED_TABLES)[number];

/** Rows of backends that are gone are folded into one (backend_pid 0) once there are this many. */
const COMPACT_ABOVE = 400;
/** Advisory-lock key of the compaction (an arbitrary constant of this app): one at a time. */
const COMPACT_LOCK = 0x64617461; // 'data'

/** Each table's version, read in one statement; `versionOf` then names the version of any subset. */
export async function readVersions(db: Db, tables: readonly VersionedTable[]) {
  const { rows } = await sql<{ tableName: string; version: string; slots: number }>`
    select table_name, sum(version)::text as version, count(*)::int as slots
    from data_version where table_name = any(${[...tables]}::text[]) group by table_name`.execute(db);
  if (rows.reduce((n, r) => n + r.slots, 0) > COMPACT_ABOVE) void compactDataVersions(db).catch(() => undefined);
  const byTable = new Map(rows.map((r) => [r.tableName, r.version]));
  return {
    versionOf: (subset: readonly VersionedTable[]) => subset.map((t) => byTable.get(t) ?? '0').join('.'),
  };
}

/** The version of a set of tables: it changes with every committed write statement on any of them. */
export async function dataVersion(db: Db, tables: readonly VersionedTable[]): Promise<string> {
  return (await readVersions(db, tables)).versionOf(tables);
}

/** Per database (Kysely instance): key → the value computed at a version. */
const memos = new WeakMap<object, Map<string, { version: string; value: Promise<unknown> }>>();
/** Entries kept per database (a scorecard or an agency's page is one each; a few are large: every agency's figures). */
const MAX_MEMOS = 1024;

/**
 * The value of `compute` for `key`, computed once per version: callers that arrive while it is computed
 * share the computation; a call with another version computes afresh. Read the version before calling.
 */
export function memoByVersion<T>(db: Db, key: string, version: string, compute: () => Promise<T>): Promise<T> {
  let memo = memos.get(db);
  if (!memo) {
    memo = new Map();
    memos.set(db, memo);
  }
  const hit = memo.get(key);
  if (hit && hit.version === version) {
    // Most recently used last: the oldest entries are the ones let go.
    memo.delete(key);
    memo.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  const entry = { version, value };
  memo.delete(key);
  memo.set(key, entry);
  // A failed computation is not kept: the next call tries again.
  const own = memo;
  value.catch(() => {
    if (own.get(key) === entry) own.delete(key);
  });
  for (const oldest of memo.keys()) {
    if (memo.size <= MAX_MEMOS) break;
    memo.delete(oldest);
  }
  return value;
}

/** `memoByVersion` with the version of `tables` read first. */
export async function cachedByVersion<T>(
  db: Db,
  tables: readonly VersionedTable[],
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  return memoByVersion(db, key, await dataVersion(db, tables), compute);
}

/**
 * Folds the rows of ended backends into backend_pid 0, keeping every table's sum. A row is locked before
 * its backend is checked, so a new backend that reuses the pid waits for the fold and then starts afresh.
 */
export async function compactDataVersions(db: Db): Promise<void> {
  const run = async (trx: Transaction<Database>) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${COMPACT_LOCK}::bigint) as locked`.execute(
      trx,
    );
    if (!rows[0]?.locked) return;
    await sql`
      with gone as (
        select table_name, backend_pid from data_version
        where backend_pid <> 0 and backend_pid <> pg_backend_pid()
        for update skip locked
      ), folded as (
        delete from data_version d using gone
        where d.table_name = gone.table_name and d.backend_pid = gone.backend_pid
          and not exists (select 1 from pg_stat_activity a where a.pid = d.backend_pid)
        returning d.table_name, d.version
      )
      insert into data_version (table_name, backend_pid, version)
      select table_name, 0, sum(version) from folded group by table_name
      on conflict (table_name, backend_pid) do update set version = data_version.version + excluded.version`.execute(trx);
  };
  if (db.isTransaction) await run(db as Transaction<Database>);
  else await (db as Kysely<Database>).transaction().execute(run);
}
