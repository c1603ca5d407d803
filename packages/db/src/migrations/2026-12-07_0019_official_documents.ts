/**
 * Reports as official documents (issue 16): the Word file beside the PDF and XLSX; on finalising, the
 * number (số) from the register of outgoing documents (one series per issuing agency and year), the date
 * of issue and the PDF/DOCX carrying them; the signed PDF uploaded back, with what its verification
 * found. Each of these is written once: the trigger refuses to change them afterwards. Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table document_register (
      id uuid primary key default gen_random_uuid(),
      issuer_agency_id uuid not null references agency(id),
      year integer not null check (year between 2000 and 2100),
      number integer not null check (number between 1 and 999999),
      symbol text not null check (length(symbol) between 1 and 60),
      subject text not null,
      issued_on date not null,
      entity_type text not null,
      entity_id uuid not null,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      unique (issuer_agency_id, year, number),
      unique (entity_type, entity_id)
    )`.execute(db);

  await sql`
    alter table report
      add column docx bytea,
      add column register_id uuid references document_register(id),
      add column official_pdf bytea,
      add column official_docx bytea,
      add column signed_pdf bytea,
      add column signature jsonb,
      add column signed_at timestamptz,
      add column signed_by uuid references app_user(id)`.execute(db);

  await sql`
    create or replace function report_frozen() returns trigger language plpgsql as $$
    begin
      if old.status in ('ready', 'finalised') and (new.snapshot is distinct from old.snapshot
          or new.xlsx is distinct from old.xlsx or new.pdf is distinct from old.pdf
          or new.docx is distinct from old.docx
          or (new.status <> old.status and not (old.status = 'ready' and new.status = 'finalised'))) then
        raise exception 'report % is frozen', old.id;
      end if;
      if old.register_id is not null and (new.register_id is distinct from old.register_id
          or new.official_pdf is distinct from old.official_pdf or new.official_docx is distinct from old.official_docx) then
        raise exception 'report % is issued', old.id;
      end if;
      if old.signed_pdf is not null and (new.signed_pdf is distinct from old.signed_pdf
          or new.signature is distinct from old.signature or new.signed_at is distinct from old.signed_at) then
        raise exception 'report % is signed', old.id;
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
          or new.xlsx is distinct from old.xlsx or new.pdf is distinct from old.pdf
          or (new.status <> old.status and not (old.status = 'ready' and new.status = 'finalised'))) then
        raise exception 'report % is frozen', old.id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    alter table report
      drop column if exists docx, drop column if exists register_id, drop column if exists official_pdf,
      drop column if exists official_docx, drop column if exists signed_pdf, drop column if exists signature,
      drop column if exists signed_at, drop column if exists signed_by`.execute(db);
  await sql`drop table if exists document_register`.execute(db);
}
