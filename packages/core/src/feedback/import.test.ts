/**
 * The feedback import as the Sở Nội vụ's officer lives it: a portal's export with its own Vietnamese column
 * names and statuses, mapped once; re-imports change nothing or exactly what changed; a bad row stops the
 * whole file with its line and column; CSV and XLSX give the same items; the queued run records its outcome.
 */

import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { countFeedback, type FeedbackFigureItem } from '@cchc/domain/feedback/figures';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { AppError } from '../errors';
import { saveFile } from '../files/service';
import { seedDemo } from '../seed/demo';
import { actor, departmentIds, type IdsByCode } from '../testing/fixtures';
import { countsFromRollups, refreshRollups } from './figures-sql';
import {
  FEEDBACK_IMPORT_TASK,
  importFeedbackRows,
  listImportProfiles,
  parseVietnamInstant,
  previewFeedbackFile,
  queueFeedbackImport,
  readSourceFile,
  runFeedbackImport,
  suggestColumns,
} from './import';
import { type TImportMapping, ZFeedbackAction, ZFeedbackFilter, ZFeedbackLimit, ZImportMapping } from './schemas';
import { actOnFeedback, listFeedback, saveFeedbackLimit } from './service';

/** Wednesday 15/4/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-04-15T03:00:00Z');

/** The portal's own column names. */
const H = {
  id: 'Mã PAKN',
  receivedAt: 'Thời gian tiếp nhận',
  channel: 'Kênh tiếp nhận',
  submitterType: 'Đối tượng',
  name: 'Họ và tên',
  contact: 'Số điện thoại',
  subject: 'Trích yếu',
  content: 'Nội dung phản ánh',
  classification: 'Phân loại',
  field: 'Lĩnh vực',
  agency: 'Đơn vị xử lý',
  status: 'Tình trạng',
  answeredAt: 'Ngày trả lời',
  answer: 'Nội dung trả lời',
  publishedAt: 'Ngày công khai',
  due: 'Hạn xử lý',
  satisfaction: 'Mức độ hài lòng',
  recomplaint: 'Phản ánh lại',
} as const;
type Key = keyof typeof H;
type SourceRow = Partial<Record<Key, string>>;
const HEADERS = Object.values(H);

const MAPPING: TImportMapping = ZImportMapping.parse({
  columns: {
    externalId: H.id,
    receivedAt: H.receivedAt,
    channel: H.channel,
    submitterType: H.submitterType,
    submitterName: H.name,
    submitterContact: H.contact,
    subject: H.subject,
    content: H.content,
    classification: H.classification,
    field: H.field,
    competentAgency: H.agency,
    status: H.status,
    answeredAt: H.answeredAt,
    answerText: H.answer,
    publishedAt: H.publishedAt,
    answerDue: H.due,
    satisfaction: H.satisfaction,
    recomplaint: H.recomplaint,
  },
  values: {
    status: {
      'Mới tiếp nhận': 'received',
      'Đang xử lý': 'assigned',
      'Đã chuyển cơ quan khác': 'forwarded',
      'Đã trả lời': 'answered',
      'Đã công khai': 'published',
      'Từ chối tiếp nhận': 'refused',
    },
    channel: {
      'Cổng DVC quốc gia': 'national_portal',
      'Cổng DVC tỉnh': 'provincial_portal',
      'Đường dây nóng': 'hotline',
      Thư: 'letter',
    },
    submitterType: { 'Cá nhân': 'citizen', 'Tổ chức, doanh nghiệp': 'business' },
    classification: { 'Cơ chế, chính sách, TTHC': 'regulation', 'Hành vi hành chính': 'conduct' },
    satisfaction: { 'Hài lòng': 'satisfied', 'Không hài lòng': 'unsatisfied', 'Chưa đánh giá': 'not_rated' },
    recomplaint: { Có: 'true', Không: 'false' },
  },
});

const base = (id: string, fields: SourceRow): SourceRow => ({
  id,
  channel: 'Cổng DVC tỉnh',
  submitterType: 'Cá nhân',
  name: 'Nguyễn Văn An',
  contact: '0912345678',
  subject: `Phản ánh ${id} về thời hạn giải quyết thủ tục`,
  content: 'Hồ sơ nộp đã lâu nhưng chưa có kết quả.',
  classification: 'Cơ chế, chính sách, TTHC',
  field: 'Hộ tịch',
  satisfaction: 'Chưa đánh giá',
  recomplaint: 'Không',
  ...fields,
});

