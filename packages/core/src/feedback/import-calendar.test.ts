/**
 * Feedback imported into a year with no published holiday calendar: the import says so before it writes,
 * and on request computes the due dates on the calendar known and flags the items; saving the year's
 * calendar re-dates them (answered or not) and, once published, unflags them; the unchanged file then
 * re-imports with nothing updated.
 */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { statutoryCalendar } from '@cchc/domain/calendar/holidays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded, saveCalendarYear } from '../calendar/service';
import { fixedClock } from '../clock';
import { seedDemo } from '../seed/demo';
import { actor } from '../testing/fixtures';
import { importFeedbackRows, readSourceFile } from './import';
import { type TImportMapping, ZImportMapping } from './schemas';

/** Wednesday 20/1/2027, 10:00 in Hà Nội. */
const clock = fixedClock('2027-01-20T03:00:00Z');

const HEADERS = [
  'Mã PAKN',
  'Thời gian tiếp nhận',
  'Đơn vị xử lý',
  'Tình trạng',
  'Ngày trả lời',
  'Hạn xử lý',
  'Trích yếu',
  'Nội dung',
];
const MAPPING = {
  columns: {
    externalId: 'Mã PAKN',
    receivedAt: 'Thời gian tiếp nhận',
    competentAgency: 'Đơn vị xử lý',
    status: 'Tình trạng',
    answeredAt: 'Ngày trả lời',
    answerDue: 'Hạn xử lý',
    subject: 'Trích yếu',
    content: 'Nội dung',
  },
  values: { status: { 'Đang xử lý': 'assigned', 'Đã trả lời': 'answered' } },
  defaults: { channel: 'provincial_portal', submitterType: 'citizen' },
  source: 'Cổng DVC tỉnh',
};
const stop: TImportMapping = ZImportMapping.parse(MAPPING);
const flag: TImportMapping = ZImportMapping.parse({ ...MAPPING, onUnconfirmedCalendar: 'flag' });

/** Monday 28/12/2026: 15 working days run into January 2027, through New Year's Day (Friday 1/1/2027). */
const FILE = Buffer.from(
  [
    HEADERS.join(','),
    'CAL-OPEN,28/12/2026 08:00,33.STP,Đang xử lý,,,Chưa có kết quả,Hồ sơ nộp đã lâu.',
    'CAL-ANSWERED,28/12/2026 09:00,33.STP,Đã trả lời,12/01/2027 10:00,,Đã trả lời,Hồ sơ nộp đã lâu.',
    'CAL-SOURCE-DUE,28/12/2026 10:00,33.STC,Đang xử lý,,20/01/2027,Hạn do cổng ghi,Hồ sơ nộp đã lâu.',
    'CAL-2026,02/11/2026 08:00,33.STP,Đã trả lời,10/11/2026 10:00,,Trong năm 2026,Hồ sơ nộp đã lâu.',
  ].join('\r\n'),
);
const IDS = ['CAL-OPEN', 'CAL-ANSWERED', 'CAL-SOURCE-DUE', 'CAL-2026'];

let t: TestDatabase;
let manager: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  // 2027 has no calendar at all yet: a count through it knows only its weekends.
  await t.db.deleteFrom('calendarYear').where('year', '=', 2027).execute();
  manager = await actor(t.db, 'sonoivu');
});
afterAll(async () => t.drop());

const importFile = async (mapping: TImportMapping) =>
  importFeedbackRows(t.db, manager, await readSourceFile('pakn.csv', FILE), mapping, clock);

async function items() {
  const rows = await t.db
    .selectFrom('feedback')
    .select([
      'externalId',
      'refuseDue',
      'infoDue',
      'answerDue',
      'answerWorkingDays',
      'publishDue',
      'duesProvisional',
      'updatedAt',
    ])
    .where('externalId', 'in', IDS)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.externalId as string, r]));
}

describe('importing feedback due into a year without a published calendar', () => {
  it('says so before writing anything, naming the year and how many items', async () => {
    const result = await importFile(stop);
    expect(result.ok).toBe(false);
    expect(result.unconfirmedYears).toEqual([2027]);
    expect(result.errors[0]?.message).toContain('Hạn xử lý của 3 phản ánh được tính qua năm 2027');
    expect(result.errors[0]?.message).toContain('Tính tạm và đánh dấu');
    expect(await items()).toEqual({});
  });

  it('on request computes the dates on the weekends alone and flags exactly the items counted through 2027', async () => {
    const result = await importFile(flag);
    expect(result).toMatchObject({ ok: true, inserted: 4, updated: 0, provisional: 3, unconfirmedYears: [2027] });
    const got = await items();
    // New Year's Day is not known yet: it is counted as a working day.
    expect(got['CAL-OPEN']).toMatchObject({ infoDue: '2027-01-04', answerDue: '2027-01-18', duesProvisional: true });
    expect(got['CAL-ANSWERED']).toMatchObject({ answerWorkingDays: 11, duesProvisional: true });
    expect(got['CAL-SOURCE-DUE']).toMatchObject({ infoDue: '2027-01-04', answerDue: '2027-01-20', duesProvisional: true });
    expect(got['CAL-2026']?.duesProvisional).toBe(false);
  });

  it('re-dates the flagged items, answered or not, when the year is entered; they stay flagged until it is published', async () => {
    const before = await items();
    const saved = await saveCalendarYear(t.db, manager, {
      year: 2027,
      status: 'prefilled',
      note: null,
      days: statutoryCalendar(2027),
    });
    expect(saved.feedbackMoved).toMatchObject({ open: 2, answered: 1, confirmed: 0 });
    const got = await items();
    expect(got['CAL-OPEN']).toMatchObject({ infoDue: '2027-01-05', answerDue: '2027-01-19', duesProvisional: true });
    expect(got['CAL-ANSWERED']).toMatchObject({ answerWorkingDays: 10, duesProvisional: true });
    // The source's own answer due date stays; the dates counted here move.
    expect(got['CAL-SOURCE-DUE']).toMatchObject({ infoDue: '2027-01-05', answerDue: '2027-01-20', duesProvisional: true });
    expect(got['CAL-2026']).toEqual(before['CAL-2026']);

    const again = await importFile(flag);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 4 });
  });

  it('unflags them once the year is published, and the unchanged file then re-imports with 0 updated', async () => {
    const saved = await saveCalendarYear(t.db, manager, {
      year: 2027,
      status: 'published',
      note: 'Đã đối chiếu thông báo của Bộ Nội vụ',
      days: statutoryCalendar(2027),
    });
    expect(saved.feedbackMoved).toMatchObject({ open: 0, answered: 0, confirmed: 3 });
    const got = await items();
    expect(Object.values(got).map((i) => i.duesProvisional)).toEqual([false, false, false, false]);
    expect(got['CAL-OPEN']?.answerDue).toBe('2027-01-19');

    // Nothing is provisional any more: the default choice (stop) imports it too.
    const again = await importFile(stop);
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 4, provisional: 0, unconfirmedYears: [] });
    const audit = await t.db
      .selectFrom('auditLog')
      .select('after')
      .where('action', '=', 'feedback.rescheduled')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ reason: 'calendar', provisionalConfirmed: 3 });
  });
});
