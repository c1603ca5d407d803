/**
 * Renders a table (title, columns, rows) to XLSX or CSV. CSV is UTF-8 with a BOM so that Excel
 * shows Vietnamese correctly; in both, text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) is neutralised with a leading apostrophe. Every sheet prints:
 * A4, landscape when wide, one page wide, the header row repeated on each page.
 */
import { formatVietnameseDate } from '@cchc/domain/calendar/dates';
import { formatNumberVi, formatPercentVi } from '@cchc/domain/format';
import ExcelJS from 'exceljs';
import { asBuffer, render } from './render-pool';

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

/** A cell as a document prints it: dd/MM/yyyy dates, vi-VN numbers (15,8), rates with % and N/A never as 0. */
export function cellText(value: Cell, type: TableColumn['type']): string {
  if (value === null) return type === 'percent' ? 'N/A' : '';
  if (type === 'date' && typeof value === 'string') return formatVietnameseDate(value);
  if (type === 'percent' && typeof value === 'number') return formatPercentVi(value);
  if (typeof value === 'number') return formatNumberVi(value);
  return value;
}

export interface CsvOptions {
  /** Machine-readable: dates as YYYY-MM-DD and a dot decimal. Default: as people in Vietnam read them (dd/MM/yyyy, 15,8). */
  iso?: boolean;
}

function csvField(value: Cell, type: TableColumn['type'], iso: boolean): string {
  if (value === null) return '';
  let s: string;
  if (typeof value === 'number') s = iso ? String(value) : String(value).replace('.', ',');
  else if (type === 'date' && !iso) s = formatVietnameseDate(value);
  else s = neutralise(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(table: Table, options: CsvOptions = {}): Buffer {
  const iso = options.iso ?? false;
  const lines = [table.columns.map((c) => csvField(c.header, 'text', iso)).join(',')];
  for (const row of table.rows) lines.push(row.map((v, i) => csvField(v, table.columns[i]?.type, iso)).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

function dateCell(value: string): Date {
  // Midnight UTC of the calendar date: Excel stores dates without a zone.
  return new Date(`${value}T00:00:00Z`);
}

/**
 * A sheet name Excel accepts (at most 31 characters, none of \\ / ? * [ ] :), cut at a word boundary,
 * and unlike the names already `taken` (a number is added: "Biểu … (2)").
 */
export function sheetName(wanted: string, taken: ReadonlySet<string> = new Set()): string {
  const clean =
    wanted
      .replace(/[\\/?*[\]:]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '') || 'Sheet';
  const cut = (text: string, max: number) => {
    if (text.length <= max) return text;
    const head = text.slice(0, max + 1);
    const space = head.lastIndexOf(' ');
    return (space > max / 2 ? head.slice(0, space) : text.slice(0, max)).replace(/[\s,.;–—-]+$/, '');
  };
  const lower = new Set([...taken].map((t) => t.toLocaleLowerCase('vi-VN')));
  let name = cut(clean, 31);
  for (let n = 2; lower.has(name.toLocaleLowerCase('vi-VN')); n++) name = `${cut(clean, 31 - ` (${n})`.length)} (${n})`;
  return name;
}

function addSheet(workbook: ExcelJS.Workbook, table: Table, wantedName?: string) {
  const taken = new Set(workbook.worksheets.map((w) => w.name));
  const sheet = workbook.addWorksheet(sheetName(wantedName ?? table.title, taken));
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
    // Decimals show as decimals (Excel writes them with the reader's decimal comma: 15,8).
    const decimals = table.rows.some((r) => typeof r[i] === 'number' && !Number.isInteger(r[i]));
    if (c.type === 'percent') column.numFmt = decimals ? '0.0%' : '0%';
    if (c.type === 'number') column.numFmt = decimals ? '#,##0.0' : '#,##0';
    column.alignment = { vertical: 'top', wrapText: c.type === undefined || c.type === 'text' };
  });
  sheet.views = [{ state: 'frozen', ySplit: headerIndex }];
  sheet.autoFilter = { from: { row: headerIndex, column: 1 }, to: { row: headerIndex, column: table.columns.length } };
  const totalWidth = table.columns.reduce((sum, c) => sum + (c.width ?? 18), 0);
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: totalWidth > 90 ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerIndex}:${headerIndex}`,
    horizontalCentered: true,
    margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: '&CTrang &P/&N' };
}

export async function renderXlsx(table: Table): Promise<Buffer> {
  return renderWorkbook([table]);
}

/** Several tables, one sheet each (named by `sheet` or the title), written on a render thread (render-pool.ts). */
export async function renderWorkbook(tables: (Table & { sheet?: string })[]): Promise<Buffer> {
  return asBuffer(await render('workbook', tables));
}

/** Writes the workbook here, on the calling thread: the render threads run this. */
export async function buildWorkbook(tables: (Table & { sheet?: string })[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CCHC';
  workbook.created = new Date();
  for (const table of tables) addSheet(workbook, table, table.sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
