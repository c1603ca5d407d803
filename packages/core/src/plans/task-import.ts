/**
 * Tasks from a filled XLSX template: lead and coordinating agencies by code or name, dates as
 * dd/MM/yyyy; every row is checked and nothing is written unless every row is good.
 */
import type { Database } from '@cchc/db/schema';
import { parseDayMonthYear } from '@cchc/domain/calendar/dates';
import { TASK_IMPORT_COLUMNS } from '@cchc/domain/imports';
import type { TASK_PRIORITIES } from '@cchc/domain/tasks/status';
import { foldVietnamese } from '@cchc/domain/text';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError } from '../errors';
import type { RowError } from '../imports/csv';
import { recogniseTable } from '../imports/table';
import { readFirstSheet, type SheetCell } from '../imports/xlsx';
import { assignmentsOf, notifyTaskAssignments } from './assignment-notices';
import { ZTaskCreate } from './schemas';
import { insertTask } from './service';

/** The template's headers (a file may also use the names of TASK_IMPORT_COLUMNS, in any order, below a title). */
export const TEMPLATE_COLUMNS = [
  { key: 'code', header: 'Số TT', width: 8 },
  { key: 'title', header: 'Tên nhiệm vụ (*)', width: 50 },
  { key: 'group', header: 'Nhóm nhiệm vụ', width: 30 },
  { key: 'description', header: 'Nội dung', width: 40 },
  { key: 'expectedOutput', header: 'Sản phẩm', width: 30 },
  { key: 'lead', header: 'Cơ quan chủ trì (*) — mã hoặc tên', width: 30 },
  { key: 'coordinators', header: 'Cơ quan phối hợp — mã hoặc tên, cách nhau bởi dấu ;', width: 40 },
  { key: 'deadline', header: 'Thời hạn (dd/MM/yyyy)', width: 16 },
  { key: 'priority', header: 'Mức ưu tiên (Thấp / Bình thường / Cao)', width: 18 },
  { key: 'weight', header: 'Trọng số', width: 10 },
] as const;
type Key = (typeof TEMPLATE_COLUMNS)[number]['key'];

const PRIORITY_BY_LABEL: Record<string, (typeof TASK_PRIORITIES)[number]> = {
  thap: 'low',
  low: 'low',
  'binh thuong': 'normal',
  normal: 'normal',
  cao: 'high',
  high: 'high',
};

