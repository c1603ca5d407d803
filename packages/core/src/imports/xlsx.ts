/** Reads the first worksheet of an XLSX file into rows of plain cell values (text, number, Date or null). */
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError } from '../errors';
import { MAX_IMPORT_BYTES, tooLarge } from './csv';

export type SheetCell = string | number | Date | null;
/** An XLSX file may be as large as any import; what it unzips to is bounded below, whatever its size. */
export const MAX_XLSX_BYTES = MAX_IMPORT_BYTES;
/** What the workbook's parts may add up to once unzipped: a sheet of ~100,000 rows of feedback fits. */
export const MAX_XLSX_UNZIPPED_BYTES = 160 * 1024 * 1024;
/** Spreadsheet XML deflates about 5–20 to 1; a part past this ratio is a crafted file (a "zip bomb"). */
export const MAX_XLSX_RATIO = 200;

/**
 * Reads the archive's directory, never its contents, and refuses a workbook that would unzip to more than
 * the server should hold in memory — before ExcelJS inflates all of it (a 351 KB file once froze the
 * server for 22 s). The sizes are the archive's own claims; yauzl also checks them while reading.
 */
async function checkArchive(content: Buffer): Promise<void> {
  const malformed = () => new AppError('bad_request', 'import.malformed_xlsx', 'Tệp không phải là tệp Excel (.xlsx) hợp lệ.');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(content, { lazyEntries: true }, (error, file) => (error || !file ? reject(malformed()) : resolve(file))),
  );
  await new Promise<void>((resolve, reject) => {
    let total = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > 1024 * 1024 && ratio > MAX_XLSX_RATIO) {
        zip.close();
        reject(
          new AppError(
            'bad_request',
            'import.xlsx_bomb',
            `Tệp Excel có phần «${entry.fileName}» nén bất thường (tỉ lệ ${Math.round(ratio)}:1); tệp bị từ chối.`,
          ),
        );
        return;
      }
      if (total > MAX_XLSX_UNZIPPED_BYTES) {
        zip.close();
        reject(
          new AppError(
            'bad_request',
            'import.xlsx_too_large',
            `Tệp Excel quá lớn khi giải nén (hơn ${MAX_XLSX_UNZIPPED_BYTES / 1024 / 1024} MB); hãy chia nhỏ tệp hoặc lưu dạng CSV.`,
          ),
        );
        return;
      }
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', () => reject(malformed()));
    zip.readEntry();
  });
}

/** A formula cell with no value saved by a spreadsheet program, or an error value (#N/A, #DIV/0!): refused, named. */
function unreadableCell(address: string): AppError {
  return new AppError(
    'bad_request',
    'import.formula_without_value',
    `Ô ${address} là công thức chưa có giá trị (hoặc giá trị lỗi); hãy mở tệp bằng Excel, kiểm tra ô này, lưu lại rồi nhập.`,
    { cell: address },
  );
}

function plain(value: ExcelJS.CellValue, address: string): SheetCell {
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
    if ('text' in value) return plain(value.text as ExcelJS.CellValue, address); // a hyperlink: its text
    // A formula: its cached result, never the formula itself; none cached (a file written by a program) is refused.
    if ('formula' in value || 'sharedFormula' in value) {
      if (!('result' in value) || value.result === undefined) throw unreadableCell(address);
      return plain(value.result as ExcelJS.CellValue, address);
    }
    if ('error' in value) throw unreadableCell(address);
  }
  if (typeof value === 'object') throw unreadableCell(address);
  return String(value);
}

/** Rows as 1-based line numbers with their cells (index 0 = column A). */
export async function readFirstSheet(content: Buffer): Promise<{ line: number; cells: SheetCell[] }[]> {
  if (content.length > MAX_XLSX_BYTES) throw tooLarge();
  await checkArchive(content);
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
      cells[col - 1] = plain(cell.value, cell.address);
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    rows.push({ line, cells });
  });
  return rows;
}
