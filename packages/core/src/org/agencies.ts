/** The agency tree: browse children, search accent-insensitively, read one agency with its lineage. */
import type { Database } from '@cchc/db/schema';
import { AGENCY_KINDS } from '@cchc/domain/agency';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { notFound } from '../errors';

const agencyColumns = [
  'a.id',
  'a.code',
  'a.name',
  'a.fullName',
  'a.nameEn',
  'a.kind',
  'a.parentId',
  'a.validFrom',
  'a.validTo',
] as const;

export const ZAgencyChildren = z.object({
  parentId: z.uuid().nullable(),
  /** 'YYYY-MM-DD': only agencies valid on that day; omitted = all, past ones included. */
  validOn: z.iso.date().optional(),
});

export async function listAgencyChildren(db: Kysely<Database>, input: z.infer<typeof ZAgencyChildren>) {
  let q = db
    .selectFrom('agency as a')
    .select([...agencyColumns, sql<number>`(select count(*) from agency c where c.parent_id = a.id)`.as('childCount')])
    .orderBy(
      sql`case a.kind when 'province' then 0 when 'department' then 1 when 'district' then 2 when 'commune' then 3 else 4 end`,
    )
    .orderBy('a.name')
    .orderBy('a.code');
  q = input.parentId === null ? q.where('a.parentId', 'is', null) : q.where('a.parentId', '=', input.parentId);
  if (input.validOn) q = whereValidOn(q, input.validOn);
  return q.execute();
}

export const ZAgencySearch = z.object({
  query: z.string().trim().max(100).default(''),
  kinds: z.array(z.enum(AGENCY_KINDS)).max(AGENCY_KINDS.length).optional(),
  validOn: z.iso.date().optional(),
  limit: z.number().int().min(1).max(100).default(30),
});

// biome-ignore lint/suspicious/noExplicitAny: generic over the query builder's shape
function whereValidOn<Q extends { where: (...args: any[]) => Q }>(q: Q, date: string): Q {
  return q
    .where(sql<boolean>`(a.valid_from is null or a.valid_from <= ${date}::date)`)
    .where(sql<boolean>`(a.valid_to is null or a.valid_to >= ${date}::date)`);
}

export async function searchAgencies(db: Kysely<Database>, input: z.infer<typeof ZAgencySearch>) {
  const folded = foldVietnamese(input.query);
  let q = db
    .selectFrom('agency as a')
    .leftJoin('agency as p', 'p.id', 'a.parentId')
    .select([...agencyColumns, 'p.name as parentName'])
    .limit(input.limit);
  if (folded) {
    const pattern = `%${escapeLike(folded)}%`;
    q = q
      .where((eb) => eb.or([eb('a.searchText', 'like', pattern), eb('a.code', '=', input.query.trim())]))
      // Exact and prefix matches first, then broader units before narrower ones.
      .orderBy(
        sql`case when a.search_text = ${folded} then 0 when a.search_text like ${`${escapeLike(folded)}%`} then 1 else 2 end`,
      );
  }
  if (input.kinds?.length) q = q.where('a.kind', 'in', input.kinds);
  if (input.validOn) q = whereValidOn(q, input.validOn);
  return q
    .orderBy(
      sql`case a.kind when 'province' then 0 when 'department' then 1 when 'district' then 2 when 'commune' then 3 else 4 end`,
    )
    .orderBy('a.name')
    .execute();
}

export async function getAgency(db: Kysely<Database>, id: string) {
  const agency = await db
    .selectFrom('agency as a')
    .leftJoin('agency as p', 'p.id', 'a.parentId')
    .select([...agencyColumns, 'p.name as parentName'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!agency) throw notFound('cơ quan');
  const lineage = await db
    .selectFrom('agencyLineage as l')
    .innerJoin('agency as f', 'f.id', 'l.fromAgencyId')
    .leftJoin('agency as t', 't.id', 'l.toAgencyId')
    .select([
      'l.id',
      'l.kind',
      'l.effectiveDate',
      'l.fromAgencyId',
      'f.fullName as fromName',
      'l.toAgencyId',
      't.fullName as toName',
      'l.carriesHistory',
    ])
    .where((eb) => eb.or([eb('l.fromAgencyId', '=', id), eb('l.toAgencyId', '=', id)]))
    .orderBy('l.effectiveDate')
    .orderBy('f.name')
    .execute();
  const ancestors = await sql<{ id: string; name: string; depth: number }>`
    with recursive up(id, parent_id, name, depth) as (
      select id, parent_id, name, 0 from agency where id = ${id}
      union all
      select a.id, a.parent_id, a.name, up.depth + 1 from agency a join up on a.id = up.parent_id
    )
    select id, name, depth from up where depth > 0 order by depth desc`.execute(db);
  return { ...agency, lineage, ancestors: ancestors.rows };
}
