/**
 * The dormancy scan: procedures, and procedure × implementing-agency pairs, with no filing in the
 * last N months. It reads only `procedure_last_filing` (one row per pair), so its cost follows the
 * number of procedures and pairs, not of dossiers. Rule: domain/procedures/dormancy.ts.
 */
import type { Database } from '@cchc/db/schema';
import { formatVietnameseDate } from '@cchc/domain/calendar/dates';
import { dormancyWindowStart } from '@cchc/domain/procedures/dormancy';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import { renderXlsx, type Table } from '@cchc/reports/table';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';

export const ZDormancyQuery = z.object({
  asOf: z.iso.date().optional(),
  months: z.number().int().min(1).max(240).default(36),
  query: z.string().trim().max(200).optional(),
  field: z.string().max(300).optional(),
  level: z.enum(['ministry', 'province', 'district', 'commune']).optional(),
  agencyId: z.uuid().optional(),
  limit: z.number().int().min(1).max(20000).default(2000),
  /** Rows before the page (the lists are paged; the total says how many there are in all). */
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type TDormancyQuery = z.input<typeof ZDormancyQuery>;
/** `all`: every row, for the scan that counts and keeps them; otherwise a page of `limit` rows for the lists. */
type Rows = { all?: boolean };

/** Dormant procedures (no filing at any agency in the window, or never) with their last filing date; `total` counts every match. */
export async function dormantProcedures(db: Kysely<Database>, query: TDormancyQuery, today: string, { all = false }: Rows = {}) {
  const q = ZDormancyQuery.parse(query);
  const start = dormancyWindowStart(q.asOf ?? today, q.months);
  let base = db
    .selectFrom('procedure as p')
    .leftJoin('procedureLastFilingAny as l', 'l.procedureId', 'p.id')
    .where('p.status', '<>', 'abolished')
    .where((eb) => eb.or([eb('l.lastFiling', 'is', null), eb('l.lastFiling', '<', start)]));
  if (q.field) base = base.where('p.field', '=', q.field);
  if (q.level) base = base.where(sql<boolean>`${q.level} = any(p.levels)`);
  const folded = foldVietnamese(q.query ?? '');
  if (folded) base = base.where('p.searchText', 'like', `%${escapeLike(folded)}%`);
  if (q.agencyId) {
    const agencyId = q.agencyId;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('procedureAgency as pa')
          .select('pa.procedureId')
          .whereRef('pa.procedureId', '=', 'p.id')
          .where('pa.agencyId', '=', agencyId),
      ),
    );
  }
  let rows = base
    .select(['p.id', 'p.code', 'p.name', 'p.field', 'p.levels', 'p.status', 'l.lastFiling'])
    .orderBy(sql`l.last_filing asc nulls last`)
    .orderBy('p.code');
  if (!all) rows = rows.limit(q.limit).offset(q.offset);
  const [items, count] = await Promise.all([
    rows.execute(),
    all ? null : base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { windowStart: start, total: count ? Number(count.n) : items.length, items };
}

/** Dormant procedure × agency pairs among the known implementing pairs; `total` counts every match. */
export async function dormantPairs(db: Kysely<Database>, query: TDormancyQuery, today: string, { all = false }: Rows = {}) {
  const q = ZDormancyQuery.parse(query);
  const start = dormancyWindowStart(q.asOf ?? today, q.months);
  let base = db
    .selectFrom('procedureAgency as pa')
    .innerJoin('procedure as p', 'p.id', 'pa.procedureId')
    .innerJoin('agency as a', 'a.id', 'pa.agencyId')
    .leftJoin('procedureLastFiling as l', (j) =>
      j.onRef('l.procedureId', '=', 'pa.procedureId').onRef('l.agencyId', '=', 'pa.agencyId'),
    )
    .where('p.status', '<>', 'abolished')
    .where((eb) => eb.or([eb('l.lastFiling', 'is', null), eb('l.lastFiling', '<', start)]));
  if (q.field) base = base.where('p.field', '=', q.field);
  if (q.level) base = base.where(sql<boolean>`${q.level} = any(p.levels)`);
  const folded = foldVietnamese(q.query ?? '');
  if (folded) base = base.where('p.searchText', 'like', `%${escapeLike(folded)}%`);
  if (q.agencyId) base = base.where('pa.agencyId', '=', q.agencyId);
  let rows = base
    .select(['p.id as procedureId', 'p.code', 'p.name', 'p.field', 'a.id as agencyId', 'a.name as agencyName', 'l.lastFiling'])
    .orderBy(sql`l.last_filing asc nulls last`)
    .orderBy('p.code')
    .orderBy('a.name');
  if (!all) rows = rows.limit(q.limit).offset(q.offset);
  const [items, count] = await Promise.all([
    rows.execute(),
    all ? null : base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { windowStart: start, total: count ? Number(count.n) : items.length, items };
}

/** The dormant list as a spreadsheet: every row the filter matches (not only the page on screen). */
export async function dormancyXlsx(
  db: Kysely<Database>,
  query: TDormancyQuery,
  view: 'procedure' | 'pair',
  today: string,
): Promise<{ fileName: string; contentBase64: string; rows: number }> {
  const never = 'Chưa từng có hồ sơ';
  const q = ZDormancyQuery.parse(query);
  const common = {
    subtitle: [
      `Không phát sinh hồ sơ trong ${q.months} tháng (từ ngày ${formatVietnameseDate(dormancyWindowStart(q.asOf ?? today, q.months))}) — xuất ngày ${formatVietnameseDate(today)}`,
      ...(q.query ? [`Tìm kiếm: ${q.query}`] : []),
    ],
  };
  let table: Table;
  if (view === 'procedure') {
    const { items } = await dormantProcedures(db, q, today, { all: true });
    table = {
      title: 'Thủ tục hành chính không phát sinh hồ sơ',
      ...common,
      columns: [
        { header: 'STT', type: 'number', width: 6 },
        { header: 'Mã thủ tục', width: 12 },
        { header: 'Tên thủ tục', width: 70 },
        { header: 'Lĩnh vực', width: 30 },
        { header: 'Hồ sơ gần nhất', width: 18 },
      ],
      rows: items.map((p, i) => [i + 1, p.code, p.name, p.field, p.lastFiling ? formatVietnameseDate(p.lastFiling) : never]),
    };
  } else {
    const { items } = await dormantPairs(db, q, today, { all: true });
    table = {
      title: 'Thủ tục hành chính không phát sinh hồ sơ theo cơ quan',
      ...common,
      columns: [
        { header: 'STT', type: 'number', width: 6 },
        { header: 'Mã thủ tục', width: 12 },
        { header: 'Tên thủ tục', width: 60 },
        { header: 'Cơ quan thực hiện', width: 34 },
        { header: 'Hồ sơ gần nhất', width: 18 },
      ],
      rows: items.map((p, i) => [i + 1, p.code, p.name, p.agencyName, p.lastFiling ? formatVietnameseDate(p.lastFiling) : never]),
    };
  }
  const body = await renderXlsx(table);
  return {
    fileName: `thu-tuc-khong-phat-sinh-ho-so-${today}.xlsx`,
    contentBase64: body.toString('base64'),
    rows: table.rows.length,
  };
}

/** Runs the scan and keeps its results (the monthly job, or "scan now"). */
export async function recordDormancyScan(db: Kysely<Database>, actor: AuditActor, input: { asOf: string; months: number }) {
  const procedures = await dormantProcedures(db, { asOf: input.asOf, months: input.months }, input.asOf, { all: true });
  const pairs = await dormantPairs(db, { asOf: input.asOf, months: input.months }, input.asOf, { all: true });
  return db.transaction().execute(async (trx) => {
    const scan = await trx
      .insertInto('dormancyScan')
      .values({
        asOf: input.asOf,
        months: input.months,
        dormantProcedures: procedures.items.length,
        dormantPairs: pairs.items.length,
        runBy: actor.userId,
      })
      .returning(['id', 'asOf', 'months', 'dormantProcedures', 'dormantPairs', 'createdAt'])
      .executeTakeFirstOrThrow();
    const results = [
      ...procedures.items.map((p) => ({ scanId: scan.id, procedureId: p.id, agencyId: null, lastFiling: p.lastFiling })),
      ...pairs.items.map((p) => ({
        scanId: scan.id,
        procedureId: p.procedureId,
        agencyId: p.agencyId,
        lastFiling: p.lastFiling,
      })),
    ];
    for (let i = 0; i < results.length; i += 1000)
      await trx
        .insertInto('dormancyResult')
        .values(results.slice(i, i + 1000))
        .execute();
    await recordAudit(trx, actor, {
      action: 'procedure.dormancy_scan',
      entityType: 'dormancy_scan',
      entityId: scan.id,
      after: scan,
    });
    return scan;
  });
}

export async function listScans(db: Kysely<Database>) {
  return db
    .selectFrom('dormancyScan')
    .select(['id', 'asOf', 'months', 'dormantProcedures', 'dormantPairs', 'createdAt'])
    .orderBy('createdAt', 'desc')
    .limit(24)
    .execute();
}
