/**
 * Dossier (hồ sơ) import: the CSV is streamed with COPY into a per-run staging table, every row is
 * validated in SQL, and only a clean file is merged — idempotently, by the source's dossier id — into
 * `dossier`; monthly rollups and last filings are then refreshed for the keys the file touched.
 */
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DOSSIER_IMPORT_COLUMNS, MAX_KEPT_ERRORS } from '@cchc/domain/imports';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AuditActor } from '../actor';
import type { RowError } from '../imports/csv';
import { decodeText } from '../imports/encoding';
import { isXlsxFile, locateCsvHeader } from '../imports/table';
import { readFirstSheet, type SheetCell } from '../imports/xlsx';

/** Our template's columns, in its order (a file may order them as it likes and name them in Vietnamese). */
export const DOSSIER_COLUMNS = [
  'dossier_id',
  'procedure_code',
  'receiving_agency_code',
  'competent_agency_code',
  'received_at',
  'appointment_date',
  'finished_at',
  'channel',
  'status',
  'supplement_requests',
  'supplement_days',
] as const;

type DossierColumn = (typeof DOSSIER_COLUMNS)[number];

/** A sheet cell as CSV text: a date cell as its wall clock (ExcelJS gives it in UTC fields), seconds kept. */
function csvCell(cell: SheetCell): string {
  if (cell === null) return '';
  const text =
    cell instanceof Date
      ? cell.toISOString().endsWith('T00:00:00.000Z')
        ? cell.toISOString().slice(0, 10)
        : `${cell.toISOString().slice(0, 10)} ${cell.toISOString().slice(11, 19)}`
      : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * An XLSX workbook's first sheet as CSV text for COPY (read off the event loop: ../imports/xlsx.ts), one CSV line
 * per non-blank sheet row, and the sheet row of each CSV line so errors name the row the spreadsheet shows.
 */
async function sheetAsCsv(content: Buffer): Promise<{ text: string; sheetLineOf: (csvLine: number) => number }> {
  const rows = await readFirstSheet(content);
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  const text = rows.map((r) => Array.from({ length: width }, (_, i) => csvCell(r.cells[i] ?? null)).join(',')).join('\n');
  return { text: `${text}\n`, sheetLineOf: (csvLine) => rows[csvLine - 1]?.line ?? csvLine };
}

export interface DossierImportProgress {
  phase: 'copying' | 'validating' | 'merging' | 'done' | 'failed';
  bytesDone: number;
  bytesTotal: number;
  rows: number;
}

export interface DossierImportResult {
  ok: boolean;
  rows: number;
  inserted: number;
  updated: number;
  errors: RowError[];
  /** The exact number of row errors (the list kept may be shorter) and of bad rows (set aside with policy 'skip'). */
  errorCount: number;
  badRows: number;
  /** Our key → the file's header, for the columns recognised; the file's headers that were not used. */
  columns?: Record<string, string>;
  ignoredColumns?: string[];
}

/**
 * Runs one import on a dedicated client (COPY needs one connection). `onProgress` is called while
 * the file streams in and at each phase.
 */
export async function importDossierFile(
  client: pg.PoolClient | pg.Client,
  actor: AuditActor,
  input: {
    runId: string;
    content: Buffer;
    fileName: string;
    onProgress?: (p: DossierImportProgress) => Promise<void> | void;
    /** 'skip': the good rows are merged and the bad ones set aside, all listed. */
    onBadRows?: 'stop' | 'skip';
  },
): Promise<DossierImportResult> {
  // Any supported encoding (UTF-8 with or without BOM, UTF-16, Windows-1258, TCVN3) goes to COPY as UTF-8 in NFC;
  // an undecodable file is refused naming its line, before anything is staged.
  let text: string;
  // A CSV line number is the file's line; an XLSX sheet's rows are mapped back to the rows the spreadsheet shows.
  let fileLine = (csvLine: number) => csvLine;
  try {
    if (isXlsxFile(input.fileName, input.content)) {
      const sheet = await sheetAsCsv(input.content);
      text = sheet.text;
      fileLine = sheet.sheetLineOf;
    } else text = decodeText(input.content).text;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /dòng (\d+)/.exec(message)?.[1];
    return {
      ok: false,
      rows: 0,
      inserted: 0,
      updated: 0,
      errors: [{ row: line ? Number(line) : 0, column: null, message }],
      errorCount: 1,
      badRows: 1,
    };
  }
  // The header is found below title rows, under our names or the usual Vietnamese ones, in any order; the rest of
  // the text goes to COPY as it is.
  let located: ReturnType<typeof locateCsvHeader>;
  try {
    located = locateCsvHeader(text, DOSSIER_IMPORT_COLUMNS);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      rows: 0,
      inserted: 0,
      updated: 0,
      errors: [{ row: 0, column: null, message }],
      errorCount: 1,
      badRows: 1,
    };
  }
  const { header: match, headerNames, linesBefore } = located;
  const has = (c: DossierColumn) => match.columns[c] !== undefined;
  const label = (c: string) => headerNames[c] ?? c;
  // Each of the file's columns lands in a staging column: ours by key, any other as extra_<n> (read, never used).
  const fileColumns = Array.from({ length: located.width }, (_, i) => {
    const key = Object.entries(match.columns).find(([, at]) => at === i)?.[0];
    return key ?? `extra_${i}`;
  });
  input = { ...input, content: Buffer.from(text.slice(located.dataStart), 'utf8') };
  const bytesTotal = input.content.length;
  const progress = async (
    p: Partial<DossierImportProgress> & { phase: DossierImportProgress['phase'] },
    rows: number,
    bytesDone: number,
  ) => input.onProgress?.({ bytesTotal, rows, bytesDone, ...p });
  const staging = `dossier_staging_${input.runId.replace(/-/g, '')}`;
  const table = client.escapeIdentifier(staging);
  await client.query(`create temp table ${table} (
    line bigint generated always as identity,
    ${[...new Set([...DOSSIER_COLUMNS, ...fileColumns])].map((c) => `${client.escapeIdentifier(c)} text`).join(', ')}
  ) on commit preserve rows`);
  try {
    let rows = 0;
    let bytesDone = 0;
    let lastReport = 0;
    // Quotes toggle as PostgreSQL's CSV reader toggles them, so an unclosed one can be traced to its line.
    let inQuote = false;
    let quoteOpenedOn = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytesDone += chunk.length;
        for (const b of chunk) {
          if (b === 10) rows++;
          else if (b === 34) {
            inQuote = !inQuote;
            if (inQuote) quoteOpenedOn = rows + 1;
          }
        }
        const now = Date.now();
        if (now - lastReport > 250) {
          lastReport = now;
          void progress({ phase: 'copying' }, rows, bytesDone);
        }
        done(null, chunk);
      },
    });
    const copy = client.query(
      copyFrom(
        `copy ${table} (${fileColumns.map((c) => client.escapeIdentifier(c)).join(', ')}) from stdin with (format csv, encoding 'UTF8')`,
      ),
    );
    try {
      await pipeline(Readable.from([input.content]), counter, copy);
    } catch (error) {
      return {
        ok: false,
        rows: 0,
        inserted: 0,
        updated: 0,
        errors: [copyError(error, inQuote ? quoteOpenedOn + linesBefore : null, linesBefore)],
        errorCount: 1,
        badRows: 1,
      };
    }
    // Fresh statistics, or the planner guesses a tiny table and picks nested loops over the whole file.
    await client.query(`analyze ${table}`);
    const { rows: countRows } = await client.query<{ n: string }>(`select count(*) as n from ${table}`);
    const total = Number(countRows[0]?.n ?? 0);
    await progress({ phase: 'validating' }, total, bytesTotal);

    // The header (and any title rows above it) come first: data line = identity + the lines before the data.
    const problemsTable = client.escapeIdentifier(`${staging}_problems`);
    // Checks of an optional column the file does not have are left out: its values are not written.
    const when = (c: DossierColumn, check: string) => (has(c) ? check : '');
    await client.query(
      `create temp table ${problemsTable} on commit preserve rows as with t as (select *, line + ${linesBefore} as row from ${table})
      select row, column_name, message from (
        select row, 'dossier_id' as column_name, 'Thiếu mã hồ sơ.' as message from t where coalesce(trim(dossier_id), '') = ''
        union all select row, 'dossier_id', 'Mã hồ sơ ' || dossier_id || ' lặp lại trong tệp.' from (
          select row, trim(dossier_id) as dossier_id, count(*) over (partition by trim(dossier_id)) as n from t
          where coalesce(trim(dossier_id), '') <> '') d where n > 1
        union all select row, 'procedure_code', 'Không có thủ tục mã ' || coalesce(procedure_code, '(trống)') || ' trong danh mục.' from t
          where not exists (select 1 from procedure p where p.code = trim(t.procedure_code))
        union all select row, 'competent_agency_code', 'Không có cơ quan mã ' || coalesce(competent_agency_code, '(trống)') || '.' from t
          where not exists (select 1 from agency a where a.code = trim(t.competent_agency_code))
        ${when(
          'receiving_agency_code',
          `union all select row, 'receiving_agency_code', 'Không có cơ quan mã ' || receiving_agency_code || '.' from t
          where coalesce(trim(receiving_agency_code), '') <> '' and not exists (select 1 from agency a where a.code = trim(t.receiving_agency_code))`,
        )}
        union all select row, 'received_at', 'Ngày tiếp nhận "' || coalesce(received_at, '') || '" không hợp lệ.' from t where try_vn_timestamp(trim(received_at)) is null
        union all select row, 'appointment_date', 'Ngày hẹn trả "' || coalesce(appointment_date, '') || '" không hợp lệ.' from t where try_date(trim(appointment_date)) is null
        ${when(
          'finished_at',
          `union all select row, 'finished_at', 'Ngày hoàn thành "' || finished_at || '" không hợp lệ.' from t
          where coalesce(trim(finished_at), '') <> '' and try_vn_timestamp(trim(finished_at)) is null`,
        )}
        union all select row, 'channel', 'Kênh nộp "' || coalesce(channel, '') || '" không hợp lệ (direct, online, postal).' from t
          where lower(normalize(trim(coalesce(channel, '')), NFC)) not in ('direct', 'online', 'postal', 'trực tiếp', 'trực tuyến', 'bưu chính')
        union all select row, 'status', 'Thiếu trạng thái hồ sơ.' from t where coalesce(trim(status), '') = ''
        ${when(
          'supplement_requests',
          `union all select row, 'supplement_requests', 'Số lần bổ sung không hợp lệ.' from t where try_int(trim(supplement_requests)) is null or try_int(trim(supplement_requests)) < 0`,
        )}
        ${when(
          'supplement_days',
          `union all select row, 'supplement_days', 'Số ngày bổ sung không hợp lệ.' from t where try_int(trim(supplement_days)) is null or try_int(trim(supplement_days)) < 0`,
        )}
      ) p`,
    );
    const { rows: counted } = await client.query<{ errors: string; bad_rows: string }>(
      `select count(*) as errors, count(distinct row) as bad_rows from ${problemsTable}`,
    );
    const errorCount = Number(counted[0]?.errors ?? 0);
    const badRows = Number(counted[0]?.bad_rows ?? 0);
    const { rows: problems } = await client.query<{ row: string; column: string; message: string }>(
      `select row, column_name as column, message from ${problemsTable} order by row, column_name limit ${MAX_KEPT_ERRORS}`,
    );
    await client.query(`drop table ${problemsTable}`);
    const errors = problems.map((p) => ({ row: fileLine(Number(p.row)), column: label(p.column), message: p.message }));
    const described = { columns: headerNames, ignoredColumns: match.unknown };
    if (errorCount && input.onBadRows !== 'skip') {
      await progress({ phase: 'failed' }, total, bytesTotal);
      return { ok: false, rows: total, inserted: 0, updated: 0, errors, errorCount, badRows, ...described };
    }
    if (errorCount) {
      // The bad rows are set aside: only the good ones are merged.
      const bad = [...new Set(problems.map((p) => Number(p.row)))];
      await client.query(`delete from ${table} where line + ${linesBefore} = any($1::bigint[])`, [bad]);
    }

    await progress({ phase: 'merging' }, total, bytesTotal);
    await client.query('begin');
    try {
      // Keys the file touches, before and after, so rollups are refreshed for both — and locked first, so an import
      // touching the same pairs at the same time waits for this one instead of failing on its rollup rows.
      await client.query(`create temp table affected_keys on commit drop as
        select d.procedure_id, d.competent_agency_id as agency_id from dossier d join ${table} t on trim(t.dossier_id) = d.source_id
        union
        select p.id, ca.id from ${table} t
        join procedure p on p.code = trim(t.procedure_code)
        join (select distinct on (code) code, id from agency order by code, (valid_to is null) desc, valid_from desc nulls last) ca
          on ca.code = trim(t.competent_agency_code)`);
      await lockFilingKeys(client);
      // An import that committed while this one waited may have moved the file's dossiers: their pairs now, locked too.
      await client.query(
        `insert into affected_keys select d.procedure_id, d.competent_agency_id from dossier d join ${table} t on trim(t.dossier_id) = d.source_id`,
      );
      await lockFilingKeys(client);
      // Only the columns the file has are written: an optional one it lacks keeps what is stored (a new dossier gets
      // none: no receiving agency, not finished, no supplement).
      const optional = {
        receiving_agency_id: has('receiving_agency_code') ? 'ra.id' : null,
        finished_at: has('finished_at')
          ? `case when coalesce(trim(t.finished_at), '') = '' then null else try_vn_timestamp(trim(t.finished_at)) end`
          : null,
        supplement_requests: has('supplement_requests') ? 'try_int(trim(t.supplement_requests))' : null,
        supplement_days: has('supplement_days') ? 'try_int(trim(t.supplement_days))' : null,
      };
      const written: [string, string][] = [
        ['procedure_id', 'p.id'],
        ['competent_agency_id', 'ca.id'],
        ['received_at', 'try_vn_timestamp(trim(t.received_at))'],
        ['appointment_date', 'try_date(trim(t.appointment_date))'],
        [
          'channel',
          "case lower(normalize(trim(t.channel), NFC)) when 'trực tiếp' then 'direct' when 'trực tuyến' then 'online' when 'bưu chính' then 'postal' else lower(trim(t.channel)) end",
        ],
        ['status', 'trim(t.status)'],
        ...Object.entries(optional).filter((e): e is [string, string] => e[1] !== null),
      ];
      const names = written.map(([c]) => c);
      const { rows: merged } = await client.query<{ inserted: boolean }>(
        `with agencies as (
          select distinct on (code) code, id from agency order by code, (valid_to is null) desc, valid_from desc nulls last
        )
        insert into dossier (source_id, ${names.join(', ')}, import_run_id)
        select trim(t.dossier_id), ${written.map(([, v]) => v).join(', ')}, $1::uuid
        from ${table} t
        join procedure p on p.code = trim(t.procedure_code)
        join agencies ca on ca.code = trim(t.competent_agency_code)
        ${has('receiving_agency_code') ? 'left join agencies ra on ra.code = trim(t.receiving_agency_code)' : ''}
        on conflict (source_id) do update set
          ${names.map((c) => `${c} = excluded.${c}`).join(', ')}, import_run_id = excluded.import_run_id, updated_at = now()
        where (${names.map((c) => `dossier.${c}`).join(', ')}) is distinct from (${names.map((c) => `excluded.${c}`).join(', ')})
        returning (xmax = 0) as inserted`,
        [input.runId],
      );
      await client.query(
        `insert into affected_keys select distinct d.procedure_id, d.competent_agency_id from dossier d join ${table} t on trim(t.dossier_id) = d.source_id`,
      );
      await refreshRollups(client);
      const inserted = merged.filter((m) => m.inserted).length;
      const updated = merged.length - inserted;
      await recordAuditRaw(client, actor, {
        action: 'procedure.import_dossiers',
        entityType: 'import_run',
        entityId: input.runId,
        after: { fileName: input.fileName, rows: total, inserted, updated, skipped: badRows },
      });
      await client.query('commit');
      await progress({ phase: 'done' }, total, bytesTotal);
      return { ok: true, rows: total, inserted, updated, errors, errorCount, badRows, ...described };
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  } finally {
    await client.query(`drop table if exists ${table}`);
  }
}

