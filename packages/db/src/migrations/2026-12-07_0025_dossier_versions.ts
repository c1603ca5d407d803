/**
 * The overview and the figures caches now read dossiers, and dossier verdicts depend on the holiday
 * calendar: both tables bump their data version on every write, like the tables of migration 0010.
 * Frozen.
 */
import { type Kysely, sql } from 'kysely';

const TABLES = ['dossier', 'calendar_day'];

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`create trigger ${sql.id(`${table}_data_version`)} after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_data_version()`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES)
    await sql`drop trigger if exists ${sql.id(`${table}_data_version`)} on ${sql.table(table)}`.execute(db);
}
