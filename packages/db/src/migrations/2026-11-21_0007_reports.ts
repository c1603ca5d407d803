/** Reporting regimes, generated reports (versions, frozen snapshot, rendered files), agencies' submissions. Frozen. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  // The scheduled score run of a period is queued once, however many workers run the schedule.
  await sql`create unique index score_run_schedule_once on score_run (period_from, period_to) where trigger = 'schedule'`.execute(
    db,
  );
  await sql`
    create table report_regime (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      content text,
      rules jsonb not null,
      reporting jsonb not null,
      receiving_agency_id uuid not null references agency(id),
      outline jsonb not null,
      data_tables jsonb not null,
      active boolean not null default true,
      updated_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table report (
      id uuid primary key default gen_random_uuid(),
      regime_id uuid not null references report_regime(id),
      period_key text not null,
      period_from date not null,
      period_to date not null,
      scope_agency_id uuid not null references agency(id),
      version integer not null check (version >= 1),
      status text not null check (status in ('generating','ready','failed','finalised')),
      phase text,
      progress integer not null default 0 check (progress between 0 and 100),
      snapshot jsonb,
      xlsx bytea,
      pdf bytea,
      error text,
      trigger text not null default 'manual' check (trigger in ('manual','schedule')),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      generated_at timestamptz,
      finalised_at timestamptz,
      finalised_by uuid references app_user(id),
      unique (regime_id, period_key, scope_agency_id, version)
    )`.execute(db);
  // A frozen report never changes: only the status may move from ready to finalised.
  await sql`
    create function report_frozen() returns trigger language plpgsql as $$
    begin
      if old.status in ('ready', 'finalised') and (new.snapshot is distinct from old.snapshot
          or new.xlsx is distinct from old.xlsx or new.pdf is distinct from old.pdf) then
        raise exception 'report % is frozen', old.id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger report_frozen before update on report for each row execute function report_frozen()`.execute(db);

  await sql`
    create table report_submission (
      id uuid primary key default gen_random_uuid(),
      regime_id uuid not null references report_regime(id),
      period_key text not null,
      period_from date not null,
      period_to date not null,
      agency_id uuid not null references agency(id),
      due_date date not null,
      status text not null default 'draft' check (status in ('draft','submitted','returned','accepted')),
      sections jsonb not null default '{}',
      figures jsonb,
      submitted_at timestamptz,
      submitted_by uuid references app_user(id),
      returned_reason text,
      reminded_on date,
      overdue_notified_on date,
      updated_at timestamptz not null default now(),
      unique (regime_id, period_key, agency_id)
    )`.execute(db);
  await sql`create index report_submission_due_idx on report_submission (due_date) where status in ('draft','returned')`.execute(
    db,
  );

  await sql`
    create table report_submission_event (
      id bigint generated always as identity primary key,
      submission_id uuid not null references report_submission(id) on delete cascade,
      action text not null,
      note text,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_submission_event', 'report_submission', 'report', 'report_regime']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists report_frozen()`.execute(db);
  await sql`drop index if exists score_run_schedule_once`.execute(db);
}
