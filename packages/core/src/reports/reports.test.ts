/**
 * Periodic reports (chế độ báo cáo, Nghị định 09/2019) on real PostgreSQL, as the Sở Nội vụ and the
 * departments of Hưng Yên live them around the third quarter of 2026 (15/6 → 14/9; departments send
 * by Thursday 17/9, the province by Monday 21/9 as 20/9 is a Sunday): the generation job run twice, killed
 * halfway or overlapping itself; the frozen report and its XLSX and PDF read back; the departments'
 * own reports (prefilled, submitted, sent back, resubmitted); the daily opening and chasing job; and the
 * reports-on-time score component.
 */

import type { Database } from '@cchc/db/schema';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { DATA_TABLES } from '@cchc/domain/reports/regime';
import type { Role } from '@cchc/domain/roles';
import { DEFAULT_SCHEME } from '@cchc/domain/scores/scheme';
import {
  docxText,
  pdfText,
  popplerFonts,
  popplerSignatures,
  popplerText,
  signPdfForTest,
  testCertificate,
} from '@cchc/reports/testing';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { type Clock, fixedClock } from '../clock';
import { AppError } from '../errors';
import { refreshRollups } from '../feedback/figures-sql';
import { saveFile } from '../files/service';
import { provinceOverview } from '../overview';
import { gatherInputs } from '../scores/inputs';
import { componentItems, computeScoreRun, queueScoreRun } from '../scores/runs';
import { saveScheme } from '../scores/schemes';
import { seedDemo } from '../seed/demo';
import { finaliseReport, GENERATE_TASK, listReports, queueGeneration, reportFile, runGeneration } from './generate';
import { attachSignedPdf } from './official';
import { getRegime, periodOf, reportCalendar, reportingAgencies, saveRegime, ZRegimeSave } from './regimes';
import { buildSnapshot, type ReportSnapshot, type SnapshotAgency, snapshotTables } from './snapshot';
import {
  acceptSubmission,
  myReports,
  openSubmission,
  periodStatus,
  returnSubmission,
  runReportsDaily,
  saveSubmission,
  submitSubmission,
} from './submissions';

type Db = Kysely<Database>;

/** 10:00 in Hà Nội on a given day. */
const on = (date: string): Clock => fixedClock(`${date}T03:00:00Z`);
/** Saturday 21/11/2026: the demo's "today"; its activity lies in the third quarter. */
const NOW = on('2026-11-21');

const Q3 = '2026-q3';
const H1 = '2026-h1';
const Q1 = '2026-q1';
const MONTH_9 = '2026-month-9';
const MONTH_10 = '2026-month-10';

/** Every department of the demo province but the Sở Nội vụ, which receives the reports; in code order. */
const REPORTERS = [
  '33.SCT',
  '33.SDTTG',
  '33.SGDDT',
  '33.SKHCN',
  '33.SNNMT',
  '33.STC',
  '33.STP',
  '33.SVHTTDL',
  '33.SXD',
  '33.SYT',
  '33.TTT',
  '33.VP',
];

const STP_RESULTS = 'Đã rà soát 12 thủ tục hành chính, đề xuất đơn giản hóa 3 thủ tục.';
const STP_SHORTCOMINGS = 'Việc số hóa hồ sơ còn chậm ở cấp xã.';
const STC_DRAFT = 'Bản nháp chưa gửi của Sở Tài chính về ngân sách cải cách.';

// ————————————————————————————————————————————— helpers

async function agencyIds(db: Db): Promise<Record<string, string>> {
  const rows = await db.selectFrom('agency').select(['id', 'code']).where('kind', '=', 'department').execute();
  return Object.fromEntries(rows.map((a) => [a.code, a.id]));
}

async function actorOf(db: Db, username: string): Promise<Actor> {
  const u = await db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: u.id, username, role: u.role, agencyId: u.agencyId, requestId: `req-${username}` };
}

