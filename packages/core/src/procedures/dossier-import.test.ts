/** The dossier import as the officer who uploads a file sees it: what is refused, where, and what a clean file changes. */
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../actor';
import { seedDemo } from '../seed/demo';
import { importCatalogue } from './catalogue';
import { dossierVerdictSql } from './dossier-sql';
import { DOSSIER_COLUMNS, importDossierFile } from './dossiers';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);
const actor: AuditActor = { userId: null, username: 'test' };
const HEADER = DOSSIER_COLUMNS.join(',');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const catalogue = await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
  expect(catalogue.ok).toBe(true);
});
afterAll(async () => t.drop());

type Column = (typeof DOSSIER_COLUMNS)[number];

/** One CSV line of a dossier of Sở Tư pháp under 1.000005, received 2/3/2026, due 13/3/2026, still open. */
function row(id: string, fields: Partial<Record<Column, string>> = {}): string {
  const values: Record<Column, string> = {
    dossier_id: id,
    procedure_code: '1.000005',
    receiving_agency_code: '33.STP',
    competent_agency_code: '33.STP',
    received_at: '2026-03-02 09:15',
    appointment_date: '2026-03-13',
    finished_at: '',
    channel: 'online',
    status: 'processing',
    supplement_requests: '0',
    supplement_days: '0',
    ...fields,
  };
  return DOSSIER_COLUMNS.map((c) => values[c]).join(',');
}

