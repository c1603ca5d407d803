/**
 * History across a split: a split unit's figures go to one of its successors, the heir — by default
 * the one that keeps the unit's code, else the first in the mapping — and the province may name
 * another per lineage row (core/org/lineage.ts). Merges and renames always carry history. Frozen.
 */
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table agency_lineage add column carries_history boolean not null default false`.execute(db);
  await sql`create unique index agency_lineage_one_heir on agency_lineage (from_agency_id) where kind = 'split' and carries_history`.execute(
    db,
  );
  await sql`
    update agency_lineage l set carries_history = true
    from (
      select distinct on (l2.from_agency_id) l2.id
      from agency_lineage l2
      join agency f on f.id = l2.from_agency_id
      join agency t on t.id = l2.to_agency_id
      where l2.kind = 'split'
      order by l2.from_agency_id, (t.code = f.code) desc, l2.id
    ) m
    where l.id = m.id`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not import app types
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists agency_lineage_one_heir`.execute(db);
  await sql`alter table agency_lineage drop column if exists carries_history`.execute(db);
}
