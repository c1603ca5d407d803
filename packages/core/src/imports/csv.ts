/** CSV reading for every import: a real parser (quotes, commas and line breaks inside fields), BOM-safe. */
import { parse } from 'csv-parse/sync';
import { AppError } from '../errors';
import { decodeText } from './encoding';

/** The largest file an import takes (IMPORT_MAX_MB, default 50 MB): a real year of a portal's export is ~23 MB. */
export const MAX_IMPORT_BYTES = Math.max(1, Number(process.env.IMPORT_MAX_MB) || 50) * 1024 * 1024;
export const tooLarge = () =>
  new AppError('bad_request', 'import.too_large', `Tệp quá lớn (tối đa ${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)} MB).`);

export interface RowError {
  /** 1-based line of the data row in the file (the header is line 1). */
  row: number;
  column: string | null;
  message: string;
}

/** A CSV's records keyed by its header; bytes are decoded whatever their encoding (./encoding.ts). */
export function parseCsv(input: string | Buffer, requiredColumns: readonly string[]): Record<string, string>[] {
  if ((typeof input === 'string' ? Buffer.byteLength(input) : input.length) > MAX_IMPORT_BYTES) throw tooLarge();
  const text = typeof input === 'string' ? input : decodeText(input).text;
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    const detail = error instanceof Error && 'lines' in error ? ` (dòng ${String((error as { lines: number }).lines)})` : '';
    throw new AppError('bad_request', 'import.malformed_csv', `Tệp CSV không đúng định dạng${detail}.`);
  }
  const first = records[0];
  if (!first) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  const missing = requiredColumns.filter((c) => !(c in first));
  if (missing.length) {
    throw new AppError('bad_request', 'import.missing_columns', `Tệp thiếu cột: ${missing.join(', ')}.`, {
      columns: missing.join(', '),
    });
  }
  return records;
}
