import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { pdfText, popplerText } from '@cchc/reports/testing';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { fixedClock } from '../clock';
import { AppError } from '../errors';
import { seedDemo } from '../seed/demo';
import { actor, departmentIds, type IdsByCode } from '../testing/fixtures';
import { exportAttendanceSheet, sessionIcs } from './export';
import { ZConclusionCreate, ZMarkAttendance, ZSessionCreate, ZSessionUpdate } from './schemas';
import { addConclusion, createSession, getSession, markAttendance, updateSession } from './service';

const clock = fixedClock('2026-12-03T05:00:00Z');

let t: TestDatabase;
let agency: IdsByCode;
let secretariat: Actor;
let officer: Actor; // canbo.stp
let groupId: string;
/** Phiên họp thứ 3, 08:00–11:30 on 3/12/2026 in Hà Nội, with every kind of mark and one agency not marked yet. */
let sessionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  agency = await departmentIds(t.db);
  secretariat = await actor(t.db, 'totongtac');
  officer = await actor(t.db, 'canbo.stp');
  groupId = (await t.db.selectFrom('workingGroup').select('id').executeTakeFirstOrThrow()).id;

  for (const startsAt of ['2026-06-04T08:00:00+07:00', '2026-09-03T08:00:00+07:00']) {
    await newSession({ title: 'Phiên họp thường kỳ', startsAt, invitations: [{ agencyId: agency('33.STP') }] });
  }
  const session = await newSession({
    title: 'Đánh giá kết quả cải cách thủ tục hành chính năm 2026',
    startsAt: '2026-12-03T08:00:00+07:00',
    endsAt: '2026-12-03T11:30:00+07:00',
    mode: 'hybrid',
    chair: 'Phó Chủ tịch UBND tỉnh Nguyễn Văn Hùng',
    sites: [{ name: 'Hội trường tầng 3, UBND tỉnh' }, { name: 'Điểm cầu Sở Nông nghiệp', hostAgencyId: agency('33.SNNMT') }],
    invitations: ['33.STP', '33.STC', '33.SNV', '33.SNNMT', '33.SVHTTDL', '33.SDTTG'].map((code) => ({ agencyId: agency(code) })),
  });
  expect(session.number).toBe(3);
  sessionId = session.id;
  const [hall, farmSite] = (await getSession(t.db, secretariat, clock, sessionId)).sites.map((s) => s.id);
  await markAttendance(
    t.db,
    secretariat,
    ZMarkAttendance.parse({
      sessionId,
      marks: [
        { agencyId: agency('33.STP'), mark: 'present_head', siteId: hall },
        { agencyId: agency('33.STC'), mark: 'present_deputy', lateMinutes: 15, siteId: hall },
        {
          agencyId: agency('33.SNNMT'),
          mark: 'present_delegate',
          delegateName: 'Trần Thị Hoà',
          delegatePosition: 'Phó Chánh Văn phòng',
          siteId: farmSite,
        },
        {
          agencyId: agency('33.SVHTTDL'),
          mark: 'absent_excused',
          absenceReason: 'Tổ chức Liên hoan du lịch tỉnh',
          absenceDocument: 'Công văn 88/SVHTTDL',
        },
        { agencyId: agency('33.SNV'), mark: 'absent_unexcused' },
      ],
    }),
  );
  await addConclusion(
    t.db,
    secretariat,
    ZConclusionCreate.parse({ sessionId, content: 'Các sở hoàn thành rà soát thủ tục nội bộ trước ngày 15/12/2026.' }),
  );
});
afterAll(async () => t.drop());

async function newSession(fields: Partial<z.input<typeof ZSessionCreate>>) {
  return createSession(
    t.db,
    secretariat,
    ZSessionCreate.parse({ groupId, title: 'Phiên họp', startsAt: '2026-12-03T08:00:00+07:00', mode: 'online', ...fields }),
  );
}

