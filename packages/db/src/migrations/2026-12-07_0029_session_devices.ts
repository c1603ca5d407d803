/**
 * "My active sessions" (issue 15, item 8): each session keeps the browser (user agent) and the address it
 * was signed in from and last seen at, so its owner can recognise it and revoke it. Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table user_session add column user_agent text, add column address text`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table user_session drop column if exists user_agent, drop column if exists address`.execute(db);
}
