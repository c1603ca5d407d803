/** XLSX intake refuses crafted archives from their directory alone, before anything is inflated. */
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { rejectionOf } from '../testing/fixtures';
import { MAX_XLSX_UNZIPPED_BYTES, readFirstSheet } from './xlsx';

/**
 * A ZIP archive written field by field (APPNOTE 4.3): each entry's sizes are what the directory claims,
 * so a test can build what an attacker would send. `declaredSize` overrides the uncompressed size.
 */
function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const packed = deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('readFirstSheet', () => {
  it('reads a real workbook with Vietnamese text', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Danh sách').addRows([
      ['Mã số', 'Tên'],
      ['1.000005', 'Đăng ký khai sinh'],
    ]);
    const rows = await readFirstSheet(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rows).toEqual([
      { line: 1, cells: ['Mã số', 'Tên'] },
      { line: 2, cells: ['1.000005', 'Đăng ký khai sinh'] },
    ]);
  });

  it('reads a formula cell as its cached value, and refuses one with no cached value or an error, naming the cell', async () => {
    const cached = new ExcelJS.Workbook();
    cached.addWorksheet('A').addRows([['Tên'], [{ formula: '"Rà soát "&"TTHC"', result: 'Rà soát TTHC' }]]);
    expect((await readFirstSheet(Buffer.from(await cached.xlsx.writeBuffer())))[1]?.cells).toEqual(['Rà soát TTHC']);

    for (const value of [{ formula: 'A1&"x"' }, { formula: '1/0', result: { error: '#DIV/0!' } }]) {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('A').addRows([['Tên'], [value]]);
      const error = await rejectionOf(readFirstSheet(Buffer.from(await workbook.xlsx.writeBuffer())), AppError);
      expect(error).toMatchObject({ code: 'import.formula_without_value', params: { cell: 'A2' } });
      expect(error.message).toContain('Ô A2 là công thức');
      expect(error.message).not.toContain('[object Object]');
    }
  });

  it('refuses a small file whose sheet would inflate a thousandfold (a zip bomb), naming the part', async () => {
    // 64 MB of one repeated byte deflate to about 64 KB: the file is tiny, its sheet is not.
    const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const error = await rejectionOf(readFirstSheet(bomb), AppError);
    expect(error.code).toBe('import.xlsx_bomb');
    expect(error.message).toContain('xl/worksheets/sheet1.xml');
  });

  it('refuses a workbook whose parts would unzip past the limit, whatever their ratio', async () => {
    const parts = [0, 1].map((i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      // Random bytes do not deflate: 700 KB stay 700 KB, a ratio of about 150 to the 100 MB claimed.
      data: randomBytes(700 * 1024),
      // Each claims 100 MB: a plausible ratio for XML, too much together.
      declaredSize: 100 * 1024 * 1024,
    }));
    const error = await rejectionOf(readFirstSheet(zipOf(parts)), AppError);
    expect(error.code).toBe('import.xlsx_too_large');
    expect(error.message).toContain(`${MAX_XLSX_UNZIPPED_BYTES / 1024 / 1024} MB`);
  });

  it('refuses a part that inflates to more than the archive claims, before the spreadsheet reader sees it', async () => {
    // The directory claims 1 KB, the part holds 2 MB: every check on the claims passes, inflating it does not.
    const liar = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: randomBytes(2 * 1024 * 1024), declaredSize: 1024 }]);
    const error = await rejectionOf(readFirstSheet(liar), AppError);
    expect(error.code).toBe('import.malformed_xlsx');
  });

  it('stops a read that runs past its time limit, with a message, and reads the next file as usual', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('A').addRows(Array.from({ length: 20_000 }, (_, i) => [`Dòng ${i + 1}`, i, i * 2]));
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const slow = await rejectionOf(readFirstSheet(file, { maxMs: 1 }), AppError);
    expect(slow).toMatchObject({ code: 'import.xlsx_too_slow' });
    expect(slow.message).toContain('hãy lưu dạng CSV hoặc chia nhỏ tệp');
    expect(await readFirstSheet(file)).toHaveLength(20_000);
  });

  it('refuses a workbook with more rows or cells than the limits, naming the limit', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('A').addRows(Array.from({ length: 50 }, (_, i) => [`Dòng ${i + 1}`, i, i * 2]));
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readFirstSheet(file, { maxRows: 50, maxCells: 150 })).toHaveLength(50);
    const rows = await rejectionOf(readFirstSheet(file, { maxRows: 49 }), AppError);
    expect(rows).toMatchObject({ code: 'import.xlsx_too_many_rows' });
    expect(rows.message).toContain('hãy chia nhỏ tệp hoặc lưu dạng CSV');
    expect(await rejectionOf(readFirstSheet(file, { maxCells: 149 }), AppError)).toMatchObject({
      code: 'import.xlsx_too_many_cells',
    });
  });

  it('reads a large workbook off this thread: a timer here keeps ticking, its longest stall a small part of the read', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('PAKN');
    sheet.addRow(['Mã', 'Ngày tiếp nhận', 'Tiêu đề', 'Nội dung', 'Đơn vị', 'Trạng thái', 'Số', 'Ghi chú']);
    for (let i = 0; i < 30_000; i++)
      sheet.addRow([
        `PAKN-${i}`,
        new Date(Date.UTC(2026, i % 12, (i % 28) + 1, 8)),
        `Phản ánh số ${i} về thời hạn giải quyết`,
        'Hồ sơ nộp đã lâu nhưng chưa có kết quả, đề nghị cơ quan xem xét.',
        '33.STP',
        'Đang xử lý',
        i,
        null,
      ]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    let last = performance.now();
    let longestStall = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const rows = await readFirstSheet(file);
    const took = performance.now() - started;
    clearInterval(tick);
    expect(longestStall).toBeLessThan(took / 4);
    expect(rows).toHaveLength(30_001);
    expect(rows[30_000]?.cells.slice(0, 3)).toEqual([
      'PAKN-29999',
      new Date(Date.UTC(2026, 29_999 % 12, (29_999 % 28) + 1, 8)),
      'Phản ánh số 29999 về thời hạn giải quyết',
    ]);
  });

  it('says a file that is no archive at all is not an Excel file', async () => {
    const error = await rejectionOf(readFirstSheet(Buffer.from('Mã số,Tên\n1.000005,Khai sinh\n')), AppError);
    expect(error.code).toBe('import.malformed_xlsx');
  });
});
