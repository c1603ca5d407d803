/** Procedure catalogue with status history, dossiers (staging + merged), monthly rollups, last filings, dormancy scans, reviews. Frozen. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  // Casts that return null instead of failing, so validation can report every bad row at once.
  // plpgsql without EXCEPTION blocks: an exception clause opens a subtransaction per call, and SQL
  // functions with sub-selects are not inlined — both cost milliseconds per row on large files.
  await sql`
    create function valid_ymd(y int, m int, d int) returns boolean language plpgsql immutable as $$
    begin
      if y < 1900 or y > 2200 or m < 1 or m > 12 or d < 1 then return false; end if;
      return d <= extract(day from make_date(y, m, 1) + interval '1 month - 1 day')::int;
    end $$`.execute(db);
  await sql`
    create function try_date(value text) returns date language plpgsql immutable as $$
    declare p text[];
    begin
      if value ~ '^\\d{1,2}/\\d{1,2}/\\d{4}$' then
        p := string_to_array(value, '/');
        if valid_ymd(p[3]::int, p[2]::int, p[1]::int) then return make_date(p[3]::int, p[2]::int, p[1]::int); end if;
      elsif value ~ '^\\d{4}-\\d{2}-\\d{2}$' then
        p := string_to_array(value, '-');
        if valid_ymd(p[1]::int, p[2]::int, p[3]::int) then return make_date(p[1]::int, p[2]::int, p[3]::int); end if;
      end if;
      return null;
    end $$`.execute(db);
  /** A wall-clock time in Vietnam ('dd/MM/yyyy[ HH:mm[:ss]]' or 'yyyy-MM-dd[ HH:mm[:ss]]'), or an ISO instant with an offset. */
  await sql`
    create function try_vn_timestamp(value text) returns timestamptz language plpgsql immutable as $$
    declare d date; t text[]; parts text[];
    begin
      if value ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})$' then
        if try_date(left(value, 10)) is null or substr(value, 12, 2)::int > 23 or substr(value, 15, 2)::int > 59 then return null; end if;
        return value::timestamptz;
      end if;
      if value !~ '^(\\d{1,2}/\\d{1,2}/\\d{4}|\\d{4}-\\d{2}-\\d{2})([ T]\\d{1,2}:\\d{2}(:\\d{2})?)?$' then return null; end if;
      parts := regexp_split_to_array(value, '[ T]');
      d := try_date(parts[1]);
      if d is null then return null; end if;
      if array_length(parts, 1) = 1 then return d::timestamp at time zone 'Asia/Ho_Chi_Minh'; end if;
      t := string_to_array(parts[2], ':');
      if t[1]::int > 23 or t[2]::int > 59 or coalesce(t[3], '0')::int > 59 then return null; end if;
      return (d + make_interval(hours => t[1]::int, mins => t[2]::int, secs => coalesce(t[3], '0')::int))::timestamp at time zone 'Asia/Ho_Chi_Minh';
    end $$`.execute(db);
  await sql`
    create function try_int(value text) returns integer language plpgsql immutable as $$
    begin
      if value is null or value = '' then return 0; end if;
      if value ~ '^-?\\d{1,9}$' then return value::int; end if;
      return null;
    end $$`.execute(db);

  await sql`
    create table procedure (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text collate "vi-VN-x-icu" not null,
      field text collate "vi-VN-x-icu",
      levels text[] not null default '{}',
      procedure_type text,
      decision_no text,
      issuing_agency_name text,
      implementing_agencies_text text,
      target_subjects text,
      detail_url text,
      time_limit_value integer,
      time_limit_unit text check (time_limit_unit in ('working_day','day','hour','month')),
      online_level text check (online_level in ('full','partial','none')),
      status text not null default 'active' check (status in ('active','simplified','abolished')),
      status_since date,
      search_text text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index procedure_field_idx on procedure (field)`.execute(db);

  await sql`
    create table procedure_status_history (
      id bigint generated always as identity primary key,
      procedure_id uuid not null references procedure(id) on delete cascade,
      status text not null,
      effective_date date not null,
      decision_no text,
      note text,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);

  /** Implementing agencies of a procedure; also learnt from filings. */
  await sql`
    create table procedure_agency (
      procedure_id uuid not null references procedure(id) on delete cascade,
      agency_id uuid not null references agency(id),
      primary key (procedure_id, agency_id)
    )`.execute(db);
  await sql`create index procedure_agency_agency_idx on procedure_agency (agency_id)`.execute(db);

  await sql`
    create table dossier (
      id bigint generated always as identity primary key,
      source_id text not null unique,
      procedure_id uuid not null references procedure(id),
      receiving_agency_id uuid references agency(id),
      competent_agency_id uuid not null references agency(id),
      received_at timestamptz not null,
      appointment_date date not null,
      finished_at timestamptz,
      channel text not null check (channel in ('direct','online','postal')),
      status text not null,
      supplement_requests integer not null default 0,
      supplement_days integer not null default 0,
      import_run_id uuid references import_run(id),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index dossier_proc_agency_idx on dossier (procedure_id, competent_agency_id, received_at)`.execute(db);

  /** Monthly filings per procedure × competent agency, from dossiers or from agencies' own monthly counts. */
  await sql`
    create table filing_monthly (
      procedure_id uuid not null references procedure(id) on delete cascade,
      agency_id uuid not null references agency(id),
      month date not null check (extract(day from month) = 1),
      source text not null check (source in ('dossiers','counts')),
      received integer not null default 0,
      -- Finished dossiers judged on time / late (period-independent); counts imports leave these 0.
      finished_on_time integer not null default 0,
      finished_late integer not null default 0,
      primary key (procedure_id, agency_id, month, source)
    )`.execute(db);

  /** Last filing per procedure × agency, maintained on import: the dormancy scan reads only this. */
  await sql`
    create table procedure_last_filing (
      procedure_id uuid not null references procedure(id) on delete cascade,
      agency_id uuid not null references agency(id),
      last_filing date not null,
      primary key (procedure_id, agency_id)
    )`.execute(db);

  await sql`
    create table dormancy_scan (
      id uuid primary key default gen_random_uuid(),
      as_of date not null,
      months integer not null check (months between 1 and 240),
      dormant_procedures integer not null,
      dormant_pairs integer not null,
      run_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table dormancy_result (
      scan_id uuid not null references dormancy_scan(id) on delete cascade,
      procedure_id uuid not null references procedure(id) on delete cascade,
      agency_id uuid references agency(id),
      last_filing date
    )`.execute(db);
  await sql`create index dormancy_result_scan_idx on dormancy_result (scan_id, procedure_id)`.execute(db);

  await sql`
    create table procedure_review (
      id uuid primary key default gen_random_uuid(),
      procedure_id uuid not null references procedure(id) on delete cascade,
      agency_id uuid not null references agency(id),
      last_filing date,
      status text not null default 'open' check (status in ('open','proposed','approved','rejected')),
      proposal text check (proposal in ('keep','simplify','abolish','propose_competent')),
      justification text,
      propose_due date not null,
      decide_due date,
      proposed_at timestamptz,
      proposed_by uuid references app_user(id),
      decided_at timestamptz,
      decided_by uuid references app_user(id),
      decision_no text,
      decision_date date,
      decision_note text,
      opened_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index procedure_review_proc_idx on procedure_review (procedure_id)`.execute(db);
  await sql`create index procedure_review_agency_idx on procedure_review (agency_id, status)`.execute(db);
  // One review under way per procedure × agency (a rejected one waits for a new proposal).
  await sql`create unique index procedure_review_live_idx on procedure_review (procedure_id, agency_id)
    where status in ('open','proposed','rejected')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'procedure_review',
    'dormancy_result',
    'dormancy_scan',
    'procedure_last_filing',
    'filing_monthly',
    'dossier',
    'procedure_agency',
    'procedure_status_history',
    'procedure',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists try_int(text)`.execute(db);
  await sql`drop function if exists try_vn_timestamp(text)`.execute(db);
  await sql`drop function if exists try_date(text)`.execute(db);
  await sql`drop function if exists valid_ymd(int, int, int)`.execute(db);
}
