/**
 * Renders a table (title, columns, rows) to XLSX or CSV. CSV is UTF-8 with a BOM so that Excel
 * shows Vietnamese correctly; in both, text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) is neutralised with a leading apostrophe.
 */
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

export interface TableColumn {
  header: string;
  /** Approximate width in characters for XLSX. */
  width?: number;
  /** 'date' cells hold 'YYYY-MM-DD' and are written as real dates shown dd/mm/yyyy. */
  type?: 'text' | 'number' | 'percent' | 'date';
}

export interface Table {
  title: string;
  /** Lines under the title, e.g. the filter used and the time of export. */
  subtitle?: string[];
  columns: TableColumn[];
  rows: Cell[][];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that would start a formula gets a leading apostrophe. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(value: Cell): string {
  if (value === null) return '';
  const s = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(table: Table): Buffer {
  const lines = [table.columns.map((c) => csvField(c.header)).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

function dateCell(value: string): Date {
  // Midnight UTC of the calendar date: Excel stores dates without a zone.
  return new Date(`${value}T00:00:00Z`);
}

function addSheet(workbook: ExcelJS.Workbook, table: Table, sheetName?: string) {
  const sheet = workbook.addWorksheet((sheetName ?? table.title).slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  sheet.addRow([table.title]).font = { bold: true, size: 14 };
  for (const line of table.subtitle ?? []) sheet.addRow([line]).font = { italic: true, color: { argb: 'FF555555' } };
  sheet.addRow([]);
  const headerRow = sheet.addRow(table.columns.map((c) => c.header));
  headerRow.font = { bold: true };
  headerRow.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.border = { bottom: { style: 'thin' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  const headerIndex = headerRow.number;
  for (const row of table.rows) {
    const values = row.map((value, i) => {
      const type = table.columns[i]?.type ?? 'text';
      if (value === null) return null;
      if (type === 'date' && typeof value === 'string') return dateCell(value);
      if ((type === 'number' || type === 'percent') && typeof value === 'number') return type === 'percent' ? value / 100 : value;
      return typeof value === 'string' ? neutralise(value) : value;
    });
    sheet.addRow(values);
  }
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width ?? 18;
    if (c.type === 'date') column.numFmt = 'dd/mm/yyyy';
    if (c.type === 'percent') column.numFmt = '0%';
    column.alignment = { vertical: 'top', wrapText: c.type === undefined || c.type === 'text' };
  });
  sheet.views = [{ state: 'frozen', ySplit: headerIndex }];
  sheet.autoFilter = { from: { row: headerIndex, column: 1 }, to: { row: headerIndex, column: table.columns.length } };
}

export async function renderXlsx(table: Table): Promise<Buffer> {
  return renderWorkbook([table]);
}

/** Several tables, one sheet each (named by `sheet` or the title). */
export async function renderWorkbook(tables: (Table & { sheet?: string })[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CCHC';
  workbook.created = new Date();
  for (const table of tables) addSheet(workbook, table, table.sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
