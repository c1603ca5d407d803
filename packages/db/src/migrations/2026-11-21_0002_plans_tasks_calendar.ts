/** Holiday calendar, plans and tasks with progress updates and evidence files, notifications, e-mail outbox, settings. Frozen. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table app_setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by uuid references app_user(id)
    )`.execute(db);

  await sql`
    create table calendar_year (
      year integer primary key check (year between 1990 and 2200),
      status text not null check (status in ('prefilled','published')),
      note text,
      updated_at timestamptz not null default now(),
      updated_by uuid references app_user(id)
    )`.execute(db);
  await sql`
    create table calendar_day (
      date date primary key,
      year integer not null references calendar_year(year) on delete cascade,
      kind text not null check (kind in ('holiday','compensatory','day_off','working_day')),
      name text not null,
      constraint calendar_day_year check (extract(year from date)::int = year)
    )`.execute(db);

  await sql`
    create table stored_file (
      id uuid primary key default gen_random_uuid(),
      file_name text not null,
      content_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      content bytea not null,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table plan (
      id uuid primary key default gen_random_uuid(),
      year integer not null check (year between 1990 and 2200),
      title text collate "vi-VN-x-icu" not null,
      description text,
      doc_number text,
      doc_date date,
      issuing_agency_id uuid references agency(id),
      status text not null default 'draft' check (status in ('draft','active','closed')),
      search_text text not null,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index plan_year_idx on plan (year desc)`.execute(db);

  await sql`
    create table plan_group (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references plan(id) on delete cascade,
      parent_id uuid references plan_group(id) on delete cascade,
      code text,
      title text collate "vi-VN-x-icu" not null,
      position integer not null default 0
    )`.execute(db);
  await sql`create index plan_group_plan_idx on plan_group (plan_id)`.execute(db);

  await sql`
    create table task (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references plan(id) on delete cascade,
      group_id uuid references plan_group(id) on delete set null,
      code text,
      title text collate "vi-VN-x-icu" not null,
      description text,
      expected_output text,
      lead_agency_id uuid not null references agency(id),
      priority text not null default 'normal' check (priority in ('low','normal','high')),
      weight numeric(6,2) not null default 1 check (weight > 0),
      start_date date,
      time_limit_value integer check (time_limit_value >= 0),
      time_limit_unit text check (time_limit_unit in ('working_day','day','month')),
      deadline date,
      progress integer not null default 0 check (progress between 0 and 100),
      completed_on date,
      result_document text,
      cancelled_at timestamptz,
      cancel_reason text,
      source_kind text,
      source_id uuid,
      search_text text not null,
      last_update_at timestamptz,
      -- Chasing bookkeeping so the nightly job never notifies twice for the same deadline.
      overdue_notified_for date,
      reminded_for date,
      stale_notified_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint task_time_limit check ((time_limit_value is null) = (time_limit_unit is null)),
      constraint task_limit_needs_start check (time_limit_value is null or start_date is not null),
      constraint task_completion check ((completed_on is null) = (progress < 100))
    )`.execute(db);
  await sql`create index task_plan_idx on task (plan_id)`.execute(db);
  await sql`create index task_lead_idx on task (lead_agency_id)`.execute(db);
  await sql`create index task_deadline_idx on task (deadline) where completed_on is null and cancelled_at is null`.execute(db);

  await sql`
    create table task_coordinator (
      task_id uuid not null references task(id) on delete cascade,
      agency_id uuid not null references agency(id),
      primary key (task_id, agency_id)
    )`.execute(db);
  await sql`create index task_coordinator_agency_idx on task_coordinator (agency_id)`.execute(db);

  await sql`
    create table task_update (
      id uuid primary key default gen_random_uuid(),
      task_id uuid not null references task(id) on delete cascade,
      reported_on date not null,
      progress integer not null check (progress between 0 and 100),
      note text not null,
      document_refs text,
      agency_id uuid references agency(id),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index task_update_task_idx on task_update (task_id, created_at desc)`.execute(db);

  await sql`
    create table task_update_file (
      task_update_id uuid not null references task_update(id) on delete cascade,
      file_id uuid not null references stored_file(id),
      primary key (task_update_id, file_id)
    )`.execute(db);

  await sql`
    create table notification (
      id bigint generated always as identity primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      kind text not null,
      title text not null,
      body text,
      link text,
      entity_type text,
      entity_id text,
      dedupe_key text not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      constraint notification_dedupe unique (user_id, dedupe_key)
    )`.execute(db);
  await sql`create index notification_user_idx on notification (user_id, created_at desc)`.execute(db);

  await sql`
    create table email_outbox (
      id bigint generated always as identity primary key,
      to_address text not null,
      subject text not null,
      body text not null,
      dedupe_key text not null unique,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      attempts integer not null default 0,
      last_error text
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'email_outbox',
    'notification',
    'task_update_file',
    'task_update',
    'task_coordinator',
    'task',
    'plan_group',
    'plan',
    'stored_file',
    'calendar_day',
    'calendar_year',
    'app_setting',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
