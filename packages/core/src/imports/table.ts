/**
 * Any import's file as rows of cells, CSV or XLSX alike, and its header found wherever it is: below title
 * rows and merged cells, under Vietnamese or English names (see @cchc/domain/imports).
 */
import { findHeaderRow, type HeaderMatch, type ImportColumn, isColumnNumberingRow } from '@cchc/domain/imports';
import { parse } from 'csv-parse/sync';
import { AppError } from '../errors';
import { decodeText, type TextEncodingName } from './encoding';
import { readFirstSheet, type SheetCell } from './xlsx';

export interface TableRow {
  /** 1-based row as a spreadsheet shows it. */
  line: number;
  cells: SheetCell[];
}

export function isXlsxFile(fileName: string, content: Buffer): boolean {
  return content.subarray(0, 2).toString('latin1') === 'PK' || /\.xlsx$/i.test(fileName);
}

/** Rows of a CSV text: quotes, commas and line breaks inside fields; rows of any length. */
export function csvRows(text: string): TableRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    const detail = error instanceof Error && 'lines' in error ? ` (dòng ${String((error as { lines: number }).lines)})` : '';
    throw new AppError('bad_request', 'import.malformed_csv', `Tệp CSV không đúng định dạng${detail}.`);
  }
  return records.map((cells, i) => ({ line: i + 1, cells: cells.map((c) => (c === '' ? null : c)) }));
}

/** The rows of a CSV (any supported encoding) or XLSX file, and the CSV's encoding. */
export async function readTable(
  fileName: string,
  content: Buffer,
): Promise<{ rows: TableRow[]; encoding: TextEncodingName | 'xlsx' }> {
  if (isXlsxFile(fileName, content)) return { rows: await readFirstSheet(content), encoding: 'xlsx' };
  const { text, encoding } = decodeText(content);
  return { rows: csvRows(text), encoding };
}

export interface RecognisedTable {
  header: HeaderMatch;
  /** The header's text for each recognised key. */
  headerNames: Record<string, string>;
  /** Data rows under the header, keyed by our column keys (only the columns the file has). */
  records: { line: number; cells: Record<string, SheetCell> }[];
}

/** Finds the header, refuses a file without the required columns (naming them in Vietnamese and English), keys the rows. */
export function recogniseTable(rows: readonly TableRow[], columns: readonly ImportColumn[]): RecognisedTable {
  if (!rows.length) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  const texts = rows.map((r) => r.cells.map((c) => (c === null ? null : c instanceof Date ? c.toISOString() : String(c))));
  const header = findHeaderRow(texts, columns);
  if (header.missing.length) {
    const names = header.missing.map((k) => {
      const c = columns.find((x) => x.key === k);
      return c ? `«${c.vi}» (${c.key})` : k;
    });
    throw new AppError(
      'bad_request',
      'import.missing_columns',
      `Không tìm thấy dòng tiêu đề có cột ${names.join(', ')} trong ${Math.min(rows.length, 30)} dòng đầu của tệp.`,
      { columns: header.missing.join(', ') },
    );
  }
  const headerRow = rows[header.rowIndex] as TableRow;
  const headerNames = Object.fromEntries(
    Object.entries(header.columns).map(([key, i]) => [key, String(headerRow.cells[i] ?? key).trim()]),
  );
  const body = rows.slice(header.rowIndex + 1);
  if (body[0] && isColumnNumberingRow(texts[header.rowIndex + 1] ?? [])) body.shift();
  const records = body
    .filter((r) => r.cells.some((c) => c !== null && String(c).trim() !== ''))
    .map((r) => ({
      line: r.line,
      cells: Object.fromEntries(Object.entries(header.columns).map(([key, i]) => [key, r.cells[i] ?? null])),
    }));
  if (!records.length) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  return { header, headerNames, records };
}

/** A line ends at "\n", or at a "\r" not followed by one (a file saved with old Mac line endings), as COPY reads it. */
function isLineEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
}

/** Where a CSV's data starts once its header is found: for imports that stream the rest of the text to COPY. */
export interface LocatedCsvHeader {
  header: HeaderMatch;
  /** The header's text for each recognised key. */
  headerNames: Record<string, string>;
  /** How many cells the header row has: the columns COPY reads, in order. */
  width: number;
  /** Character offset in the text of the first data record (after the header and a column-numbering row). */
  dataStart: number;
  /** Physical lines before the first data record: a staged record n (1-based) is line n + linesBefore of the file. */
  linesBefore: number;
}

/**
 * Finds the header of a CSV text among its first records (below title rows, merged-cell rows, a date line),
 * with the same recognition as every other import (findHeaderRow), and where the data starts. Records are
 * split as PostgreSQL's CSV reader splits them: a line break inside quotes belongs to the field.
 */
export function locateCsvHeader(text: string, columns: readonly ImportColumn[], scan = 30): LocatedCsvHeader {
  const ends: number[] = [];
  let inQuote = false;
  for (let i = 0; i < text.length && ends.length < scan + 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuote = !inQuote;
    else if (!inQuote && isLineEnd(text, i)) ends.push(i + 1);
  }
  if (ends.length < scan + 1 && (ends.at(-1) ?? 0) < text.length) ends.push(text.length);
  // Each record parsed alone, so a blank one keeps its place (and its end offset).
  const records: { cells: (string | null)[]; end: number }[] = [];
  let start = 0;
  for (const end of ends) {
    let cells: (string | null)[] = [];
    try {
      const [row] = csvRows(text.slice(start, end));
      cells = row ? row.cells.map((c) => (c === null ? null : String(c))) : [];
    } catch {
      // A malformed record (an unclosed quote) is no header; the reader of the data names its line.
    }
    records.push({ cells, end });
    start = end;
  }
  if (!records.some((r) => r.cells.length)) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  const header = findHeaderRow(
    records.map((r) => r.cells),
    columns,
    scan,
  );
  if (header.missing.length) {
    const names = header.missing.map((k) => {
      const c = columns.find((x) => x.key === k);
      return c ? `«${c.vi}» (${c.key})` : k;
    });
    throw new AppError(
      'bad_request',
      'import.missing_columns',
      `Không tìm thấy dòng tiêu đề có cột ${names.join(', ')} trong ${Math.min(records.length, scan)} dòng đầu của tệp.`,
      { columns: header.missing.join(', ') },
    );
  }
  const headerRecord = records[header.rowIndex] as (typeof records)[number];
  let dataIndex = header.rowIndex + 1;
  if (isColumnNumberingRow(records[dataIndex]?.cells ?? [])) dataIndex++;
  const dataStart = records[dataIndex - 1]?.end ?? text.length;
  let linesBefore = 0;
  for (let i = 0; i < dataStart; i++) if (isLineEnd(text, i)) linesBefore++;
  return {
    header,
    headerNames: Object.fromEntries(
      Object.entries(header.columns).map(([key, i]) => [key, (headerRecord.cells[i] ?? key).trim()]),
    ),
    width: headerRecord.cells.length,
    dataStart,
    linesBefore,
  };
}
