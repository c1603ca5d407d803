/**
 * The core agency import: validates every row, resolves parents (in the file or already in the
 * database) and lineage, then writes all of it in one transaction — or nothing when any row is bad.
 * Upserts by the natural key (kind, code, valid_from), so re-importing a file changes nothing.
 */
import type { Database } from '@cchc/db/schema';
import { AGENCY_KINDS, type AgencyKind, isAgencyValidOn, type LineageKind } from '@cchc/domain/agency';
import type { IsoDate } from '@cchc/domain/calendar/dates';
import { AGENCY_IMPORT_COLUMNS } from '@cchc/domain/imports';
import { foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { systemClock } from '../clock';
import type { RowError } from '../imports/csv';
import { csvRows, recogniseTable } from '../imports/table';
import { markSplitHeirs } from './lineage';

export interface AgencyKey {
  kind: AgencyKind;
  code: string;
  validFrom: string | null;
}

export interface AgencyImportRow {
  line: number;
  code: string;
  name: string;
  fullName: string;
  nameEn: string | null;
  kind: AgencyKind;
  parent: { kind: AgencyKind | null; code: string } | null;
  validFrom: string | null;
  validTo: string | null;
  /** Fields the file has no column for: an agency already stored keeps its own (never written). */
  absent?: readonly AgencyOptionalField[];
}

/** Fields of an agency a file may leave out. */
export type AgencyOptionalField = 'fullName' | 'nameEn' | 'parent' | 'validTo';

export interface LineageImportRow {
  line: number;
  kind: LineageKind;
  from: AgencyKey;
  to: AgencyKey | null;
  effectiveDate: string;
}

export interface AgencyImportResult {
  ok: boolean;
  runId: string;
  rows: number;
  inserted: number;
  updated: number;
  lineage: number;
  errors: RowError[];
  /** Problems that did not stop the import, e.g. a lineage row naming a code that does not exist. */
  warnings: RowError[];
  /** The file's headers that are no column of ours (listed back, never used). */
  ignoredColumns?: string[];
}

const keyOf = (k: AgencyKey) => `${k.kind}|${k.code}|${k.validFrom ?? ''}`;

export function agencySearchText(name: string, fullName: string, code: string): string {
  return `${foldVietnamese(name)} | ${foldVietnamese(fullName)} | ${code}`;
}

const emptyToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const ZCsvAgency = z.object({
  code: z.string().trim().min(1, 'Thiếu mã cơ quan.').max(32, 'Mã cơ quan tối đa 32 ký tự.'),
  name: z.string().trim().min(1, 'Thiếu tên.').max(255, 'Tên tối đa 255 ký tự.'),
  full_name: z.preprocess(emptyToNull, z.string().max(255).nullable()).optional(),
  name_en: z.preprocess(emptyToNull, z.string().max(255).nullable()).optional(),
  kind: z.enum(AGENCY_KINDS, { error: `Loại cơ quan phải là một trong: ${AGENCY_KINDS.join(', ')}.` }),
  parent_code: z.preprocess(emptyToNull, z.string().max(32).nullable()).optional(),
  parent_kind: z.preprocess(emptyToNull, z.enum(AGENCY_KINDS).nullable()).optional(),
  valid_from: z.preprocess(emptyToNull, z.iso.date({ error: 'Ngày không hợp lệ (YYYY-MM-DD).' }).nullable()).optional(),
  valid_to: z.preprocess(emptyToNull, z.iso.date({ error: 'Ngày không hợp lệ (YYYY-MM-DD).' }).nullable()).optional(),
});

/** The columns a file must have (the others: AGENCY_IMPORT_COLUMNS). */
export const AGENCY_CSV_COLUMNS = AGENCY_IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.key);

/**
 * Reads the app's own agency CSV format (see docs/imports.md): the header found below title rows, under our
 * names or Vietnamese ones (AGENCY_IMPORT_COLUMNS); a column the file lacks is marked absent on every row.
 */
