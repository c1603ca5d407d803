import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralise, renderCsv, renderXlsx, type Table } from './table';

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
  it('writes UTF-8 with a BOM, quotes commas and quotes, and neutralises formulas', () => {
    const text = renderCsv(table).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Tên nhiệm vụ,Hạn,Tiến độ');
    expect(lines[1]).toBe('"Rà soát thủ tục ""một cửa"", cấp xã",2026-03-13,50');
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://x"")",,0`);
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
  });
});
