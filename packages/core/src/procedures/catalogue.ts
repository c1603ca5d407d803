/**
 * The administrative-procedure catalogue: import of the national list format (CSV or XLSX, names with
 * commas, quotes and line breaks), accent-insensitive search with filters, and one procedure's record.
 */
import type { Database } from '@cchc/db/schema';
import { addMonths } from '@cchc/domain/calendar/dates';
import { dossierFigures } from '@cchc/domain/procedures/dossier';
import { PROCEDURE_STATUSES } from '@cchc/domain/procedures/review';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError, notFound } from '../errors';
import { parseCsv, type RowError } from '../imports/csv';
import { readFirstSheet } from '../imports/xlsx';
import { dossierVerdictSql } from './dossier-sql';

export const CATALOGUE_COLUMNS = [
  'code',
  'name',
  'field',
  'level',
  'procedure_type',
  'decision_no',
  'issuing_agency',
  'implementing_agencies',
  'target_subjects',
  'detail_url',
] as const;

const LEVELS: Record<string, string> = {
  'cap bo': 'ministry',
  'cap tinh': 'province',
  'cap xa': 'commune',
  'cap huyen': 'district',
};

/** "Cấp bộ, Cấp tỉnh, Cấp xã" → ['ministry', 'province', 'commune']. */
export function parseLevels(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((l) => LEVELS[foldVietnamese(l)] ?? null)
        .filter((l): l is string => l !== null),
    ),
  ];
}

const ZCatalogueRow = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d+\.\d+$/, 'Mã thủ tục không đúng dạng (ví dụ 1.001234).'),
  name: z.string().trim().min(3, 'Thiếu tên thủ tục.').max(2000),
  field: z.string().trim().max(300).optional(),
  level: z.string().trim().max(200).optional(),
  procedure_type: z.string().trim().max(300).optional(),
  decision_no: z.string().trim().max(300).optional(),
  issuing_agency: z.string().trim().max(300).optional(),
  implementing_agencies: z.string().trim().max(3000).optional(),
  target_subjects: z.string().trim().max(3000).optional(),
  detail_url: z.string().trim().max(1000).optional(),
});

export interface CatalogueImportResult {
  ok: boolean;
  rows: number;
  inserted: number;
  updated: number;
  errors: RowError[];
}

function rowsFromSheet(rows: { line: number; cells: (string | number | Date | null)[] }[]) {
  const header = rows[0];
  if (!header) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  const names = header.cells.map((c) => String(c ?? '').trim());
  return rows.slice(1).map((r) => ({
    line: r.line,
    record: Object.fromEntries(
      names.map((n, i) => [n, r.cells[i] === null || r.cells[i] === undefined ? '' : String(r.cells[i])]),
    ),
  }));
}

/** Imports catalogue rows; idempotent by code; nothing is written when a row is bad. */
export async function importCatalogue(
  db: Kysely<Database>,
  actor: AuditActor,
  file: { fileName: string; content: Buffer },
): Promise<CatalogueImportResult> {
  const isXlsx = file.fileName.toLowerCase().endsWith('.xlsx');
  const records = isXlsx
    ? rowsFromSheet(await readFirstSheet(file.content))
    : parseCsv(file.content.toString('utf8'), ['code', 'name']).map((record, i) => ({ line: i + 2, record }));
  if (isXlsx && records[0] && !('code' in records[0].record && 'name' in records[0].record)) {
    throw new AppError('bad_request', 'import.missing_columns', 'Tệp thiếu cột: code, name.', { columns: 'code, name' });
  }
  const errors: RowError[] = [];
  const rows: z.infer<typeof ZCatalogueRow>[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of records) {
    const parsed = ZCatalogueRow.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row: line, column: String(issue.path[0] ?? ''), message: issue.message });
      continue;
    }
    const first = seen.get(parsed.data.code);
    if (first) {
      errors.push({ row: line, column: 'code', message: `Mã ${parsed.data.code} lặp lại (dòng ${first}).` });
      continue;
    }
    seen.set(parsed.data.code, line);
    rows.push(parsed.data);
  }
  if (errors.length) return { ok: false, rows: records.length, inserted: 0, updated: 0, errors };
  if (!rows.length) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');

  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500).map((r) => ({
        code: r.code,
        name: r.name,
        field: r.field || null,
        levels: parseLevels(r.level ?? ''),
        procedureType: r.procedure_type || null,
        decisionNo: r.decision_no || null,
        issuingAgencyName: r.issuing_agency || null,
        implementingAgenciesText: r.implementing_agencies || null,
        targetSubjects: r.target_subjects || null,
        detailUrl: r.detail_url || null,
        searchText: foldVietnamese(`${r.code} ${r.name} ${r.field ?? ''}`),
      }));
      const result = await trx
        .insertInto('procedure')
        .values(batch)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            field: eb.ref('excluded.field'),
            levels: eb.ref('excluded.levels'),
            procedureType: eb.ref('excluded.procedureType'),
            decisionNo: eb.ref('excluded.decisionNo'),
            issuingAgencyName: eb.ref('excluded.issuingAgencyName'),
            implementingAgenciesText: eb.ref('excluded.implementingAgenciesText'),
            targetSubjects: eb.ref('excluded.targetSubjects'),
            detailUrl: eb.ref('excluded.detailUrl'),
            searchText: eb.ref('excluded.searchText'),
            updatedAt: sql`now()`,
          })),
        )
        .returning(sql<boolean>`(xmax = 0)`.as('wasInserted'))
        .execute();
      for (const r of result) r.wasInserted ? inserted++ : updated++;
    }
    await recordAudit(trx, actor, {
      action: 'procedure.import_catalogue',
      entityType: 'procedure',
      entityId: null,
      after: { fileName: file.fileName, rows: rows.length, inserted, updated },
    });
    return { ok: true, rows: rows.length, inserted, updated, errors: [] };
  });
}