async function importText(text: string, fileName = 'hs.csv') {
  const { id: runId } = await t.db
    .insertInto('importRun')
    .values({ kind: 'dossiers', fileName, status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const client = await t.pool.connect();
  try {
    const result = await importDossierFile(client, actor, { runId, content: Buffer.from(text), fileName });
    return { ...result, runId };
  } finally {
    client.release();
  }
}

const importRows = (lines: string[]) => importText(`${[HEADER, ...lines].join('\n')}\n`);

async function dossierCount() {
  const { n } = await t.db
    .selectFrom('dossier')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function stored(sourceId: string) {
  return t.db
    .selectFrom('dossier as d')
    .innerJoin('procedure as p', 'p.id', 'd.procedureId')
    .innerJoin('agency as a', 'a.id', 'd.competentAgencyId')
    .select([
      'p.code as procedureCode',
      'a.code as agencyCode',
      'd.receivedAt',
      'd.appointmentDate',
      'd.finishedAt',
      'd.channel',
      'd.supplementRequests',
      'd.supplementDays',
      'd.importRunId',
    ])
    .where('d.sourceId', '=', sourceId)
    .executeTakeFirst();
}

async function rollups(procedureCode: string) {
  return t.db
    .selectFrom('filingMonthly as f')
    .innerJoin('procedure as p', 'p.id', 'f.procedureId')
    .innerJoin('agency as a', 'a.id', 'f.agencyId')
    .select(['a.code as agency', 'f.month', 'f.received'])
    .where('p.code', '=', procedureCode)
    .where('f.source', '=', 'dossiers')
    .orderBy('a.code')
    .orderBy('f.month')
    .execute();
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

describe('importDossierFile: the file as a whole', () => {
  it('finds the header below title rows, in any order and under Vietnamese names, and lists the columns it did not use', async () => {
    const text = [
      'BÁO CÁO HỒ SƠ TIẾP NHẬN THÁNG 3/2026,,,,,,,,,,',
      'Đơn vị: Sở Tư pháp,,,,,,,,,,',
      ',,,,,,,,,,',
      'STT,Số hồ sơ,Mã TTHC,Cơ quan giải quyết,Ngày tiếp nhận,Ngày hẹn trả kết quả,Ngày trả kết quả,Hình thức nộp,Tình trạng,Số lần bổ sung,Ghi chú',
      '(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11)',
      '1,HS-VN1,1.000005,33.STP,02/03/2026 09:15,13/03/2026,,Trực tuyến,Đang xử lý,0,',
      '2,HS-VN2,1.000005,33.STP,03/03/2026 10:00,14/03/2026,,Fax,Đang xử lý,0,Sai kênh',
      '',
    ].join('\r\n');
    const refused = await importText(text);
    // The bad row is named at its line in the file, under the file's own header.
    expect(refused).toMatchObject({ ok: false, errors: [{ row: 7, column: 'Hình thức nộp' }] });
    expect(refused.ignoredColumns).toEqual(['Ghi chú']);

    const result = await importText(text.replace(',Fax,', ',Trực tiếp,'));
    expect(result).toMatchObject({ ok: true, rows: 2, inserted: 2, ignoredColumns: ['Ghi chú'] });
    expect(result.columns).toMatchObject({
      dossier_id: 'Số hồ sơ',
      channel: 'Hình thức nộp',
      supplement_requests: 'Số lần bổ sung',
    });
    expect(await stored('HS-VN2')).toMatchObject({
      agencyCode: '33.STP',
      channel: 'direct',
      receivedAt: new Date('2026-03-03T03:00:00Z'),
      appointmentDate: '2026-03-14',
    });
  });

  it('never writes a column the file does not have: an update changes only the columns present', async () => {
    const full = row('HS-P1', {
      finished_at: '2026-03-12 16:00',
      status: 'done',
      supplement_requests: '1',
      supplement_days: '3',
    });
    expect(await importRows([full])).toMatchObject({ ok: true, inserted: 1 });
    const before = await stored('HS-P1');
    // A later export carries only the required columns, and the dossier's new status.
    const required = 'dossier_id,procedure_code,competent_agency_code,received_at,appointment_date,channel,status';
    const partial = `${required}\nHS-P1,1.000005,33.STP,2026-03-02 09:15,2026-03-13,online,returned\n`;
    expect(await importText(partial)).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    const after = await t.db.selectFrom('dossier').selectAll().where('sourceId', '=', 'HS-P1').executeTakeFirstOrThrow();
    expect(after.status).toBe('returned');
    expect(await stored('HS-P1')).toEqual({ ...before, importRunId: expect.any(String) });
    expect(after).toMatchObject({ supplementRequests: 1, supplementDays: 3, finishedAt: new Date('2026-03-12T09:00:00Z') });
    expect(await importText(partial)).toMatchObject({ ok: true, inserted: 0, updated: 0 });
  });

  it('reads a file with old Mac line endings (a lone carriage return) like any other', async () => {
    const result = await importText(`${[HEADER, row('HS-CR1'), row('HS-CR2')].join('\r')}\r`);
    expect(result).toMatchObject({ ok: true, rows: 2, inserted: 2 });
  });

  it('refuses a file without a required column, naming it in Vietnamese and English, and writes nothing', async () => {
    const before = await dossierCount();
    const result = await importText(
      'Mã hồ sơ,Mã thủ tục,Nơi tiếp nhận,Cơ quan giải quyết,Ngày nhận,Ngày hẹn trả\nHS-H1,1.000005,33.STP,33.STP,02/03/2026,13/03/2026\n',
    );
    expect(result).toMatchObject({ ok: false, rows: 0, inserted: 0, updated: 0 });
    expect(result.errors[0]?.message).toContain('«Kênh nộp» (channel), «Trạng thái» (status)');
    expect(await dossierCount()).toBe(before);
  });

  it('points at the line where an unclosed quote opens, writes nothing, and the next file imports', async () => {
    const before = await dossierCount();
    const text = [HEADER, row('HS-Q1'), row('"HS-Q2'), row('HS-Q3'), ''].join('\n');
    const result = await importText(text);
    expect(result).toMatchObject({
      ok: false,
      inserted: 0,
      errors: [{ row: 3, column: null, message: 'Tệp CSV không đúng định dạng (dòng 3): dấu ngoặc kép chưa được đóng.' }],
    });
    expect(await dossierCount()).toBe(before);
    expect(await stored('HS-Q1')).toBeUndefined();
    expect(await importRows([row('HS-Q1')])).toMatchObject({ ok: true, inserted: 1 });
  });

  it('names the line with too many fields', async () => {
    const before = await dossierCount();
    const result = await importRows([row('HS-X1'), row('HS-X2'), `${row('HS-X3')},thừa`]);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { row: 4, column: null, message: 'Tệp CSV không đúng định dạng (dòng 4): số cột không khớp dòng tiêu đề.' },
    ]);
    expect(await dossierCount()).toBe(before);
  });

  it('reads a file saved in Windows-1258 as the Vietnamese it is (its values are then checked like any other)', async () => {
    const before = await dossierCount();
    // "bưu chính" as Excel saves it in the Vietnamese Windows code page: ư = 0xFD, í = 0xED.
    const text = Buffer.concat([
      Buffer.from(`${HEADER}\n${row('HS-V1')}\n${row('HS-V2', { channel: 'b' })}`),
      Buffer.from([0xfd]),
      Buffer.from('u ch'),
      Buffer.from([0xed]),
      Buffer.from('nh\n'),
    ]);
    const { id: runId } = await t.db
      .insertInto('importRun')
      .values({ kind: 'dossiers', fileName: 'hs-1258.csv', status: 'running' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = await t.pool.connect();
    try {
      const result = await importDossierFile(client, actor, { runId, content: text, fileName: 'hs-1258.csv' });
      // The bytes after the last comma decode to "0ưu chính": a bad number of supplement days, not mojibake.
      expect(result.errors).toEqual([
        { row: 3, column: 'channel', message: 'Kênh nộp "b" không hợp lệ (direct, online, postal).' },
        { row: 3, column: 'supplement_days', message: 'Số ngày bổ sung không hợp lệ.' },
      ]);
    } finally {
      client.release();
    }
    expect(await dossierCount()).toBe(before);
  });
});

describe('importDossierFile: row errors', () => {
  it('reports every bad value with its row and column, and writes none of the good rows', async () => {
    const before = await dossierCount();
    const result = await importRows([
      row('HS-E1'),
      row('HS-E2', { procedure_code: '9.999999' }),
      row('HS-E3', { competent_agency_code: '33.XYZ' }),
      row('HS-E4', { receiving_agency_code: '99.ABC' }),
      row('HS-E5', { channel: 'email' }),
      row('HS-E6', { supplement_requests: '-1' }),
      row('HS-E7', { supplement_days: '-2' }),
      row('HS-E1', { received_at: '2026-03-03 08:00' }),
      row('HS-E9', { appointment_date: '2026-02-30' }),
      row('HS-E10', { received_at: 'hôm qua' }),
      row('HS-E11', { supplement_requests: '1.5' }),
    ]);
    expect(result.ok).toBe(false);
    expect(result.rows).toBe(11);
    expect(result.errors).toEqual([
      { row: 2, column: 'dossier_id', message: 'Mã hồ sơ HS-E1 lặp lại trong tệp.' },
      { row: 3, column: 'procedure_code', message: 'Không có thủ tục mã 9.999999 trong danh mục.' },
      { row: 4, column: 'competent_agency_code', message: 'Không có cơ quan mã 33.XYZ.' },
      { row: 5, column: 'receiving_agency_code', message: 'Không có cơ quan mã 99.ABC.' },
      { row: 6, column: 'channel', message: 'Kênh nộp "email" không hợp lệ (direct, online, postal).' },
      { row: 7, column: 'supplement_requests', message: 'Số lần bổ sung không hợp lệ.' },
      { row: 8, column: 'supplement_days', message: 'Số ngày bổ sung không hợp lệ.' },
      { row: 9, column: 'dossier_id', message: 'Mã hồ sơ HS-E1 lặp lại trong tệp.' },
      { row: 10, column: 'appointment_date', message: 'Ngày hẹn trả "2026-02-30" không hợp lệ.' },
      { row: 11, column: 'received_at', message: 'Ngày tiếp nhận "hôm qua" không hợp lệ.' },
      { row: 12, column: 'supplement_requests', message: 'Số lần bổ sung không hợp lệ.' },
    ]);
    expect(await dossierCount()).toBe(before);
    expect(await stored('HS-E1')).toBeUndefined();
  });

  it('sees a dossier id repeated with stray spaces as the same dossier', async () => {
    const before = await dossierCount();
    const result = await importRows([row('HS-W1'), row(' HS-W1 ', { received_at: '2026-03-03 08:00' })]);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { row: 2, column: 'dossier_id', message: 'Mã hồ sơ HS-W1 lặp lại trong tệp.' },
      { row: 3, column: 'dossier_id', message: 'Mã hồ sơ HS-W1 lặp lại trong tệp.' },
    ]);
    expect(await dossierCount()).toBe(before);
  });
});

describe('importDossierFile: what a clean file may contain', () => {
  it('accepts the channel in Vietnamese, in any case and in decomposed Unicode', async () => {
    const result = await importRows([
      row('HS-C1', { channel: 'trực tuyến' }),
      row('HS-C2', { channel: 'Trực tiếp' }),
      row('HS-C3', { channel: 'BƯU CHÍNH' }),
      row('HS-C4', { channel: 'Trực tuyến'.normalize('NFD') }),
      row('HS-C5', { channel: 'postal' }),
    ]);
    expect(result).toMatchObject({ ok: true, inserted: 5, errors: [] });
    const channels = await Promise.all(
      ['HS-C1', 'HS-C2', 'HS-C3', 'HS-C4', 'HS-C5'].map(async (id) => (await stored(id))?.channel),
    );
    expect(channels).toEqual(['online', 'direct', 'postal', 'online', 'postal']);
  });

  it('reads dd/MM/yyyy and ISO dates alike, as Hà Nội time unless the value carries its own zone', async () => {
    const result = await importRows([
      row('HS-D1', { received_at: '05/03/2026 14:00', appointment_date: '13/03/2026', finished_at: '12/03/2026 16:30' }),
      row('HS-D2', { received_at: '2026-03-05 14:00', appointment_date: '2026-03-13', finished_at: '2026-03-12T09:30:00Z' }),
      row('HS-D3', {
        received_at: '2026-03-05T14:00:00+07:00',
        appointment_date: '13/3/2026',
        finished_at: '2026-03-12 16:30:00',
      }),
      row('HS-D4', { received_at: '5/3/2026', appointment_date: '2026-03-13', finished_at: '' }),
    ]);
    expect(result).toMatchObject({ ok: true, inserted: 4 });
    for (const id of ['HS-D1', 'HS-D2', 'HS-D3']) {
      expect(await stored(id)).toMatchObject({
        receivedAt: new Date('2026-03-05T07:00:00Z'),
        appointmentDate: '2026-03-13',
        finishedAt: new Date('2026-03-12T09:30:00Z'),
      });
    }
    // A date without a time is midnight in Hà Nội: 17:00 UTC the day before.
    expect(await stored('HS-D4')).toMatchObject({ receivedAt: new Date('2026-03-04T17:00:00Z'), finishedAt: null });
  });
});

describe('importDossierFile: updating dossiers already imported', () => {
  // 1.000014 is used only here, so its rollups and last filings are this story's alone.
  const late = row('HS-U1', {
    procedure_code: '1.000014',
    received_at: '2026-04-02 08:00',
    appointment_date: '2026-04-10',
    finished_at: '2026-04-15 10:00',
    status: 'finished',
  });
  const onTime = row('HS-U1', {
    procedure_code: '1.000014',
    received_at: '2026-04-02 08:00',
    appointment_date: '2026-04-10',
    finished_at: '2026-04-09 10:00',
    status: 'finished',
  });

  /** The dossier's verdict by the domain rule's SQL twin, as of 30/4/2026. */
  const verdict = async (sourceId: string) =>
    (
      await t.db
        .selectFrom('dossier as d')
        .select(dossierVerdictSql('2026-04-30').as('v'))
        .where('d.sourceId', '=', sourceId)
        .executeTakeFirstOrThrow()
    ).v;

  it('updates a dossier whose finishing date changed, and it turns from late to early', async () => {
    const first = await importRows([late]);
    expect(first).toMatchObject({ ok: true, inserted: 1, updated: 0 });
    expect(await rollups('1.000014')).toEqual([{ agency: '33.STP', month: '2026-04-01', received: 1 }]);
    expect(await verdict('HS-U1')).toBe('late');

    const second = await importRows([onTime]);
    expect(second).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    expect(await stored('HS-U1')).toMatchObject({ finishedAt: new Date('2026-04-09T03:00:00Z'), importRunId: second.runId });
    expect(await rollups('1.000014')).toEqual([{ agency: '33.STP', month: '2026-04-01', received: 1 }]);
    expect(await verdict('HS-U1')).toBe('early');
    expect(await lastFilings('1.000014')).toEqual([{ agency: '33.STP', lastFiling: '2026-04-02' }]);
  });

  it('moves the rollup and the last filing when a corrected dossier changes month and agency', async () => {
    const moved = row('HS-U1', {
      procedure_code: '1.000014',
      receiving_agency_code: '33.SNV',
      competent_agency_code: '33.SNV',
      received_at: '2026-05-04 08:00',
      appointment_date: '2026-05-15',
      finished_at: '',
      status: 'processing',
    });
    expect(await importRows([moved])).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    expect(await rollups('1.000014')).toEqual([{ agency: '33.SNV', month: '2026-05-01', received: 1 }]);
    // Sở Tư pháp has no dossier of 1.000014 left, so it has no last filing either.
    expect(await lastFilings('1.000014')).toEqual([{ agency: '33.SNV', lastFiling: '2026-05-04' }]);
  });

  it('applies nothing of a file with one bad row: neither its updates nor its new dossiers', async () => {
    const rollupsBefore = await rollups('1.000014');
    const dossierBefore = await stored('HS-U1');
    const result = await importRows([onTime, row('HS-N1', { procedure_code: '1.000014' }), row('HS-N2', { channel: 'fax' })]);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([[4, 'channel']]);
    expect(await stored('HS-U1')).toEqual(dossierBefore);
    expect(await stored('HS-N1')).toBeUndefined();
    expect(await rollups('1.000014')).toEqual(rollupsBefore);
  });
});
