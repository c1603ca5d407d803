/** Reads the first worksheet of an XLSX file into rows of plain cell values (text, number, Date or null). */
import ExcelJS from 'exceljs';
import { AppError } from '../errors';

export type SheetCell = string | number | Date | null;
export const MAX_XLSX_BYTES = 10 * 1024 * 1024;

function plain(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    if ('richText' in value)
      return (
        value.richText
          .map((r) => r.text)
          .join('')
          .trim() || null
      );
    if ('text' in value && typeof value.text === 'string') return value.text.trim() || null;
    // A formula: its cached result, never the formula itself.
    if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  }
  return String(value);
}

/** Rows as 1-based line numbers with their cells (index 0 = column A). */
export async function readFirstSheet(content: Buffer): Promise<{ line: number; cells: SheetCell[] }[]> {
  if (content.length > MAX_XLSX_BYTES) throw new AppError('bad_request', 'import.too_large', 'Tệp quá lớn (tối đa 10 MB).');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new AppError('bad_request', 'import.malformed_xlsx', 'Tệp không phải là tệp Excel (.xlsx) hợp lệ.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  const rows: { line: number; cells: SheetCell[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = plain(cell.value);
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    rows.push({ line, cells });
  });
  return rows;
}