/**
 * A COPY failure as a row error. PostgreSQL names the line in the error's context (`where`), not in
 * its message, counted from the first data line (`linesBefore` lines of the file precede it); an unclosed quote is reported at the end of the file, so it is traced to where it opens.
 */
function copyError(error: unknown, openQuoteLine: number | null, linesBefore: number): RowError {
  const message = error instanceof Error ? error.message : String(error);
  const where = error instanceof Error && 'where' in error ? String(error.where) : '';
  const unclosed = openQuoteLine !== null && /unterminated CSV quoted field/.test(message);
  const lineText = /line (\d+)/.exec(where)?.[1] ?? /line (\d+)/.exec(message)?.[1];
  const line = unclosed ? openQuoteLine : lineText ? Number(lineText) + linesBefore : null;
  const reason = unclosed
    ? 'dấu ngoặc kép chưa được đóng'
    : /extra data after last expected column|missing data for column/.test(message)
      ? 'số cột không khớp dòng tiêu đề'
      : /invalid byte sequence/.test(message)
        ? 'tệp không được lưu bằng mã UTF-8'
        : null;
  return {
    row: line ?? 0,
    column: null,
    message: `Tệp CSV không đúng định dạng${line ? ` (dòng ${line})` : ''}${reason ? `: ${reason}` : ''}.`,
  };
}

