/**
 * The feedback register lists the newest items first, 50 at a time: without an index in that order a
 * province's register sorted every item (260,000) for each page.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index feedback_register_idx on feedback (received_at desc, number desc)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists feedback_register_idx`.execute(db);
}
