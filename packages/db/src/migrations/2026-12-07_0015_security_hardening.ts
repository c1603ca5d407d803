/**
 * Hardening (issue 15). Sign-in attempts are reserved before the password is checked: a row whose
 * `succeeded` is null is a check in progress and counts as a failure until it is settled, so parallel
 * guesses cannot all be checked. Stored files are charged to the uploader's agency (per-agency quota),
 * and the tables that keep a file find it by file id (the orphan sweep asks "is this file used?").
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sign_in_attempt alter column succeeded drop not null`.execute(db);

  await sql`alter table stored_file add column agency_id uuid references agency(id)`.execute(db);
  await sql`update stored_file f set agency_id = u.agency_id from app_user u where u.id = f.created_by`.execute(db);
  await sql`create index stored_file_agency_idx on stored_file (agency_id)`.execute(db);
  await sql`create index stored_file_created_idx on stored_file (created_at)`.execute(db);
  await sql`create index task_update_file_file_idx on task_update_file (file_id)`.execute(db);
  await sql`create index session_file_file_idx on session_file (file_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists session_file_file_idx`.execute(db);
  await sql`drop index if exists task_update_file_file_idx`.execute(db);
  await sql`drop index if exists stored_file_created_idx`.execute(db);
  await sql`alter table stored_file drop column if exists agency_id`.execute(db);
  await sql`delete from sign_in_attempt where succeeded is null`.execute(db);
  await sql`alter table sign_in_attempt alter column succeeded set not null`.execute(db);
}
