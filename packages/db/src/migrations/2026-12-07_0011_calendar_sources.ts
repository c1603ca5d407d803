/**
 * Each day of a holiday calendar names the document that sets it (e.g. 'Công văn 12729/VPCP-KGVX
 * ngày 25/12/2025'): a swapped or compensatory day is only as good as its source. The published days
 * themselves reach existing databases through the calendar seeding, which knows the app's rules. Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table calendar_day add column source text check (source is null or length(source) <= 500)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table calendar_day drop column if exists source`.execute(db);
}
