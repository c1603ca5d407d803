/**
 * Citizens' and businesses' challenges to a procedure under review (issue 19): sent from the public
 * register, routed to the reviewing agency with an answer due in working days, answered and published.
 * The contact, if given, is personal data and never published; the sender's address is kept only as a
 * keyed hash, for the rate limit.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table procedure_challenge (
      id uuid primary key default gen_random_uuid(),
      number integer generated always as identity unique,
      review_id uuid not null references procedure_review(id),
      procedure_id uuid not null references procedure(id),
      agency_id uuid not null references agency(id),
      kind text not null check (kind in ('unnecessary', 'simplify')),
      content text not null,
      contact text,
      address_hash text not null,
      received_at timestamptz not null default now(),
      received_on date not null,
      answer_due date not null,
      status text not null default 'open' check (status in ('open', 'answered')),
      answer_text text,
      answered_at timestamptz,
      answered_by uuid references app_user(id)
    )
  `.execute(db);
  await sql`create index procedure_challenge_address_idx on procedure_challenge (address_hash, received_at)`.execute(db);
  await sql`create index procedure_challenge_agency_idx on procedure_challenge (agency_id, status, answer_due)`.execute(db);
  await sql`create index procedure_challenge_review_idx on procedure_challenge (review_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists procedure_challenge`.execute(db);
}
