/**
 * Feedback files as portals publish them: timestamps with an offset, a source time zone, a Windows-1258 CSV with
 * a title above its header, no submitter name, bad rows set aside on request with every one listed and the run's
 * counts agreeing, and the same source id from two portals kept as two items.
 */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { saveFile } from '../files/service';
import { seedDemo } from '../seed/demo';
import { actor } from '../testing/fixtures';
import { importFeedbackRows, queueFeedbackImport, readSourceFile, runFeedbackImport } from './import';
import { type TImportMapping, ZImportMapping } from './schemas';

/** Wednesday 15/4/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-04-15T03:00:00Z');
const HEADER = 'Mã,Thời gian tiếp nhận,Tiêu đề,Nội dung,Ngày trả lời,Cơ quan';

const mapping = (extra: Record<string, unknown> = {}): TImportMapping =>
  ZImportMapping.parse({
    columns: {
      externalId: 'Mã',
      receivedAt: 'Thời gian tiếp nhận',
      subject: 'Tiêu đề',
      content: 'Nội dung',
      answeredAt: 'Ngày trả lời',
      competentAgency: 'Cơ quan',
    },
    defaults: { channel: 'national_portal', submitterType: 'citizen' },
    ...extra,
  });

/** Every item is Sở Tư pháp's. */
const csv = (lines: string[]) => Buffer.from(`${[HEADER, ...lines.map((l) => `${l},33.STP`)].join('\n')}\n`);

let t: TestDatabase;
let manager: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  manager = await actor(t.db, 'sonoivu');
});
afterAll(async () => t.drop());

async function importFile(content: Buffer, m: TImportMapping, fileName = 'pakn.csv') {
  return importFeedbackRows(t.db, manager, await readSourceFile(fileName, content), m, clock);
}

const item = (source: string, externalId: string) =>
  t.db
    .selectFrom('feedback')
    .selectAll()
    .where('source', '=', source)
    .where('externalId', '=', externalId)
    .executeTakeFirstOrThrow();

describe('timestamps as portals publish them', () => {
  it('keeps the instant of a time with an offset or Z, and files it on its Vietnamese day', async () => {
    const result = await importFile(
      csv([
        'TZ-1,2026-03-13 15:11:07+00:00,Phản ánh một,Nội dung,',
        // 18:30 UTC is 01:30 on the 14th in Hà Nội.
        'TZ-2,2026-03-13 18:30:00+00:00,Phản ánh hai,Nội dung,',
        'TZ-3,2026-03-13T17:05:00Z,Phản ánh ba,Nội dung,2026-03-20T02:00:00.000Z',
        'TZ-4,2026-03-13T23:59:59+0700,Phản ánh bốn,Nội dung,',
      ]),
      mapping({ source: 'offsets' }),
    );
    expect(result).toMatchObject({ ok: true, inserted: 4, errorCount: 0 });
    expect(await item('offsets', 'TZ-1')).toMatchObject({
      receivedAt: new Date('2026-03-13T15:11:07Z'),
      receivedOn: '2026-03-13',
    });
    expect(await item('offsets', 'TZ-2')).toMatchObject({
      receivedAt: new Date('2026-03-13T18:30:00Z'),
      receivedOn: '2026-03-14',
    });
    expect(await item('offsets', 'TZ-3')).toMatchObject({
      receivedAt: new Date('2026-03-13T17:05:00Z'),
      receivedOn: '2026-03-14',
      answeredAt: new Date('2026-03-20T02:00:00Z'),
      answeredOn: '2026-03-20',
    });
    expect(await item('offsets', 'TZ-4')).toMatchObject({ receivedOn: '2026-03-13' });
  });

  it('reads a time without offset in the source time zone chosen for the import', async () => {
    const result = await importFile(
      csv(['UTC-1,2026-03-13 18:30,Phản ánh giờ UTC,Nội dung,']),
      mapping({ source: 'utc', timeZone: 'UTC' }),
    );
    expect(result.ok).toBe(true);
    expect(await item('utc', 'UTC-1')).toMatchObject({ receivedAt: new Date('2026-03-13T18:30:00Z'), receivedOn: '2026-03-14' });
  });

  it('explains a time it cannot read with examples that keep the offset', async () => {
    const result = await importFile(csv(['BAD-1,13-07-2026 15:11,Phản ánh,Nội dung,']), mapping({ source: 'bad' }));
    expect(result.ok).toBe(false);
    expect(result.errors[0]?.message).toContain('+00:00');
    expect(result.errors[0]?.message).not.toContain('(dd/MM/yyyy HH:mm)');
  });
});