/** The portal's export for February–April 2026, one line per item (line n+2 of the file). */
const ROWS: SourceRow[] = [
  base('PAKN-001', { receivedAt: '13/02/2026 09:15', agency: '33.STP', status: 'Đang xử lý' }),
  // 23:30 in Hà Nội is still the 13th.
  base('PAKN-002', {
    receivedAt: '13/02/2026 23:30',
    agency: 'Sở Tư pháp',
    status: 'Đã trả lời',
    answeredAt: '04/03/2026 16:00',
    answer: 'Sở đã trả kết quả cho công dân ngày 03/3/2026.',
    satisfaction: 'Hài lòng',
  }),
  // 00:30 on Saturday 14/2 in Hà Nội (still the 13th in UTC): the 14th, counted from the next working day.
  base('PAKN-003', {
    receivedAt: '14/02/2026 00:30',
    agency: '33.STP',
    status: 'Đã công khai',
    answeredAt: '20/03/2026 10:00',
    answer: 'Đã hướng dẫn công dân bổ sung hồ sơ.',
    publishedAt: '23/03/2026 09:00',
    satisfaction: 'Không hài lòng',
    recomplaint: 'Có',
  }),
  base('PAKN-004', { receivedAt: '2026-02-15 08:00', agency: '33.STC', status: 'Đã chuyển cơ quan khác', channel: 'Thư' }),
  base('PAKN-005', { receivedAt: '02/03/2026 08:00', status: 'Mới tiếp nhận', classification: '' }),
  base('PAKN-006', { receivedAt: '02/03/2026', agency: '33.STP', status: 'Từ chối tiếp nhận' }),
  base('PAKN-007', { receivedAt: '03/03/2026 14:00', agency: '33.SXD', status: 'Đang xử lý', due: '20/03/2026' }),
  base('PAKN-008', {
    receivedAt: '05/03/2026 10:00',
    agency: '33.STC',
    status: 'Đã trả lời',
    answeredAt: '10/03/2026 09:00',
    answer: 'Cán bộ đã được nhắc nhở, rút kinh nghiệm.',
    submitterType: 'Tổ chức, doanh nghiệp',
    name: 'Công ty TNHH Minh Phát',
    channel: 'Đường dây nóng',
    classification: 'Hành vi hành chính',
  }),
  base('PAKN-009', { receivedAt: '15/04/2026 08:00', agency: '33.STP', status: '' }),
  // Quotes, commas and a line break inside a field.
  base('PAKN-010', {
    receivedAt: '01/04/2026 08:00',
    agency: '33.STC',
    status: 'Đang xử lý',
    content: 'Đề nghị "một cửa" trả lời, rõ ràng:\ncác giấy tờ phải nộp.',
  }),
];
const N = ROWS.length;

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csv(rows: SourceRow[]): Buffer {
  const lines = rows.map((r) => (Object.keys(H) as Key[]).map((k) => quote(r[k] ?? '')).join(','));
  return Buffer.from(`\uFEFF${[HEADERS.join(','), ...lines].join('\r\n')}\r\n`);
}

/** The same rows as an Excel workbook, the date columns as real date cells (wall clock in UTC fields, as Excel keeps them). */
async function xlsx(rows: SourceRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('PAKN');
  sheet.addRow(HEADERS);
  const asDate = (v: string | undefined): string | Date | null => {
    if (!v) return null;
    const m = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}))?$/.exec(v);
    if (!m) return v;
    const d = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0)));
    // A date that does not exist stays text, as a portal would export it.
    return d.getUTCDate() === Number(m[1]) ? d : v;
  };
  for (const r of rows) {
    sheet.addRow(
      (Object.keys(H) as Key[]).map((k) =>
        ['receivedAt', 'answeredAt', 'publishedAt', 'due'].includes(k) ? asDate(r[k]) : r[k] === '' ? null : (r[k] ?? null),
      ),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const change = (rows: SourceRow[], id: string, fields: SourceRow) => rows.map((r) => (r.id === id ? { ...r, ...fields } : r));

let t: TestDatabase;
let agency: IdsByCode;
let manager: Actor; // sonoivu, Sở Nội vụ: imports
let officer: Actor; // canbo.stp

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  agency = await departmentIds(t.db);
  manager = await actor(t.db, 'sonoivu');
  officer = await actor(t.db, 'canbo.stp');
});
afterAll(async () => t.drop());

