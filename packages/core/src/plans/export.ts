/** The task table as a file: exactly the rows the same filter shows on screen. */
import type { Database } from '@cchc/db/schema';
import { renderCsv, renderXlsx, type Table } from '@cchc/reports/table';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { TTaskListFilter } from './schemas';
import { listTasks, type Viewer } from './service';

const STATUS_LABELS: Record<string, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  overdue: 'Quá hạn',
  cancelled: 'Đã hủy',
};
const PRIORITY_LABELS: Record<string, string> = { low: 'Thấp', normal: 'Bình thường', high: 'Cao' };

function stamp(now: Date): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000).toISOString();
  return `${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)} ${vn.slice(11, 16)}`;
}

export async function taskTable(db: Kysely<Database>, viewer: Viewer, clock: Clock, filter: TTaskListFilter): Promise<Table> {
  const rows = await listTasks(db, viewer, clock, { ...filter, limit: 20000 });
  return {
    title: 'Danh sách nhiệm vụ cải cách hành chính',
    subtitle: [
      `Xuất lúc ${stamp(clock.now())} — trạng thái tính đến ngày ${clock.today().split('-').reverse().join('/')}`,
      `Số nhiệm vụ: ${rows.length}`,
    ],
    columns: [
      { header: 'STT', type: 'number', width: 6 },
      { header: 'Số TT', width: 8 },
      { header: 'Tên nhiệm vụ', width: 60 },
      { header: 'Kế hoạch', width: 40 },
      { header: 'Cơ quan chủ trì', width: 30 },
      { header: 'Cơ quan phối hợp', width: 40 },
      { header: 'Mức ưu tiên', width: 12 },
      { header: 'Thời hạn', type: 'date', width: 12 },
      { header: 'Trạng thái', width: 20 },
      { header: 'Tiến độ', type: 'percent', width: 10 },
      { header: 'Ngày hoàn thành', type: 'date', width: 14 },
    ],
    rows: rows.map((r, i) => [
      i + 1,
      r.code,
      r.title,
      `${r.planYear} · ${r.planTitle}`,
      r.leadAgencyName,
      r.coordinatorNames.join('; '),
      PRIORITY_LABELS[r.priority] ?? r.priority,
      r.deadline,
      STATUS_LABELS[r.status] ?? r.status,
      r.progress,
      r.completedOn,
    ]),
  };
}

export async function exportTasks(
  db: Kysely<Database>,
  viewer: Viewer,
  clock: Clock,
  filter: TTaskListFilter,
  format: 'xlsx' | 'csv',
) {
  const table = await taskTable(db, viewer, clock, filter);
  const body = format === 'xlsx' ? await renderXlsx(table) : renderCsv(table);
  const date = clock.today();
  return {
    body,
    fileName: `nhiem-vu-${date}.${format}`,
    contentType:
      format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
  };
}