export function readAgencyCsv(text: string): {
  rows: AgencyImportRow[];
  errors: RowError[];
  columns: Record<string, string>;
  ignoredColumns: string[];
} {
  const { header, headerNames, records } = recogniseTable(csvRows(text), AGENCY_IMPORT_COLUMNS);
  const has = (key: string) => header.columns[key] !== undefined;
  const absent = (
    [
      ['fullName', 'full_name'],
      ['nameEn', 'name_en'],
      ['parent', 'parent_code'],
      ['validTo', 'valid_to'],
    ] as const
  )
    .filter(([, column]) => !has(column))
    .map(([field]) => field);
  const label = (key: string) => headerNames[key] ?? key;
  const rows: AgencyImportRow[] = [];
  const errors: RowError[] = [];
  for (const { line, cells } of records) {
    const record = Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v === null ? '' : String(v)]));
    const parsed = ZCsvAgency.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row: line, column: label(String(issue.path[0] ?? '')), message: issue.message });
      }
      continue;
    }
    const r = parsed.data;
    if (r.valid_from && r.valid_to && r.valid_from > r.valid_to) {
      errors.push({ row: line, column: label('valid_to'), message: 'Ngày hết hiệu lực trước ngày có hiệu lực.' });
      continue;
    }
    rows.push({
      line,
      code: r.code,
      name: r.name,
      fullName: r.full_name ?? r.name,
      nameEn: r.name_en ?? null,
      kind: r.kind,
      parent: r.parent_code ? { kind: r.parent_kind ?? null, code: r.parent_code } : null,
      validFrom: r.valid_from ?? null,
      validTo: r.valid_to ?? null,
      ...(absent.length ? { absent } : {}),
    });
  }
  return { rows, errors, columns: headerNames, ignoredColumns: header.unknown };
}

interface Candidate extends AgencyKey {
  id: string | null;
  validTo: string | null;
}

