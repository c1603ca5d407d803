import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { seedDemo } from '../seed/demo';
import { actor } from '../testing/fixtures';
import { exportFeedback, feedbackFilterFromSearchParams } from './export';

const clock = fixedClock('2026-11-21T03:00:00Z');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await ensureCalendarSeeded(t.db);
  await seedDemo(t.db, '2026-11-21');
});
afterAll(async () => t.drop());

async function rowsOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  // Title, two subtitle lines and a blank row come first: the header row starts with "Số".
  let headerAt = 0;
  sheet?.eachRow((row, n) => {
    if (!headerAt && row.getCell(1).value === 'Số') headerAt = n;
  });
  const header = sheet?.getRow(headerAt).values as unknown[];
  const rows: Record<string, unknown>[] = [];
  sheet?.eachRow((row, n) => {
    if (n <= headerAt) return;
    const values = row.values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [String(h), values[i]]).filter(([h]) => h !== 'undefined')));
  });
  return rows;
}

describe('exportFeedback', () => {
  it('exports the filtered register with every submitter masked, as on screen', async () => {
    const file = await exportFeedback(
      t.db,
      await actor(t.db, 'sonoivu'),
      feedbackFilterFromSearchParams(new URLSearchParams()),
      clock,
      'xlsx',
    );
    expect(file.fileName).toBe('phan-anh-kien-nghi-2026-11-21.xlsx');
    const rows = await rowsOf(file.body);
    const items = await t.db.selectFrom('feedback').select(['number', 'submitterName']).execute();
    expect(rows).toHaveLength(items.length);
    const names = new Set(items.map((i) => i.submitterName));
    for (const row of rows) {
      expect(names.has(String(row['Người gửi']))).toBe(false);
      expect(String(row['Người gửi'])).toMatch(/^\S\*+( \S\*+)*$/);
    }
  });

  it('gives an agency officer their agency’s items only, and honours the overdue filter', async () => {
    const officer = await actor(t.db, 'canbo.stp');
    const file = await exportFeedback(
      t.db,
      officer,
      feedbackFilterFromSearchParams(new URLSearchParams('overdue=1')),
      clock,
      'xlsx',
    );
    const rows = await rowsOf(file.body);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row['Cơ quan có thẩm quyền']).toBe('Sở Tư pháp');
      expect(row['Quá hạn']).toBe('Quá hạn');
    }
    const open = await t.db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('competentAgencyId', '=', officer.agencyId)
      .where('answeredOn', 'is', null)
      .where('status', 'in', ['assigned', 'forwarded', 'info_requested'])
      .where('answerDue', '<', '2026-11-21')
      .executeTakeFirstOrThrow();
    expect(rows).toHaveLength(Number(open.n));
  });

  it('writes CSV with a BOM for Excel', async () => {
    const file = await exportFeedback(
      t.db,
      await actor(t.db, 'sonoivu'),
      feedbackFilterFromSearchParams(new URLSearchParams()),
      clock,
      'csv',
    );
    expect(file.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file.body.toString('utf8').split('\r\n')[0]).toBe(
      '\uFEFFSố,Mã nguồn,Ngày tiếp nhận,Kênh,Tiêu đề,Người gửi,Phân loại,Lĩnh vực,Cơ quan có thẩm quyền,Trạng thái,Hạn trả lời,Ngày trả lời,Quá hạn,Đánh giá',
    );
  });
});
