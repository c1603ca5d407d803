/**
 * The catalogue import with files as they are downloaded: the national list export (title rows, merged
 * cells, Vietnamese headers, no level column, several agencies in one cell), CSVs saved in Windows-1258 or
 * UTF-16, and updates that never touch a column the file does not have.
 */
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../actor';
import { AppError } from '../errors';
import { seedDemo } from '../seed/demo';
import { rejectionOf } from '../testing/fixtures';
import { importCatalogue } from './catalogue';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);
const actor: AuditActor = { userId: null, username: 'test' };
const sample = parse(readFileSync(SAMPLE), { columns: true }) as Record<string, string>[];
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => t.drop());

const procedure = (code: string) => t.db.selectFrom('procedure').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

/** A workbook shaped like the national database's "DANH SÁCH THỦ TỤC HÀNH CHÍNH" export. */
async function nationalExport(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(['DANH SÁCH THỦ TỤC HÀNH CHÍNH']);
  sheet.mergeCells('A1:F1');
  sheet.addRow(['(Ngày xuất: 07/12/2026)']);
  sheet.mergeCells('A2:F2');
  sheet.addRow([]);
  sheet.addRow(['STT', 'Mã số', 'Tên', 'Cơ quan ban hành', 'Cơ quan thực hiện', 'Lĩnh vực']);
  rows.forEach((r, i) => {
    sheet.addRow([i + 1, ...r]);
  });
  sheet.getColumn(5).alignment = { wrapText: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Text as Windows writes it in code page 1258: base letters precomposed (ê, ơ, ă), tones as combining marks. */
function windows1258Form(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => {
      const parts = [...ch.normalize('NFD')];
      const tones = parts.filter((p) => /[\u0300\u0301\u0303\u0309\u0323]/.test(p));
      return (
        parts
          .filter((p) => !tones.includes(p))
          .join('')
          .normalize('NFC') + tones.join('')
      );
    })
    .join('');
}

describe('importCatalogue', () => {
  it('imports the 2,039 procedures of the national sample, then finds nothing to change in the same file', async () => {
    const first = await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
    expect(first).toMatchObject({ ok: true, rows: 2039, inserted: 2039, updated: 0, errorCount: 0, ignoredColumns: [] });
    const again = await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
    expect(again).toMatchObject({ ok: true, rows: 2039, inserted: 0, updated: 0, unchanged: 2039 });
  });

  it('imports the national list export as downloaded, writing only its columns and linking the agencies it names', async () => {
    const [a, b] = [sample[0], sample[1]] as Record<string, string>[];
    const before = await procedure(a?.code as string);
    expect(before.levels.length).toBeGreaterThan(0);
    const content = await nationalExport([
      // A code Excel kept as a number, several implementing agencies one per line and after a semicolon.
      [
        Number(a?.code),
        a?.name as string,
        'Bộ Tài chính',
        'Sở Tư pháp tỉnh Hưng Yên\nỦy ban nhân dân cấp xã; Cơ quan chưa có trong hệ thống',
        a?.field as string,
      ],
      [b?.code as string, b?.name as string, b?.issuing_agency as string, 'Sở Nội vụ', 'Lĩnh vực mới'],
      [
        '1.999991',
        'Thủ tục chỉ có trong tệp quốc gia',
        'Bộ Nội vụ',
        '33.SNV | Sở Tư pháp tỉnh Hưng Yên | Sở Tư pháp',
        'Công chức',
      ],
    ]);
    const result = await importCatalogue(t.db, actor, { fileName: 'DanhSachTTHC.xlsx', content });
    expect(result).toMatchObject({ ok: true, rows: 3, inserted: 1, updated: 2, errorCount: 0, ignoredColumns: [] });
    expect(result.columns).toEqual({
      code: 'Mã số',
      name: 'Tên',
      issuing_agency: 'Cơ quan ban hành',
      implementing_agencies: 'Cơ quan thực hiện',
      field: 'Lĩnh vực',
    });
    // A generic name ("Sở Nội vụ", "Sở Tư pháp") names every province's department: only codes and full names link.
    expect(result.unmatchedAgencies).toEqual([
      'Cơ quan chưa có trong hệ thống',
      'Sở Nội vụ',
      'Sở Tư pháp',
      'Ủy ban nhân dân cấp xã',
    ]);

    const after = await procedure(a?.code as string);
    // The columns the export has not are kept as they were.
    expect(after.levels).toEqual(before.levels);
    expect(after.procedureType).toBe(before.procedureType);
    expect(after.decisionNo).toBe(before.decisionNo);
    expect(after.detailUrl).toBe(before.detailUrl);
    expect(after.targetSubjects).toBe(before.targetSubjects);
    expect(after.implementingAgenciesText).toBe(
      'Sở Tư pháp tỉnh Hưng Yên\nỦy ban nhân dân cấp xã\nCơ quan chưa có trong hệ thống',
    );
    expect((await procedure(b?.code as string)).field).toBe('Lĩnh vực mới');
    const linked = await t.db
      .selectFrom('procedureAgency as pa')
      .innerJoin('procedure as p', 'p.id', 'pa.procedureId')
      .innerJoin('agency as g', 'g.id', 'pa.agencyId')
      .select(['p.code', 'g.name'])
      .where('p.code', 'in', [a?.code as string, '1.999991'])
      .orderBy('p.code')
      .orderBy('g.name')
      .execute();
    expect(linked).toEqual([
      { code: a?.code, name: 'Sở Tư pháp' },
      { code: '1.999991', name: 'Sở Nội vụ' },
      { code: '1.999991', name: 'Sở Tư pháp' },
    ]);
    const fresh = await procedure('1.999991');
    expect(fresh).toMatchObject({ levels: [], field: 'Công chức', issuingAgencyName: 'Bộ Nội vụ' });

    // The same export again: nothing to change.
    const again = await importCatalogue(t.db, actor, { fileName: 'DanhSachTTHC.xlsx', content });
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 3, agencyLinks: 0 });
  });

  it('lists the columns it does not use, and names what is missing in Vietnamese and English', async () => {
    const used = await importCatalogue(t.db, actor, {
      fileName: 'x.csv',
      content: Buffer.from('Mã TTHC,Tên thủ tục,Ghi chú\n1.999992,Thủ tục có ghi chú,abc\n'),
    });
    expect(used).toMatchObject({ ok: true, inserted: 1, ignoredColumns: ['Ghi chú'] });
    const error = await rejectionOf(
      importCatalogue(t.db, actor, { fileName: 'x.csv', content: Buffer.from('Tên thủ tục,Lĩnh vực\nA,B\n') }),
      AppError,
    );
    expect(error.code).toBe('import.missing_columns');
    expect(error.message).toContain('«Mã số» (code)');
  });

  it('stores the Vietnamese names of a Windows-1258 CSV and of a UTF-16 CSV, as UTF-8 and NFC', async () => {
    const text = 'Mã số,Tên\n1.999993,"Đăng ký khai sinh cho người Việt Nam, ở nước ngoài"\n';
    // Windows-1258 spells tones as combining marks: "ễ" is "ê" and a combining tilde.
    const cp1258 = iconv.encode(windows1258Form(text), 'windows-1258');
    expect(cp1258.includes(0xde)).toBe(true); // the combining tilde
    const r1 = await importCatalogue(t.db, actor, { fileName: 'cp1258.csv', content: cp1258 });
    expect(r1).toMatchObject({ ok: true, inserted: 1 });
    expect((await procedure('1.999993')).name).toBe('Đăng ký khai sinh cho người Việt Nam, ở nước ngoài'.normalize('NFC'));

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('1.999993', '1.999994'), 'utf16le')]);
    expect(await importCatalogue(t.db, actor, { fileName: 'utf16.csv', content: utf16 })).toMatchObject({
      ok: true,
      inserted: 1,
    });
    expect((await procedure('1.999994')).name).toBe('Đăng ký khai sinh cho người Việt Nam, ở nước ngoài');
  });

  it('refuses a UTF-8 file with broken bytes, naming the line, and stores nothing', async () => {
    const good = Buffer.from('code,name\n1.999995,Thủ tục một\n');
    const broken = Buffer.concat([good, Buffer.from('1.999996,Nguy'), Buffer.from([0xe1, 0xbb]), Buffer.from('n Văn\n')]);
    const error = await rejectionOf(importCatalogue(t.db, actor, { fileName: 'x.csv', content: broken }), AppError);
    expect(error.code).toBe('import.bad_encoding');
    expect(error.message).toContain('dòng 3');
    expect(await t.db.selectFrom('procedure').select('code').where('code', '=', '1.999995').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a javascript:, data: or vbscript: link to the procedure’s page, naming the row in Vietnamese, and keeps web links', async () => {
    const content = Buffer.from(
      'code,name,detail_url\n' +
        '1.999981,Thủ tục có liên kết,https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.999981\n' +
        '1.999982,Liên kết độc,javascript:alert(document.cookie)\n' +
        '1.999983,Liên kết độc,"  JaVa\tScRiPt:alert(1)"\n' +
        '1.999984,Liên kết dữ liệu,data:text/html;base64,PHNjcmlwdD4=\n' +
        '1.999985,Liên kết vbscript,vbscript:msgbox(1)\n',
    );
    const result = await importCatalogue(t.db, actor, { fileName: 'links.csv', content });
    expect(result).toMatchObject({ ok: false, inserted: 0, errorCount: 4 });
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'detail_url'],
      [4, 'detail_url'],
      [5, 'detail_url'],
      [6, 'detail_url'],
    ]);
    expect(result.errors[0]?.message).toMatch(/^Liên kết không được bắt đầu bằng javascript:, data: hoặc vbscript:/);
    const kept = await importCatalogue(t.db, actor, { fileName: 'links.csv', content }, { onBadRows: 'skip' });
    expect(kept).toMatchObject({ ok: true, inserted: 1, skipped: 4 });
    expect((await procedure('1.999981')).detailUrl).toMatch(/^https:\/\/dichvucong\.gov\.vn\//);
  });

  it('stops on a bad row by default, or imports the good rows and sets the bad ones aside when asked', async () => {
    const content = Buffer.from('code,name\n1.999997,Thủ tục tốt\nABC,Mã sai\n1.999998,Thủ tục tốt nữa\n1.999997,Lặp lại\n');
    const stopped = await importCatalogue(t.db, actor, { fileName: 'x.csv', content });
    expect(stopped).toMatchObject({ ok: false, inserted: 0, errorCount: 2 });
    expect(stopped.errors.map((e) => e.row)).toEqual([3, 5]);
    expect(await t.db.selectFrom('procedure').select('code').where('code', '=', '1.999997').executeTakeFirst()).toBeUndefined();

    const partial = await importCatalogue(t.db, actor, { fileName: 'x.csv', content }, { onBadRows: 'skip' });
    expect(partial).toMatchObject({ ok: true, rows: 4, inserted: 2, skipped: 2, errorCount: 2 });
    expect(partial.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'code'],
      [5, 'code'],
    ]);
  });
});