async function importFile(content: Buffer, fileName = 'pakn-thang-3.csv', mapping: TImportMapping = MAPPING) {
  return importFeedbackRows(t.db, manager, await readSourceFile(fileName, content), mapping, clock);
}

const item = (externalId: string) =>
  t.db.selectFrom('feedback').selectAll().where('externalId', '=', externalId).executeTakeFirstOrThrow();

async function count(table: 'feedback' | 'feedbackEvent') {
  const { n } = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Everything an import may write, to show a refused file wrote nothing. */
async function state() {
  return {
    items: await t.db.selectFrom('feedback').selectAll().orderBy('externalId').execute(),
    events: await count('feedbackEvent'),
    rollups: await t.db.selectFrom('feedbackRollup').selectAll().orderBy('agencyId').orderBy('bucket').execute(),
    audit: (await t.db.selectFrom('auditLog').select('id').where('action', '=', 'feedback.imported').execute()).length,
  };
}

describe('parseVietnamInstant', () => {
  it('reads the wall clock in Hà Nội, in the formats portals export', () => {
    expect(parseVietnamInstant('13/02/2026 23:30')?.toISOString()).toBe('2026-02-13T16:30:00.000Z');
    expect(parseVietnamInstant('1/3/2026 7:05')?.toISOString()).toBe('2026-03-01T00:05:00.000Z');
    expect(parseVietnamInstant('2026-02-15 08:00:30')?.toISOString()).toBe('2026-02-15T01:00:30.000Z');
    expect(parseVietnamInstant('14/02/2026')?.toISOString()).toBe('2026-02-13T17:00:00.000Z');
    expect(parseVietnamInstant('2026-02-13T09:15:00Z')?.toISOString()).toBe('2026-02-13T09:15:00.000Z');
  });
  it('refuses dates that do not exist and text that is not a date', () => {
    for (const bad of [
      '30/02/2026',
      '13/13/2026',
      '13/02/2026 24:00',
      '2026-02-30T10:00:00+07:00',
      'hôm qua',
      '13-02-2026',
      '',
    ]) {
      expect(parseVietnamInstant(bad), bad).toBeNull();
    }
  });
});

describe('previewFeedbackFile', () => {
  it('shows the headers, a sample, the values worth mapping, and guesses the columns from their Vietnamese names', async () => {
    const file = await saveFile(t.db, manager, { fileName: 'pakn.csv', contentType: 'text/csv', content: csv(ROWS) });
    const preview = await previewFeedbackFile(t.db, manager, file.id);
    expect(preview.headers).toEqual(HEADERS);
    expect(preview.rowCount).toBe(N);
    expect(preview.sample[0]).toMatchObject({ [H.id]: 'PAKN-001', [H.status]: 'Đang xử lý' });
    expect(preview.distinct[H.status]).toEqual(
      ['Đã chuyển cơ quan khác', 'Đã công khai', 'Đã trả lời', 'Đang xử lý', 'Mới tiếp nhận', 'Từ chối tiếp nhận'].sort((a, b) =>
        a.localeCompare(b, 'vi'),
      ),
    );
    expect(preview.suggested).toEqual(MAPPING.columns);
    expect(suggestColumns(['STT', 'Mã', 'Ngày nhận'])).toEqual({ externalId: 'Mã', receivedAt: 'Ngày nhận' });
  });

  it("refuses another user's file", async () => {
    const file = await saveFile(t.db, officer, { fileName: 'pakn.csv', contentType: 'text/csv', content: csv(ROWS) });
    expect(await previewFeedbackFile(t.db, manager, file.id).catch((e: unknown) => e)).toMatchObject({
      kind: 'bad_request',
      code: 'feedback.bad_file',
    });
  });
});

describe('importFeedbackRows', () => {
  it('imports every row of the file, mapping its columns and values to ours', async () => {
    expect(await importFile(csv(ROWS))).toEqual({
      ok: true,
      rows: N,
      inserted: N,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errors: [],
      errorCount: 0,
      provisional: 0,
      unconfirmedYears: [],
    });
    expect(await count('feedback')).toBe(N);
    expect(await item('PAKN-001')).toMatchObject({
      receivedAt: new Date('2026-02-13T02:15:00Z'),
      receivedOn: '2026-02-13',
      channel: 'provincial_portal',
      submitterType: 'citizen',
      submitterName: 'Nguyễn Văn An',
      submitterContact: '0912345678',
      classification: 'regulation',
      field: 'Hộ tịch',
      competentAgencyId: agency('33.STP'),
      status: 'assigned',
      clockStart: '2026-02-13',
      answerDue: '2026-03-13', // 15 working days over Tết
      dueSource: 'computed',
      satisfaction: 'not_rated',
      recomplaint: false,
      createdBy: manager.userId,
    });
    expect(await item('PAKN-002')).toMatchObject({
      receivedOn: '2026-02-13',
      competentAgencyId: agency('33.STP'), // found by its name
      status: 'answered',
      answeredAt: new Date('2026-03-04T09:00:00Z'),
      answeredOn: '2026-03-04',
      answerWorkingDays: 8,
      publishDue: '2026-03-06',
      answerText: 'Sở đã trả kết quả cho công dân ngày 03/3/2026.',
      satisfaction: 'satisfied',
    });
    expect(await item('PAKN-003')).toMatchObject({
      receivedAt: new Date('2026-02-13T17:30:00Z'),
      receivedOn: '2026-02-14',
      answerDue: '2026-03-13',
      status: 'published',
      answeredOn: '2026-03-20',
      answerWorkingDays: 20,
      publishedAt: new Date('2026-03-23T02:00:00Z'),
      satisfaction: 'unsatisfied',
      recomplaint: true,
    });
    expect(await item('PAKN-004')).toMatchObject({ status: 'forwarded', channel: 'letter', competentAgencyId: agency('33.STC') });
    expect(await item('PAKN-005')).toMatchObject({ status: 'received', competentAgencyId: null, classification: null });
    expect(await item('PAKN-006')).toMatchObject({ status: 'refused' });
    expect(await item('PAKN-008')).toMatchObject({ submitterType: 'business', channel: 'hotline', classification: 'conduct' });
    // No status in the file: derived from what is there (an agency, no answer).
    expect(await item('PAKN-009')).toMatchObject({ status: 'assigned', receivedOn: '2026-04-15' });
    expect((await item('PAKN-010')).content).toBe('Đề nghị "một cửa" trả lời, rõ ràng:\ncác giấy tờ phải nộp.');
    const events = await t.db.selectFrom('feedbackEvent').select(['action', 'fromStatus', 'createdBy']).execute();
    expect(events).toHaveLength(N);
    expect(new Set(events.map((e) => [e.action, e.fromStatus, e.createdBy].join()))).toEqual(
      new Set([`imported,,${manager.userId}`]),
    );
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'feedback.imported')
      .execute();
    expect(audit).toEqual([
      {
        actorUsername: 'sonoivu',
        after: { rows: N, inserted: N, updated: 0, unchanged: 0, skipped: 0, provisional: 0, source: '' },
      },
    ]);
  });

  it('keeps a due date the file gives', async () => {
    expect(await item('PAKN-007')).toMatchObject({ answerDue: '2026-03-20', dueSource: 'source', clockStart: '2026-03-03' });
  });

  it('puts the imported items in the figures at once', async () => {
    const q1 = { from: '2026-01-01', to: '2026-03-31' };
    const counts = await countsFromRollups(t.db, q1, '2026-03-31');
    // Sở Tư pháp in Q1: 001 open and overdue, 002 on time, 003 late and unsatisfied, 006 refused.
    // Not satisfied: 003, and 001 — still open past its due date ("xử lý quá hạn", QĐ 766).
    expect(counts.get(agency('33.STP'))).toEqual({
      received: 4,
      withinCompetence: 3,
      answered: 2,
      answeredOnTime: 1,
      answeredLate: 1,
      openNotDue: 0,
      openOverdue: 1,
      notSatisfied: 2,
      regulation: 4,
      conduct: 0,
      answerDays: [
        [8, 1],
        [20, 1],
      ],
    });
    const stored = await t.db.selectFrom('feedback').selectAll().execute();
    for (const code of ['33.STC', '33.SXD']) {
      const items: FeedbackFigureItem[] = stored
        .filter((i) => i.competentAgencyId === agency(code))
        .map((i) => ({
          ...i,
          status: i.status as FeedbackFigureItem['status'],
          satisfaction: i.satisfaction as FeedbackFigureItem['satisfaction'],
          classification: i.classification as FeedbackFigureItem['classification'],
        }));
      expect(counts.get(agency(code)), code).toEqual(countFeedback(items, q1, '2026-03-31'));
    }
  });

  it('changes nothing when the same file comes again', async () => {
    const before = await state();
    expect(await importFile(csv(ROWS))).toEqual({
      ok: true,
      rows: N,
      inserted: 0,
      updated: 0,
      unchanged: N,
      skipped: 0,
      errors: [],
      errorCount: 0,
      provisional: 0,
      unconfirmedYears: [],
    });
    const after = await state();
    expect(after.items).toEqual(before.items);
    expect(after.events).toBe(before.events);
    expect(after.rollups).toEqual(before.rollups);
  });

  it('keeps the register numbers without gaps however often a file is re-imported', async () => {
    const numbers = async () =>
      (await t.db.selectFrom('feedback').select('number').orderBy('number').execute()).map((r) => r.number);
    const before = await numbers();
    await importFile(csv(ROWS));
    await importFile(csv(ROWS));
    const extra = { ...(ROWS[0] as SourceRow), id: 'PAKN-NEW-NUMBER' };
    await importFile(csv([...ROWS, extra]));
    expect(await numbers()).toEqual([...before, Math.max(...before) + 1]);
    // Leave the file's items as the next tests expect them.
    await t.db.deleteFrom('feedback').where('externalId', '=', 'PAKN-NEW-NUMBER').execute();
    await refreshRollups(t.db, null);
  });

  it('gives the same items from the same rows in an Excel workbook', async () => {
    const before = await state();
    expect(await importFile(await xlsx(ROWS), 'pakn-thang-3.xlsx')).toEqual({
      ok: true,
      rows: N,
      inserted: 0,
      updated: 0,
      unchanged: N,
      skipped: 0,
      errors: [],
      errorCount: 0,
      provisional: 0,
      unconfirmedYears: [],
    });
    expect((await state()).items).toEqual(before.items);
  });

  it('updates exactly the row whose status changed, and records the change in its history', async () => {
    const events = await count('feedbackEvent');
    const rows = change(ROWS, 'PAKN-001', {
      status: 'Đã trả lời',
      answeredAt: '10/03/2026 15:00',
      answer: 'Sở Tư pháp đã trả lời công dân bằng văn bản.',
    });
    expect(await importFile(csv(rows))).toEqual({
      ok: true,
      rows: N,
      inserted: 0,
      updated: 1,
      unchanged: N - 1,
      skipped: 0,
      errors: [],
      errorCount: 0,
      provisional: 0,
      unconfirmedYears: [],
    });
    expect(await item('PAKN-001')).toMatchObject({ status: 'answered', answeredOn: '2026-03-10', answerWorkingDays: 12 });
    const history = await t.db
      .selectFrom('feedbackEvent as e')
      .innerJoin('feedback as f', 'f.id', 'e.feedbackId')
      .select(['f.externalId', 'e.action', 'e.fromStatus', 'e.toStatus'])
      .orderBy('e.id', 'desc')
      .limit(1)
      .execute();
    expect(history).toEqual([{ externalId: 'PAKN-001', action: 'imported', fromStatus: 'assigned', toStatus: 'answered' }]);
    expect(await count('feedbackEvent')).toBe(events + 1);
    expect(await count('feedback')).toBe(N);
    const counts = await countsFromRollups(t.db, { from: '2026-02-01', to: '2026-02-28' }, '2026-04-15');
    expect(counts.get(agency('33.STP'))).toMatchObject({ answered: 3, answeredOnTime: 2, openOverdue: 0 });
    ROWS.splice(0, ROWS.length, ...rows);
  });

  it.each([
    ['an impossible date', 'PAKN-004', { receivedAt: '30/02/2026 08:00' }, 5, H.receivedAt, '«30/02/2026 08:00»'],
    ['an agency that does not exist', 'PAKN-007', { agency: 'Sở Không Tồn Tại' }, 8, H.agency, 'Sở Không Tồn Tại'],
    ['a status nobody mapped', 'PAKN-008', { status: 'Đang chờ phê duyệt' }, 9, H.status, '«Đang chờ phê duyệt»'],
    ['an answered item without its answer date', 'PAKN-006', { status: 'Đã trả lời' }, 7, H.answeredAt, 'ngày trả lời'],
    ['a receipt after today', 'PAKN-009', { receivedAt: '16/04/2026 08:00' }, 10, H.receivedAt, 'sau hôm nay'],
  ] as const)(
    'refuses the whole file for one row with %s, naming its line and column',
    async (_what, id, fields, line, column, text) => {
      const before = await state();
      // The same file also changes another row: that change must not be written either.
      const rows = change(change(ROWS, id, fields), 'PAKN-010', { status: 'Đã trả lời', answeredAt: '10/04/2026 09:00' });
      const result = await importFile(csv(rows));
      expect(result).toMatchObject({ ok: false, rows: N, inserted: 0, updated: 0, unchanged: 0 });
      expect(result.errors).toEqual([{ row: line, column, message: expect.stringContaining(text) }]);
      expect(await state()).toEqual(before);
    },
  );

  it('refuses a source id that occurs twice, naming both lines', async () => {
    const before = await state();
    const rows = [...ROWS.slice(0, 3), { ...ROWS[1], subject: 'Bản ghi trùng mã' }, ...ROWS.slice(3)];
    const result = await importFile(csv(rows));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ row: 5, column: H.id, message: expect.stringContaining('dòng 3') }]);
    expect(await state()).toEqual(before);
  });

  it('names the same row for a bad record in CSV and in Excel, after cells with line breaks', async () => {
    const rows = [
      ...ROWS, // PAKN-010 has a line break in its content
      base('PAKN-011', { receivedAt: '01/04/2026 08:00', agency: '33.STP', content: 'Dòng thứ nhất,\r\ndòng thứ hai.' }),
      base('PAKN-012', { receivedAt: '31/04/2026', agency: '33.STP' }),
    ];
    const fromCsv = await importFile(csv(rows));
    expect(fromCsv.errors).toEqual([{ row: 13, column: H.receivedAt, message: expect.stringContaining('«31/04/2026»') }]);
    expect((await importFile(await xlsx(rows), 'pakn.xlsx')).errors).toEqual(fromCsv.errors);
  });

  it('names the sheet row of a bad row in an Excel workbook', async () => {
    const before = await state();
    const result = await importFile(await xlsx(change(ROWS, 'PAKN-003', { agency: '33.KHONGCO' })), 'pakn.xlsx');
    expect(result.errors).toEqual([{ row: 4, column: H.agency, message: expect.stringContaining('33.KHONGCO') }]);
    expect(await state()).toEqual(before);
  });

  it('reports a value mapped to something the system does not know as a row error, not a system failure', async () => {
    const before = await state();
    const mapping = ZImportMapping.parse({
      ...MAPPING,
      values: { ...MAPPING.values, status: { ...MAPPING.values.status, 'Đang xử lý': 'processing' } },
    });
    const result = await importFile(csv(ROWS), 'pakn.csv', mapping);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [8, H.status],
      [11, H.status],
    ]);
    expect(await state()).toEqual(before);
  });

  it('asks for the code when an agency name fits several agencies', async () => {
    const twins = await t.db
      .insertInto('agency')
      .values(
        ['99.001', '98.001'].map((code) => ({
          code,
          name: 'UBND xã Tân Tiến',
          fullName: 'Ủy ban nhân dân xã Tân Tiến',
          kind: 'commune',
          searchText: 'ubnd xa tan tien',
        })),
      )
      .returning('id')
      .execute();
    const before = await state();
    const result = await importFile(
      csv([base('PAKN-TWIN', { receivedAt: '02/03/2026', agency: 'UBND xã Tân Tiến', status: '' })]),
    );
    expect(result.errors).toEqual([{ row: 2, column: H.agency, message: expect.stringContaining('vui lòng ghi mã') }]);
    expect(await state()).toEqual(before);
    // By code it goes in.
    expect((await importFile(csv([base('PAKN-TWIN', { receivedAt: '02/03/2026', agency: '98.001', status: '' })]))).ok).toBe(
      true,
    );
    await t.db.deleteFrom('feedback').where('externalId', '=', 'PAKN-TWIN').execute();
    await refreshRollups(t.db, null);
    await t.db
      .deleteFrom('agency')
      .where(
        'id',
        'in',
        twins.map((r) => r.id),
      )
      .execute();
  });
});

