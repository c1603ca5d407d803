/**
 * Reads the first worksheet of an XLSX file into rows of plain values, within hard limits — on a render thread
 * (render-pool.ts `readSheet`), so a large or crafted workbook never holds the event loop that serves requests.
 * Before ExcelJS sees the file, every part is inflated once as a stream: its size must be what the archive's
 * directory claims (yauzl checks), the claims must add up to at most `maxUnzippedBytes` with no part past
 * `maxRatio`:1, and the sheets' XML may hold at most `maxRows` rows and `maxCells` cells. A failure comes back
 * as a value (threads pass plain data), for the caller to word.
 */
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

export type SheetCell = string | number | Date | null;
export interface SheetRow {
  /** 1-based row as a spreadsheet shows it. */
  line: number;
  /** Index 0 = column A. */
  cells: SheetCell[];
}

export interface SheetLimits {
  /** What all parts may inflate to together. */
  maxUnzippedBytes: number;
  /** A part of more than 1 MB inflating past this ratio is a crafted file (a "zip bomb"). */
  maxRatio: number;
  /** Rows and cells written in the worksheets' XML, all sheets together. */
  maxRows: number;
  maxCells: number;
}

export type SheetReadFailure =
  | { code: 'malformed' }
  | { code: 'bomb'; part: string; ratio: number }
  | { code: 'too_large' }
  | { code: 'too_many_rows' }
  | { code: 'too_many_cells' }
  | { code: 'unreadable_cell'; cell: string }
  | { code: 'empty' };

export type SheetReadResult = { ok: true; rows: SheetRow[] } | { ok: false; failure: SheetReadFailure };

class Refused extends Error {
  constructor(readonly failure: SheetReadFailure) {
    super(failure.code);
  }
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;

/** Counts `<row …>` and `<c …>` tags in a part's XML as it streams by (a tag may straddle two chunks). */
function tagCounter(onCount: (rows: number, cells: number) => void) {
  let tail = '';
  return (chunk: Buffer) => {
    const text = tail + chunk.toString('latin1');
    let rows = 0;
    let cells = 0;
    // A match that ended inside the carried tail was counted with the chunk before.
    for (const m of text.matchAll(/<row[\s>]|<c[\s>/]/g)) {
      if (m.index + m[0].length <= tail.length) continue;
      if (m[0].startsWith('<row')) rows++;
      else cells++;
    }
    tail = text.slice(-4);
    onCount(rows, cells);
  };
}

/** Inflates every part once, checking the directory's claims, the real sizes and the sheets' row and cell counts. */
async function checkArchive(content: Buffer, limits: SheetLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: true, autoClose: false }, (error, file) =>
      error || !file ? reject(new Refused({ code: 'malformed' })) : resolve(file),
    ),
  );
  try {
    // The directory first: its claims alone refuse a bomb or an oversized workbook before anything is inflated.
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const seen: yauzl.Entry[] = [];
      let declared = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
        if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio)
          return reject(new Refused({ code: 'bomb', part: entry.fileName, ratio: Math.round(ratio) }));
        if (declared > limits.maxUnzippedBytes) return reject(new Refused({ code: 'too_large' }));
        if (!entry.fileName.endsWith('/')) seen.push(entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve(seen));
      zip.once('error', () => reject(new Refused({ code: 'malformed' })));
      zip.readEntry();
    });
    // Then each part inflated as a stream: it must be no larger than claimed (yauzl refuses it otherwise), and the
    // sheets' XML is counted as it goes, so a sheet of millions of empty rows stops here, not in ExcelJS.
    let rows = 0;
    let cells = 0;
    for (const entry of entries) {
      await new Promise<void>((resolve, reject) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error || !stream) return reject(new Refused({ code: 'malformed' }));
          const count = WORKSHEET.test(entry.fileName)
            ? tagCounter((r, c) => {
                rows += r;
                cells += c;
              })
            : null;
          stream.on('data', (chunk: Buffer) => {
            count?.(chunk);
            if (rows > limits.maxRows || cells > limits.maxCells) {
              stream.destroy();
              reject(new Refused({ code: rows > limits.maxRows ? 'too_many_rows' : 'too_many_cells' }));
            }
          });
          stream.on('error', () => reject(new Refused({ code: 'malformed' })));
          stream.on('end', () => resolve());
        });
      });
    }
  } finally {
    zip.close();
  }
}

function plain(value: ExcelJS.CellValue, address: string): SheetCell {
  const unreadable = () => new Refused({ code: 'unreadable_cell', cell: address });
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
      if (!('result' in value) || value.result === undefined) throw unreadable();
      return plain(value.result as ExcelJS.CellValue, address);
    }
    if ('error' in value) throw unreadable();
  }
  if (typeof value === 'object') throw unreadable();
  return String(value);
}

/** The first worksheet's rows (blank rows left out), or why the file is refused. */
export async function readSheet(bytes: Uint8Array, limits: SheetLimits): Promise<SheetReadResult> {
  const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    await checkArchive(content, limits);
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new Refused({ code: 'malformed' });
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Refused({ code: 'empty' });
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, line) => {
      const cells: SheetCell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = plain(cell.value, cell.address);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      rows.push({ line, cells });
    });
    return { ok: true, rows };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, failure: error.failure };
    throw error;
  }
}
