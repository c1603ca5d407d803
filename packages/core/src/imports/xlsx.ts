/**
 * Reads the first worksheet of an XLSX file into rows of plain cell values (text, number, Date or null) — on a
 * render thread (@cchc/reports/sheet-reader), never on the event loop: a 351 KB crafted file once froze the
 * server for 22 s, and a real 100,000-row workbook takes seconds to parse. Here the limits are set and a refusal
 * is worded.
 */
import { RenderTimeout, render } from '@cchc/reports/render-pool';
import type { SheetCell, SheetLimits, SheetReadFailure } from '@cchc/reports/sheet-reader';
import { AppError } from '../errors';
import { MAX_IMPORT_BYTES, tooLarge } from './csv';

export type { SheetCell } from '@cchc/reports/sheet-reader';
/** An XLSX file may be as large as any import; what it unzips to is bounded below, whatever its size. */
export const MAX_XLSX_BYTES = MAX_IMPORT_BYTES;
/** What the workbook's parts may add up to once unzipped: a sheet of ~100,000 rows of feedback fits. */
export const MAX_XLSX_UNZIPPED_BYTES = 160 * 1024 * 1024;
/** Spreadsheet XML deflates about 5–20 to 1; a part past this ratio is a crafted file (a "zip bomb"). */
export const MAX_XLSX_RATIO = 200;
/** Rows and cells in the workbook's sheets: past these a file is better split or sent as CSV. */
export const MAX_XLSX_ROWS = 500_000;
export const MAX_XLSX_CELLS = 8_000_000;
/** A read still running after this long is stopped (its thread ended), whatever the file holds. */
export const MAX_XLSX_READ_MS = 120_000;

const LIMITS: SheetLimits = {
  maxUnzippedBytes: MAX_XLSX_UNZIPPED_BYTES,
  maxRatio: MAX_XLSX_RATIO,
  maxRows: MAX_XLSX_ROWS,
  maxCells: MAX_XLSX_CELLS,
};

const count = (n: number) => n.toLocaleString('vi-VN');

/** A refusal from the reading thread, in the words of the import screens. */
function refusal(failure: SheetReadFailure): AppError {
  switch (failure.code) {
    case 'bomb':
      return new AppError(
        'bad_request',
        'import.xlsx_bomb',
        `Tệp Excel có phần «${failure.part}» nén bất thường (tỉ lệ ${failure.ratio}:1); tệp bị từ chối.`,
      );
    case 'too_large':
      return new AppError(
        'bad_request',
        'import.xlsx_too_large',
        `Tệp Excel quá lớn khi giải nén (hơn ${MAX_XLSX_UNZIPPED_BYTES / 1024 / 1024} MB); hãy chia nhỏ tệp hoặc lưu dạng CSV.`,
      );
    case 'too_many_rows':
      return new AppError(
        'bad_request',
        'import.xlsx_too_many_rows',
        `Tệp Excel có hơn ${count(MAX_XLSX_ROWS)} dòng; hãy chia nhỏ tệp hoặc lưu dạng CSV.`,
        { limit: MAX_XLSX_ROWS },
      );
    case 'too_many_cells':
      return new AppError(
        'bad_request',
        'import.xlsx_too_many_cells',
        `Tệp Excel có hơn ${count(MAX_XLSX_CELLS)} ô dữ liệu; hãy chia nhỏ tệp hoặc lưu dạng CSV.`,
        { limit: MAX_XLSX_CELLS },
      );
    case 'unreadable_cell':
      // A formula cell with no value saved by a spreadsheet program, or an error value (#N/A, #DIV/0!): named.
      return new AppError(
        'bad_request',
        'import.formula_without_value',
        `Ô ${failure.cell} là công thức chưa có giá trị (hoặc giá trị lỗi); hãy mở tệp bằng Excel, kiểm tra ô này, lưu lại rồi nhập.`,
        { cell: failure.cell },
      );
    case 'empty':
      return new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
    default:
      return new AppError('bad_request', 'import.malformed_xlsx', 'Tệp không phải là tệp Excel (.xlsx) hợp lệ.');
  }
}

/**
 * Rows as 1-based line numbers with their cells (index 0 = column A). `limits` lowers the limits (a test shows
 * them holding without building a half-million-row file).
 */
export async function readFirstSheet(
  content: Buffer,
  limits: Partial<SheetLimits & { maxMs: number }> = {},
): Promise<{ line: number; cells: SheetCell[] }[]> {
  if (content.length > MAX_XLSX_BYTES) throw tooLarge();
  const { maxMs = MAX_XLSX_READ_MS, ...sheetLimits } = limits;
  const result = await render('readSheet', { bytes: content, limits: { ...LIMITS, ...sheetLimits } }, { timeoutMs: maxMs }).catch(
    (error: unknown) => {
      if (!(error instanceof RenderTimeout)) throw error;
      throw new AppError(
        'bad_request',
        'import.xlsx_too_slow',
        `Tệp Excel cần quá ${Math.round(maxMs / 1000)} giây để đọc; hãy lưu dạng CSV hoặc chia nhỏ tệp rồi nhập lại.`,
        { seconds: Math.round(maxMs / 1000) },
      );
    },
  );
  if (!result.ok) throw refusal(result.failure);
  return result.rows;
}
