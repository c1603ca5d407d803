/** Feedback (PAKN): items, status history, time-limit rules, import mapping profiles, half-month rollups. Frozen. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  /** The half-month bucket of a date (the 1st or the 15th): months and 15th→14th periods are unions of them. */
  await sql`
    create function feedback_bucket(d date) returns date language sql immutable parallel safe as $$
      select case when extract(day from d) < 15 then date_trunc('month', d)::date else date_trunc('month', d)::date + 14 end
    $$`.execute(db);

  await sql`
    create table feedback (
      id uuid primary key default gen_random_uuid(),
      number integer generated always as identity unique,
      external_id text unique,
      received_at timestamptz not null,
      received_on date not null,
      channel text not null check (channel in ('national_portal','provincial_portal','hotline','letter','email','in_person')),
      submitter_type text not null check (submitter_type in ('citizen','business')),
      submitter_name text not null,
      submitter_contact text,
      subject text not null,
      content text not null,
      classification text check (classification in ('regulation','conduct')),
      field text,
      competent_agency_id uuid references agency(id),
      status text not null check (status in ('received','classified','assigned','forwarded','info_requested','answered','published','refused','returned')),
      clock_start date not null,
      refuse_due date not null,
      info_due date not null,
      answer_due date not null,
      publish_due date,
      due_source text not null default 'computed' check (due_source in ('computed','source')),
      answer_text text,
      answered_at timestamptz,
      answered_on date,
      answer_working_days integer,
      published_at timestamptz,
      satisfaction text not null default 'not_rated' check (satisfaction in ('satisfied','unsatisfied','not_rated')),
      recomplaint boolean not null default false,
      reminded_on date,
      overdue_notified_on date,
      search_text text not null,
      import_run_id uuid references import_run(id),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((answered_at is null) = (answered_on is null))
    )`.execute(db);
  await sql`create index feedback_agency_received_idx on feedback (competent_agency_id, received_on)`.execute(db);
  await sql`create index feedback_received_idx on feedback (received_on)`.execute(db);
  await sql`create index feedback_status_idx on feedback (status)`.execute(db);
  // The nightly chase reads only items the agency still holds.
  await sql`create index feedback_open_due_idx on feedback (answer_due) where status in ('assigned','forwarded','info_requested')`.execute(
    db,
  );

  await sql`
    create table feedback_event (
      id bigint generated always as identity primary key,
      feedback_id uuid not null references feedback(id) on delete cascade,
      action text not null,
      from_status text,
      to_status text not null,
      from_agency_id uuid references agency(id),
      to_agency_id uuid references agency(id),
      note text,
      import_run_id uuid references import_run(id),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index feedback_event_item_idx on feedback_event (feedback_id, id)`.execute(db);

  /** Time limits in working days: agency and channel empty = the province's default. */
  await sql`
    create table feedback_limit (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid references agency(id),
      channel text check (channel in ('national_portal','provincial_portal','hotline','letter','email','in_person')),
      refuse_days integer not null check (refuse_days between 0 and 365),
      info_days integer not null check (info_days between 0 and 365),
      answer_days integer not null check (answer_days between 1 and 365),
      publish_days integer not null check (publish_days between 0 and 365),
      updated_by uuid references app_user(id),
      updated_at timestamptz not null default now(),
      unique nulls not distinct (agency_id, channel)
    )`.execute(db);

  await sql`
    create table feedback_import_profile (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      mapping jsonb not null,
      created_by uuid references app_user(id),
      updated_at timestamptz not null default now()
    )`.execute(db);

  /** Counts per competent agency × half-month of first receipt; maintained in the transaction of every write. */
  await sql`
    create table feedback_rollup (
      agency_id uuid not null references agency(id),
      bucket date not null check (extract(day from bucket) in (1, 15)),
      received integer not null,
      within_competence integer not null,
      answered integer not null,
      answered_on_time integer not null,
      answered_late integer not null,
      not_satisfied integer not null,
      regulation integer not null,
      conduct integer not null,
      primary key (agency_id, bucket)
    )`.execute(db);
  /** Open items within competence by due date: whether they are on time depends on the measure date. */
  await sql`
    create table feedback_rollup_open (
      agency_id uuid not null references agency(id),
      bucket date not null,
      answer_due date not null,
      items integer not null,
      primary key (agency_id, bucket, answer_due)
    )`.execute(db);
  /** Answered items by working days to answer (medians and percentiles without the raw items). */
  await sql`
    create table feedback_rollup_days (
      agency_id uuid not null references agency(id),
      bucket date not null,
      days integer not null,
      items integer not null,
      primary key (agency_id, bucket, days)
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'feedback_rollup_days',
    'feedback_rollup_open',
    'feedback_rollup',
    'feedback_import_profile',
    'feedback_limit',
    'feedback_event',
    'feedback',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists feedback_bucket(date)`.execute(db);
}
