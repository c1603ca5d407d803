import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../actor';
import { AppError } from '../errors';
import { seedDemo } from '../seed/demo';
import { importCatalogue } from './catalogue';
import { importMonthlyCounts, parseMonth } from './counts';
import { DOSSIER_COLUMNS, importDossierFile } from './dossiers';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);
const actor: AuditActor = { userId: null, username: 'test' };
const HEADER = 'procedure_code,agency_code,month,received';
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const catalogue = await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
  expect(catalogue.ok).toBe(true);
});
afterAll(async () => t.drop());

async function importCounts(lines: string[]) {
  const client = await t.pool.connect();
  try {
    return await importMonthlyCounts(client, actor, {
      fileName: 'so-lieu.csv',
      content: Buffer.from([HEADER, ...lines].join('\n')),
    });
  } finally {
    client.release();
  }
}

async function counts(procedureCode: string) {
  return t.db
    .selectFrom('filingMonthly as f')
    .innerJoin('procedure as p', 'p.id', 'f.procedureId')
    .innerJoin('agency as a', 'a.id', 'f.agencyId')
    .select(['a.code as agency', 'f.month', 'f.received'])
    .where('p.code', '=', procedureCode)
    .where('f.source', '=', 'counts')
    .orderBy('a.code')
    .orderBy('f.month')
    .execute();
}

