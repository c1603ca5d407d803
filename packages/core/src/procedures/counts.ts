/** Monthly filing counts (procedure × agency × month) for agencies that only report totals. */
import type pg from 'pg';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { parseCsv, type RowError } from '../imports/csv';
import { refreshLastFilings } from './dossiers';

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

export async function importMonthlyCounts(
  client: pg.PoolClient | pg.Client,
  actor: AuditActor,
  file: { fileName: string; content: Buffer },
) {
  const records = parseCsv(file.content, ['procedure_code', 'agency_code', 'month', 'received']);
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
  records.forEach((record, i) => {
    const line = i + 2;
    const parsed = ZCountRow.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row: line, column: String(issue.path[0] ?? ''), message: issue.message });
      return;
    }
    const r = parsed.data;
    const p = procedureId.get(r.procedure_code);
    const a = agencyId.get(r.agency_code);
    const month = parseMonth(r.month);
    if (!p)
      errors.push({ row: line, column: 'procedure_code', message: `Không có thủ tục mã ${r.procedure_code} trong danh mục.` });
    if (!a) errors.push({ row: line, column: 'agency_code', message: `Không có cơ quan mã ${r.agency_code}.` });
    if (!month) errors.push({ row: line, column: 'month', message: `Tháng "${r.month}" không hợp lệ (MM/YYYY).` });
    if (!p || !a || !month) return;
    const key = `${p}/${a}/${month}`;
    const first = seen.get(key);
    if (first) {
      errors.push({
        row: line,
        column: 'month',
        message: `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)} của thủ tục ${r.procedure_code} tại cơ quan ${r.agency_code} đã có ở dòng ${first}.`,
      });
      return;
    }
    seen.set(key, line);
    rows.push({ procedureId: p, agencyId: a, month, received: Number(r.received) });
  });
  if (errors.length) return { ok: false, rows: records.length, errors };
  await client.query('begin');
  try {
    await client.query('create temp table affected_keys (procedure_id uuid, agency_id uuid) on commit drop');
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
      await client.query(
        `insert into affected_keys values ${batch.map((_, j) => `($${j * 2 + 1}::uuid, $${j * 2 + 2}::uuid)`).join(', ')}`,
        batch.flatMap((r) => [r.procedureId, r.agencyId]),
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
  return { ok: true, rows: rows.length, errors: [] as RowError[] };
}
