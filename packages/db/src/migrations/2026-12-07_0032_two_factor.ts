/**
 * Optional two-factor sign-in (TOTP, RFC 6238) for accounts that may turn it on (issue 15, item 3): the
 * secret being set up, the secret in use, the last time step accepted (a code is accepted once), and
 * single-use recovery codes kept as SHA-256 hashes. Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table app_user
      add column totp_secret text,
      add column totp_pending_secret text,
      add column totp_enabled_at timestamptz,
      add column totp_last_step bigint`.execute(db);
  await sql`
    create table user_recovery_code (
      user_id uuid not null references app_user (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      primary key (user_id, code_hash)
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists user_recovery_code`.execute(db);
  await sql`
    alter table app_user
      drop column if exists totp_secret,
      drop column if exists totp_pending_secret,
      drop column if exists totp_enabled_at,
      drop column if exists totp_last_step`.execute(db);
}
