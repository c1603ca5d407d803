/** Monthly filing counts (procedure × agency × month) for agencies that only report totals. */
import { FILING_COUNT_IMPORT_COLUMNS } from '@cchc/domain/imports';
import type pg from 'pg';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { MAX_IMPORT_BYTES, type RowError, tooLarge } from '../imports/csv';
import { readTable, recogniseTable } from '../imports/table';
import type { SheetCell } from '../imports/xlsx';
import { lockFilingKeys, refreshLastFilings } from './dossiers';

const ZCountRow = z.object({
  procedure_code: z.string().trim().min(1, 'Thiếu mã thủ tục.'),
  agency_code: z.string().trim().min(1, 'Thiếu mã cơ quan.'),
  month: z.string().trim(),
  received: z.string().trim().regex(/^\d+$/, 'Số hồ sơ phải là số nguyên không âm.'),
});

/** 'MM/YYYY' or 'YYYY-MM' → 'YYYY-MM-01'. */
export function parseMonth(text: string): string | null {
  const a = /^(\d{1,2})\/(\d{4})$/.exec(text);
  const b = /^(\d{4})-(\d{2})$/.exec(text);
  const [y, m] = a ? [a[2], a[1]] : b ? [b[1], b[2]] : [null, null];
  if (!y || !m || Number(m) < 1 || Number(m) > 12) return null;
  return `${y}-${m.padStart(2, '0')}-01`;
}

/** A cell as the text the row schema reads: a month typed as a date cell is its month. */
function cellText(key: string, cell: SheetCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return key === 'month' ? cell.toISOString().slice(0, 7) : cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * Imports monthly counts from CSV or XLSX, the header found below title rows under our names or Vietnamese ones;
 * the file's other columns are listed back, unused. All or nothing.
 */
export async function importMonthlyCounts(
  client: pg.PoolClient | pg.Client,
  actor: AuditActor,
  file: { fileName: string; content: Buffer },
) {
  if (file.content.length > MAX_IMPORT_BYTES) throw tooLarge();
  const { rows: table } = await readTable(file.fileName, file.content);
  const { header, headerNames, records } = recogniseTable(table, FILING_COUNT_IMPORT_COLUMNS);
  const label = (key: string) => headerNames[key] ?? key;
  const described = { columns: headerNames, ignoredColumns: header.unknown };
  const { rows: procedures } = await client.query<{ id: string; code: string }>('select id, code from procedure');
  const { rows: agencies } = await client.query<{ id: string; code: string }>(
    'select distinct on (code) id, code from agency order by code, (valid_to is null) desc, valid_from desc nulls last',
  );
  const procedureId = new Map(procedures.map((p) => [p.code, p.id]));
  const agencyId = new Map(agencies.map((a) => [a.code, a.id]));
  const errors: RowError[] = [];
  const rows: { procedureId: string; agencyId: string; month: string; received: number }[] = [];
  // One statement cannot upsert the same key twice: a repeated month is the file's mistake, named by row.
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const record = Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, cellText(k, v)]));
    const parsed = ZCountRow.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row: line, column: label(String(issue.path[0] ?? '')), message: issue.message });
      continue;
    }
    const r = parsed.data;
    const p = procedureId.get(r.procedure_code);
    const a = agencyId.get(r.agency_code);
    const month = parseMonth(r.month);
    if (!p)
      errors.push({
        row: line,
        column: label('procedure_code'),
        message: `Không có thủ tục mã ${r.procedure_code} trong danh mục.`,
      });
    if (!a) errors.push({ row: line, column: label('agency_code'), message: `Không có cơ quan mã ${r.agency_code}.` });
    if (!month) errors.push({ row: line, column: label('month'), message: `Tháng "${r.month}" không hợp lệ (MM/YYYY).` });
    if (!p || !a || !month) continue;
    const key = `${p}/${a}/${month}`;
    const first = seen.get(key);
    if (first) {
      errors.push({
        row: line,
        column: label('month'),
        message: `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)} của thủ tục ${r.procedure_code} tại cơ quan ${r.agency_code} đã có ở dòng ${first}.`,
      });
      continue;
    }
    seen.set(key, line);
    rows.push({ procedureId: p, agencyId: a, month, received: Number(r.received) });
  }
  if (errors.length) return { ok: false, rows: records.length, errors, ...described };
  await client.query('begin');
  try {
    await client.query('create temp table affected_keys (procedure_id uuid, agency_id uuid) on commit drop');
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await client.query(
        `insert into affected_keys values ${batch.map((_, j) => `($${j * 2 + 1}::uuid, $${j * 2 + 2}::uuid)`).join(', ')}`,
        batch.flatMap((r) => [r.procedureId, r.agencyId]),
      );
    }
    // Another import of the same pairs waits here (dossiers.ts lockFilingKeys) instead of failing on their rows.
    await lockFilingKeys(client);
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      const values = batch
        .map((_, j) => `($${j * 4 + 1}::uuid, $${j * 4 + 2}::uuid, $${j * 4 + 3}::date, 'counts', $${j * 4 + 4}::int)`)
        .join(', ');
      await client.query(
        `insert into filing_monthly (procedure_id, agency_id, month, source, received) values ${values}
         on conflict (procedure_id, agency_id, month, source) do update set received = excluded.received`,
        batch.flatMap((r) => [r.procedureId, r.agencyId, r.month, r.received]),
      );
    }
    await refreshLastFilings(client);
    await client.query(
      'insert into audit_log (actor_user_id, actor_username, action, entity_type, entity_id, after, request_id) values ($1, $2, $3, $4, null, $5, $6)',
      [
        actor.userId,
        actor.username,
        'procedure.import_counts',
        'filing_monthly',
        JSON.stringify({ fileName: file.fileName, rows: rows.length }),
        actor.requestId ?? null,
      ],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  return { ok: true, rows: rows.length, errors: [] as RowError[], ...described };
}
