import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { AppError } from '../errors';
import { seedDemo } from '../seed/demo';
import { actor } from '../testing/fixtures';
import { ZPlanCreate } from './schemas';
import { createPlan } from './service';
import { importTasks, parseVietnameseDate, TEMPLATE_COLUMNS, taskTemplate } from './task-import';

let t: TestDatabase;
let manager: Actor;
let planId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  manager = await actor(t.db, 'totongtac');
  planId = (await createPlan(t.db, manager, ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch CCHC 2026', status: 'active' }))).id;
});
afterAll(async () => t.drop());

/** A real XLSX file with the template's header and the given rows. */
async function workbook(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Nhiệm vụ');
  sheet.addRow(TEMPLATE_COLUMNS.map((c) => c.header));
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const taskCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('task')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('planId', '=', planId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('parseVietnameseDate', () => {
  it('reads dd/MM/yyyy and real date cells, and rejects impossible dates', () => {
    expect(parseVietnameseDate('13/3/2026')).toBe('2026-03-13');
    expect(parseVietnameseDate(new Date('2026-03-13T00:00:00Z'))).toBe('2026-03-13');
    expect(parseVietnameseDate('31/02/2026')).toBe('invalid');
    expect(parseVietnameseDate('2026-03-13')).toBe('invalid');
    expect(parseVietnameseDate(null)).toBeNull();
  });
});

describe('taskTemplate', () => {
  it('is a workbook with the import header and a sheet of agency codes', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await taskTemplate(t.db)) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(1).getCell(2).value).toBe('Tên nhiệm vụ (*)');
    const codes: unknown[] = [];
    wb.worksheets[1]?.eachRow((row) => codes.push(row.getCell(1).value));
    expect(codes).toContain('33.STP');
  });
});

describe('importTasks', () => {
  it('writes nothing and names each bad row and column when any row is bad', async () => {
    const file = await workbook([
      ['1', 'Rà soát thủ tục lĩnh vực hộ tịch', 'Cải cách TTHC', null, null, 'Sở Tư pháp', 'Sở Nội vụ', '30/06/2026', 'Cao', 2],
      ['2', 'Nhiệm vụ có cơ quan lạ', null, null, null, 'Sở Không Tồn Tại', null, '31/02/2026', 'Gấp', null],
      ['3', null, null, null, null, '33.SNV', null, null, null, null],
    ]);
    const result = await importTasks(t.db, manager, { planId, fileName: 'loi.xlsx', content: file });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'Cơ quan chủ trì (*) — mã hoặc tên'],
      [3, 'Thời hạn (dd/MM/yyyy)'],
      [3, 'Mức ưu tiên (Thấp / Bình thường / Cao)'],
      [4, 'Tên nhiệm vụ (*)'],
    ]);
    expect(result.errors[0]?.message).toBe('Không tìm thấy cơ quan "Sở Không Tồn Tại".');
    expect(await taskCount()).toBe(0);
  });

  it('imports every good row with agencies by name or code, dates, groups and priorities, and audits it', async () => {
    const file = await workbook([
      [
        '1',
        'Rà soát thủ tục lĩnh vực hộ tịch',
        'Cải cách TTHC',
        'Nội dung',
        'Báo cáo',
        'so tu phap',
        'Sở Nội vụ; 33.STC',
        '30/06/2026',
        'Cao',
        2,
      ],
      ['2', 'Số hóa hồ sơ', 'Cải cách TTHC', null, null, '33.SNV', null, new Date('2026-09-30T00:00:00Z'), null, null],
    ]);
    const result = await importTasks(t.db, manager, { planId, fileName: 'nhiem-vu.xlsx', content: file });
    expect(result).toEqual({ ok: true, created: 2, errors: [], ignoredColumns: [] });
    const tasks = await t.db
      .selectFrom('task as k')
      .innerJoin('agency as a', 'a.id', 'k.leadAgencyId')
      .leftJoin('planGroup as g', 'g.id', 'k.groupId')
      .select(['k.title', 'a.code', 'k.deadline', 'k.priority', 'k.weight', 'g.title as groupTitle', 'k.id'])
      .where('k.planId', '=', planId)
      .orderBy('k.code')
      .execute();
    expect(tasks.map((k) => [k.code, k.deadline, k.priority, Number(k.weight), k.groupTitle])).toEqual([
      ['33.STP', '2026-06-30', 'high', 2, 'Cải cách TTHC'],
      ['33.SNV', '2026-09-30', 'normal', 1, 'Cải cách TTHC'],
    ]);
    const coordinators = await t.db
      .selectFrom('taskCoordinator as c')
      .innerJoin('agency as a', 'a.id', 'c.agencyId')
      .select('a.code')
      .where('c.taskId', '=', tasks[0]?.id ?? '')
      .orderBy('a.code')
      .execute();
    expect(coordinators.map((c) => c.code)).toEqual(['33.SNV', '33.STC']);
    const audit = await t.db.selectFrom('auditLog').select('action').where('entityId', '=', planId).execute();
    expect(audit.map((a) => a.action)).toContain('plan.import_tasks');
  });

  it("reads a department's own sheet: a title above the header, Vietnamese names in its order, and lists what it did not use", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('KH');
    sheet.addRow(['PHỤ LỤC: DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026']);
    sheet.mergeCells('A1:F1');
    sheet.addRow(['STT', 'Nội dung nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Kinh phí']);
    sheet.addRow(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)']);
    sheet.addRow([1, 'Công bố danh mục TTHC được chuẩn hóa', '33.STP', 'Sở Nội vụ', '31/10/2026', '20 triệu']);
    sheet.addRow([2, 'Rà soát quy trình nội bộ', 'Sở Không Có', null, '32/10/2026', null]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await taskCount();
    const refused = await importTasks(t.db, manager, { planId, fileName: 'phu-luc.xlsx', content });
    // Each bad cell is named at its sheet row, under the sheet's own header.
    expect(refused.errors.map((e) => [e.row, e.column])).toEqual([
      [5, 'Đơn vị chủ trì'],
      [5, 'Thời gian hoàn thành'],
    ]);
    expect(await taskCount()).toBe(before);
    sheet.getRow(5).getCell(3).value = '33.SNV';
    sheet.getRow(5).getCell(5).value = '30/11/2026';
    const result = await importTasks(t.db, manager, {
      planId,
      fileName: 'phu-luc.xlsx',
      content: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(result).toEqual({ ok: true, created: 2, errors: [], ignoredColumns: ['Kinh phí'] });
    const task = await t.db
      .selectFrom('task')
      .select(['title', 'deadline'])
      .where('planId', '=', planId)
      .where('title', '=', 'Công bố danh mục TTHC được chuẩn hóa')
      .executeTakeFirstOrThrow();
    expect(task.deadline).toBe('2026-10-31');
  });

  it('refuses a file that is not an XLSX with a clear message', async () => {
    await expect(
      importTasks(t.db, manager, { planId, fileName: 'x.xlsx', content: Buffer.from('not a zip') }),
    ).rejects.toMatchObject({
      code: 'import.malformed_xlsx',
    });
    await expect(
      importTasks(t.db, manager, { planId, fileName: 'x.xlsx', content: Buffer.from('not a zip') }),
    ).rejects.toBeInstanceOf(AppError);
  });
});
