/**
 * The per-user upload quota (issue 15, item 6) sums what one person uploaded: an index on the uploader.
 * Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index stored_file_created_by_idx on stored_file (created_by)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists stored_file_created_by_idx`.execute(db);
}