describe('queueFeedbackImport and runFeedbackImport', () => {
  const NEW_ROWS = [
    base('PAKN-101', { receivedAt: '06/04/2026 08:00', agency: '33.SXD', status: 'Đang xử lý' }),
    base('PAKN-102', { receivedAt: '07/04/2026 08:00', agency: '33.STP', status: 'Đang xử lý' }),
    base('PAKN-103', { receivedAt: '08/04/2026 08:00', status: 'Mới tiếp nhận' }),
  ];

  async function queuedJob(runId: string) {
    const { rows } = await sql<{ payload: { runId: string; fileId: string; mapping: TImportMapping } }>`
      select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = ${FEEDBACK_IMPORT_TASK} and j.payload->>'runId' = ${runId}`.execute(t.db);
    const [job] = rows;
    if (!job) throw new Error(`no job for run ${runId}`);
    return job.payload;
  }

  const run = (runId: string) =>
    t.db
      .selectFrom('importRun')
      .select(['kind', 'fileName', 'status', 'rowsTotal', 'rowsOk', 'rowsFailed', 'errors', 'summary', 'createdBy', 'finishedAt'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();

  it('queues the file with its mapping (saved for next month), then the worker imports it and records the outcome', async () => {
    const file = await saveFile(t.db, manager, {
      fileName: 'pakn-thang-4.csv',
      contentType: 'text/csv',
      content: csv([...ROWS.slice(0, 2), ...NEW_ROWS, change(ROWS, 'PAKN-009', { status: 'Từ chối tiếp nhận' })[8] ?? {}]),
    });
    const { runId } = await queueFeedbackImport(t.db, manager, {
      fileId: file.id,
      mapping: MAPPING,
      saveAs: 'Cổng DVC tỉnh Hưng Yên',
    });
    expect(await run(runId)).toMatchObject({
      kind: 'feedback',
      fileName: 'pakn-thang-4.csv',
      status: 'running',
      createdBy: manager.userId,
      summary: { phase: 'queued' },
      finishedAt: null,
    });
    expect((await listImportProfiles(t.db)).map((p) => [p.name, p.mapping])).toEqual([['Cổng DVC tỉnh Hưng Yên', MAPPING]]);
    const payload = await queuedJob(runId);
    expect(payload).toEqual({ runId, fileId: file.id, mapping: MAPPING });

    const result = await runFeedbackImport(t.db, payload, clock);
    expect(result).toEqual({
      ok: true,
      rows: 6,
      inserted: 3,
      updated: 1,
      unchanged: 2,
      skipped: 0,
      errors: [],
      errorCount: 0,
      provisional: 0,
      unconfirmedYears: [],
    });
    const done = await run(runId);
    expect(done).toMatchObject({
      status: 'succeeded',
      rowsTotal: 6,
      rowsOk: 6,
      rowsFailed: 0,
      errors: null,
      summary: { phase: 'done', rows: 6, rowsDone: 6, inserted: 3, updated: 1, unchanged: 2 },
    });
    expect(done.finishedAt).toBeInstanceOf(Date);
    const written = await t.db
      .selectFrom('feedback')
      .select(['externalId', 'status'])
      .where('importRunId', '=', runId)
      .orderBy('externalId')
      .execute();
    expect(written).toEqual([
      { externalId: 'PAKN-009', status: 'refused' },
      { externalId: 'PAKN-101', status: 'assigned' },
      { externalId: 'PAKN-102', status: 'assigned' },
      { externalId: 'PAKN-103', status: 'received' },
    ]);
    const events = await t.db.selectFrom('feedbackEvent').select('id').where('importRunId', '=', runId).execute();
    expect(events).toHaveLength(4);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorUsername'])
      .where('entityId', '=', runId)
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'feedback.import_queued', actorUsername: 'sonoivu' },
      { action: 'feedback.imported', actorUsername: 'sonoivu' },
    ]);
    const april = await countsFromRollups(t.db, { from: '2026-04-01', to: '2026-04-30' }, '2026-04-15');
    expect(april.get(agency('33.SXD'))).toMatchObject({ received: 1, openNotDue: 1 });
  });

  it('finds an imported item in the register by its number, as by its source id', async () => {
    const items = await t.db.selectFrom('feedback').select(['id', 'number', 'externalId', 'searchText']).execute();
    // An item whose number does not happen to occur in its source id or subject.
    const target = items.find((i) => !i.searchText.includes(String(i.number)));
    if (!target) throw new Error('every number occurs in its own text');
    const byNumber = await listFeedback(t.db, manager, ZFeedbackFilter.parse({ q: String(target.number) }), clock);
    expect(byNumber.rows.map((r) => r.id)).toContain(target.id);
    const bySource = await listFeedback(t.db, manager, ZFeedbackFilter.parse({ q: target.externalId?.toLowerCase() }), clock);
    expect(bySource.rows.map((r) => r.id)).toEqual([target.id]);
  });

  it('records a refused file as failed, with its errors, and writes nothing', async () => {
    const before = await state();
    const file = await saveFile(t.db, manager, {
      fileName: 'pakn-loi.csv',
      contentType: 'text/csv',
      content: csv(change(ROWS, 'PAKN-002', { agency: 'Sở Không Tồn Tại' })),
    });
    const { runId } = await queueFeedbackImport(t.db, manager, { fileId: file.id, mapping: MAPPING, saveAs: null });
    const result = await runFeedbackImport(t.db, await queuedJob(runId), clock);
    expect(result.ok).toBe(false);
    expect(await run(runId)).toMatchObject({
      status: 'failed',
      rowsTotal: N,
      rowsOk: 0,
      rowsFailed: 1,
      errors: [{ row: 3, column: H.agency, message: expect.stringContaining('Sở Không Tồn Tại') }],
      summary: { phase: 'failed' },
    });
    expect(await state()).toEqual(before);
  });

  it('records a file that is not a spreadsheet as failed, for the uploader to fix', async () => {
    // Stored directly: an upload is already refused (its content is no workbook); the import must refuse it too.
    const file = await t.db
      .insertInto('storedFile')
      .values({
        fileName: 'pakn.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        sizeBytes: 24,
        sha256: 'x',
        content: Buffer.from('PK not really a workbook'),
        createdBy: manager.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { runId } = await queueFeedbackImport(t.db, manager, { fileId: file.id, mapping: MAPPING, saveAs: null });
    const result = await runFeedbackImport(t.db, await queuedJob(runId), clock);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 0, column: null }] });
    expect(await run(runId)).toMatchObject({ status: 'failed', errors: [{ message: expect.stringContaining('Excel') }] });
  });

  it("refuses to queue another user's file, and queues nothing", async () => {
    const runs = (await t.db.selectFrom('importRun').select('id').execute()).length;
    const file = await saveFile(t.db, officer, { fileName: 'pakn.csv', contentType: 'text/csv', content: csv(NEW_ROWS) });
    const error = await queueFeedbackImport(t.db, manager, {
      fileId: file.id,
      mapping: MAPPING,
      saveAs: 'Mẫu của người khác',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'bad_request', code: 'feedback.bad_file' });
    expect((await t.db.selectFrom('importRun').select('id').execute()).length).toBe(runs);
    expect((await listImportProfiles(t.db)).map((p) => p.name)).toEqual(['Cổng DVC tỉnh Hưng Yên']);
  });
});

