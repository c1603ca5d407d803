/**
 * The registry of live graphile-worker pools: each process writes a heartbeat for its pool; a pool
 * whose heartbeat stops (kill -9, OOM, power loss) is declared gone and its jobs are unlocked with
 * graphile-worker's own `force_unlock_workers`, so they run again within a minute instead of 4 hours.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table worker_pool (
      id text primary key,
      hostname text not null,
      pid integer not null,
      started_at timestamptz not null default now(),
      seen_at timestamptz not null default now()
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists worker_pool`.execute(db);
}
