/**
 * The administrative-procedure catalogue: import of the national list format (CSV or XLSX, names with
 * commas, quotes and line breaks), accent-insensitive search with filters, and one procedure's record.
 */
import type { Database } from '@cchc/db/schema';
import { addMonths } from '@cchc/domain/calendar/dates';
import { type BadRowPolicy, CATALOGUE_IMPORT_COLUMNS, MAX_KEPT_ERRORS, splitMultiValue } from '@cchc/domain/imports';
import { dossierFigures } from '@cchc/domain/procedures/dossier';
import { PROCEDURE_STATUSES } from '@cchc/domain/procedures/review';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError, notFound } from '../errors';
import { MAX_IMPORT_BYTES, type RowError, tooLarge } from '../imports/csv';
import { readTable, recogniseTable } from '../imports/table';
import { zLink } from '../input';
import { dossierVerdictSql } from './dossier-sql';

/** Our template's column keys (the national export's Vietnamese headers are accepted too: CATALOGUE_IMPORT_COLUMNS). */
export const CATALOGUE_COLUMNS = CATALOGUE_IMPORT_COLUMNS.map((c) => c.key);

const LEVELS: Record<string, string> = {
  'cap bo': 'ministry',
  'cap trung uong': 'ministry',
  'cap tinh': 'province',
  'cap xa': 'commune',
  'cap huyen': 'district',
  bo: 'ministry',
  tinh: 'province',
  huyen: 'district',
  xa: 'commune',
  ministry: 'ministry',
  province: 'province',
  district: 'district',
  commune: 'commune',
};

/** "Cấp bộ, Cấp tỉnh, Cấp xã" (commas, semicolons or one per line) → ['ministry', 'province', 'commune']. */
export function parseLevels(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;|\n]/)
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
  detail_url: zLink(1000).optional(),
});
type CatalogueRow = z.infer<typeof ZCatalogueRow>;
type CatalogueKey = keyof CatalogueRow;

export interface CatalogueImportResult {
  ok: boolean;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Bad rows set aside (policy 'skip'); 0 when the import stopped on them. */
  skipped: number;
  /** Every row error (up to MAX_KEPT_ERRORS) and their exact number. */
  errors: RowError[];
  errorCount: number;
  /** Our key → the file's header, for the columns recognised; the file's headers that were not used. */
  columns: Record<string, string>;
  ignoredColumns: string[];
  /** Implementing agencies linked to an agency record, and the names that matched none (or several). */
  agencyLinks: number;
  unmatchedAgencies: string[];
}

/** A cell as the text a row schema reads; a code Excel stored as a number keeps its six decimals (1.00123 → 1.001230). */
function cellString(key: string, cell: string | number | Date | null): string | undefined {
  if (cell === null) return undefined;
  if (typeof cell === 'number') return key === 'code' && !Number.isInteger(cell) ? cell.toFixed(6) : String(cell);
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cell;
}

/** The column of `procedure` each file column writes (level → levels, implementing agencies → text and links). */
const WRITES: Record<Exclude<CatalogueKey, 'code'>, string[]> = {
  name: ['name'],
  field: ['field'],
  level: ['levels'],
  procedure_type: ['procedure_type'],
  decision_no: ['decision_no'],
  issuing_agency: ['issuing_agency_name'],
  implementing_agencies: ['implementing_agencies_text'],
  target_subjects: ['target_subjects'],
  detail_url: ['detail_url'],
};

/**
 * Agency lookup by code (case-insensitive) or folded full name; a full name several current agencies share is
 * ambiguous. A generic short name ("Sở Tư pháp", as the national list writes it) names every province's
 * department, so it links nothing: the province's own list names its agencies in full.
 */
async function agencyMatcher(db: Kysely<Database>) {
  const agencies = await db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'fullName'])
    .where('validTo', 'is', null)
    .execute();
  const byCode = new Map<string, string>();
  const byName = new Map<string, string | null>();
  const addName = (key: string, id: string) => {
    const known = byName.get(key);
    byName.set(key, known === undefined || known === id ? id : null);
  };
  for (const a of agencies) {
    byCode.set(a.code.toLowerCase(), a.id);
    addName(foldVietnamese(a.fullName), a.id);
  }
  return (text: string): string | null => byCode.get(text.toLowerCase()) ?? byName.get(foldVietnamese(text)) ?? null;
}

/**
 * Imports catalogue rows, CSV or XLSX, as downloaded: the header is found below title rows, under our names or
 * the national export's Vietnamese ones. Idempotent by code; an update writes only the columns the file has
 * (a list export without levels keeps the levels known). Several implementing agencies in one cell are split
 * and linked to the agencies they name. Bad rows stop the import (policy 'stop') or are set aside ('skip').
 */