/** The sheet's title lines, and its table as text: one row per agency, from the row under the header. */
async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  const lines: string[][] = [];
  sheet.eachRow((row) => {
    lines.push(Array.from({ length: 6 }, (_, i) => row.getCell(i + 1).text));
  });
  const header = lines.findIndex((l) => l[0] === 'STT');
  return { heading: lines.slice(0, header).map((l) => l[0]), header: lines[header], rows: lines.slice(header + 1) };
}

function parseIcs(body: Buffer) {
  const calendar = new ICAL.Component(ICAL.parse(body.toString('utf8')));
  const events = calendar.getAllSubcomponents('vevent');
  return { calendar, events, event: events[0] ? new ICAL.Event(events[0]) : null };
}

describe('exportAttendanceSheet as XLSX', () => {
  it('lists every invited agency with its mark in Vietnamese, who came or why not, lateness and site', async () => {
    const file = await exportAttendanceSheet(t.db, secretariat, clock, sessionId, 'xlsx');
    expect(file.fileName).toBe('diem-danh-phien-3.xlsx');
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const { heading, header, rows } = await readXlsx(file.body);
    expect(heading).toEqual([
      'Bảng điểm danh phiên họp thứ 3',
      'Tổ công tác cải cách thủ tục hành chính tỉnh Hưng Yên — Đánh giá kết quả cải cách thủ tục hành chính năm 2026',
      'Thời gian: 03/12/2026 08:00 — Hình thức: Trực tiếp kết hợp trực tuyến — Chủ trì: Phó Chủ tịch UBND tỉnh Nguyễn Văn Hùng',
      'Bảng điểm danh chưa chốt',
    ]);
    expect(header).toEqual(['STT', 'Cơ quan', 'Điểm danh', 'Người dự / lý do vắng', 'Đi muộn (phút)', 'Điểm cầu']);
    expect(rows).toEqual([
      ['1', 'Sở Dân tộc và Tôn giáo', 'Chưa điểm danh', '', '', ''],
      ['2', 'Sở Nội vụ', 'Vắng không lý do', '', '', ''],
      [
        '3',
        'Sở Nông nghiệp và Môi trường',
        'Có mặt — người được ủy quyền',
        'Trần Thị Hoà, Phó Chánh Văn phòng',
        '',
        'Điểm cầu Sở Nông nghiệp',
      ],
      ['4', 'Sở Tài chính', 'Có mặt — cấp phó', '', '15', 'Hội trường tầng 3, UBND tỉnh'],
      ['5', 'Sở Tư pháp', 'Có mặt — thủ trưởng', '', '', 'Hội trường tầng 3, UBND tỉnh'],
      ['6', 'Sở Văn hóa, Thể thao và Du lịch', 'Vắng có lý do', 'Tổ chức Liên hoan du lịch tỉnh — Công văn 88/SVHTTDL', '', ''],
    ]);
  });

  it("gives an agency's officer a sheet with their own agency's row only", async () => {
    const file = await exportAttendanceSheet(t.db, officer, clock, sessionId, 'xlsx');
    const { rows } = await readXlsx(file.body);
    expect(rows).toEqual([['1', 'Sở Tư pháp', 'Có mặt — thủ trưởng', '', '', 'Hội trường tầng 3, UBND tỉnh']]);
  });

  it('refuses an officer whose agency was not invited', async () => {
    const other = await newSession({ title: 'Phiên họp riêng ngành tài chính', invitations: [{ agencyId: agency('33.STC') }] });
    const error = await exportAttendanceSheet(t.db, officer, clock, other.id, 'xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'meetings.not_invited' });
  });
});

describe('exportAttendanceSheet as PDF', () => {
  it('reads back, diacritics intact, with the title, every agency, the marks, the count and the conclusions', async () => {
    const file = await exportAttendanceSheet(t.db, secretariat, clock, sessionId, 'pdf');
    expect(file).toMatchObject({ fileName: 'diem-danh-phien-3.pdf', contentType: 'application/pdf' });
    expect(file.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(file.body);
    // An official sheet (Nghị định 30/2020, Phụ lục I): the working group under the province, the date line, the chair signs.
    const layout = popplerText(file.body, true)
      .split('\n')
      .map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    expect(layout).toContain('UBND TỈNH HƯNG YÊN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(layout).toContain('BẢNG ĐIỂM DANH');
    expect(text).toContain('Hưng Yên, ngày 03 tháng 12 năm 2026');
    expect(text).toContain('CHỦ TRÌ PHIÊN HỌP');
    // The last column's header is whole (it used to be clipped).
    expect(layout.some((l) => /\| Điểm cầu$/.test(l))).toBe(true);
    for (const phrase of [
      'Phiên họp thứ 3: Đánh giá kết quả cải cách thủ tục hành chính năm 2026',
      'Thời gian: 03/12/2026 08:00',
      'Sở Dân tộc và Tôn giáo',
      'Sở Nông nghiệp và Môi trường',
      'Sở Văn hóa, Thể thao và Du lịch',
      'Sở Tư pháp',
      'Có mặt — thủ trưởng',
      'Có mặt — người được ủy quyền',
      'Trần Thị Hoà',
      'Vắng có lý do',
      'Vắng không lý do',
      'Chưa điểm danh',
      'Số cơ quan được mời: 6; có mặt: 3.',
      'Kết luận',
      '1. Các sở hoàn thành rà soát thủ tục nội bộ trước ngày 15/12/2026.',
    ]) {
      expect(text).toContain(phrase);
    }
  });
});

describe('sessionIcs', () => {
  it('is one VEVENT a calendar reads back: numbered summary, the session’s instants in UTC, sites as location', async () => {
    const file = await sessionIcs(t.db, secretariat, clock, sessionId);
    expect(file).toMatchObject({ fileName: 'phien-hop-3.ics', contentType: 'text/calendar; charset=utf-8' });
    const { events, event } = parseIcs(file.body);
    expect(events).toHaveLength(1);
    expect(event?.summary).toBe('Phiên họp thứ 3: Đánh giá kết quả cải cách thủ tục hành chính năm 2026');
    // 08:00 and 11:30 in Hà Nội (UTC+7).
    expect(event?.startDate.toJSDate().toISOString()).toBe('2026-12-03T01:00:00.000Z');
    expect(event?.endDate.toJSDate().toISOString()).toBe('2026-12-03T04:30:00.000Z');
    expect(event?.startDate.zone?.tzid).toBe('UTC');
    expect(event?.location).toBe('Hội trường tầng 3, UBND tỉnh; Điểm cầu Sở Nông nghiệp');
    expect(event?.description).toContain('Chủ trì: Phó Chủ tịch UBND tỉnh Nguyễn Văn Hùng');
    expect(event?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('keeps the same UID on every download, so a calendar updates the event instead of adding another', async () => {
    const first = parseIcs((await sessionIcs(t.db, secretariat, clock, sessionId)).body).event;
    const second = parseIcs((await sessionIcs(t.db, officer, clock, sessionId)).body).event;
    expect(first?.uid).toBe(`${sessionId}@cchc`);
    expect(second?.uid).toBe(first?.uid);
  });

  it('lasts two hours when no end is set, and says CANCELLED once the session is cancelled', async () => {
    const session = await newSession({
      title: 'Phiên họp bất thường',
      startsAt: '2026-12-10T14:00:00+07:00',
      invitations: [{ agencyId: agency('33.STP') }],
    });
    const open = parseIcs((await sessionIcs(t.db, secretariat, clock, session.id)).body).event;
    expect(open?.startDate.toJSDate().toISOString()).toBe('2026-12-10T07:00:00.000Z');
    expect(open?.endDate.toJSDate().toISOString()).toBe('2026-12-10T09:00:00.000Z');
    expect(open?.location).toBe('Trực tuyến');

    await updateSession(
      t.db,
      secretariat,
      ZSessionUpdate.parse({
        id: session.id,
        title: 'Phiên họp bất thường',
        startsAt: '2026-12-10T14:00:00+07:00',
        mode: 'online',
        status: 'cancelled',
      }),
    );
    const cancelled = parseIcs((await sessionIcs(t.db, secretariat, clock, session.id)).body).event;
    expect(cancelled?.uid).toBe(open?.uid);
    expect(cancelled?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