async function addUser(db: Db, username: string, role: Role, agencyId: string): Promise<Actor> {
  await db
    .insertInto('appUser')
    .values({ username, displayName: username, role, agencyId, passwordHash: 'unused', searchText: username })
    .execute();
  return actorOf(db, username);
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function regimeIdOf(db: Db, code: string): Promise<string> {
  return (await db.selectFrom('reportRegime').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

function reportRows(db: Db, regimeId: string, periodKey: string) {
  return db
    .selectFrom('report')
    .selectAll()
    .where('regimeId', '=', regimeId)
    .where('periodKey', '=', periodKey)
    .orderBy('version')
    .execute();
}

async function jobsOf(db: Db, reportId: string) {
  const { rows } = await sql<{ payload: { reportId: string }; maxAttempts: number }>`
    select j.payload, j.max_attempts from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = ${GENERATE_TASK} and j.key = ${`report:${reportId}`}`.execute(db);
  return rows;
}

async function notificationsOf(db: Db, kind: string, entityId?: string) {
  let q = db
    .selectFrom('notification as n')
    .innerJoin('appUser as u', 'u.id', 'n.userId')
    .select(['u.username', 'n.kind', 'n.title', 'n.body', 'n.entityId'])
    .where('n.kind', '=', kind);
  if (entityId) q = q.where('n.entityId', '=', entityId);
  return q.orderBy('u.username').orderBy('n.id').execute();
}

async function submissionOf(db: Db, regimeId: string, periodKey: string, agencyId: string) {
  return db
    .selectFrom('reportSubmission')
    .selectAll()
    .where('regimeId', '=', regimeId)
    .where('periodKey', '=', periodKey)
    .where('agencyId', '=', agencyId)
    .executeTakeFirstOrThrow();
}

/** Opens the viewer's report for a period, fills the sections and submits it on the clock's day. */
async function submit(
  db: Db,
  viewer: Actor,
  regimeId: string,
  periodKey: string,
  sections: Record<string, string>,
  clock: Clock,
) {
  const opened = await openSubmission(db, viewer, { regimeId, periodKey }, clock);
  return submitSubmission(db, viewer, { id: opened.submission.id, sections }, clock);
}

type CellValue = string | number | null;

/** Every sheet of a workbook: its name and rows of plain values (empty cells as null). */
async function readWorkbook(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => {
    const rows: CellValue[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push(values.map((v) => (v === undefined || v === '' ? null : (v as CellValue))));
    });
    return { name: sheet.name, rows };
  });
}

const pad = (row: CellValue[], length: number) => Array.from({ length }, (_, i) => row[i] ?? null);

/** The rows each biểu số liệu must show for a snapshot, written out from the snapshot's own fields. */
function expectedTable(s: ReportSnapshot, key: string): CellValue[][] {
  const province = s.province;
  const total = (...cells: CellValue[]) => [null, 'Toàn tỉnh', ...cells];
  const each = (f: (a: SnapshotAgency) => CellValue[]) =>
    s.agencies.map((a) => [a.code, a.nowPartOf ? `${a.name} (nay thuộc ${a.nowPartOf})` : a.name, ...f(a)]);
  switch (key) {
    case 'tasks':
      return [
        ...each((a) => [a.tasks.denominator, a.tasks.numerator, a.tasks.rate]),
        total(province.tasks.denominator, province.tasks.numerator, province.tasks.rate),
      ];
    case 'meetings':
      return [
        ...each((a) => [
          a.attendance.denominator,
          a.attendance.numerator,
          a.attendance.rate,
          `${a.headAttendance.numerator}/${a.headAttendance.denominator}`,
          a.headAttendance.rate,
        ]),
        total(
          province.attendance.denominator,
          province.attendance.numerator,
          province.attendance.rate,
          `${province.headAttendance.numerator}/${province.headAttendance.denominator}`,
          province.headAttendance.rate,
        ),
      ];
    case 'feedback': {
      const f = (x: SnapshotAgency['feedback']) => [
        x.received,
        x.withinCompetence,
        x.onTime,
        x.onTimeRate,
        x.openOverdue,
        x.notYetDue,
        x.satisfactionRate,
      ];
      return [...each((a) => f(a.feedback)), total(...f(province.feedback))];
    }
    case 'dossiers': {
      const f = (x: SnapshotAgency['dossiers']) => [x.received, x.early, x.onTime, x.late, x.notYetDue, x.onTimeRate];
      return [...each((a) => f(a.dossiers)), total(...f(province.dossiers))];
    }
    case 'procedures':
      return [
        ...each((a) => [a.reviews.denominator, a.reviews.numerator, a.reviews.rate]),
        total(province.reviews.denominator, province.reviews.numerator, province.reviews.rate),
      ];
    case 'scores':
      return [
        ...each((a) => [a.score?.total ?? null, a.score?.grade ?? null, a.score?.rank ?? null]),
        total(s.scores?.average ?? null, null, null),
      ];
    default:
      throw new Error(`unknown table ${key}`);
  }
}

// ————————————————————————————————————————————— generation

describe('generating the CCHC report of the third quarter of 2026', () => {
  let t: TestDatabase;
  let db: Db;
  let agencies: Record<string, string>;
  let manager: Actor; // sonoivu, Sở Nội vụ
  let stpOfficer: Actor; // canbo.stp
  let cchc: string;
  let monthly: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.db;
    await seedDemo(db, '2026-11-21');
    await ensureCalendarSeeded(db);
    agencies = await agencyIds(db);
    manager = await actorOf(db, 'sonoivu');
    stpOfficer = await actorOf(db, 'canbo.stp');
    const stcOfficer = await addUser(db, 'canbo.stc', 'agency_officer', agencies['33.STC'] as string);
    cchc = await regimeIdOf(db, 'CCHC');
    monthly = await regimeIdOf(db, 'PAKN-THANG');
    // Before the report is generated the Sở Tư pháp sends its own report on time; the Sở Tài chính only drafts.
    await submit(db, stpOfficer, cchc, Q3, { results: STP_RESULTS, shortcomings: STP_SHORTCOMINGS }, on('2026-09-16'));
    const draft = await openSubmission(db, stcOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-16'));
    await saveSubmission(db, stcOfficer, { id: draft.submission.id, sections: { results: STC_DRAFT } });
  });
  afterAll(async () => t.drop());

  it('puts the regimes of the province on the report calendar with their cut-offs and deadlines', async () => {
    const calendar = await reportCalendar(db, '2026-09-01', '2026-09-30');
    expect(
      calendar.map((p) => ({
        code: p.regimeCode,
        key: p.key,
        cutoff: p.cutoff,
        agencyDue: p.agencyDue,
        provinceDue: p.provinceDue,
      })),
    ).toEqual([
      { code: 'CCHC', key: Q3, cutoff: '2026-09-14', agencyDue: '2026-09-17', provinceDue: '2026-09-21' },
      { code: 'PAKN-THANG', key: MONTH_9, cutoff: '2026-09-14', agencyDue: '2026-09-16', provinceDue: '2026-09-18' },
    ]);
    const regime = await getRegime(db, cchc);
    expect((await reportingAgencies(db, regime)).map((a) => a.code)).toEqual(REPORTERS);
  });

  it('makes exactly one report however often the job is queued and run', async () => {
    const first = await queueGeneration(db, manager, { regimeId: cchc, periodKey: Q3 });
    const second = await queueGeneration(db, manager, { regimeId: cchc, periodKey: Q3 });
    expect(first).toMatchObject({ created: true, version: 1 });
    expect(second).toEqual({ reportId: first.reportId, created: false, version: 1 });
    expect(await jobsOf(db, first.reportId)).toEqual([{ payload: { reportId: first.reportId }, maxAttempts: 3 }]);

    expect(await runGeneration(db, first.reportId, NOW)).toEqual({ status: 'ready', reportId: first.reportId });
    const ready = await db.selectFrom('report').selectAll().where('id', '=', first.reportId).executeTakeFirstOrThrow();
    expect(await runGeneration(db, first.reportId, NOW)).toEqual({ status: 'ready', reportId: first.reportId });
    expect(await queueGeneration(db, manager, { regimeId: cchc, periodKey: Q3 })).toEqual({
      reportId: first.reportId,
      created: false,
      version: 1,
    });

    const rows = await reportRows(db, cchc, Q3);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first.reportId,
      version: 1,
      status: 'ready',
      phase: 'done',
      progress: 100,
      periodFrom: '2026-06-15',
      periodTo: '2026-09-14',
      scopeAgencyId: agencies['33.SNV'],
      createdBy: manager.userId,
      error: null,
    });
    // The second run changed nothing: same snapshot, same files.
    expect(rows[0]?.snapshot).toEqual(ready.snapshot);
    expect(rows[0]?.xlsx?.equals(ready.xlsx as Buffer)).toBe(true);
    expect(rows[0]?.pdf?.equals(ready.pdf as Buffer)).toBe(true);
    // Those who read it are told once.
    expect((await notificationsOf(db, 'report_ready', first.reportId)).map((n) => n.username)).toEqual(['sonoivu']);

    const file = await reportFile(db, first.reportId, 'xlsx');
    expect(file.fileName).toBe('bao-cao-cchc-2026-q3-v1.xlsx');
    expect(file.body.equals(ready.xlsx as Buffer)).toBe(true);
    const listed = await listReports(db, cchc, Q3);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ version: 1, status: 'ready', xlsxBytes: ready.xlsx?.length, pdfBytes: ready.pdf?.length });
  });

  it('freezes the snapshot of the period as of its measure date, with every reporting department', async () => {
    const [row] = await reportRows(db, cchc, Q3);
    const s = row?.snapshot as ReportSnapshot;
    expect(s.period).toEqual({
      key: Q3,
      label: 'Quý III năm 2026',
      from: '2026-06-15',
      to: '2026-09-14',
      agencyDue: '2026-09-17',
      provinceDue: '2026-09-21',
    });
    // Judged on the day the report was made (feedback and dossiers are judged when a figure is computed).
    expect(s.measure).toBe('2026-11-21');
    expect(s.scope).toEqual({ id: agencies['33.SNV'], name: 'Sở Nội vụ' });
    // The reporting departments and the receiver, which has figures of its own: the province is all of them.
    expect(s.agencies.map((a) => a.code)).toEqual([...REPORTERS, '33.SNV'].sort());
    const by = (code: string) => s.agencies.find((a) => a.code === code) as SnapshotAgency;
    // The demo quarter: the Sở Tư pháp finished two tasks on time and one late and missed the second session.
    expect(by('33.STP').tasks).toEqual({ numerator: 2, denominator: 3, rate: 66.7 });
    expect(by('33.STP').attendance).toEqual({ numerator: 2, denominator: 3, rate: 66.7 });
    expect(by('33.STC').tasks).toEqual({ numerator: 3, denominator: 3, rate: 100 });
    expect(by('33.SNNMT').tasks).toEqual({ numerator: 0, denominator: 3, rate: 0 });
    expect(by('33.TTT').tasks).toEqual({ numerator: 0, denominator: 0, rate: null });
    // The province row adds up every agency in scope, the Sở Nội vụ's own tasks included.
    const tasksOf = (list: SnapshotAgency[]) => list.reduce((n, a) => n + a.tasks.denominator, 0);
    expect(s.province.tasks.denominator).toBe(tasksOf(s.agencies));
    expect(by('33.SNV').tasks.denominator).toBeGreaterThan(0);
    for (const key of ['received', 'withinCompetence', 'onTime', 'judged', 'openOverdue', 'notYetDue'] as const) {
      expect(s.province.feedback[key]).toBe(s.agencies.reduce((n, a) => n + a.feedback[key], 0));
    }
    expect(s.province.feedback.received).toBeGreaterThan(0);
    // The narratives that existed: the Sở Tư pháp's, on time; the Sở Tài chính's draft.
    expect(s.submissions.map((x) => ({ agencyName: x.agencyName, status: x.status, onTime: x.onTime }))).toEqual([
      { agencyName: 'Sở Tài chính', status: 'draft', onTime: null },
      { agencyName: 'Sở Tư pháp', status: 'submitted', onTime: true },
    ]);
  });

  it('writes an XLSX whose sheets read back to the snapshot, agency by agency and for the province', async () => {
    const [row] = await reportRows(db, cchc, Q3);
    const s = row?.snapshot as ReportSnapshot;
    const sheets = await readWorkbook(row?.xlsx as Buffer);
    expect(sheets.map((sheet) => sheet.name)).toEqual(['Biểu 1', 'Biểu 2', 'Biểu 3', 'Biểu 4', 'Biểu 5', 'Biểu 6', 'Chỉ tiêu']);
    DATA_TABLES.forEach((table, i) => {
      const sheet = sheets[i] as (typeof sheets)[number];
      expect(sheet.rows[0]?.[0]).toBe(table.title);
      expect(sheet.rows.slice(1, 4).map((r) => r[0])).toEqual([
        'Báo cáo công tác cải cách hành chính (quý I, 6 tháng, quý III, năm) — phiên bản 1',
        'Quý III năm 2026: 15/06/2026 – 14/09/2026',
        'Số liệu tính đến 21/11/2026',
      ]);
      const header = sheet.rows.findIndex((r) => r[0] === 'Mã');
      expect(header).toBeGreaterThan(0);
      const width = sheet.rows[header]?.length ?? 0;
      const body = sheet.rows.slice(header + 1).map((r) => pad(r, width));
      expect(body, table.key).toEqual(expectedTable(s, table.key));
    });
    // Spot checks against the demo quarter, independent of the snapshot.
    const tasks = (sheets[0] as (typeof sheets)[number]).rows;
    expect(tasks.find((r) => r[0] === '33.STP')).toEqual(['33.STP', 'Sở Tư pháp', 3, 2, 66.7]);
    expect(tasks.at(-1)).toEqual([
      null,
      'Toàn tỉnh',
      s.province.tasks.denominator,
      s.province.tasks.numerator,
      s.province.tasks.rate,
    ]);
  });

  it('writes a draft PDF and DOCX in the official layout: header, title from the regime and period, sections, same period last year, signer', async () => {
    const [row] = await reportRows(db, cchc, Q3);
    const file = await reportFile(db, row?.id as string, 'pdf');
    expect(file).toMatchObject({ fileName: 'bao-cao-cchc-2026-q3-v1.pdf', contentType: 'application/pdf' });
    const text = await pdfText(file.body);
    const layout = popplerText(file.body, true)
      .split('\n')
      .map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    expect(layout).toContain('UBND TỈNH HƯNG YÊN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(layout).toContain('SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc');
    // A draft: the number and the day are left for the văn thư.
    expect(layout.some((l) => /^Số: \| \/BC-SNV \| Hưng Yên, ngày \| tháng \| năm 2026$/.test(l))).toBe(true);
    expect(layout).toContain('BÁO CÁO');
    expect(layout).toContain('Công tác cải cách hành chính quý III năm 2026');
    for (const phrase of [
      'DỰ THẢO',
      'I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH',
      'II. TỒN TẠI, HẠN CHẾ',
      'III. NGUYÊN NHÂN',
      'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI',
      'V. ĐỀ XUẤT, KIẾN NGHỊ',
      'So với cùng kỳ năm trước (quý III năm 2025)',
      'Tỷ lệ nhiệm vụ hoàn thành đúng hạn',
      'Biểu 1. Kết quả thực hiện nhiệm vụ',
      'Biểu 3. Tiếp nhận, trả lời phản ánh, kiến nghị',
      'Biểu 5. Điểm đánh giá CCHC của cơ quan',
      `Sở Tư pháp: ${STP_RESULTS}`,
      `Sở Tư pháp: ${STP_SHORTCOMINGS}`,
      'Sở Nông nghiệp và Môi trường',
      'Toàn tỉnh',
      'Nơi nhận:',
      '- Lưu: VT.',
      'GIÁM ĐỐC',
      'phiên bản 1',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    const tasks = (row?.snapshot as ReportSnapshot | undefined)?.province.tasks ?? { numerator: 0, denominator: 0, rate: null };
    expect(text.replace(/\s+/g, '')).toContain(
      `Nhiệmvụcảicáchhànhchínhđếnhạntrongkỳ:${tasks.denominator},hoànthànhđúnghạn${tasks.numerator},đạt${String(tasks.rate).replace('.', ',')}%`,
    );
    // The title no longer repeats "Báo cáo" nor lower-cases the regime's list of periods.
    expect(text).not.toMatch(/BÁO CÁO BÁO CÁO|quý i,|\(QUÝ I, 6 THÁNG/i);
    expect(text).not.toContain(STC_DRAFT);
    // The Sở Tài chính only drafted: it is listed among those that have not sent their report.
    expect(text).toMatch(/Cơ quan chưa gửi báo cáo:[^.]*Sở Tài chính/);
    expect(text).not.toMatch(/Cơ quan chưa gửi báo cáo:[^.]*Sở Tư pháp/);
    for (const font of popplerFonts(file.body)
      .split('\n')
      .slice(2)
      .filter((l) => l.trim()))
      expect(font).toMatch(/LiberationSerif.*\syes\s+yes\s/);

    const docx = await reportFile(db, row?.id as string, 'docx');
    expect(docx.fileName).toBe('bao-cao-cchc-2026-q3-v1.docx');
    const lines = docxText(docx.body).split('\n');
    for (const phrase of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số:        /BC-SNV',
      'BÁO CÁO',
      'Công tác cải cách hành chính quý III năm 2026',
      'Nơi nhận:',
      'GIÁM ĐỐC',
      'Cùng kỳ năm trước',
    ]) {
      expect(lines, phrase).toContain(phrase);
    }
  });

  it('writes only what a monthly feedback regime covers: no task or meeting lines', async () => {
    const regimes = await db.selectFrom('reportRegime').select(['id', 'code']).execute();
    const monthly = regimes.find((r) => r.code === 'PAKN-THANG')?.id as string;
    const { reportId } = await queueGeneration(db, manager, { regimeId: monthly, periodKey: '2026-month-9' });
    await runGeneration(db, reportId, NOW);
    const text = await pdfText((await reportFile(db, reportId, 'pdf')).body);
    expect(text).toContain('Tình hình tiếp nhận, xử lý phản ánh, kiến nghị tháng 9 năm 2026');
    expect(text).toContain('Phản ánh, kiến nghị tiếp nhận:');
    expect(text).not.toMatch(/Nhiệm vụ cải cách hành chính đến hạn|Tham dự phiên họp|0\/0/);
  });

  it('has the database refuse any change to a ready or finalised report’s snapshot or files', async () => {
    const [row] = await reportRows(db, cchc, Q3);
    const id = row?.id as string;
    const tampered = JSON.stringify({ ...(row?.snapshot as ReportSnapshot), agencies: [] });
    await expect(sql`update report set snapshot = ${tampered}::jsonb where id = ${id}`.execute(db)).rejects.toThrow(/is frozen/);
    await expect(
      db
        .updateTable('report')
        .set({ xlsx: Buffer.from('x') })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow(/is frozen/);
    await expect(db.updateTable('report').set({ pdf: null }).where('id', '=', id).execute()).rejects.toThrow(/is frozen/);
    // Moving it back to "generating" first does not open a way round.
    await expect(db.updateTable('report').set({ status: 'generating' }).where('id', '=', id).execute()).rejects.toThrow(
      /is frozen/,
    );

    await finaliseReport(db, manager, id, { today: '2026-09-21' });
    const finalised = await db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(finalised).toMatchObject({ status: 'finalised', finalisedBy: manager.userId });
    await expect(sql`update report set snapshot = ${tampered}::jsonb where id = ${id}`.execute(db)).rejects.toThrow(/is frozen/);
    await expect(db.updateTable('report').set({ status: 'ready' }).where('id', '=', id).execute()).rejects.toThrow(/is frozen/);
    expect((await appErrorOf(finaliseReport(db, manager, id))).code).toBe('reports.not_ready');
    const after = await db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.snapshot).toEqual(row?.snapshot);
    expect(after.xlsx?.equals(row?.xlsx as Buffer)).toBe(true);
    expect(after.status).toBe('finalised');
  });

  it('finalising gives the report its number and date; the numbered PDF is ready to sign; the signed PDF uploaded back is verified and kept', async () => {
    const [row] = await reportRows(db, cchc, Q3);
    const id = row?.id as string;
    const pdf = (await reportFile(db, id, 'pdf')).body;
    const layout = popplerText(pdf, true)
      .split('\n')
      .map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    expect(layout).toContain('Số: 01/BC-SNV | Hưng Yên, ngày 21 tháng 9 năm 2026');
    expect(popplerText(pdf)).not.toContain('DỰ THẢO');
    expect(popplerText(pdf)).toContain('(Kèm theo Báo cáo số 01/BC-SNV ngày 21/09/2026 của Sở Nội vụ');
    // An empty signature field waits at the signer's block.
    expect(popplerSignatures(pdf)).toContain('The signature form field is not signed.');
    const docxLines = docxText((await reportFile(db, id, 'docx')).body).split('\n');
    expect(docxLines).toContain('Số: 01/BC-SNV');
    expect(docxLines).toContain('Hưng Yên, ngày 21 tháng 9 năm 2026');
    expect(await listReports(db, cchc, Q3)).toMatchObject([
      { documentNumber: '01/BC-SNV', issuedOn: '2026-09-21', signedAt: null },
    ]);

    // Signed outside the app (here with a test certificate); poppler's pdfsig confirms it independently.
    const signed = await signPdfForTest(pdf, testCertificate('Nguyen Van An'));
    expect(popplerSignatures(signed)).toContain('Signature Validation: Signature is Valid.');
    const unsigned = await saveFile(db, manager, { fileName: 'ban-chua-ky.pdf', contentType: 'application/pdf', content: pdf });
    expect((await appErrorOf(attachSignedPdf(db, manager, id, unsigned.id))).code).toBe('reports.signature_invalid');
    const upload = await saveFile(db, manager, {
      fileName: 'bao-cao-da-ky.pdf',
      contentType: 'application/pdf',
      content: signed,
    });
    expect(await attachSignedPdf(db, manager, id, upload.id)).toMatchObject({ signer: 'Nguyen Van An' });
    const back = await reportFile(db, id, 'signed.pdf');
    expect(back.fileName).toBe('bao-cao-cchc-2026-q3-v1-da-ky.pdf');
    expect(back.body.equals(signed)).toBe(true);
    // A signed report is immutable: not replaced, not edited in the database.
    expect((await appErrorOf(attachSignedPdf(db, manager, id, upload.id))).code).toBe('reports.already_signed');
    await expect(
      db
        .updateTable('report')
        .set({ signedPdf: Buffer.from('x') })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow(/is signed/);
    await expect(
      db
        .updateTable('report')
        .set({ officialPdf: Buffer.from('x') })
        .where('id', '=', id)
        .execute(),
    ).rejects.toThrow(/is issued/);

    // The indicators as data, with the same period last year.
    const json = JSON.parse((await reportFile(db, id, 'json')).body.toString('utf8'));
    expect(json).toMatchObject({
      schema: 'cchc.report-indicators/1',
      report: { number: '01/BC-SNV', issuedOn: '2026-09-21', status: 'signed' },
      reportingAgency: { code: '33.SNV' },
      period: { key: Q3, from: '2026-06-15', to: '2026-09-14' },
      samePeriodLastYear: { key: '2025-q3', source: 'computed' },
    });
    const s = row?.snapshot as ReportSnapshot;
    expect(json.indicators.find((i: { code: string }) => i.code === 'CCHC.NV.02')).toMatchObject({
      unit: '%',
      value: s.province.tasks.rate,
    });
    expect(json.agencies.find((a: { code: string }) => a.code === '33.STP').indicators).toContainEqual({
      code: 'CCHC.NV.02',
      value: s.agencies.find((a) => a.code === '33.STP')?.tasks.rate,
    });
  });

  it('regenerating adds version 2 and leaves version 1 as it was, byte for byte', async () => {
    const [v1] = await reportRows(db, cchc, Q3);
    // The Sở Tài chính sends its report after version 1 was made.
    const stcOfficer = await actorOf(db, 'canbo.stc');
    await submit(db, stcOfficer, cchc, Q3, { results: 'Sở Tài chính đã hoàn thành kế hoạch quý.' }, on('2026-09-18'));

    const queued = await queueGeneration(db, manager, { regimeId: cchc, periodKey: Q3, regenerate: true });
    expect(queued).toMatchObject({ created: true, version: 2 });
    expect(queued.reportId).not.toBe(v1?.id);
    // While version 2 is being made, asking again does not start a third.
    expect((await appErrorOf(queueGeneration(db, manager, { regimeId: cchc, periodKey: Q3, regenerate: true }))).code).toBe(
      'reports.generating',
    );
    await runGeneration(db, queued.reportId, NOW);

    const rows = await reportRows(db, cchc, Q3);
    expect(rows.map((r) => [r.version, r.status])).toEqual([
      [1, 'finalised'],
      [2, 'ready'],
    ]);
    const [old, v2] = rows;
    expect(old?.snapshot).toEqual(v1?.snapshot);
    expect(old?.xlsx?.equals(v1?.xlsx as Buffer)).toBe(true);
    expect(old?.pdf?.equals(v1?.pdf as Buffer)).toBe(true);
    expect(old?.generatedAt).toEqual(v1?.generatedAt);

    const s2 = v2?.snapshot as ReportSnapshot;
    expect(s2.submissions.find((x) => x.agencyName === 'Sở Tài chính')).toMatchObject({ status: 'submitted', onTime: false });
    const text2 = await pdfText(v2?.pdf as Buffer);
    expect(text2).toContain('phiên bản 2');
    expect(text2).toContain('Sở Tài chính: Sở Tài chính đã hoàn thành kế hoạch quý.');
    expect(await pdfText(v1?.pdf as Buffer)).not.toContain('Sở Tài chính đã hoàn thành kế hoạch quý.');
    expect((await readWorkbook(v2?.xlsx as Buffer))[0]?.rows[1]?.[0]).toContain('phiên bản 2');
  });

  it('a run that fails halfway leaves no half-made report, and the next run completes that same row', async () => {
    const { reportId } = await queueGeneration(db, manager, { regimeId: cchc, periodKey: H1 });
    await expect(
      runGeneration(db, reportId, NOW, {
        afterPhase: (phase) => {
          if (phase === 'xlsx') throw new Error('worker killed after the XLSX');
        },
      }),
    ).rejects.toThrow('worker killed after the XLSX');
    const [crashed, ...others] = await reportRows(db, cchc, H1);
    expect(others).toEqual([]);
    expect(crashed).toMatchObject({ id: reportId, version: 1, status: 'failed', snapshot: null, xlsx: null, pdf: null });
    expect(crashed?.error).toContain('worker killed after the XLSX');
    expect((await appErrorOf(reportFile(db, reportId, 'pdf'))).kind).toBe('not_found');
    expect(await notificationsOf(db, 'report_ready', reportId)).toEqual([]);

    // Asking again re-queues the same row (no second version), and the retry completes it.
    expect(await queueGeneration(db, manager, { regimeId: cchc, periodKey: H1 })).toEqual({
      reportId,
      created: false,
      version: 1,
    });
    expect(await jobsOf(db, reportId)).toHaveLength(1);
    expect(await runGeneration(db, reportId, NOW)).toEqual({ status: 'ready', reportId });
    const rows = await reportRows(db, cchc, H1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: reportId, version: 1, status: 'ready', error: null });
    const done = rows[0]?.snapshot as ReportSnapshot;
    expect(done.period.label).toBe('6 tháng đầu năm 2026');
    expect(rows[0]?.xlsx?.subarray(0, 2).toString()).toBe('PK');
    expect(rows[0]?.pdf?.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a worker that dies mid-run leaves the row "generating"; the retry of the job completes that row', async () => {
    const { reportId } = await queueGeneration(db, manager, { regimeId: monthly, periodKey: MONTH_10 });
    // The process dies after the XLSX: the run never returns, nothing after it happens.
    let reached = false;
    void runGeneration(db, reportId, NOW, {
      afterPhase: (phase) => {
        if (phase !== 'xlsx') return;
        reached = true;
        return new Promise<void>(() => {});
      },
    });
    await expect.poll(() => reached).toBe(true);
    const [dead] = await reportRows(db, monthly, MONTH_10);
    expect(dead).toMatchObject({ status: 'generating', phase: 'xlsx', snapshot: null, xlsx: null, pdf: null });
    expect(
      (await appErrorOf(queueGeneration(db, manager, { regimeId: monthly, periodKey: MONTH_10, regenerate: true }))).code,
    ).toBe('reports.generating');
    expect((await queueGeneration(db, manager, { regimeId: monthly, periodKey: MONTH_10 })).created).toBe(false);
    // Its job gone for good (it exhausted its attempts without recording the failure): "Tạo lại" resumes the row
    // instead of answering that it is still being made.
    await sql`select graphile_worker.permanently_fail_jobs(array_agg(id)) from graphile_worker.jobs where key = ${`report:${reportId}`}`.execute(
      db,
    );
    expect(await queueGeneration(db, manager, { regimeId: monthly, periodKey: MONTH_10, regenerate: true })).toEqual({
      reportId,
      created: false,
      version: 1,
    });
    expect(await jobsOf(db, reportId)).toHaveLength(1);

    expect(await runGeneration(db, reportId, NOW)).toEqual({ status: 'ready', reportId });
    const rows = await reportRows(db, monthly, MONTH_10);
    expect(rows.map((r) => [r.id, r.version, r.status])).toEqual([[reportId, 1, 'ready']]);
    const sheets = await readWorkbook(rows[0]?.xlsx as Buffer);
    expect(sheets.map((s) => s.rows[0]?.[0])).toEqual([
      'Biểu 3. Tiếp nhận, trả lời phản ánh, kiến nghị',
      'Các chỉ tiêu của báo cáo và cùng kỳ năm trước',
    ]);
  });

  it('a second run of the job that overlaps a finished one does not replace the ready report', async () => {
    const { reportId } = await queueGeneration(db, manager, { regimeId: cchc, periodKey: Q1 });
    let finishedFirst: Awaited<ReturnType<typeof reportRows>>[number] | undefined;
    // Run A has its figures when run B (the job queued again) runs to the end.
    const a = runGeneration(db, reportId, fixedClock('2026-11-21T04:00:00Z'), {
      afterPhase: async (phase) => {
        if (phase !== 'figures' || finishedFirst) return;
        await runGeneration(db, reportId, NOW);
        [finishedFirst] = await reportRows(db, cchc, Q1);
      },
    });
    // Run A sees the report made and stops quietly: its job does not fail and retry.
    expect(await a).toEqual({ status: 'ready', reportId });
    expect(finishedFirst?.status).toBe('ready');
    const rows = await reportRows(db, cchc, Q1);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('ready');
    expect(rows[0]?.snapshot).toEqual(finishedFirst?.snapshot);
    expect(rows[0]?.xlsx?.equals(finishedFirst?.xlsx as Buffer)).toBe(true);
    expect(rows[0]?.pdf?.equals(finishedFirst?.pdf as Buffer)).toBe(true);
    expect(rows[0]?.generatedAt).toEqual(finishedFirst?.generatedAt);
    const generated = await db
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'report.generated')
      .where('entityId', '=', reportId)
      .execute();
    expect(generated).toHaveLength(1);
  });
});

// ————————————————————————————————————————————— submissions and the daily job

describe('the departments’ own reports for the third quarter and the daily job', () => {
  let t: TestDatabase;
  let db: Db;
  let agencies: Record<string, string>;
  let manager: Actor; // sonoivu, Sở Nội vụ
  let head: Actor; // giamdoc.stp
  let stpOfficer: Actor; // canbo.stp
  let stcOfficer: Actor; // canbo.stc
  let communeOfficer: Actor; // an officer of a ward, not a reporter
  let cchc: string;
  let monthly: string;
  let stpSubmission: string;
  let liveFigures: SnapshotAgency;

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.db;
    await seedDemo(db, '2026-11-21');
    await ensureCalendarSeeded(db);
    agencies = await agencyIds(db);
    manager = await actorOf(db, 'sonoivu');
    head = await actorOf(db, 'giamdoc.stp');
    stpOfficer = await actorOf(db, 'canbo.stp');
    stcOfficer = await addUser(db, 'canbo.stc', 'agency_officer', agencies['33.STC'] as string);
    const ward = await db
      .selectFrom('agency as w')
      .innerJoin('agency as p', 'p.id', 'w.parentId')
      .select('w.id')
      .where('w.kind', '=', 'commune')
      .where('p.code', '=', '33')
      .limit(1)
      .executeTakeFirstOrThrow();
    communeOfficer = await addUser(db, 'canbo.xa', 'agency_officer', ward.id);
    cchc = await regimeIdOf(db, 'CCHC');
    monthly = await regimeIdOf(db, 'PAKN-THANG');
  });
  afterAll(async () => t.drop());

  it('before any report exists, the Sở Tư pháp opens its report prefilled with its live figures', async () => {
    const opened = await openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-15'));
    expect(opened.figuresSource).toBe('live');
    expect(opened.submission).toMatchObject({
      status: 'draft',
      dueDate: '2026-09-17',
      agencyId: agencies['33.STP'],
      sections: {},
    });
    expect(opened.period).toMatchObject({ key: Q3, from: '2026-06-15', to: '2026-09-14', agencyDue: '2026-09-17' });
    expect(opened.agency.code).toBe('33.STP');
    expect(opened.figures).toMatchObject({
      code: '33.STP',
      tasks: { numerator: 2, denominator: 3, rate: 66.7 },
      attendance: { numerator: 2, denominator: 3, rate: 66.7 },
    });
    expect(opened.regime.outline.map((s) => s.key)).toEqual(['results', 'shortcomings', 'causes', 'directions', 'proposals']);
    expect(opened).toMatchObject({ canEdit: true, canReturn: false });
    liveFigures = opened.figures;
    stpSubmission = opened.submission.id;
    // Opening again finds the same report.
    const again = await openSubmission(db, head, { regimeId: cchc, periodKey: Q3 }, on('2026-09-15'));
    expect(again.submission.id).toBe(stpSubmission);
    expect(await db.selectFrom('report').select('id').execute()).toEqual([]);

    const status = await periodStatus(db, { regimeId: cchc, periodKey: Q3 }, on('2026-09-15'));
    expect(status.agencies.map((a) => a.code)).toEqual(REPORTERS);
    // Opened but nothing written yet: still "not started", though the draft exists.
    expect(status.agencies.filter((a) => a.status !== 'not_started')).toEqual([]);
    expect(status.agencies.filter((a) => a.submissionId).map((a) => a.code)).toEqual(['33.STP']);
    expect(status.agencies.some((a) => a.overdue)).toBe(false);
    expect(status.open).toBe(true);
  });

  it('refuses a report of another agency, of an agency that does not report, or of a period not begun', async () => {
    const other = await appErrorOf(
      openSubmission(db, stcOfficer, { regimeId: cchc, periodKey: Q3, agencyId: agencies['33.STP'] }, on('2026-09-15')),
    );
    expect([other.kind, other.code]).toEqual(['forbidden', 'reports.not_your_agency']);
    const save = await appErrorOf(saveSubmission(db, stcOfficer, { id: stpSubmission, sections: { results: 'Sửa hộ' } }));
    expect([save.kind, save.code]).toEqual(['forbidden', 'reports.not_your_agency']);
    const submitOther = await appErrorOf(
      submitSubmission(db, stcOfficer, { id: stpSubmission, sections: { results: 'Gửi hộ' } }, on('2026-09-15')),
    );
    expect(submitOther.kind).toBe('forbidden');

    const ward = await appErrorOf(openSubmission(db, communeOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-15')));
    expect([ward.kind, ward.code]).toEqual(['bad_request', 'reports.not_a_reporter']);
    // The Sở Nội vụ receives the reports; it does not send one to itself.
    const receiver = await appErrorOf(openSubmission(db, manager, { regimeId: cchc, periodKey: Q3 }, on('2026-09-15')));
    expect(receiver.code).toBe('reports.not_a_reporter');
    const early = await appErrorOf(openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: '2027-q1' }, on('2026-09-15')));
    expect(early.code).toBe('reports.not_open');
    const bad = await appErrorOf(openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: '2026-q2' }, on('2026-09-15')));
    expect(bad.code).toBe('reports.bad_period');
    expect(await db.selectFrom('reportSubmission').select('agencyId').execute()).toEqual([{ agencyId: agencies['33.STP'] }]);
  });

  it('the day after the cut-off, the daily job opens the periods: every department’s report, no province report yet', async () => {
    const result = await runReportsDaily(db, on('2026-09-15'));
    // CCHC opens the third quarter, the monthly regime the ninth month; the eighth month (cut-off a month
    // ago) is not opened after the fact, so nobody is chased for a report that was never open to them.
    // The province reports wait for the agencies' deadlines (16/9 and 17/9).
    expect(result).toEqual({ opened: 2, generated: 0, reminded: 24, overdue: 0 });

    for (const [regimeId, key, due] of [
      [cchc, Q3, '2026-09-17'],
      [monthly, MONTH_9, '2026-09-16'],
    ] as const) {
      const subs = await db
        .selectFrom('reportSubmission as s')
        .innerJoin('agency as a', 'a.id', 's.agencyId')
        .select(['a.code', 's.dueDate', 's.status'])
        .where('s.regimeId', '=', regimeId)
        .where('s.periodKey', '=', key)
        .orderBy('a.code')
        .execute();
      expect(
        subs.map((s) => s.code),
        key,
      ).toEqual(REPORTERS);
      expect(new Set(subs.map((s) => `${s.dueDate} ${s.status}`))).toEqual(new Set([`${due} draft`]));
    }
    expect((await openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-15'))).submission.id).toBe(
      stpSubmission,
    );

    const reports = await db
      .selectFrom('report as r')
      .innerJoin('reportRegime as g', 'g.id', 'r.regimeId')
      .select(['r.id', 'g.code', 'r.periodKey', 'r.version', 'r.status', 'r.trigger'])
      .orderBy('g.code')
      .orderBy('r.periodFrom')
      .execute();
    expect(reports).toEqual([]);

    // Only the Sở Tư pháp and the Sở Tài chính have users: each is reminded of the quarter (due 17/9) once.
    const q3 = await submissionOf(db, cchc, Q3, agencies['33.STP'] as string);
    expect(q3.remindedOn).toBe('2026-09-15');
    expect((await notificationsOf(db, 'report_due_soon', q3.id)).map((n) => [n.username, n.title])).toEqual([
      ['canbo.stp', 'Sắp đến hạn gửi báo cáo Quý III năm 2026'],
      ['giamdoc.stp', 'Sắp đến hạn gửi báo cáo Quý III năm 2026'],
    ]);
    expect((await notificationsOf(db, 'report_due_soon', q3.id))[0]?.body).toContain('hạn 17/09/2026');
    const stcQ3 = await submissionOf(db, cchc, Q3, agencies['33.STC'] as string);
    expect((await notificationsOf(db, 'report_due_soon', stcQ3.id)).map((n) => n.username)).toEqual(['canbo.stc']);
    expect((await notificationsOf(db, 'report_overdue', q3.id)).length).toBe(0);
  });

  it('run again the same day or the next, it creates and sends nothing new', async () => {
    const count = async () => ({
      submissions: (await db.selectFrom('reportSubmission').select('id').execute()).length,
      reports: (await db.selectFrom('report').select('id').execute()).length,
      notifications: (await db.selectFrom('notification').select('id').execute()).length,
    });
    const before = await count();
    expect(before).toEqual({ submissions: 24, reports: 0, notifications: before.notifications });
    const nothing = { opened: 0, generated: 0, reminded: 0, overdue: 0 };
    expect(await runReportsDaily(db, on('2026-09-15'))).toEqual(nothing);
    expect(await runReportsDaily(db, fixedClock('2026-09-15T16:00:00Z'))).toEqual(nothing);
    expect(await runReportsDaily(db, on('2026-09-16'))).toEqual(nothing);
    expect(await count()).toEqual(before);
    const q3 = await submissionOf(db, cchc, Q3, agencies['33.STP'] as string);
    expect(await notificationsOf(db, 'report_due_soon', q3.id)).toHaveLength(2);
  });

  it('once the report is made, the agency’s report is prefilled from the frozen snapshot — the same figures', async () => {
    // The Sở Nội vụ makes a first version before the deadline (the daily job would make it on 18/9).
    await queueGeneration(db, manager, { regimeId: cchc, periodKey: Q3 });
    const [q3] = await reportRows(db, cchc, Q3);
    expect(await jobsOf(db, q3?.id as string)).toHaveLength(1);
    await runGeneration(db, q3?.id as string, on('2026-09-15'));
    const snapshot = (
      await db
        .selectFrom('report')
        .select('snapshot')
        .where('id', '=', q3?.id as string)
        .executeTakeFirstOrThrow()
    ).snapshot as ReportSnapshot;
    const opened = await openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-16'));
    expect(opened.figuresSource).toBe('snapshot');
    expect(opened.figures).toEqual(snapshot.agencies.find((a) => a.code === '33.STP'));
    // A dashboard, a report and an agency's own report never disagree.
    expect(opened.figures).toEqual(liveFigures);
  });

  it('the Sở Tư pháp saves, then submits on time; its report can no longer be edited', async () => {
    const draft = { results: STP_RESULTS, shortcomings: '' };
    await saveSubmission(db, stpOfficer, { id: stpSubmission, sections: draft });
    const saved = await openSubmission(db, head, { regimeId: cchc, periodKey: Q3 }, on('2026-09-16'));
    expect(saved.submission).toMatchObject({ status: 'draft', sections: draft });

    const empty = await appErrorOf(
      submitSubmission(db, stpOfficer, { id: stpSubmission, sections: { results: '  ' } }, on('2026-09-16')),
    );
    expect(empty.code).toBe('reports.empty_submission');

    const sections = { results: STP_RESULTS, shortcomings: STP_SHORTCOMINGS };
    // Wednesday 16/9, 23:30 in Hà Nội: still the day before the deadline.
    const late16 = fixedClock('2026-09-16T16:30:00Z');
    expect(await submitSubmission(db, stpOfficer, { id: stpSubmission, sections }, late16)).toEqual({
      id: stpSubmission,
      status: 'submitted',
    });
    const opened = await openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-17'));
    expect(opened.submission).toMatchObject({
      status: 'submitted',
      sections,
      submittedBy: stpOfficer.userId,
      submittedAt: new Date('2026-09-16T16:30:00Z'),
    });
    expect(opened.figuresSource).toBe('saved');
    expect(opened.figures).toEqual(liveFigures);
    expect(opened.canEdit).toBe(false);
    expect(opened.events.map((e) => [e.action, e.note])).toEqual([['submitted', null]]);
    expect((await notificationsOf(db, 'report_submitted', stpSubmission)).map((n) => [n.username, n.title])).toEqual([
      ['sonoivu', 'Sở Tư pháp đã gửi báo cáo Quý III năm 2026'],
    ]);

    const edit = await appErrorOf(
      saveSubmission(db, stpOfficer, { id: stpSubmission, sections: { results: 'Sửa sau khi gửi' } }),
    );
    expect([edit.kind, edit.code]).toEqual(['conflict', 'reports.already_submitted']);
    const again = await appErrorOf(
      submitSubmission(db, stpOfficer, { id: stpSubmission, sections: { results: 'Gửi lại' } }, on('2026-09-17')),
    );
    expect(again.code).toBe('reports.already_submitted');
    expect((await submissionOf(db, cchc, Q3, agencies['33.STP'] as string)).sections).toEqual(sections);

    const mine = await myReports(db, stpOfficer, on('2026-09-17'));
    expect(mine.find((r) => r.regimeId === cchc && r.key === Q3)).toMatchObject({ status: 'submitted', agencyDue: '2026-09-17' });
    expect(mine.find((r) => r.regimeId === monthly && r.key === MONTH_9)).toMatchObject({ status: 'not_started' });
  });

  it('the Sở Nội vụ sends it back with a reason; the agency is told, corrects it and submits again', async () => {
    const view = await openSubmission(
      db,
      manager,
      { regimeId: cchc, periodKey: Q3, agencyId: agencies['33.STP'] },
      on('2026-09-17'),
    );
    expect(view).toMatchObject({ canReturn: true, canEdit: false });
    const reason = 'Đề nghị bổ sung số liệu rà soát thủ tục hành chính cấp xã.';
    expect(await returnSubmission(db, manager, { id: stpSubmission, reason })).toEqual({ id: stpSubmission, status: 'returned' });
    expect((await appErrorOf(returnSubmission(db, manager, { id: stpSubmission, reason }))).code).toBe('reports.not_submitted');
    expect((await notificationsOf(db, 'report_returned', stpSubmission)).map((n) => [n.username, n.body])).toEqual([
      ['canbo.stp', reason],
      ['giamdoc.stp', reason],
    ]);

    const status = await periodStatus(db, { regimeId: cchc, periodKey: Q3 }, on('2026-09-17'));
    // Sent back, it is not submitted any more: no submission time, and once the deadline passes it is overdue.
    expect(status.agencies.find((a) => a.code === '33.STP')).toMatchObject({
      status: 'returned',
      returnedReason: reason,
      submittedAt: null,
      onTime: null,
    });
    const late = await periodStatus(db, { regimeId: cchc, periodKey: Q3 }, on('2026-09-18'));
    expect(late.agencies.find((a) => a.code === '33.STP')).toMatchObject({ overdue: true });
    const worker = await appErrorOf(returnSubmission(db, stcOfficer, { id: stpSubmission, reason }));
    expect(worker.kind).toBe('forbidden');

    const returned = await openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-17'));
    expect(returned.submission).toMatchObject({ status: 'returned', returnedReason: reason });
    expect(returned).toMatchObject({ canEdit: true, canReturn: false });
    const corrected = { results: `${STP_RESULTS} Cấp xã đã rà soát 40 thủ tục.`, shortcomings: STP_SHORTCOMINGS };
    await saveSubmission(db, stpOfficer, { id: stpSubmission, sections: corrected });
    await submitSubmission(db, stpOfficer, { id: stpSubmission, sections: corrected }, on('2026-09-17'));

    const again = await openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-17'));
    expect(again.submission).toMatchObject({ status: 'submitted', sections: corrected, returnedReason: null });
    expect(again.events.map((e) => [e.action, e.note])).toEqual([
      ['submitted', null],
      ['returned', reason],
      ['submitted', null],
    ]);
  });

  it('lists every department with its status; after 17/9 those that have not sent are overdue', async () => {
    const on17 = await periodStatus(db, { regimeId: cchc, periodKey: Q3 }, on('2026-09-17'));
    expect(on17.agencies.map((a) => a.code)).toEqual(REPORTERS);
    expect(on17.agencies.map((a) => [a.code, a.status, a.onTime, a.overdue])).toEqual(
      REPORTERS.map((code) => (code === '33.STP' ? [code, 'submitted', true, false] : [code, 'not_started', null, false])),
    );
    expect(on17.reports.map((r) => [r.version, r.status])).toEqual([[1, 'ready']]);

    const on18 = await periodStatus(db, { regimeId: cchc, periodKey: Q3 }, on('2026-09-18'));
    expect(on18.agencies.map((a) => [a.code, a.status, a.onTime, a.overdue])).toEqual(
      REPORTERS.map((code) => (code === '33.STP' ? [code, 'submitted', true, false] : [code, 'not_started', null, true])),
    );
  });

  it('after 17/9 the daily job tells those that have not sent, once; those that sent are not chased', async () => {
    // 18/9: the quarter (due 17/9) for the 11 departments without a report; the ninth month (due 16/9) for all 12.
    // The monthly report (agencies due 16/9) is made now; the quarter's exists already (made by hand) and is not made twice.
    expect(await runReportsDaily(db, on('2026-09-18'))).toEqual({ opened: 0, generated: 1, reminded: 0, overdue: 23 });
    expect(await runReportsDaily(db, on('2026-09-18'))).toEqual({ opened: 0, generated: 0, reminded: 0, overdue: 0 });
    expect(await runReportsDaily(db, on('2026-09-21'))).toEqual({ opened: 0, generated: 0, reminded: 0, overdue: 0 });
    expect((await reportRows(db, monthly, MONTH_9)).map((r) => [r.version, r.trigger])).toEqual([[1, 'schedule']]);
    expect(await reportRows(db, cchc, Q3)).toHaveLength(1);

    const stc = await submissionOf(db, cchc, Q3, agencies['33.STC'] as string);
    expect(stc.overdueNotifiedOn).toBe('2026-09-18');
    expect((await notificationsOf(db, 'report_overdue', stc.id)).map((n) => [n.username, n.title])).toEqual([
      ['canbo.stc', 'Quá hạn gửi báo cáo Quý III năm 2026'],
    ]);
    expect(await notificationsOf(db, 'report_overdue', stpSubmission)).toEqual([]);
    expect((await submissionOf(db, cchc, Q3, agencies['33.STP'] as string)).overdueNotifiedOn).toBeNull();
    // The Sở Tư pháp has not sent its monthly report: for that one it is chased.
    const stpMonth = await submissionOf(db, monthly, MONTH_9, agencies['33.STP'] as string);
    expect((await notificationsOf(db, 'report_overdue', stpMonth.id)).map((n) => n.username)).toEqual([
      'canbo.stp',
      'giamdoc.stp',
    ]);
  });

  it('the Sở Tài chính submits on 18/9: late, and shown so', async () => {
    await submit(db, stcOfficer, cchc, Q3, { results: 'Sở Tài chính đã hoàn thành kế hoạch quý.' }, on('2026-09-18'));
    const stc = await submissionOf(db, cchc, Q3, agencies['33.STC'] as string);
    expect(stc.status).toBe('submitted');
    const events = await db
      .selectFrom('reportSubmissionEvent')
      .select(['action', 'note'])
      .where('submissionId', '=', stc.id)
      .execute();
    expect(events).toEqual([{ action: 'submitted', note: 'Gửi sau hạn' }]);
    const status = await periodStatus(db, { regimeId: cchc, periodKey: Q3 }, on('2026-09-18'));
    expect(status.agencies.find((a) => a.code === '33.STC')).toMatchObject({
      status: 'submitted',
      onTime: false,
      overdue: false,
    });
    expect(status.agencies.find((a) => a.code === '33.STP')).toMatchObject({ status: 'submitted', onTime: true, overdue: false });
    expect(status.agencies.filter((a) => a.overdue)).toHaveLength(10);
  });

  it('the Sở Nội vụ accepts the Sở Tư pháp’s report into the compilation; only a sent report, and only by the Sở Nội vụ', async () => {
    expect((await appErrorOf(acceptSubmission(db, stpOfficer, stpSubmission))).kind).toBe('forbidden');
    expect(await acceptSubmission(db, manager, stpSubmission)).toEqual({ id: stpSubmission, status: 'accepted' });
    expect((await appErrorOf(acceptSubmission(db, manager, stpSubmission))).code).toBe('reports.not_submitted');
    const status = await periodStatus(db, { regimeId: cchc, periodKey: Q3 }, on('2026-09-20'));
    expect(status.agencies.find((a) => a.code === '33.STP')).toMatchObject({ status: 'accepted', onTime: true, overdue: false });
    const opened = await openSubmission(db, stpOfficer, { regimeId: cchc, periodKey: Q3 }, on('2026-09-20'));
    expect(opened).toMatchObject({ canEdit: false });
    expect(opened.events.at(-1)?.action).toBe('accepted');
  });
});

