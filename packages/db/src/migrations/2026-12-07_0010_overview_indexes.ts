/**
 * What the province overview needs to be served fast and never stale: indexes for its range reads, and
 * a data version per table — a counter that every write statement on a table bumps in its own
 * transaction, so a figure cached under a version is known to be current while the version is unchanged.
 * Each backend bumps its own row (table, backend pid): writers never wait on one another for it, and
 * the sum only grows, becoming visible exactly when the write commits.
 */
import { type Kysely, sql } from 'kysely';

/** Tables whose writes change figures that are cached (the overview's inputs). */
const VERSIONED_TABLES = [
  'agency',
  'agency_lineage',
  'plan',
  'task',
  'meeting_session',
  'session_invitation',
  'feedback',
  'feedback_rollup',
  'feedback_rollup_open',
  'feedback_rollup_days',
  'procedure_review',
  'dormancy_scan',
  'report_submission',
  'score_scheme',
  'score_run',
  'score_result',
];

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  // Range reads of the half-month rollups by bucket for every agency (quarter figures, 12-month trends).
  await sql`create index feedback_rollup_bucket_idx on feedback_rollup (bucket)`.execute(db);
  await sql`create index feedback_rollup_open_bucket_idx on feedback_rollup_open (bucket)`.execute(db);
  await sql`create index feedback_rollup_days_bucket_idx on feedback_rollup_days (bucket)`.execute(db);
  // Score inputs read every task, review and submission due in a period, whatever its state.
  await sql`create index procedure_review_due_idx on procedure_review (propose_due)`.execute(db);
  await sql`create index report_submission_due_all_idx on report_submission (due_date)`.execute(db);
  await sql`create index procedure_review_status_idx on procedure_review (status)`.execute(db);
  await sql`create index score_run_done_idx on score_run (period_to desc, finished_at desc) where status = 'done'`.execute(db);
  // Tasks due in a period (score inputs), and the task table's default order, paged.
  await sql`create index task_deadline_id_idx on task (deadline, id)`.execute(db);

  await sql`
    create table data_version (
      table_name text not null,
      backend_pid integer not null,
      version bigint not null,
      primary key (table_name, backend_pid)
    )`.execute(db);
  await sql`
    create function bump_data_version() returns trigger language plpgsql as $$
    begin
      insert into data_version (table_name, backend_pid, version) values (tg_table_name, pg_backend_pid(), 1)
      on conflict (table_name, backend_pid) do update set version = data_version.version + 1;
      return null;
    end $$`.execute(db);
  for (const table of VERSIONED_TABLES) {
    await sql`create trigger ${sql.id(`${table}_data_version`)} after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_data_version()`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of VERSIONED_TABLES) {
    await sql`drop trigger if exists ${sql.id(`${table}_data_version`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists bump_data_version()`.execute(db);
  await sql`drop table if exists data_version`.execute(db);
  for (const index of [
    'task_deadline_id_idx',
    'score_run_done_idx',
    'procedure_review_status_idx',
    'report_submission_due_all_idx',
    'procedure_review_due_idx',
    'feedback_rollup_days_bucket_idx',
    'feedback_rollup_open_bucket_idx',
    'feedback_rollup_bucket_idx',
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
}