/**
 * Locks, for this transaction, the procedures and (procedure, agency) pairs in `affected_keys` — procedures first,
 * each set in one fixed order — so imports touching the same keys run their merges one after the other while
 * imports of other keys go on side by side. Taking a lock held already is a no-op.
 */
export async function lockFilingKeys(client: pg.PoolClient | pg.Client) {
  await client.query(`select count(pg_advisory_xact_lock(k)) from (
    select distinct hashtextextended('filing-procedure:' || procedure_id, 0) as k from affected_keys order by 1) s`);
  await client.query(`select count(pg_advisory_xact_lock(k)) from (
    select distinct hashtextextended('filing-pair:' || procedure_id || ':' || agency_id, 0) as k from affected_keys order by 1) s`);
}

/** Recomputes monthly rollups and last filings for the (procedure, agency) pairs in `affected_keys`. */
async function refreshRollups(client: pg.PoolClient | pg.Client) {
  await client.query(`delete from filing_monthly f using (select distinct procedure_id, agency_id from affected_keys) k
    where f.procedure_id = k.procedure_id and f.agency_id = k.agency_id and f.source = 'dossiers'`);
  // Filings only: on-time verdicts depend on the calendar and the day they are read, so figures judge dossiers themselves.
  await client.query(`insert into filing_monthly (procedure_id, agency_id, month, source, received)
    select d.procedure_id, d.competent_agency_id, date_trunc('month', d.received_at at time zone 'Asia/Ho_Chi_Minh')::date, 'dossiers', count(*)
    from dossier d join (select distinct procedure_id, agency_id from affected_keys) k on k.procedure_id = d.procedure_id and k.agency_id = d.competent_agency_id
    group by 1, 2, 3`);
  await refreshLastFilings(client);
}