describe('files as they come', () => {
  it('imports a Windows-1258 CSV with a title above its header, and a source without submitter names', async () => {
    const text = [
      'DANH SÁCH PHẢN ÁNH KIẾN NGHỊ THÁNG 3/2026',
      '',
      HEADER,
      'W-1,02/03/2026 08:00,Hồ sơ đăng ký hộ kinh doanh chậm trả,"Nguyễn Văn Đán phản ánh: hồ sơ nộp ngày 15 chưa có kết quả",,33.STP',
    ].join('\r\n');
    // Windows writes tones as combining marks after a precomposed base (ê, ơ, ă …).
    const cp1258Form = [...text]
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
    const result = await importFile(iconv.encode(cp1258Form, 'windows-1258'), mapping({ source: 'cp1258' }));
    expect(result).toMatchObject({ ok: true, inserted: 1 });
    const saved = await item('cp1258', 'W-1');
    expect(saved.subject).toBe('Hồ sơ đăng ký hộ kinh doanh chậm trả');
    expect(saved.content).toBe('Nguyễn Văn Đán phản ánh: hồ sơ nộp ngày 15 chưa có kết quả');
    expect(saved.content).not.toContain('\ufffd');
    // No name column mapped: the item says so instead of borrowing another column.
    expect(saved.submitterName).toBe('(không rõ)');
  });

  it('takes the default submitter name the mapping gives', async () => {
    const result = await importFile(
      csv(['N-1,02/03/2026 08:00,Phản ánh,Nội dung,']),
      mapping({ source: 'named', defaults: { channel: 'hotline', submitterType: 'citizen', submitterName: 'Không rõ' } }),
    );
    expect(result.ok).toBe(true);
    expect(await item('named', 'N-1')).toMatchObject({ submitterName: 'Không rõ', channel: 'hotline' });
  });
});

describe('source-qualified identity', () => {
  it('keeps the same source id from two portals as two items; a re-import updates only its own source', async () => {
    const a = await importFile(csv(['1001,02/03/2026 08:00,Phản ánh của cổng A,Nội dung A,']), mapping({ source: 'Cổng A' }));
    const b = await importFile(csv(['1001,05/03/2026 09:00,Phản ánh của cổng B,Nội dung B,']), mapping({ source: 'Cổng B' }));
    expect(a).toMatchObject({ ok: true, inserted: 1, updated: 0 });
    expect(b).toMatchObject({ ok: true, inserted: 1, updated: 0 });
    const again = await importFile(
      csv(['1001,05/03/2026 09:00,Phản ánh của cổng B,Nội dung B,10/03/2026 10:00']),
      mapping({ source: 'Cổng B' }),
    );
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    expect(await item('Cổng A', '1001')).toMatchObject({
      subject: 'Phản ánh của cổng A',
      receivedOn: '2026-03-02',
      answeredAt: null,
    });
    expect(await item('Cổng B', '1001')).toMatchObject({ subject: 'Phản ánh của cổng B', answeredOn: '2026-03-10' });
  });
});

describe('bad rows set aside', () => {
  it('writes the good rows, lists every bad one with its reason, and the run counts the same', async () => {
    const lines = [
      'P-1,02/03/2026 08:00,Phản ánh tốt,Nội dung,',
      // Closed before it was received: a source anomaly.
      'P-2,05/03/2026 08:00,Trả lời trước khi nhận,Nội dung,04/03/2026 08:00',
      'P-3,không phải ngày,Ngày sai,Nội dung,',
      'P-4,06/03/2026 08:00,Phản ánh tốt nữa,Nội dung,',
      'P-5,06/03/2026 08:00,,Thiếu tiêu đề,',
    ];
    const stopped = await importFile(csv(lines), mapping({ source: 'partial' }));
    expect(stopped).toMatchObject({ ok: false, inserted: 0, errorCount: 3 });

    const file = await saveFile(t.db, manager, { fileName: 'pakn.csv', contentType: 'text/csv', content: csv(lines) });
    const m = mapping({ source: 'partial', onBadRows: 'skip' });
    const { runId } = await queueFeedbackImport(t.db, manager, { fileId: file.id, mapping: m, saveAs: null });
    const result = await runFeedbackImport(t.db, { runId, fileId: file.id, mapping: m }, clock);
    expect(result).toMatchObject({ ok: true, rows: 5, inserted: 2, skipped: 3, errorCount: 3 });
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Ngày trả lời'],
      [4, 'Thời gian tiếp nhận'],
      [6, 'Tiêu đề'],
    ]);
    const saved = await t.db
      .selectFrom('feedback')
      .select('externalId')
      .where('source', '=', 'partial')
      .orderBy('externalId')
      .execute();
    expect(saved.map((s) => s.externalId)).toEqual(['P-1', 'P-4']);
    const run = await t.db.selectFrom('importRun').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', rowsTotal: 5, rowsOk: 2, rowsFailed: 3 });
    expect(run.summary).toMatchObject({ inserted: 2, skipped: 3, errorCount: 3 });
    expect(run.errors).toHaveLength(3);
  });

  it('keeps the exact count of errors however many there are', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `E-${i},sai,Tiêu đề,Nội dung,`);
    const result = await importFile(csv(lines), mapping({ source: 'many' }));
    expect(result).toMatchObject({ ok: false, errorCount: 1200 });
    expect(result.errors).toHaveLength(1200);
  });
});