export async function importCatalogue(
  db: Kysely<Database>,
  actor: AuditActor,
  file: { fileName: string; content: Buffer },
  options: { onBadRows?: BadRowPolicy } = {},
): Promise<CatalogueImportResult> {
  if (file.content.length > MAX_IMPORT_BYTES) throw tooLarge();
  const { rows: table } = await readTable(file.fileName, file.content);
  const { header, headerNames, records } = recogniseTable(table, CATALOGUE_IMPORT_COLUMNS);
  const present = Object.keys(header.columns) as CatalogueKey[];
  const errors: RowError[] = [];
  const rows: (CatalogueRow & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const record = Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, cellString(k, v)]));
    const parsed = ZCatalogueRow.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        errors.push({ row: line, column: headerNames[key] ?? key, message: issue.message });
      }
      continue;
    }
    const first = seen.get(parsed.data.code);
    if (first) {
      errors.push({ row: line, column: headerNames.code ?? 'code', message: `Mã ${parsed.data.code} lặp lại (dòng ${first}).` });
      continue;
    }
    seen.set(parsed.data.code, line);
    rows.push({ ...parsed.data, line });
  }
  const errorCount = errors.length;
  const skip = options.onBadRows === 'skip';
  const badRows = new Set(errors.map((e) => e.row)).size;
  const base = {
    rows: records.length,
    errors: errors.slice(0, MAX_KEPT_ERRORS),
    errorCount,
    columns: headerNames,
    ignoredColumns: header.unknown,
  };
  if (errors.length && !skip)
    return { ok: false, ...base, inserted: 0, updated: 0, unchanged: 0, skipped: 0, agencyLinks: 0, unmatchedAgencies: [] };
  if (!rows.length) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu hợp lệ nào.');

  const has = (k: CatalogueKey) => present.includes(k);
  const written = present.filter((k): k is Exclude<CatalogueKey, 'code'> => k !== 'code').flatMap((k) => WRITES[k]);
  return db.transaction().execute(async (trx) => {
    // The search text folds code, name and field: a file without the field column keeps the known field in it.
    const known = new Map(
      (
        await trx
          .selectFrom('procedure')
          .select(['code', 'name', 'field'])
          .where(
            'code',
            'in',
            rows.map((r) => r.code),
          )
          .execute()
      ).map((p) => [p.code, p]),
    );
    const matchAgency = has('implementing_agencies') ? await agencyMatcher(trx as unknown as Kysely<Database>) : null;
    const unmatched = new Set<string>();
    const links: { code: string; agencyId: string }[] = [];
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500).map((r) => {
        const old = known.get(r.code);
        const field = has('field') ? r.field || null : (old?.field ?? null);
        const agencies = has('implementing_agencies') ? splitMultiValue(r.implementing_agencies ?? '') : [];
        if (matchAgency)
          for (const name of agencies) {
            const id = matchAgency(name);
            if (id) links.push({ code: r.code, agencyId: id });
            else unmatched.add(name);
          }
        return {
          code: r.code,
          name: r.name,
          field,
          levels: parseLevels(r.level ?? ''),
          procedureType: r.procedure_type || null,
          decisionNo: r.decision_no || null,
          issuingAgencyName: r.issuing_agency || null,
          implementingAgenciesText: agencies.length ? agencies.join('\n') : null,
          targetSubjects: r.target_subjects || null,
          detailUrl: r.detail_url || null,
          searchText: foldVietnamese(`${r.code} ${r.name} ${field ?? ''}`),
        };
      });
      // Only the columns the file has are written; a row whose values are all as stored is left alone.
      const columns = [...written, 'search_text'];
      const result = await sql<{ wasInserted: boolean }>`
        insert into procedure (code, name, field, levels, procedure_type, decision_no, issuing_agency_name,
          implementing_agencies_text, target_subjects, detail_url, search_text)
        select * from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(code text, name text, "field" text, levels text[],
          "procedureType" text, "decisionNo" text, "issuingAgencyName" text, "implementingAgenciesText" text,
          "targetSubjects" text, "detailUrl" text, "searchText" text)
        on conflict (code) do update set
          ${sql.join(columns.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}, updated_at = now()
        where (${sql.join(columns.map((c) => sql`procedure.${sql.ref(c)}`))}) is distinct from
          (${sql.join(columns.map((c) => sql`excluded.${sql.ref(c)}`))})
        returning (xmax = 0) as "wasInserted"`.execute(trx);
      for (const r of result.rows) r.wasInserted ? inserted++ : updated++;
    }
    let agencyLinks = 0;
    if (links.length) {
      const linked = await sql`
        insert into procedure_agency (procedure_id, agency_id)
        select distinct p.id, x.agency_id from jsonb_to_recordset(${JSON.stringify(links.map((l) => ({ code: l.code, agency_id: l.agencyId })))}::jsonb)
          as x(code text, agency_id uuid)
        join procedure p on p.code = x.code
        on conflict do nothing`.execute(trx);
      agencyLinks = Number(linked.numAffectedRows ?? 0);
    }
    const unchanged = rows.length - inserted - updated;
    const unmatchedAgencies = [...unmatched].sort((a, b) => a.localeCompare(b, 'vi'));
    await recordAudit(trx, actor, {
      action: 'procedure.import_catalogue',
      entityType: 'procedure',
      entityId: null,
      after: { fileName: file.fileName, rows: records.length, inserted, updated, unchanged, skipped: badRows, columns: present },
    });
    return {
      ok: true,
      ...base,
      inserted,
      updated,
      unchanged,
      skipped: badRows,
      agencyLinks,
      unmatchedAgencies: unmatchedAgencies.slice(0, 200),
    };
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
      return [
        r.competentAgencyId,
        { total: f.received, early: f.early, onTime: f.onTime, late: f.late, onTimeRate: f.onTimeRate },
      ];
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
