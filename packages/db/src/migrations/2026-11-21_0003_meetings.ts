/** Working groups, their numbered sessions with sites, invitations and attendance, conclusions, documents. Frozen. */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table working_group (
      id uuid primary key default gen_random_uuid(),
      name text collate "vi-VN-x-icu" not null,
      description text,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table meeting_session (
      id uuid primary key default gen_random_uuid(),
      group_id uuid not null references working_group(id),
      number integer not null check (number > 0),
      title text collate "vi-VN-x-icu" not null,
      starts_at timestamptz not null,
      ends_at timestamptz,
      mode text not null check (mode in ('in_person','online','hybrid')),
      chair text,
      agenda text,
      minutes text,
      status text not null default 'scheduled' check (status in ('scheduled','held','cancelled')),
      finalised_at timestamptz,
      finalised_by uuid references app_user(id),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint meeting_session_number unique (group_id, number),
      constraint meeting_session_times check (ends_at is null or ends_at > starts_at)
    )`.execute(db);
  await sql`create index meeting_session_starts_idx on meeting_session (starts_at desc)`.execute(db);

  await sql`
    create table session_site (
      id uuid primary key default gen_random_uuid(),
      session_id uuid not null references meeting_session(id) on delete cascade,
      name text not null,
      host_agency_id uuid references agency(id),
      position integer not null default 0
    )`.execute(db);

  await sql`
    create table session_invitation (
      session_id uuid not null references meeting_session(id) on delete cascade,
      agency_id uuid not null references agency(id),
      expected_level text not null default 'head' check (expected_level in ('head','deputy_allowed')),
      mark text check (mark in ('present_head','present_deputy','present_delegate','absent_excused','absent_unexcused')),
      delegate_name text,
      delegate_position text,
      absence_reason text,
      absence_document text,
      late_minutes integer check (late_minutes between 0 and 600),
      site_id uuid references session_site(id) on delete set null,
      marked_at timestamptz,
      marked_by uuid references app_user(id),
      primary key (session_id, agency_id),
      constraint invitation_delegate check (mark is distinct from 'present_delegate' or delegate_name is not null),
      constraint invitation_excuse check (mark is distinct from 'absent_excused' or absence_reason is not null)
    )`.execute(db);
  await sql`create index session_invitation_agency_idx on session_invitation (agency_id)`.execute(db);

  await sql`
    create table session_conclusion (
      id uuid primary key default gen_random_uuid(),
      session_id uuid not null references meeting_session(id) on delete cascade,
      position integer not null,
      content text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index session_conclusion_session_idx on session_conclusion (session_id, position)`.execute(db);
  await sql`create index task_source_idx on task (source_kind, source_id)`.execute(db);

  await sql`
    create table session_file (
      session_id uuid not null references meeting_session(id) on delete cascade,
      file_id uuid not null references stored_file(id),
      primary key (session_id, file_id)
    )`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists task_source_idx`.execute(db);
  for (const table of [
    'session_file',
    'session_conclusion',
    'session_invitation',
    'session_site',
    'meeting_session',
    'working_group',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
