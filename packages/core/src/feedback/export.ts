/** The feedback register as a file: the rows the same filter shows on screen, personal data masked as on screen. */
import type { Database } from '@cchc/db/schema';
import { renderCsv, renderXlsx, type Table } from '@cchc/reports/table';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import { type TFeedbackFilter, ZFeedbackFilter } from './schemas';
import { listFeedback, type Viewer } from './service';

const STATUS: Record<string, string> = {
  received: 'Mới tiếp nhận',
  classified: 'Đã phân loại',
  assigned: 'Đã giao xử lý',
  forwarded: 'Đã chuyển cơ quan khác',
  info_requested: 'Đề nghị bổ sung thông tin',
  answered: 'Đã trả lời',
  published: 'Đã công khai',
  refused: 'Từ chối tiếp nhận',
  returned: 'Trả lại',
};
const CHANNEL: Record<string, string> = {
  national_portal: 'Cổng DVC quốc gia',
  provincial_portal: 'Cổng thông tin tỉnh',
  hotline: 'Đường dây nóng',
  letter: 'Văn bản, thư',
  email: 'Thư điện tử',
  in_person: 'Trực tiếp',
};
const CLASSIFICATION: Record<string, string> = { regulation: 'Quy định, chính sách, TTHC', conduct: 'Hành vi, thái độ cán bộ' };
const SATISFACTION: Record<string, string> = { satisfied: 'Hài lòng', unsatisfied: 'Không hài lòng', not_rated: 'Chưa đánh giá' };
export const MAX_EXPORT_ROWS = 50_000;

/** The register's URL filter (the same parameters the screen keeps in its address). */
export function feedbackFilterFromSearchParams(params: URLSearchParams): TFeedbackFilter {
  return ZFeedbackFilter.parse({
    q: params.get('q') || null,
    status: params.getAll('status'),
    channel: params.get('channel') || null,
    agencyId: params.get('agencyId') || null,
    from: params.get('from') || null,
    to: params.get('to') || null,
    drill: params.get('drill') || null,
    overdueOnly: params.get('overdue') === '1',
    // The file keeps the register's order on screen; an unknown column falls back to the default.
    sort: ZFeedbackFilter.shape.sort.safeParse(params.get('sort')).data,
    dir: ZFeedbackFilter.shape.dir.safeParse(params.get('dir')).data,
  });
}

export async function feedbackTable(db: Kysely<Database>, viewer: Viewer, filter: TFeedbackFilter, clock: Clock): Promise<Table> {
  const { rows, total, today } = await listFeedback(db, viewer, { ...filter, limit: MAX_EXPORT_ROWS, offset: 0 }, clock);
  return {
    title: 'Sổ theo dõi phản ánh, kiến nghị',
    subtitle: [
      `Tình trạng tính đến ngày ${today.split('-').reverse().join('/')}; họ tên người gửi đã được ẩn (Nghị định 13/2023).`,
      `Số phản ánh, kiến nghị: ${total}${total > rows.length ? ` (xuất ${rows.length} dòng đầu)` : ''}`,
    ],
    columns: [
      { header: 'Số', type: 'number', width: 8 },
      { header: 'Mã nguồn', width: 16 },
      { header: 'Ngày tiếp nhận', type: 'date', width: 14 },
      { header: 'Kênh', width: 18 },
      { header: 'Tiêu đề', width: 50 },
      { header: 'Người gửi', width: 20 },
      { header: 'Phân loại', width: 24 },
      { header: 'Lĩnh vực', width: 20 },
      { header: 'Cơ quan có thẩm quyền', width: 30 },
      { header: 'Trạng thái', width: 22 },
      { header: 'Hạn trả lời', type: 'date', width: 12 },
      { header: 'Ngày trả lời', type: 'date', width: 12 },
      { header: 'Quá hạn', width: 10 },
      { header: 'Đánh giá', width: 14 },
    ],
    rows: rows.map((r) => [
      r.number,
      r.externalId,
      r.receivedOn,
      CHANNEL[r.channel] ?? r.channel,
      r.subject,
      r.submitterName,
      r.classification ? (CLASSIFICATION[r.classification] ?? r.classification) : null,
      r.field,
      r.agencyName,
      STATUS[r.status] ?? r.status,
      r.answerDue,
      r.answeredOn,
      r.overdue ? 'Quá hạn' : r.late ? 'Trả lời trễ' : null,
      SATISFACTION[r.satisfaction] ?? r.satisfaction,
    ]),
  };
}

export async function exportFeedback(
  db: Kysely<Database>,
  viewer: Viewer,
  filter: TFeedbackFilter,
  clock: Clock,
  format: 'xlsx' | 'csv',
) {
  const table = await feedbackTable(db, viewer, filter, clock);
  return {
    body: format === 'xlsx' ? await renderXlsx(table) : renderCsv(table),
    fileName: `phan-anh-kien-nghi-${clock.today()}.${format}`,
    contentType:
      format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
  };
}
