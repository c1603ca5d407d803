/** Agency compliance scores: versioned schemes, computation runs with progress, results per agency × run. Frozen. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table score_scheme (
      id uuid primary key default gen_random_uuid(),
      version integer not null unique,
      name text not null,
      effective_from date not null,
      components jsonb not null,
      groups jsonb not null,
      note text,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table score_run (
      id uuid primary key default gen_random_uuid(),
      period_kind text not null check (period_kind in ('month','quarter','half_year','nine_months','year','custom')),
      period_from date not null,
      period_to date not null check (period_to >= period_from),
      scheme_id uuid not null references score_scheme(id),
      measure date,
      status text not null check (status in ('queued','running','done','failed')),
      phase text,
      agencies_total integer not null default 0,
      agencies_done integer not null default 0,
      error text,
      trigger text not null default 'manual' check (trigger in ('manual','schedule')),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`create index score_run_period_idx on score_run (period_from, period_to, created_at desc)`.execute(db);

  await sql`
    create table score_result (
      run_id uuid not null references score_run(id) on delete cascade,
      agency_id uuid not null references agency(id),
      peer_group text not null,
      total numeric(5,1),
      earned numeric(7,2) not null,
      available numeric(7,2) not null,
      grade text,
      rank integer,
      components jsonb not null,
      primary key (run_id, agency_id)
    )`.execute(db);
  await sql`create index score_result_agency_idx on score_result (agency_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['score_result', 'score_run', 'score_scheme']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
