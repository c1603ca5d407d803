/** Runs the static migrations with Kysely's Migrator, plus graphile-worker's own schema. */

import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import type { Pool } from 'pg';
import { migrations } from './migrations/index';
import type { Database } from './schema';

const silentWorkerLogger = new Logger(() => () => {});

function migrator(db: Kysely<Database>): Migrator {
  // Migrations written on parallel branches may land out of name order: each runs once, whatever the order.
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
}

function throwOnError(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error : new Error(String(result.error));
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause.message}`, { cause });
  }
  return result;
}

/** Brings the app schema and graphile-worker's schema to the latest version. */
export async function migrateToLatest(db: Kysely<Database>, pool: Pool): Promise<string[]> {
  const result = throwOnError(await migrator(db).migrateToLatest());
  await runWorkerMigrations({ pgPool: pool, logger: silentWorkerLogger });
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Reverts the most recent app migration. */
export async function migrateDown(db: Kysely<Database>): Promise<string[]> {
  const result = throwOnError(await migrator(db).migrateDown());
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
