/**
 * A feedback item imported from a source is identified by (source system, source id), not by the bare id: a
 * second portal that reuses a number gets its own item instead of overwriting another source's. Items imported
 * before sources were named, and items entered in the app, keep the empty source. The constraint keeps its
 * name, so a duplicate source id entered in the app is still recognised by it.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback add column source text not null default ''`.execute(db);
  await sql`alter table feedback drop constraint feedback_external_id_key`.execute(db);
  await sql`alter table feedback add constraint feedback_external_id_key unique (source, external_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback drop constraint feedback_external_id_key`.execute(db);
  await sql`alter table feedback add constraint feedback_external_id_key unique (external_id)`.execute(db);
  await sql`alter table feedback drop column source`.execute(db);
}
