/**
 * Machine access for other systems (issue 19): API keys issued by an admin per system, stored as the
 * SHA-256 of the key (the key itself is shown once); a per-key, per-minute request counter kept in
 * PostgreSQL for the rate limit; and the key a feedback item came in with (Open311 POST).
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_key (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      prefix text not null unique,
      key_hash text not null unique,
      scopes text[] not null check (cardinality(scopes) > 0),
      rate_limit_per_minute integer not null check (rate_limit_per_minute between 1 and 100000),
      feedback_channel text not null default 'provincial_portal'
        check (feedback_channel in ('national_portal','provincial_portal','hotline','letter','email','in_person')),
      note text,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by uuid references app_user(id)
    )
  `.execute(db);
  await sql`
    create table api_key_usage (
      key_id uuid not null references api_key(id) on delete cascade,
      window_start timestamptz not null,
      requests integer not null,
      primary key (key_id, window_start)
    )
  `.execute(db);
  await sql`alter table feedback add column source_api_key_id uuid references api_key(id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table feedback drop column if exists source_api_key_id`.execute(db);
  await sql`drop table if exists api_key_usage`.execute(db);
  await sql`drop table if exists api_key`.execute(db);
}
