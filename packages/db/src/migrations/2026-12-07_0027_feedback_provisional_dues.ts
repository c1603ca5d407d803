/**
 * Feedback due dates counted through a year whose holiday calendar nobody has confirmed as published
 * (pre-filled or missing) are provisional: an import may compute them on request, flagged, and saving
 * that year's calendar re-dates and unflags them (core/feedback/dues.ts). Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback add column dues_provisional boolean not null default false`.execute(db);
  await sql`create index feedback_dues_provisional on feedback (id) where dues_provisional`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists feedback_dues_provisional`.execute(db);
  await sql`alter table feedback drop column if exists dues_provisional`.execute(db);
}
