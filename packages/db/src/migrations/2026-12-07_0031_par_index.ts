/**
 * The annual PAR Index (issue 18): criteria trees per kind of agency, versioned; a year's assessment per
 * agency with its steps; the agency's entries per leaf with their evidence, the council's adjustments and the
 * agency's contest; survey results imported per agency. Computed figures are frozen into the assessment at
 * submission, the score at publication. Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table par_scheme (
      id uuid primary key default gen_random_uuid(),
      target_kind text not null check (target_kind in ('department', 'commune')),
      version int not null,
      name text not null,
      tree jsonb not null,
      note text,
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      unique (target_kind, version)
    )`.execute(db);
  await sql`
    create table par_year (
      id uuid primary key default gen_random_uuid(),
      year int not null check (year between 2000 and 2100),
      target_kind text not null check (target_kind in ('department', 'commune')),
      scheme_id uuid not null references par_scheme (id),
      self_due date not null,
      contest_working_days int not null default 5 check (contest_working_days between 1 and 60),
      opened_by uuid references app_user (id),
      opened_at timestamptz not null default now(),
      published_at timestamptz,
      unique (year, target_kind)
    )`.execute(db);
  await sql`
    create table par_assessment (
      id uuid primary key default gen_random_uuid(),
      year_id uuid not null references par_year (id) on delete cascade,
      agency_id uuid not null references agency (id),
      state text not null default 'self_assessing'
        check (state in ('self_assessing', 'submitted', 'appraised', 'contested', 'decided', 'published')),
      computed jsonb,
      submitted_at timestamptz,
      submitted_by uuid references app_user (id),
      appraised_at timestamptz,
      contest_due date,
      contested_at timestamptz,
      decided_at timestamptz,
      result jsonb,
      index numeric(5, 1),
      grade text,
      rank int,
      published_at timestamptz,
      unique (year_id, agency_id)
    )`.execute(db);
  await sql`create index par_assessment_agency on par_assessment (agency_id)`.execute(db);
  await sql`
    create table par_entry (
      assessment_id uuid not null references par_assessment (id) on delete cascade,
      leaf_code text not null,
      input jsonb,
      evidence_file_ids uuid[] not null default '{}',
      adjustment_points numeric(6, 2),
      adjustment_reason text,
      contest_text text,
      decision_reason text,
      updated_by uuid references app_user (id),
      updated_at timestamptz not null default now(),
      primary key (assessment_id, leaf_code)
    )`.execute(db);
  await sql`
    create table par_survey (
      year_id uuid not null references par_year (id) on delete cascade,
      agency_id uuid not null references agency (id),
      leaf_code text not null,
      score numeric(5, 2) not null check (score between 0 and 100),
      imported_by uuid references app_user (id),
      imported_at timestamptz not null default now(),
      primary key (year_id, agency_id, leaf_code)
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['par_survey', 'par_entry', 'par_assessment', 'par_year', 'par_scheme'])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}
