/** Dossier files as they come: another encoding, bad rows set aside on request with their exact count. */
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../actor';
import { seedDemo } from '../seed/demo';
import { importCatalogue } from './catalogue';
import { DOSSIER_COLUMNS, importDossierFile } from './dossiers';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);
const actor: AuditActor = { userId: null, username: 'test' };
const HEADER = DOSSIER_COLUMNS.join(',');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  expect((await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) })).ok).toBe(true);
});
afterAll(async () => t.drop());

async function importBytes(content: Buffer, onBadRows: 'stop' | 'skip' = 'stop', fileName = 'hs.csv') {
  const { id: runId } = await t.db
    .insertInto('importRun')
    .values({ kind: 'dossiers', fileName, status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const client = await t.pool.connect();
  try {
    return await importDossierFile(client, actor, { runId, content, fileName, onBadRows });
  } finally {
    client.release();
  }
}

const line = (id: string, received = '2026-03-02 09:15', channel = 'online') =>
  `${id},1.000005,33.STP,33.STP,${received},2026-03-13,,${channel},processing,0,0`;

const stored = (id: string) =>
  t.db.selectFrom('dossier').select(['sourceId', 'channel']).where('sourceId', '=', id).executeTakeFirst();

describe('importDossierFile with files as they come', () => {
  it('reads a UTF-16 file with a BOM, Vietnamese channel names included', async () => {
    const text = `${[HEADER, line('U16-1', '2026-03-02 09:15', 'trực tuyến')].join('\r\n')}\r\n`;
    const result = await importBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(result).toMatchObject({ ok: true, inserted: 1, errorCount: 0 });
    expect(await stored('U16-1')).toEqual({ sourceId: 'U16-1', channel: 'online' });
  });

  it('refuses a UTF-8 file with a broken character, naming its line, and writes nothing', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n${line('BAD-1')}\n`),
      Buffer.from('BAD-2,1.000005,33.STP,33.STP,x'),
      Buffer.from([0xe1, 0xbb]),
      Buffer.from('\n'),
    ]);
    const result = await importBytes(bytes);
    expect(result).toMatchObject({ ok: false, errorCount: 1, errors: [{ row: 3 }] });
    expect(await stored('BAD-1')).toBeUndefined();
  });

  it('stops on bad rows by default; on request merges the good ones and sets the bad ones aside, counted exactly', async () => {
    const lines = [line('P-1'), line('P-2', 'không phải ngày'), line('P-3'), line('P-4', '2026-03-02 09:15', 'fax')];
    const content = Buffer.from(`${[HEADER, ...lines].join('\n')}\n`);
    const stopped = await importBytes(content);
    expect(stopped).toMatchObject({ ok: false, inserted: 0, errorCount: 2, badRows: 2 });
    expect(await stored('P-1')).toBeUndefined();

    const partial = await importBytes(content, 'skip');
    expect(partial).toMatchObject({ ok: true, rows: 4, inserted: 2, errorCount: 2, badRows: 2 });
    expect(partial.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'received_at'],
      [5, 'channel'],
    ]);
    expect(await stored('P-1')).toBeDefined();
    expect(await stored('P-2')).toBeUndefined();
    expect(await stored('P-3')).toBeDefined();
  });

  it('counts every error, not the first few thousand', async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => line(`M-${i}`, 'sai'));
    const result = await importBytes(Buffer.from(`${[HEADER, ...lines].join('\n')}\n`));
    expect(result).toMatchObject({ ok: false, errorCount: 6000, badRows: 6000 });
    expect(result.errors).toHaveLength(6000);
  });

  it('imports an Excel export as downloaded: a merged title, Vietnamese headers, date cells; a bad row named as the sheet numbers it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hồ sơ');
    sheet.addRow(['DANH SÁCH HỒ SƠ TIẾP NHẬN THÁNG 3/2026']);
    sheet.mergeCells('A1:H1');
    sheet.addRow([]);
    sheet.addRow([
      'STT',
      'Số hồ sơ',
      'Mã TTHC',
      'Cơ quan giải quyết',
      'Ngày tiếp nhận',
      'Ngày hẹn trả',
      'Hình thức nộp',
      'Tình trạng',
    ]);
    const at = (d: number, h = 0, m = 0) => new Date(Date.UTC(2026, 2, d, h, m));
    sheet.addRow([1, 'HS-X1', '1.000005', '33.STP', at(2, 9, 15), at(13), 'Trực tuyến', 'Đang xử lý']);
    sheet.addRow([]);
    sheet.addRow([2, 'HS-X2', '1.000005', '33.STP', at(3, 14, 30), at(16), 'Fax', 'Đang xử lý']);
    const file = async () => Buffer.from(await workbook.xlsx.writeBuffer());
    const refused = await importBytes(await file(), 'stop', 'ho-so.xlsx');
    // Row 6 of the sheet (a blank row 5 above it), under the sheet's own header.
    expect(refused).toMatchObject({ ok: false, errors: [{ row: 6, column: 'Hình thức nộp' }] });
    sheet.getRow(6).getCell(7).value = 'Trực tiếp';
    expect(await importBytes(await file(), 'stop', 'ho-so.xlsx')).toMatchObject({ ok: true, inserted: 2 });
    const x2 = await t.db
      .selectFrom('dossier')
      .select(['receivedAt', 'appointmentDate', 'channel'])
      .where('sourceId', '=', 'HS-X2')
      .executeTakeFirstOrThrow();
    // 14:30 on the sheet is Hà Nội time.
    expect(x2).toEqual({ receivedAt: new Date('2026-03-03T07:30:00Z'), appointmentDate: '2026-03-16', channel: 'direct' });
  });
});
