/**
 * Migrations 0004 and 0007 were edited after some databases had applied them, so those databases
 * never got the later parts. This migration carries those parts, idempotently: a database migrated
 * before the edits is repaired, one migrated after is left as it is.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  /** Last filing per procedure at any agency: the procedure-level scan reads one row per procedure. */
  await sql`
    create table if not exists procedure_last_filing_any (
      procedure_id uuid primary key references procedure(id) on delete cascade,
      last_filing date not null
    )`.execute(db);
  await sql`
    insert into procedure_last_filing_any (procedure_id, last_filing)
    select procedure_id, max(last_filing) from procedure_last_filing group by procedure_id
    on conflict (procedure_id) do update set last_filing = greatest(procedure_last_filing_any.last_filing, excluded.last_filing)`.execute(
    db,
  );

  // A ready report may only move to finalised; its status is frozen with its snapshot and files.
  await sql`
    create or replace function report_frozen() returns trigger language plpgsql as $$
    begin
      if old.status in ('ready', 'finalised') and (new.snapshot is distinct from old.snapshot
          or new.xlsx is distinct from old.xlsx or new.pdf is distinct from old.pdf
          or (new.status <> old.status and not (old.status = 'ready' and new.status = 'finalised'))) then
        raise exception 'report % is frozen', old.id;
      end if;
      return new;
    end $$`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function report_frozen() returns trigger language plpgsql as $$
    begin
      if old.status in ('ready', 'finalised') and (new.snapshot is distinct from old.snapshot
          or new.xlsx is distinct from old.xlsx or new.pdf is distinct from old.pdf) then
        raise exception 'report % is frozen', old.id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`drop table if exists procedure_last_filing_any`.execute(db);
}