/** The template: the header row, one example row, and a sheet listing agencies with their codes. */
export async function taskTemplate(db: Kysely<Database>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Nhiệm vụ');
  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({
    code: '1',
    title: 'Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch',
    group: 'Cải cách thủ tục hành chính',
    description: '',
    expectedOutput: 'Báo cáo kết quả rà soát',
    lead: 'Sở Tư pháp',
    coordinators: 'Sở Nội vụ',
    deadline: '30/06/2026',
    priority: 'Bình thường',
    weight: 1,
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const agencies = await db
    .selectFrom('agency')
    .select(['code', 'name', 'kind'])
    .where('validTo', 'is', null)
    .where('kind', 'in', ['department', 'province', 'commune'])
    .orderBy('kind')
    .orderBy('name')
    .limit(5000)
    .execute();
  const list = workbook.addWorksheet('Danh mục cơ quan');
  list.columns = [
    { header: 'Mã', key: 'code', width: 12 },
    { header: 'Tên', key: 'name', width: 50 },
    { header: 'Loại', key: 'kind', width: 14 },
  ];
  list.getRow(1).font = { bold: true };
  for (const a of agencies) list.addRow(a);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function text(cell: SheetCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim() || null;
}

/** dd/MM/yyyy text, or a real Excel date cell, to 'YYYY-MM-DD'. */
export function parseVietnameseDate(cell: SheetCell | undefined): string | null | 'invalid' {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return parseDayMonthYear(String(cell));
}

export interface TaskImportResult {
  ok: boolean;
  created: number;
  errors: RowError[];
  /** The file's headers that are no column of ours (listed back, never used). */
  ignoredColumns: string[];
}

export async function importTasks(
  db: Kysely<Database>,
  actor: Actor,
  input: { planId: string; fileName: string; content: Buffer },
): Promise<TaskImportResult> {
  const rows = await readFirstSheet(input.content);
  // The header is found below title rows, under the template's names or common Vietnamese ones (one recognition
  // for every import: ../imports/table.ts); a file lacking a required column is refused, naming it.
  const { header, headerNames, records } = recogniseTable(rows, TASK_IMPORT_COLUMNS);
  const cell = (cells: Record<string, SheetCell>, key: Key) => cells[key] ?? null;
  const columnName = (key: Key) => headerNames[key] ?? TEMPLATE_COLUMNS.find((t) => t.key === key)?.header ?? key;

  const agencies = await db
    .selectFrom('agency')
    .select(['id', 'code', 'name', 'fullName'])
    .where('validTo', 'is', null)
    .execute();
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const byName = new Map<string, string[]>();
  for (const a of agencies) {
    for (const n of new Set([foldVietnamese(a.name), foldVietnamese(a.fullName)]))
      byName.set(n, [...(byName.get(n) ?? []), a.id]);
  }
  const resolveAgency = (ref: string): string | 'none' | 'ambiguous' => {
    const exact = byCode.get(ref.trim());
    if (exact) return exact.id;
    const ids = [...new Set(byName.get(foldVietnamese(ref)) ?? [])];
    if (ids.length === 1 && ids[0]) return ids[0];
    return ids.length === 0 ? 'none' : 'ambiguous';
  };
  const groups = await db.selectFrom('planGroup').select(['id', 'code', 'title']).where('planId', '=', input.planId).execute();
  const groupOf = (ref: string) =>
    groups.find((g) => foldVietnamese(g.title) === foldVietnamese(ref) || g.code === ref.trim())?.id;

  const errors: RowError[] = [];
  const valid: { line: number; task: ReturnType<typeof ZTaskCreate.parse>; groupName: string | null }[] = [];
  for (const row of records) {
    const c = row.cells;
    const problems: RowError[] = [];
    const add = (column: Key, message: string) => problems.push({ row: row.line, column: columnName(column), message });
    const leadRef = text(cell(c, 'lead'));
    let leadAgencyId = '';
    if (!leadRef) add('lead', 'Thiếu cơ quan chủ trì.');
    else {
      const r = resolveAgency(leadRef);
      if (r === 'none') add('lead', `Không tìm thấy cơ quan "${leadRef}".`);
      else if (r === 'ambiguous') add('lead', `Có nhiều cơ quan tên "${leadRef}"; hãy ghi mã cơ quan.`);
      else leadAgencyId = r;
    }
    const coordinatorIds: string[] = [];
    for (const ref of (text(cell(c, 'coordinators')) ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const r = resolveAgency(ref);
      if (r === 'none') add('coordinators', `Không tìm thấy cơ quan "${ref}".`);
      else if (r === 'ambiguous') add('coordinators', `Có nhiều cơ quan tên "${ref}"; hãy ghi mã cơ quan.`);
      else coordinatorIds.push(r);
    }
    const deadline = parseVietnameseDate(cell(c, 'deadline'));
    if (deadline === 'invalid') add('deadline', `Ngày "${text(cell(c, 'deadline'))}" không hợp lệ; ghi theo dạng dd/MM/yyyy.`);
    const priorityText = text(cell(c, 'priority'));
    const priority = priorityText ? PRIORITY_BY_LABEL[foldVietnamese(priorityText)] : 'normal';
    if (!priority) add('priority', `Mức ưu tiên "${priorityText}" không hợp lệ (Thấp, Bình thường, Cao).`);
    const weightCell = cell(c, 'weight');
    const weight = weightCell === null ? 1 : Number(weightCell);
    const groupName = text(cell(c, 'group'));
    const parsed = ZTaskCreate.safeParse({
      planId: input.planId,
      groupId: groupName ? (groupOf(groupName) ?? null) : null,
      code: text(cell(c, 'code')),
      title: text(cell(c, 'title')) ?? '',
      description: text(cell(c, 'description')),
      expectedOutput: text(cell(c, 'expectedOutput')),
      leadAgencyId: leadAgencyId || '00000000-0000-0000-0000-000000000000',
      coordinatorIds,
      priority: priority ?? 'normal',
      weight: Number.isFinite(weight) ? weight : -1,
      deadline: deadline === 'invalid' ? null : deadline,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '') as Key;
        if ((key as string) === 'leadAgencyId') continue;
        add(TEMPLATE_COLUMNS.some((t) => t.key === key) ? key : 'title', issue.message);
      }
    }
    if (problems.length || !parsed.success) errors.push(...problems);
    else valid.push({ line: row.line, task: parsed.data, groupName });
  }
  if (!valid.length && !errors.length) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  if (errors.length) return { ok: false, created: 0, errors, ignoredColumns: header.unknown };

  return db.transaction().execute(async (trx) => {
    const newGroups = new Map<string, string>();
    const created: string[] = [];
    for (const v of valid) {
      if (v.groupName && !v.task.groupId) {
        const key = foldVietnamese(v.groupName);
        let id = newGroups.get(key);
        if (!id) {
          const created = await trx
            .insertInto('planGroup')
            .values({ planId: input.planId, title: v.groupName, position: groups.length + newGroups.size + 1 })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = created.id;
          newGroups.set(key, id);
        }
        v.task.groupId = id;
      }
      created.push((await insertTask(trx, actor, v.task, undefined, { notify: false })).id);
    }
    await notifyTaskAssignments(trx, await assignmentsOf(trx, created));
    await recordAudit(trx, actor, {
      action: 'plan.import_tasks',
      entityType: 'plan',
      entityId: input.planId,
      after: { fileName: input.fileName, created: valid.length, groupsCreated: newGroups.size },
    });
    return { ok: true, created: valid.length, errors: [], ignoredColumns: header.unknown };
  });
}
