import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { appErrorOf } from '../testing/fixtures';
import { allowedContentType, removeOrphanFiles } from './policy';
import { saveFile } from './service';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.alloc(57)]);

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Nhiệm vụ').addRow(['Tên', 'Hạn']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('allowedContentType: the type comes from the content, and the name must agree', () => {
  it('takes documents, spreadsheets, images and text, stored as the type the content shows', async () => {
    expect(await allowedContentType('Báo cáo.pdf', PDF)).toBe('application/pdf');
    expect(await allowedContentType('Ảnh chụp.PNG', PNG)).toBe('image/png');
    expect(await allowedContentType('Mẫu nhập.xlsx', await xlsx())).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(await allowedContentType('Ghi chú.txt', Buffer.from('Đã rà soát 12 thủ tục.\n'))).toBe('text/plain');
    // An import's CSV in a legacy 8-bit encoding (Windows-1258 bytes), or UTF-16 with its BOM: still text.
    expect(await allowedContentType('phan-anh.csv', Buffer.from([0x4d, 0xe3, 0x2c, 0xd0, 0xf2, 0x0a]))).toBe('text/csv');
    expect(await allowedContentType('phan-anh.csv', Buffer.from('\ufeffMã,Tên\n', 'utf16le'))).toBe('text/csv');
  });

  it('refuses executables whatever they are called, and a name that disagrees with the content', async () => {
    for (const [name, content] of [
      ['setup.exe', EXE],
      ['bao-cao.pdf', EXE],
      ['bao-cao.txt', ELF],
      ['Báo cáo.docx', PDF],
      ['trang.html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['hinh.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ['chay.bat', Buffer.from('@echo off\r\ndel *.*\r\n')],
      ['khong-duoi', Buffer.from('văn bản')],
      ['nhi-phan.txt', Buffer.from([0x41, 0x00, 0x42, 0x00, 0x43])],
    ] as const) {
      const error = await appErrorOf(allowedContentType(name, content));
      expect(error.code, name).toBe('files.type_not_allowed');
      expect(error.message).toMatch(/^Loại tệp không được phép/);
    }
  });
});

describe('uploads: per-agency quota and the orphan sweep (PostgreSQL)', () => {
  let t: TestDatabase;
  let officer: Actor;
  let otherAgency: Actor;
  beforeAll(async () => {
    t = await createTestDatabase();
    const agencies = await t.db
      .insertInto('agency')
      .values([
        { code: '33.STP', name: 'Sở Tư pháp', fullName: 'Sở Tư pháp', kind: 'department', searchText: 'so tu phap' },
        { code: '33.STC', name: 'Sở Tài chính', fullName: 'Sở Tài chính', kind: 'department', searchText: 'so tai chinh' },
      ])
      .returning('id')
      .execute();
    const users = await t.db
      .insertInto('appUser')
      .values(
        agencies.map((a, i) => ({
          username: `canbo${i}`,
          displayName: `Cán bộ ${i}`,
          passwordHash: 'x',
          role: 'agency_officer' as const,
          agencyId: a.id,
          searchText: `canbo${i}`,
        })),
      )
      .returning(['id', 'username', 'agencyId'])
      .execute();
    const [a, b] = users;
    if (!a || !b) throw new Error('users missing');
    officer = { userId: a.id, username: a.username, role: 'agency_officer', agencyId: a.agencyId };
    otherAgency = { userId: b.id, username: b.username, role: 'agency_officer', agencyId: b.agencyId };
  });
  afterAll(async () => t.drop());

  const pdfOf = (kb: number) => Buffer.concat([PDF, Buffer.alloc(kb * 1024 - PDF.length, 0x20)]);
  const upload = (actor: Actor, content: Buffer, quotaBytes: number, userQuotaBytes = 1e12) =>
    saveFile(
      t.db,
      actor,
      { fileName: 'Minh chứng.pdf', contentType: 'application/x-msdownload', content },
      { quotaBytes, userQuotaBytes },
    );

  it('stores the detected type, not the one the browser claimed, and charges the uploader’s agency', async () => {
    const saved = await upload(officer, pdfOf(10), 10 * 1024 * 1024);
    expect(saved.contentType).toBe('application/pdf');
    const row = await t.db.selectFrom('storedFile').select('agencyId').where('id', '=', saved.id).executeTakeFirstOrThrow();
    expect(row.agencyId).toBe(officer.agencyId);
  });

  it('refuses an upload past the agency’s quota in Vietnamese — 10 parallel uploads cannot pass it together — and leaves other agencies alone', async () => {
    await t.db.deleteFrom('storedFile').execute();
    const quota = 100 * 1024; // room for 4 files of 25 KB
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => upload(officer, pdfOf(25), quota)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'files.quota_exceeded' });
    expect(refused.reason.message).toMatch(/^Cơ quan của bạn đã dùng \d+ MB trong hạn mức \d+ MB/);
    await expect(upload(otherAgency, pdfOf(25), quota)).resolves.toHaveProperty('id');
  });

  it('refuses an upload past the person’s own quota in Vietnamese — in parallel too — while a colleague of the same agency still uploads', async () => {
    await t.db.deleteFrom('storedFile').execute();
    const colleague = await t.db
      .insertInto('appUser')
      .values({
        username: 'canbo.khac',
        displayName: 'Cán bộ khác',
        passwordHash: 'x',
        role: 'agency_officer',
        agencyId: officer.agencyId,
        searchText: 'canbo.khac',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userQuota = 75 * 1024; // room for 3 files of 25 KB each person; the agency's is far larger
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => upload(officer, pdfOf(25), 1e9, userQuota)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'files.user_quota_exceeded', params: { quotaMb: 1 } });
    expect(refused.reason.message).toMatch(/^Bạn đã tải lên \d+ MB trong hạn mức \d+ MB dành cho mỗi người/);
    const other = { ...officer, userId: colleague.id, username: 'canbo.khac' };
    await expect(upload(other, pdfOf(25), 1e9, userQuota)).resolves.toHaveProperty('id');
  });

  it('removes uploads nothing refers to after 48 hours, and keeps fresh ones and those a queued job still names', async () => {
    await t.db.deleteFrom('storedFile').execute();
    const old = await upload(officer, pdfOf(1), 1e9);
    const named = await upload(officer, pdfOf(1), 1e9);
    const fresh = await upload(officer, pdfOf(1), 1e9);
    await t.db
      .updateTable('storedFile')
      .set({ createdAt: new Date(Date.now() - 49 * 3_600_000) })
      .where('id', 'in', [old.id, named.id])
      .execute();
    await sql`select graphile_worker.add_job('procedures__import_file', json_build_object('runId', gen_random_uuid()::text, 'fileId', ${named.id}::text))`.execute(
      t.db,
    );
    expect(await removeOrphanFiles(t.db)).toBe(1);
    const left = (await t.db.selectFrom('storedFile').select('id').execute()).map((r) => r.id).sort();
    expect(left).toEqual([named.id, fresh.id].sort());
  });
});