/** Validates, resolves and writes; never writes anything when a row is bad. */
export async function importAgencies(
  db: Kysely<Database>,
  actor: AuditActor,
  input: {
    kind: string;
    fileName: string | null;
    rows: AgencyImportRow[];
    lineage?: LineageImportRow[];
    /** Errors found while reading the file; they fail the import like resolution errors do. */
    readErrors?: RowError[];
    /** Today in Vietnam (the app's clock): a parent is looked up as of this day when a row has no dates. */
    today?: IsoDate;
    /** The file's headers that are no column of ours, returned with the result. */
    ignoredColumns?: string[];
  },
): Promise<AgencyImportResult> {
  const errors: RowError[] = [...(input.readErrors ?? [])];
  const warnings: RowError[] = [];
  const lineageRows = input.lineage ?? [];

  // Duplicate natural keys inside the file.
  const fileByKey = new Map<string, AgencyImportRow>();
  for (const row of input.rows) {
    const k = keyOf(row);
    if (fileByKey.has(k)) {
      errors.push({ row: row.line, column: 'code', message: `Mã ${row.code} (${row.kind}) lặp lại trong tệp.` });
    }
    fileByKey.set(k, row);
  }

  // Candidates for parent and lineage references: the file's rows plus the database's agencies with those codes.
  const referencedCodes = new Set<string>();
  for (const r of input.rows) if (r.parent) referencedCodes.add(r.parent.code);
  for (const l of lineageRows) {
    referencedCodes.add(l.from.code);
    if (l.to) referencedCodes.add(l.to.code);
  }
  const byCode = new Map<string, Candidate[]>();
  const addCandidate = (c: Candidate) => {
    const list = byCode.get(c.code) ?? [];
    if (!list.some((x) => keyOf(x) === keyOf(c))) list.push(c);
    byCode.set(c.code, list);
  };
  for (const r of input.rows) addCandidate({ kind: r.kind, code: r.code, validFrom: r.validFrom, validTo: r.validTo, id: null });
  const codes = [...referencedCodes];
  for (let i = 0; i < codes.length; i += 5000) {
    const existing = await db
      .selectFrom('agency')
      .select(['id', 'kind', 'code', 'validFrom', 'validTo'])
      .where('code', 'in', codes.slice(i, i + 5000))
      .execute();
    for (const e of existing) {
      const key = { kind: e.kind, code: e.code, validFrom: e.validFrom };
      // A database agency that the file re-imports is the same agency: keep its id, so a child's
      // parent_id is written as it is rather than nulled and re-set (which would bump updated_at).
      const same = fileByKey.has(keyOf(key)) ? byCode.get(e.code)?.find((c) => keyOf(c) === keyOf(key)) : undefined;
      if (same) same.id = e.id;
      else addCandidate({ ...key, validTo: e.validTo, id: e.id });
    }
  }

  const parentOf = new Map<AgencyImportRow, Candidate>();
  for (const row of input.rows) {
    if (!row.parent) continue;
    const on = row.validFrom ?? row.validTo ?? input.today ?? systemClock().today();
    const matches = (byCode.get(row.parent.code) ?? []).filter(
      (c) => (row.parent?.kind === null || c.kind === row.parent?.kind) && isAgencyValidOn(c, on),
    );
    if (matches.length === 1 && matches[0]) parentOf.set(row, matches[0]);
    else if (matches.length === 0) {
      errors.push({ row: row.line, column: 'parent_code', message: `Không tìm thấy cơ quan cấp trên mã ${row.parent.code}.` });
    } else {
      errors.push({
        row: row.line,
        column: 'parent_kind',
        message: `Mã cấp trên ${row.parent.code} trùng ở nhiều cơ quan; hãy ghi rõ loại (parent_kind).`,
      });
    }
  }

  const resolvedLineage: { row: LineageImportRow; from: Candidate; to: Candidate | null }[] = [];
  const findExact = (k: AgencyKey) => (byCode.get(k.code) ?? []).find((c) => keyOf(c) === keyOf(k));
  for (const l of lineageRows) {
    const from = findExact(l.from);
    const to = l.to ? findExact(l.to) : null;
    if (!from || (l.to && !to)) {
      const missing = !from ? l.from.code : (l.to?.code ?? '');
      warnings.push({ row: l.line, column: null, message: `Bỏ qua quan hệ kế thừa: không tìm thấy mã ${missing}.` });
      continue;
    }
    resolvedLineage.push({ row: l, from, to: to ?? null });
  }

  // Rows that could not be read are not in input.rows; count each once, however many problems it has.
  const unreadRows = new Set((input.readErrors ?? []).map((e) => e.row)).size;
  const run = await db
    .insertInto('importRun')
    .values({
      kind: input.kind,
      fileName: input.fileName,
      status: 'running',
      rowsTotal: input.rows.length + unreadRows,
      createdBy: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    await db
      .updateTable('importRun')
      .set({
        status: 'failed',
        rowsFailed: new Set(errors.map((e) => e.row)).size,
        errors: JSON.stringify(errors.slice(0, 5000)),
        finishedAt: new Date(),
      })
      .where('id', '=', run.id)
      .execute();
    return {
      ok: false,
      runId: run.id,
      rows: input.rows.length,
      inserted: 0,
      updated: 0,
      lineage: 0,
      errors,
      warnings,
      ignoredColumns: input.ignoredColumns ?? [],
    };
  }

  return db.transaction().execute(async (trx) => {
    // A field the file has no column for keeps what a stored agency has: it is written back as it is.
    const stored = new Map<
      string,
      { fullName: string; nameEn: string | null; validTo: string | null; parentId: string | null }
    >();
    const partial = input.rows.filter((r) => r.absent?.length);
    const partialCodes = [...new Set(partial.map((r) => r.code))];
    for (let i = 0; i < partialCodes.length; i += 5000) {
      const known = await trx
        .selectFrom('agency')
        .select(['kind', 'code', 'validFrom', 'fullName', 'nameEn', 'validTo', 'parentId'])
        .where('code', 'in', partialCodes.slice(i, i + 5000))
        .execute();
      for (const k of known) stored.set(keyOf(k), k);
    }
    const keep = (r: AgencyImportRow) => {
      const old = r.absent?.length ? stored.get(keyOf(r)) : undefined;
      const absent = (f: AgencyOptionalField) => old !== undefined && r.absent?.includes(f) === true;
      return {
        fullName: old && absent('fullName') ? old.fullName : r.fullName,
        nameEn: old && absent('nameEn') ? old.nameEn : r.nameEn,
        validTo: old && absent('validTo') ? old.validTo : r.validTo,
        parentId: old && absent('parent') ? old.parentId : (parentOf.get(r)?.id ?? null),
      };
    };
    const idByKey = new Map<string, string>();
    let inserted = 0;
    let updated = 0;
    const BATCH = 1000;
    for (let i = 0; i < input.rows.length; i += BATCH) {
      const batch = input.rows.slice(i, i + BATCH);
      const result = await trx
        .insertInto('agency')
        .values(
          batch.map((r) => {
            const kept = keep(r);
            return {
              code: r.code,
              name: r.name,
              kind: r.kind,
              validFrom: r.validFrom,
              ...kept,
              searchText: agencySearchText(r.name, kept.fullName, r.code),
            };
          }),
        )
        .onConflict((oc) =>
          oc.constraint('agency_natural_key').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            fullName: eb.ref('excluded.fullName'),
            nameEn: eb.ref('excluded.nameEn'),
            validTo: eb.ref('excluded.validTo'),
            parentId: eb.ref('excluded.parentId'),
            searchText: eb.ref('excluded.searchText'),
            updatedAt: sql`case when (agency.name, agency.full_name, agency.name_en, agency.valid_to, agency.parent_id)
              is distinct from (excluded.name, excluded.full_name, excluded.name_en, excluded.valid_to, excluded.parent_id)
              then now() else agency.updated_at end`,
          })),
        )
        .returning(['id', 'kind', 'code', 'validFrom', sql<boolean>`(xmax = 0)`.as('wasInserted')])
        .execute();
      for (const r of result) {
        idByKey.set(keyOf({ kind: r.kind, code: r.code, validFrom: r.validFrom }), r.id);
        if (r.wasInserted) inserted++;
        else updated++;
      }
    }
    const idOf = (c: Candidate) => c.id ?? idByKey.get(keyOf(c)) ?? null;

    // Parents that are rows of the same file get their ids now that every row exists.
    const parentUpdates: [string, string][] = [];
    for (const [row, parent] of parentOf) {
      if (parent.id) continue;
      const childId = idByKey.get(keyOf(row));
      const parentId = idOf(parent);
      if (childId && parentId) parentUpdates.push([childId, parentId]);
    }
    for (let i = 0; i < parentUpdates.length; i += BATCH) {
      const values = parentUpdates.slice(i, i + BATCH);
      await sql`
        update agency set parent_id = v.parent_id::uuid
        from (values ${sql.join(values.map(([c, p]) => sql`(${c}, ${p})`))}) as v(id, parent_id)
        where agency.id = v.id::uuid and agency.parent_id is distinct from v.parent_id::uuid`.execute(trx);
    }

    let lineage = 0;
    for (let i = 0; i < resolvedLineage.length; i += BATCH) {
      const batch = resolvedLineage.slice(i, i + BATCH);
      const result = await trx
        .insertInto('agencyLineage')
        .values(
          batch.map((l) => ({
            kind: l.row.kind,
            fromAgencyId: idOf(l.from) as string,
            toAgencyId: l.to ? idOf(l.to) : null,
            effectiveDate: l.row.effectiveDate,
          })),
        )
        .onConflict((oc) => oc.constraint('lineage_unique').doNothing())
        .executeTakeFirst();
      lineage += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    // A split passes its history to one heir: the default one, where none was named yet.
    await markSplitHeirs(trx);

    const summary = { rows: input.rows.length, inserted, updated, lineage, warnings: warnings.length };
    await trx
      .updateTable('importRun')
      .set({
        status: 'succeeded',
        rowsOk: input.rows.length,
        summary: JSON.stringify(summary),
        errors: warnings.length ? JSON.stringify(warnings.slice(0, 5000)) : null,
        finishedAt: new Date(),
      })
      .where('id', '=', run.id)
      .execute();
    // One audit row per import: the file's rows are reproducible from the import run.
    await recordAudit(trx, actor, {
      action: 'agency.import',
      entityType: 'import_run',
      entityId: run.id,
      after: { kind: input.kind, fileName: input.fileName, ...summary },
    });
    return {
      ok: true,
      runId: run.id,
      rows: input.rows.length,
      inserted,
      updated,
      lineage,
      errors: [],
      warnings,
      ignoredColumns: input.ignoredColumns ?? [],
    };
  });
}