describe('a re-import after work in the app', () => {
  it('never undoes an answer or a rating given in the app, and keeps the due dates items were given', async () => {
    const id = 'PAKN-APP-1';
    const row = base(id, { receivedAt: '02/03/2026 08:00', agency: '33.STP', status: 'Đang xử lý' });
    await importFile(csv([row]));
    const before = await item(id);
    // The officer answers in the app; the coordinators record the rating.
    const later = fixedClock('2026-03-10T03:00:00Z');
    await actOnFeedback(
      t.db,
      officer,
      ZFeedbackAction.parse({ id: before.id, action: 'answer', answerText: 'Sở Tư pháp đã trả lời công dân.' }),
      later,
    );
    await actOnFeedback(
      t.db,
      manager,
      ZFeedbackAction.parse({ id: before.id, action: 'rate', satisfaction: 'satisfied' }),
      later,
    );
    // The province shortens the answer limit for new items.
    await saveFeedbackLimit(t.db, manager, ZFeedbackLimit.parse({ refuseDays: 2, infoDays: 5, answerDays: 10, publishDays: 2 }));

    // Next month's portal file still lists the item as in progress, without an answer or a rating.
    const result = await importFile(csv([row]));
    expect(result).toMatchObject({ ok: true, inserted: 0 });
    const after = await item(id);
    expect(after).toMatchObject({
      status: 'answered',
      answerText: 'Sở Tư pháp đã trả lời công dân.',
      answeredOn: '2026-03-10',
      satisfaction: 'satisfied',
      answerDue: before.answerDue,
    });
    // A file that moves it further along (published) is taken.
    await importFile(csv([{ ...row, status: 'Đã công khai', answeredAt: '10/03/2026 10:00' }]));
    expect((await item(id)).status).toBe('published');
  });

  it('lets a later file move back what an earlier file said (the portal sent an answer back)', async () => {
    const id = 'PAKN-BACK-1';
    const answered = base(id, {
      receivedAt: '02/03/2026 08:00',
      agency: '33.STP',
      status: 'Đã trả lời',
      answeredAt: '06/03/2026 10:00',
    });
    await importFile(csv([answered]));
    expect((await item(id)).status).toBe('answered');
    await importFile(csv([{ ...answered, status: 'Đang xử lý', answeredAt: '' }]));
    expect(await item(id)).toMatchObject({ status: 'assigned', answeredOn: null, answerText: null });
  });
});