// ————————————————————————————————————————————— scores

describe('the reports-on-time score component', () => {
  let t: TestDatabase;
  let db: Db;
  let agencies: Record<string, string>;
  let cchc: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.db;
    await seedDemo(db);
    await ensureCalendarSeeded(db);
    agencies = await agencyIds(db);
    cchc = await regimeIdOf(db, 'CCHC');
    // Only the CCHC regime is in force here: the monthly one is switched off.
    const manager = await actorOf(db, 'sonoivu');
    const monthly = await getRegime(db, await regimeIdOf(db, 'PAKN-THANG'));
    await saveRegime(db, manager, {
      id: monthly.id,
      code: monthly.code,
      name: monthly.name,
      content: monthly.content,
      rules: monthly.rules,
      reporting: monthly.reporting,
      receivingAgencyId: monthly.receivingAgencyId,
      outline: monthly.outline,
      dataTables: monthly.dataTables,
      active: false,
    });
    expect(await runReportsDaily(db, on('2026-09-15'))).toMatchObject({ opened: 1 });
    await submit(db, await actorOf(db, 'canbo.stp'), cchc, Q3, { results: STP_RESULTS }, on('2026-09-17'));
    const stc = await addUser(db, 'canbo.stc', 'agency_officer', agencies['33.STC'] as string);
    await submit(db, stc, cchc, Q3, { results: 'Sở Tài chính đã hoàn thành kế hoạch quý.' }, on('2026-09-18'));
  });
  afterAll(async () => t.drop());

  it('counts the reports due in the period: on time 1/1, late 0/1, never sent 0/1', async () => {
    const q4 = { from: '2026-09-15', to: '2026-12-14' };
    const inputs = await gatherInputs(db, q4, '2026-12-20');
    const of = (code: string) => inputs.get(agencies[code] as string)?.reports_on_time;
    expect(of('33.STP')).toEqual({ numerator: 1, denominator: 1 });
    expect(of('33.STC')).toEqual({ numerator: 0, denominator: 1 });
    expect(of('33.SCT')).toEqual({ numerator: 0, denominator: 1 });
    // The Sở Nội vụ receives the reports and owes none.
    expect(of('33.SNV')).toBeUndefined();
    // The quarter before, with no report due in it, counts none.
    const q3 = await gatherInputs(db, { from: '2026-06-15', to: '2026-09-14' }, '2026-12-20');
    expect(q3.get(agencies['33.STP'] as string)?.reports_on_time).toBeUndefined();
  });

  it('while the period runs, a report not yet due and not yet sent does not count against the agency', async () => {
    const q4 = { from: '2026-09-15', to: '2026-12-14' };
    const inputs = await gatherInputs(db, q4, '2026-09-17');
    expect(inputs.get(agencies['33.STP'] as string)?.reports_on_time).toEqual({ numerator: 1, denominator: 1 });
    // Sent on the 18th: not yet seen on the 17th, and the 17th has not passed.
    expect(inputs.get(agencies['33.STC'] as string)?.reports_on_time).toEqual({ numerator: 0, denominator: 0 });
    expect(inputs.get(agencies['33.SCT'] as string)?.reports_on_time).toEqual({ numerator: 0, denominator: 0 });
  });

  it('lists on the scorecard the reports behind the component, late ones marked', async () => {
    const scheme = await saveScheme(
      db,
      { userId: null, username: 'test' },
      {
        name: 'Có báo cáo đúng hạn',
        effectiveFrom: '2024-01-01',
        note: null,
        scheme: {
          ...DEFAULT_SCHEME,
          components: [
            ...DEFAULT_SCHEME.components.filter((c) => c.key !== 'reviews_on_time'),
            { key: 'reports_on_time', points: 10, threshold: 100 },
          ],
        },
      },
    );
    const { runId } = await queueScoreRun(
      db,
      { userId: null, username: 'test' },
      { periodKind: 'quarter', from: '2026-09-15', to: '2026-12-14', schemeId: scheme.id },
    );
    await computeScoreRun(db, runId, on('2026-12-20'));
    const manager = await actorOf(db, 'sonoivu');
    const stc = await componentItems(
      db,
      manager,
      { runId, agencyId: agencies['33.STC'] as string, key: 'reports_on_time' },
      on('2026-12-20'),
    );
    // The Sở Tài chính sent its Q3 report on the 18th, a day late.
    expect(stc.kind).toBe('reports');
    expect(stc.items.map((i) => [i.title.endsWith('(2026-q3)'), 'date' in i ? i.date : null, i.lost])).toEqual([
      [true, '2026-09-17', true],
    ]);
    const stp = await componentItems(
      db,
      manager,
      { runId, agencyId: agencies['33.STP'] as string, key: 'reports_on_time' },
      on('2026-12-20'),
    );
    expect(stp.items.map((i) => i.lost)).toEqual([false]);
  });
});

