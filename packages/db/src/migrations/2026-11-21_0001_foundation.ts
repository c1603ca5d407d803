/** Foundation: agencies with lineage, users, sessions, sign-in attempts, audit log, import runs. Frozen. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agency (
      id uuid primary key default gen_random_uuid(),
      code text not null,
      name text collate "vi-VN-x-icu" not null,
      full_name text collate "vi-VN-x-icu" not null,
      name_en text,
      kind text not null check (kind in ('ministry','province','department','district','commune','other')),
      parent_id uuid references agency(id),
      valid_from date,
      valid_to date,
      search_text text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint agency_validity check (valid_from is null or valid_to is null or valid_from <= valid_to),
      constraint agency_natural_key unique nulls not distinct (kind, code, valid_from)
    )`.execute(db);
  await sql`create index agency_parent_idx on agency (parent_id)`.execute(db);
  await sql`create index agency_code_idx on agency (code)`.execute(db);

  await sql`
    create table agency_lineage (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('merge','split','rename','dissolve')),
      from_agency_id uuid not null references agency(id),
      to_agency_id uuid references agency(id),
      effective_date date not null,
      note text,
      created_at timestamptz not null default now(),
      constraint lineage_target check ((kind = 'dissolve') = (to_agency_id is null)),
      constraint lineage_unique unique nulls not distinct (kind, from_agency_id, to_agency_id)
    )`.execute(db);
  await sql`create index agency_lineage_to_idx on agency_lineage (to_agency_id)`.execute(db);

  await sql`
    create table app_user (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      display_name text collate "vi-VN-x-icu" not null,
      email text,
      password_hash text not null,
      role text not null check (role in ('admin','home_affairs','working_group','agency_head','agency_officer')),
      agency_id uuid not null references agency(id),
      is_active boolean not null default true,
      must_change_password boolean not null default false,
      search_text text not null,
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index app_user_username_key on app_user (lower(username))`.execute(db);
  await sql`create index app_user_agency_idx on app_user (agency_id)`.execute(db);

  await sql`
    create table user_session (
      id text primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index user_session_user_idx on user_session (user_id)`.execute(db);
  await sql`create index user_session_expires_idx on user_session (expires_at)`.execute(db);

  await sql`
    create table sign_in_attempt (
      id bigint generated always as identity primary key,
      username_key text not null,
      address text not null,
      succeeded boolean not null,
      attempted_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index sign_in_attempt_user_idx on sign_in_attempt (username_key, attempted_at)`.execute(db);
  await sql`create index sign_in_attempt_address_idx on sign_in_attempt (address, attempted_at)`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null default now(),
      actor_user_id uuid references app_user(id),
      actor_username text,
      action text not null,
      entity_type text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      request_id text
    )`.execute(db);
  await sql`create index audit_log_time_idx on audit_log (occurred_at desc)`.execute(db);
  await sql`create index audit_log_entity_idx on audit_log (entity_type, entity_id)`.execute(db);
  await sql`create index audit_log_actor_idx on audit_log (actor_user_id, occurred_at desc)`.execute(db);

  await sql`
    create table import_run (
      id uuid primary key default gen_random_uuid(),
      kind text not null,
      file_name text,
      status text not null check (status in ('running','succeeded','failed')),
      rows_total integer not null default 0,
      rows_ok integer not null default 0,
      rows_failed integer not null default 0,
      errors jsonb,
      summary jsonb,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['import_run', 'audit_log', 'sign_in_attempt', 'user_session', 'app_user', 'agency_lineage', 'agency']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