/** Last filing per pair: the latest dossier's date, or a monthly count's first day (the conservative reading). */
export async function refreshLastFilings(client: pg.PoolClient | pg.Client) {
  await client.query(`insert into procedure_agency (procedure_id, agency_id)
    select distinct procedure_id, agency_id from affected_keys on conflict do nothing`);
  await client.query(`delete from procedure_last_filing l using (select distinct procedure_id, agency_id from affected_keys) k
    where l.procedure_id = k.procedure_id and l.agency_id = k.agency_id`);
  await client.query(`insert into procedure_last_filing (procedure_id, agency_id, last_filing)
    select procedure_id, agency_id, max(last_filing) from (
      select d.procedure_id, d.competent_agency_id as agency_id, max((d.received_at at time zone 'Asia/Ho_Chi_Minh')::date) as last_filing
        from dossier d join (select distinct procedure_id, agency_id from affected_keys) k
          on k.procedure_id = d.procedure_id and k.agency_id = d.competent_agency_id
        group by 1, 2
      union all
      select f.procedure_id, f.agency_id, max(f.month)
        from filing_monthly f join (select distinct procedure_id, agency_id from affected_keys) k
          on k.procedure_id = f.procedure_id and k.agency_id = f.agency_id
        where f.source = 'counts' and f.received > 0
        group by 1, 2
    ) x group by 1, 2`);
  // The procedure-level figure, so the procedure scan never aggregates pairs.
  await client.query(
    `delete from procedure_last_filing_any a using (select distinct procedure_id from affected_keys) k where a.procedure_id = k.procedure_id`,
  );
  await client.query(`insert into procedure_last_filing_any (procedure_id, last_filing)
    select l.procedure_id, max(l.last_filing) from procedure_last_filing l
    join (select distinct procedure_id from affected_keys) k on k.procedure_id = l.procedure_id
    group by 1`);
}

/** The audit row, written on the import's own connection and transaction. */
async function recordAuditRaw(
  client: pg.PoolClient | pg.Client,
  actor: AuditActor,
  entry: { action: string; entityType: string; entityId: string; after: unknown },
) {
  await client.query(
    'insert into audit_log (actor_user_id, actor_username, action, entity_type, entity_id, after, request_id) values ($1, $2, $3, $4, $5, $6, $7)',
    [
      actor.userId,
      actor.username,
      entry.action,
      entry.entityType,
      entry.entityId,
      JSON.stringify(entry.after),
      actor.requestId ?? null,
    ],
  );
}