describe('regimes that are set up oddly', () => {
  let db: Kysely<Database>;
  let t2: TestDatabase;
  const seed = { userId: null, username: 'test' };
  beforeAll(async () => {
    t2 = await createTestDatabase();
    db = t2.db;
    await seedDemo(db);
    await ensureCalendarSeeded(db);
  });
  afterAll(async () => t2.drop());

  const base = (receivingAgencyId: string) => ({
    code: 'THU-NGHIEM',
    name: 'Chế độ báo cáo thử nghiệm',
    rules: {
      frequency: 'quarter',
      convention: 'nd09',
      slots: null,
      agencyDeadline: { kind: 'day_of_last_month', day: 17 },
      provinceDeadline: { kind: 'day_of_last_month', day: 20 },
    },
    reporting: { kinds: ['department'], agencyIds: [] },
    receivingAgencyId,
    outline: [{ key: 'results', title: 'Kết quả' }],
    dataTables: ['tasks'],
  });

  it('refuses a regime without reporters and a report of the year that does not exist', async () => {
    const snv = await db.selectFrom('agency').select('id').where('code', '=', '33.SNV').executeTakeFirstOrThrow();
    const none = ZRegimeSave.safeParse({ ...base(snv.id), reporting: { kinds: [], agencyIds: [] } });
    expect(none.success).toBe(false);
    expect(none.error?.issues.map((i) => i.message)).toContain('Vui lòng chọn cơ quan báo cáo.');
    const fifth = ZRegimeSave.safeParse({
      ...base(snv.id),
      rules: { ...base(snv.id).rules, slots: [{ key: 'q5', label: 'Quý V', frequency: 'quarter', index: 5 }] },
    });
    expect(fifth.error?.issues.map((i) => i.message)).toContain('Kỳ thứ 5 không có trong năm với tần suất đã chọn.');
    const unknown = await saveRegime(db, seed, ZRegimeSave.parse(base('00000000-0000-4000-8000-000000000000'))).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(AppError);
    expect((unknown as AppError).code).toBe('reports.unknown_agency');
  });

  it('takes the agencies under a province that receives, and a daily run copes with a regime whose reporters are all gone', async () => {
    const province = await db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', '33')
      .where('kind', '=', 'province')
      .executeTakeFirstOrThrow();
    const { id } = await saveRegime(
      db,
      seed,
      ZRegimeSave.parse({ ...base(province.id), code: 'TINH', reporting: { kinds: ['department'], agencyIds: [] } }),
    );
    const reporters = await reportingAgencies(db, await getRegime(db, id));
    expect(reporters.map((a) => a.code)).toContain('33.STP');
    expect(reporters.every((a) => a.kind === 'department')).toBe(true);

    // A regime listing one agency that has since been dissolved: nobody reports, and the job carries on.
    const gone = await db
      .insertInto('agency')
      .values({
        code: '33.CU',
        name: 'Sở cũ',
        fullName: 'Sở cũ (đã giải thể)',
        kind: 'department',
        validTo: '2025-06-30',
        searchText: 'so cu',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const snv = await db.selectFrom('agency').select('id').where('code', '=', '33.SNV').executeTakeFirstOrThrow();
    await saveRegime(
      db,
      seed,
      ZRegimeSave.parse({ ...base(snv.id), code: 'RONG', reporting: { kinds: [], agencyIds: [gone.id] } }),
    );
    const result = await runReportsDaily(db, on('2026-09-15'));
    expect(result.opened).toBeGreaterThan(0); // the other regimes still open their periods
    const rong = await db
      .selectFrom('reportSubmission as s')
      .innerJoin('reportRegime as g', 'g.id', 's.regimeId')
      .select('s.id')
      .where('g.code', '=', 'RONG')
      .execute();
    expect(rong).toEqual([]);
  });
});

// ————————————————————————————————————————————— the province is the province

describe('a quarter’s report: its province totals are the overview’s and the score run’s', () => {
  let t3: TestDatabase;
  afterAll(async () => t3?.drop());

  it('equals, total by total, the overview of the same period and the inputs the score run stored; ranks are complete', async () => {
    t3 = await createTestDatabase();
    const db = t3.db;
    await seedDemo(db, '2026-11-21');
    await ensureCalendarSeeded(db);
    const manager = await actorOf(db, 'sonoivu');
    const cchc = await regimeIdOf(db, 'CCHC');
    const clock = on('2026-11-21');
    const q3 = { from: '2026-06-15', to: '2026-09-14' };
    const scheme = await saveScheme(
      db,
      { userId: null, username: 'test' },
      { name: 'Mặc định', effectiveFrom: '2024-01-01', note: null, scheme: DEFAULT_SCHEME },
    );
    const { runId } = await queueScoreRun(db, manager, { periodKind: 'quarter', from: q3.from, to: q3.to, schemeId: scheme.id });
    await computeScoreRun(db, runId, clock);
    const { reportId } = await queueGeneration(db, manager, { regimeId: cchc, periodKey: Q3 });
    await runGeneration(db, reportId, clock);
    const report = await db.selectFrom('report').select('snapshot').where('id', '=', reportId).executeTakeFirstOrThrow();
    const s = report.snapshot as ReportSnapshot;
    const o = await provinceOverview(db, clock, q3);

    // The overview's figures, one by one.
    const part = (x: { numerator: number; denominator: number; rate: number | null }) => [x.numerator, x.denominator, x.rate];
    expect(part(s.province.tasks)).toEqual([o.tasks.numerator, o.tasks.denominator, o.tasks.rate]);
    expect(part(s.province.attendance)).toEqual(part(o.meetings.attendance));
    expect(part(s.province.headAttendance)).toEqual(part(o.meetings.head));
    expect(s.province.feedback.received).toBe(o.feedback.received);
    expect(s.province.feedback.onTimeRate).toBe(o.feedback.onTimeRate);
    expect(s.province.feedback.satisfactionRate).toBe(o.feedback.satisfactionRate);
    expect(s.province.feedback.openOverdue).toBe(o.feedback.openOverdue);
    expect(s.province.feedback.notYetDue).toBe(o.feedback.notYetDue);
    expect(s.province.dossiers.received).toBe(o.dossiers.received);
    expect(s.province.dossiers.onTimeRate).toBe(o.dossiers.onTimeRate);
    expect(s.province.tasks.denominator).toBeGreaterThan(0);
    expect(s.province.feedback.received).toBeGreaterThan(0);

    // The score run's stored inputs: the report reads them, it does not compute its own.
    const results = await db
      .selectFrom('scoreResult')
      .select(['agencyId', 'components', 'rank', 'total', 'peerGroup'])
      .where('runId', '=', runId)
      .execute();
    const stored = (key: string) => {
      let numerator = 0;
      let denominator = 0;
      for (const r of results) {
        const c = (r.components as { key: string; numerator: number; denominator: number }[]).find((x) => x.key === key);
        numerator += c?.numerator ?? 0;
        denominator += c?.denominator ?? 0;
      }
      return [numerator, denominator];
    };
    expect([s.province.tasks.numerator, s.province.tasks.denominator]).toEqual(stored('tasks_on_time'));
    expect([s.province.attendance.numerator, s.province.attendance.denominator]).toEqual(stored('attendance'));
    expect([s.province.feedback.onTime, s.province.feedback.judged]).toEqual(stored('feedback_on_time'));
    expect([s.province.feedback.satisfied, s.province.feedback.withinCompetence]).toEqual(stored('feedback_satisfaction'));
    expect([s.province.reviews.numerator, s.province.reviews.denominator]).toEqual(stored('reviews_on_time'));
    // Every agency the run ranked is a row of the report with the run's rank: the ranking shows no gap.
    const ranked = results.filter((r) => r.rank !== null);
    expect(ranked.length).toBeGreaterThan(0);
    for (const r of ranked) expect(s.agencies.find((a) => a.id === r.agencyId)?.score?.rank, r.agencyId).toBe(r.rank);
  });
});

// ————————————————————————————————————————————— history stays with the agencies as they were

describe('a report of a period before the 2025 reorganisation', () => {
  let t4: TestDatabase;
  afterAll(async () => t4?.drop());

  it('lists a commune merged on 1/7/2025 with its own figures of May 2025, and where it went', async () => {
    t4 = await createTestDatabase();
    const db = t4.db;
    await seedDemo(db, '2026-11-21');
    await ensureCalendarSeeded(db);
    const today = await db
      .selectFrom('agency')
      .select(['id', 'name', 'parentId'])
      .where('kind', '=', 'commune')
      .orderBy('code')
      .limit(1)
      .executeTakeFirstOrThrow();
    // The old commune, in force until 30/6/2025, merged into today's commune on 1/7/2025.
    const old = await db
      .insertInto('agency')
      .values({
        code: '33.OLD01',
        name: 'Xã Cũ Một',
        fullName: 'Ủy ban nhân dân xã Cũ Một',
        kind: 'commune',
        parentId: today.parentId,
        validTo: '2025-06-30',
        searchText: 'xa cu mot',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('agencyLineage')
      .values({ kind: 'merge', fromAgencyId: old.id, toAgencyId: today.id, effectiveDate: '2025-07-01' })
      .execute();
    // Two items it received in May 2025: one answered on time, one never answered (late).
    const item = (n: number, answeredOn: string | null) => ({
      externalId: `OLD-${n}`,
      receivedAt: new Date('2025-05-05T02:00:00Z'),
      receivedOn: '2025-05-05',
      channel: 'letter' as const,
      submitterType: 'citizen' as const,
      submitterName: `Người gửi ${n}`,
      subject: `Phản ánh ${n}`,
      content: 'Nội dung.',
      classification: 'regulation' as const,
      competentAgencyId: old.id,
      status: answeredOn ? ('answered' as const) : ('assigned' as const),
      clockStart: '2025-05-05',
      refuseDue: '2025-05-07',
      infoDue: '2025-05-12',
      answerDue: '2025-05-26',
      answeredOn,
      answeredAt: answeredOn ? new Date(`${answeredOn}T03:00:00Z`) : null,
      answerWorkingDays: answeredOn ? 8 : null,
      satisfaction: 'not_rated' as const,
      recomplaint: false,
      searchText: `old-${n}`,
    });
    await db
      .insertInto('feedback')
      .values([item(1, '2025-05-15'), item(2, null)])
      .execute();
    await refreshRollups(db, null);

    const regime = await getRegime(db, await regimeIdOf(db, 'PAKN-THANG'));
    const period = await periodOf(db, regime, '2025-month-5');
    const s = await buildSnapshot(db, regime, period, '2026-11-21');
    const row = s.agencies.find((a) => a.code === '33.OLD01');
    expect(row).toMatchObject({ name: 'Xã Cũ Một', nowPartOf: today.name });
    expect(row?.feedback).toMatchObject({ received: 2, onTime: 1, judged: 2, onTimeRate: 50, openOverdue: 1 });
    // Today's commune did not exist then under that name with these items: they are not counted twice.
    expect(s.agencies.find((a) => a.id === today.id)?.feedback.received ?? 0).toBe(0);
    expect(s.province.feedback.received).toBe(s.agencies.reduce((n, a) => n + a.feedback.received, 0));
    // The table shows where it went.
    const table = snapshotTables(s, ['feedback'])[0];
    expect(table?.rows.find((r) => r[0] === '33.OLD01')?.[1]).toBe(`Xã Cũ Một (nay thuộc ${today.name})`);
  });
});