async function countRows() {
  const { n } = await t.db
    .selectFrom('filingMonthly')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function lastFilings(procedureCode: string) {
  return t.db
    .selectFrom('procedureLastFiling as l')
    .innerJoin('procedure as p', 'p.id', 'l.procedureId')
    .innerJoin('agency as a', 'a.id', 'l.agencyId')
    .select(['a.code as agency', 'l.lastFiling'])
    .where('p.code', '=', procedureCode)
    .orderBy('a.code')
    .execute();
}

describe('parseMonth', () => {
  it('reads MM/YYYY, with or without the leading zero, and YYYY-MM, as the first day of the month', () => {
    expect(parseMonth('03/2026')).toBe('2026-03-01');
    expect(parseMonth('3/2026')).toBe('2026-03-01');
    expect(parseMonth('12/2025')).toBe('2025-12-01');
    expect(parseMonth('2026-01')).toBe('2026-01-01');
    expect(parseMonth('2026-12')).toBe('2026-12-01');
  });
  it.each(['13/2026', '0/2026', '00/2026', '2026-13', '2026-00', '2026-3', '2026/03', '03-2026', '03/26', 'tháng 3/2026', ''])(
    'refuses %j',
    (text) => {
      expect(parseMonth(text)).toBeNull();
    },
  );
});

describe('importMonthlyCounts', () => {
  it('stores counts given as MM/YYYY and YYYY-MM, and a count makes the pair alive from the first day of its month', async () => {
    const result = await importCounts(['1.000005,33.STP,03/2026,12', '1.000005,33.SNV,2026-01,4', '1.000005,33.STC,2/2026,0']);
    expect(result).toMatchObject({ ok: true, rows: 3, errors: [], ignoredColumns: [] });
    expect(await counts('1.000005')).toEqual([
      { agency: '33.SNV', month: '2026-01-01', received: 4 },
      { agency: '33.STC', month: '2026-02-01', received: 0 },
      { agency: '33.STP', month: '2026-03-01', received: 12 },
    ]);
    // A month with no filing is no filing: Sở Tài chính has no last filing.
    expect(await lastFilings('1.000005')).toEqual([
      { agency: '33.SNV', lastFiling: '2026-01-01' },
      { agency: '33.STP', lastFiling: '2026-03-01' },
    ]);
  });

  it('updates a month imported again instead of adding to it, and the same file twice changes nothing', async () => {
    const before = await countRows();
    const file = ['1.000005,33.STP,03/2026,15', '1.000005,33.STP,2026-04,2'];
    expect(await importCounts(file)).toMatchObject({ ok: true, rows: 2, errors: [], ignoredColumns: [] });
    expect(await importCounts(file)).toMatchObject({ ok: true, rows: 2, errors: [], ignoredColumns: [] });
    expect(await countRows()).toBe(before + 1);
    expect((await counts('1.000005')).filter((c) => c.agency === '33.STP')).toEqual([
      { agency: '33.STP', month: '2026-03-01', received: 15 },
      { agency: '33.STP', month: '2026-04-01', received: 2 },
    ]);
    expect(await lastFilings('1.000005')).toContainEqual({ agency: '33.STP', lastFiling: '2026-04-01' });
  });

  it('moves the last filing back when a corrected month says there was no filing after all', async () => {
    expect(await importCounts(['1.000005,33.STP,2026-04,0'])).toMatchObject({ ok: true });
    expect(await lastFilings('1.000005')).toContainEqual({ agency: '33.STP', lastFiling: '2026-03-01' });
  });

  it('keeps the later of a dossier and a monthly count as the last filing', async () => {
    const { id: runId } = await t.db
      .insertInto('importRun')
      .values({ kind: 'dossiers', fileName: 'hs.csv', status: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const values: Record<(typeof DOSSIER_COLUMNS)[number], string> = {
      dossier_id: 'HS-K1',
      procedure_code: '1.000010',
      receiving_agency_code: '33.SNV',
      competent_agency_code: '33.SNV',
      received_at: '2026-02-17 09:00',
      appointment_date: '2026-03-03',
      finished_at: '',
      channel: 'direct',
      status: 'processing',
      supplement_requests: '0',
      supplement_days: '0',
    };
    const client = await t.pool.connect();
    try {
      const file = `${DOSSIER_COLUMNS.join(',')}\n${DOSSIER_COLUMNS.map((c) => values[c]).join(',')}\n`;
      expect(await importDossierFile(client, actor, { runId, content: Buffer.from(file), fileName: 'hs.csv' })).toMatchObject({
        ok: true,
      });
    } finally {
      client.release();
    }
    expect(await importCounts(['1.000010,33.SNV,01/2026,3'])).toMatchObject({ ok: true });
    expect(await lastFilings('1.000010')).toEqual([{ agency: '33.SNV', lastFiling: '2026-02-17' }]);
    expect(await importCounts(['1.000010,33.SNV,03/2026,1'])).toMatchObject({ ok: true });
    expect(await lastFilings('1.000010')).toEqual([{ agency: '33.SNV', lastFiling: '2026-03-01' }]);
  });

  it('reports a bad month, unknown codes and a bad count with their rows, and writes nothing', async () => {
    const before = await countRows();
    const result = await importCounts([
      '1.000014,33.STP,03/2026,5',
      '1.000014,33.STP,13/2026,5',
      '9.999999,33.STP,03/2026,5',
      '1.000014,33.XYZ,2026-03,5',
      '1.000014,33.STP,04/2026,-3',
      '1.000014,33.STP,05/2026,nhiều',
      ',33.STP,06/2026,1',
    ]);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { row: 3, column: 'month', message: 'Tháng "13/2026" không hợp lệ (MM/YYYY).' },
      { row: 4, column: 'procedure_code', message: 'Không có thủ tục mã 9.999999 trong danh mục.' },
      { row: 5, column: 'agency_code', message: 'Không có cơ quan mã 33.XYZ.' },
      { row: 6, column: 'received', message: 'Số hồ sơ phải là số nguyên không âm.' },
      { row: 7, column: 'received', message: 'Số hồ sơ phải là số nguyên không âm.' },
      { row: 8, column: 'procedure_code', message: 'Thiếu mã thủ tục.' },
    ]);
    expect(await countRows()).toBe(before);
    expect(await counts('1.000014')).toEqual([]);
  });

  it('reports a month given twice for the same procedure and agency, instead of failing the whole import', async () => {
    const before = await countRows();
    const result = await importCounts(['1.000014,33.STP,03/2026,5', '1.000014,33.SNV,03/2026,2', '1.000014,33.STP,2026-03,7']);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { row: 4, column: 'month', message: 'Tháng 03/2026 của thủ tục 1.000014 tại cơ quan 33.STP đã có ở dòng 2.' },
    ]);
    expect(await countRows()).toBe(before);
  });

  it('refuses a file without the count columns as a whole', async () => {
    const client = await t.pool.connect();
    try {
      const error = await importMonthlyCounts(client, actor, {
        fileName: 'so-lieu.csv',
        content: Buffer.from('procedure_code,agency_code,month\n1.000014,33.STP,03/2026\n'),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'import.missing_columns', params: { columns: 'received' } });
      expect((error as AppError).message).toContain('«Số hồ sơ tiếp nhận» (received)');
    } finally {
      client.release();
    }
  });

  it("reads an agency's Excel report as sent: a title above the header, Vietnamese names in its own order, a month typed as a date", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Báo cáo');
    sheet.addRow(['BÁO CÁO SỐ HỒ SƠ TIẾP NHẬN THEO THÁNG']);
    sheet.mergeCells('A1:E1');
    sheet.addRow([]);
    sheet.addRow(['STT', 'Tháng', 'Mã TTHC', 'Mã đơn vị', 'Số hồ sơ tiếp nhận', 'Ghi chú']);
    sheet.addRow([1, new Date(Date.UTC(2026, 6, 1)), '1.000014', '33.STP', 4, '']);
    sheet.addRow([2, '08/2026', '1.000014', '33.STP', 'bốn', 'đã kiểm tra']);
    const client = await t.pool.connect();
    try {
      const file = (rows: ExcelJS.Workbook) => rows.xlsx.writeBuffer().then((b) => Buffer.from(b));
      const refused = await importMonthlyCounts(client, actor, { fileName: 'bao-cao.xlsx', content: await file(workbook) });
      // The bad row is named as the spreadsheet numbers it, under the file's own header.
      expect(refused).toMatchObject({
        ok: false,
        errors: [{ row: 5, column: 'Số hồ sơ tiếp nhận', message: 'Số hồ sơ phải là số nguyên không âm.' }],
        ignoredColumns: ['Ghi chú'],
      });
      sheet.getRow(5).getCell(5).value = 6;
      const result = await importMonthlyCounts(client, actor, { fileName: 'bao-cao.xlsx', content: await file(workbook) });
      expect(result).toMatchObject({ ok: true, rows: 2, ignoredColumns: ['Ghi chú'] });
      expect(result.columns).toEqual({
        month: 'Tháng',
        procedure_code: 'Mã TTHC',
        agency_code: 'Mã đơn vị',
        received: 'Số hồ sơ tiếp nhận',
      });
    } finally {
      client.release();
    }
    expect(await counts('1.000014')).toEqual(
      expect.arrayContaining([
        { agency: '33.STP', month: '2026-07-01', received: 4 },
        { agency: '33.STP', month: '2026-08-01', received: 6 },
      ]),
    );
  });
});
