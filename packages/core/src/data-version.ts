/**
 * The data version of a set of tables: a number that grows with every committed write statement on any
 * of them (database triggers bump it in the writer's own transaction, migration 0010). Read it *before*
 * computing a figure: the figure then reflects at least every write the version counts, so a figure
 * cached under a version stays correct for as long as a fresh read returns the same version.
 */
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows of backends that are gone are folded into one (backend_pid 0) once there are this many. */
const COMPACT_ABOVE = 400;
/** Advisory-lock key of the compaction (an arbitrary constant of this app): one at a time. */
const COMPACT_LOCK = 0x64617461; // 'data'

export async function dataVersion(db: Db, tables: readonly string[]): Promise<string> {
  const { rows } = await sql<{ version: string | number | null; slots: number }>`
    select coalesce(sum(version), 0)::text as version, count(*)::int as slots
    from data_version where table_name = any(${[...tables]}::text[])`.execute(db);
  const row = rows[0];
  if (row && row.slots > COMPACT_ABOVE) void compactDataVersions(db).catch(() => undefined);
  return String(row?.version ?? '0');
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
