import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralise, renderCsv, renderWorkbook, renderXlsx, sheetName, type Table } from './table';
import { libreOfficePdf, popplerInfo, popplerText } from './testing';

const table: Table = {
  title: 'Danh sách nhiệm vụ',
  subtitle: ['Xuất lúc 21/11/2026 09:00'],
  columns: [
    { header: 'Tên nhiệm vụ', width: 40 },
    { header: 'Hạn', type: 'date' },
    { header: 'Tiến độ', type: 'percent' },
  ],
  rows: [
    ['Rà soát thủ tục "một cửa", cấp xã', '2026-03-13', 50],
    ['=HYPERLINK("http://x")', null, 0],
    ['Tỷ lệ', '2026-10-05', 15.8],
  ],
};

describe('neutralise', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    expect(neutralise('=1+1')).toBe("'=1+1");
    expect(neutralise('+84 912')).toBe("'+84 912");
    expect(neutralise('-5')).toBe("'-5");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('Sở Tư pháp')).toBe('Sở Tư pháp');
  });
});

describe('renderCsv', () => {
  it('writes UTF-8 with a BOM, dd/MM/yyyy dates and decimal commas, quotes commas and quotes, and neutralises formulas', () => {
    const text = renderCsv(table).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Tên nhiệm vụ,Hạn,Tiến độ');
    expect(lines[1]).toBe('"Rà soát thủ tục ""một cửa"", cấp xã",13/03/2026,50');
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://x"")",,0`);
    expect(lines[3]).toBe('Tỷ lệ,05/10/2026,"15,8"');
  });

  it('writes ISO dates and dot decimals when asked for a machine-readable file', () => {
    const lines = renderCsv(table, { iso: true }).toString('utf8').slice(1).split('\r\n');
    expect(lines[1]).toBe('"Rà soát thủ tục ""một cửa"", cấp xã",2026-03-13,50');
    expect(lines[3]).toBe('Tỷ lệ,2026-10-05,15.8');
  });
});

describe('renderXlsx', () => {
  it('produces a workbook a real reader opens, with Vietnamese text, real dates and no live formula', async () => {
    const buffer = await renderXlsx(table);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet?.getCell('A1').value).toBe('Danh sách nhiệm vụ');
    expect(sheet?.getCell('A4').value).toBe('Tên nhiệm vụ');
    expect(sheet?.getCell('A5').value).toBe('Rà soát thủ tục "một cửa", cấp xã');
    const due = sheet?.getCell('B5').value;
    expect(due instanceof Date && due.toISOString().slice(0, 10)).toBe('2026-03-13');
    expect(sheet?.getCell('C5').value).toBe(0.5);
    expect(sheet?.getCell('A6').value).toBe('\'=HYPERLINK("http://x")');
    expect(sheet?.getCell('A6').formula).toBeUndefined();
    expect(sheet?.getCell('C7').value).toBe(0.158);
    expect(sheet?.getColumn(3).numFmt).toBe('0.0%');
  });

  it('prints on A4, one page wide, landscape when wide, the header row repeated on every page', async () => {
    const wide: Table = { ...table, columns: table.columns.map((c) => ({ ...c, width: 40 })) };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderWorkbook([table, wide])) as unknown as ArrayBuffer);
    const [narrowSheet, wideSheet] = wb.worksheets;
    for (const sheet of [narrowSheet, wideSheet]) {
      expect(sheet?.pageSetup).toMatchObject({
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '4:4',
      });
      expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    }
    expect(narrowSheet?.pageSetup.orientation).toBe('portrait');
    expect(wideSheet?.pageSetup.orientation).toBe('landscape');
    // Two tables of the same title: two sheets, names unique.
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Danh sách nhiệm vụ', 'Danh sách nhiệm vụ (2)']);
  });
});

describe('sheetName', () => {
  it('cuts at a word boundary within 31 characters, drops characters Excel refuses, and keeps names unique', () => {
    const long = 'Biểu 3. Tiếp nhận, trả lời phản ánh, kiến nghị';
    expect(sheetName(long)).toBe('Biểu 3. Tiếp nhận, trả lời phản');
    expect(sheetName(long).length).toBeLessThanOrEqual(31);
    expect(sheetName('Kỳ 15/06/2026: tổng hợp [mới]')).toBe('Kỳ 15 06 2026 tổng hợp mới');
    const first = sheetName(long);
    const second = sheetName(long, new Set([first]));
    expect(second).toBe('Biểu 3. Tiếp nhận, trả lời (2)');
    expect(sheetName(long, new Set([first, second]))).toBe('Biểu 3. Tiếp nhận, trả lời (3)');
    expect(sheetName('Sở Tư pháp', new Set(['sở tư pháp']))).toBe('Sở Tư pháp (2)');
  });
});

describe('LibreOffice (headless) opens the XLSX', () => {
  it('converts a wide workbook to a landscape A4 PDF with the header row and Vietnamese text', async () => {
    const wide: Table = { ...table, columns: table.columns.map((c) => ({ ...c, width: 40 })) };
    const pdf = libreOfficePdf(await renderXlsx(wide), 'xlsx');
    expect(popplerText(pdf)).toContain('Rà soát thủ tục "một cửa", cấp xã');
    expect(popplerInfo(pdf, 1)).toMatch(/841\.\d+ x 595\.\d+ pts/);
  }, 180_000);
});