export const ZProcedureSearch = z.object({
  query: z.string().trim().max(200).default(''),
  field: z.string().max(300).optional(),
  level: z.enum(['ministry', 'province', 'district', 'commune']).optional(),
  status: z.enum(PROCEDURE_STATUSES).optional(),
  agencyId: z.uuid().optional(),
  limit: z.number().int().min(1).max(5000).default(500),
});

export async function searchProcedures(db: Kysely<Database>, input: z.input<typeof ZProcedureSearch>) {
  const f = ZProcedureSearch.parse(input);
  let q = db
    .selectFrom('procedure as p')
    .select(['p.id', 'p.code', 'p.name', 'p.field', 'p.levels', 'p.status', 'p.statusSince', 'p.decisionNo'])
    .orderBy('p.code')
    .limit(f.limit);
  const folded = foldVietnamese(f.query);
  if (folded) q = q.where('p.searchText', 'like', `%${escapeLike(folded)}%`);
  if (f.field) q = q.where('p.field', '=', f.field);
  if (f.level) q = q.where(sql<boolean>`${f.level} = any(p.levels)`);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.agencyId) {
    const agencyId = f.agencyId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('procedureAgency as pa')
          .select('pa.procedureId')
          .whereRef('pa.procedureId', '=', 'p.id')
          .where('pa.agencyId', '=', agencyId),
      ),
    );
  }
  const [items, total, fields] = await Promise.all([
    q.execute(),
    db
      .selectFrom('procedure')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db.selectFrom('procedure').select('field').distinct().where('field', 'is not', null).orderBy('field').execute(),
  ]);
  return { items, total: total.n, fields: fields.map((r) => r.field as string) };
}

/**
 * One procedure's record. `today` bounds the on-time rate: dossiers received in the last 12 months,
 * open ones measured today (rule and SQL twin: domain/procedures/dossier.ts, ./dossier-sql.ts).
 */
export async function getProcedure(db: Kysely<Database>, id: string, today: string) {
  const procedure = await db.selectFrom('procedure').selectAll().where('id', '=', id).executeTakeFirst();
  if (!procedure) throw notFound('thủ tục');
  const [history, agencies] = await Promise.all([
    db
      .selectFrom('procedureStatusHistory')
      .select(['status', 'effectiveDate', 'decisionNo', 'note', 'createdAt'])
      .where('procedureId', '=', id)
      .orderBy('effectiveDate')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('procedureAgency as pa')
      .innerJoin('agency as a', 'a.id', 'pa.agencyId')
      .leftJoin('procedureLastFiling as l', (j) =>
        j.onRef('l.procedureId', '=', 'pa.procedureId').onRef('l.agencyId', '=', 'pa.agencyId'),
      )
      .select(['a.id', 'a.name', 'a.code', 'l.lastFiling'])
      .where('pa.procedureId', '=', id)
      .orderBy('a.name')
      .execute(),
  ]);
  const since = addMonths(today, -12);
  const rates = await db
    .selectFrom('dossier as d')
    .select([
      'd.competentAgencyId',
      (eb) => eb.fn.countAll<number>().as('total'),
      sql<number>`count(*) filter (where ${dossierVerdictSql(today)} = 'early')`.as('early'),
      sql<number>`count(*) filter (where ${dossierVerdictSql(today)} = 'on_time')`.as('onTime'),
      sql<number>`count(*) filter (where ${dossierVerdictSql(today)} = 'late')`.as('late'),
    ])
    .where('d.procedureId', '=', id)
    .where(sql<boolean>`d.received_at >= (${since}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`)
    .groupBy('d.competentAgencyId')
    .execute();
  const rateOf = new Map(
    rates.map((r) => {
      // The dossier rule of the domain (early / on time / late), judged today.
      const f = dossierFigures({
        received: Number(r.total),
        early: Number(r.early),
        onTime: Number(r.onTime),
        late: Number(r.late),
        notYetDue: 0,
        notJudged: 0,
      });
      return [r.competentAgencyId, { total: f.received, early: f.early, onTime: f.onTime, late: f.late, onTimeRate: f.onTimeRate }];
    }),
  );
  const { searchText: _s, ...rest } = procedure;
  return {
    ...rest,
    history,
    agencies: agencies.map((a) => ({
      ...a,
      dossiers12m: rateOf.get(a.id)?.total ?? 0,
      onTimeRate12m: rateOf.get(a.id)?.onTimeRate ?? null,
    })),
    ratesSince: since,
  };
}
