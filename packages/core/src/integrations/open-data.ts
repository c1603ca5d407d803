/**
 * The open data files (issue 19): each public list as CSV and JSON at a stable URL, with its documented
 * columns, the licence and the date of the data. Rows come from public-data.ts, so a file never holds
 * more than the public page shows.
 */
import type { Database } from '@cchc/db/schema';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { type Cell, renderCsv } from '@cchc/reports/table';
import type { Kysely } from 'kysely';
import { publicAnswers, publicResults, publicReviewRegister, type TPublicAnswerFilter } from './public-data';
import { publicationSettings } from './publication';

export const DATASETS = ['tra-loi-pakn', 'ket-qua', 'ra-soat-thu-tuc'] as const;
export type Dataset = (typeof DATASETS)[number];

export interface DatasetColumn {
  name: string;
  description: string;
}

/** The documented columns of each file, in order (CSV header = names; JSON rows have these keys). */
export const DATASET_COLUMNS: Record<Dataset, readonly DatasetColumn[]> = {
  'tra-loi-pakn': [
    { name: 'so', description: 'Số phản ánh, kiến nghị trong sổ theo dõi' },
    { name: 'ngay_tiep_nhan', description: 'Ngày tiếp nhận (YYYY-MM-DD)' },
    { name: 'thoi_diem_cong_khai', description: 'Thời điểm công khai câu trả lời (ISO 8601)' },
    { name: 'ma_co_quan', description: 'Mã cơ quan trả lời' },
    { name: 'co_quan', description: 'Tên cơ quan trả lời' },
    { name: 'linh_vuc', description: 'Lĩnh vực' },
    { name: 'phan_loai', description: 'regulation: quy định hành chính; conduct: hành vi của cán bộ, công chức' },
    { name: 'tieu_de', description: 'Tiêu đề (đã loại bỏ dữ liệu cá nhân)' },
    { name: 'noi_dung', description: 'Nội dung phản ánh, kiến nghị (đã loại bỏ dữ liệu cá nhân)' },
    { name: 'tra_loi', description: 'Nội dung trả lời như cơ quan đã công khai (đã loại bỏ dữ liệu cá nhân)' },
  ],
  'ket-qua': [
    { name: 'xep_hang', description: 'Thứ hạng trong nhóm cơ quan' },
    { name: 'ma_co_quan', description: 'Mã cơ quan' },
    { name: 'co_quan', description: 'Tên cơ quan' },
    { name: 'nhom', description: 'Nhóm cơ quan được xếp hạng cùng nhau' },
    { name: 'diem', description: 'Điểm tuân thủ CCHC (thang 100)' },
    { name: 'xep_loai', description: 'Xếp loại' },
    { name: 'ty_le_pakn_dung_han', description: 'Tỷ lệ PAKN trả lời đúng hạn (%), định nghĩa trong tệp JSON' },
    { name: 'ky_tu', description: 'Ngày đầu kỳ đánh giá' },
    { name: 'ky_den', description: 'Ngày cuối kỳ đánh giá' },
    { name: 'so_lieu_tinh_den', description: 'Ngày số liệu được tính đến' },
  ],
  'ra-soat-thu-tuc': [
    { name: 'ma_thu_tuc', description: 'Mã thủ tục hành chính trên Cơ sở dữ liệu quốc gia' },
    { name: 'ten_thu_tuc', description: 'Tên thủ tục' },
    { name: 'linh_vuc', description: 'Lĩnh vực' },
    { name: 'ma_co_quan_ra_soat', description: 'Mã cơ quan rà soát' },
    { name: 'co_quan_ra_soat', description: 'Cơ quan rà soát' },
    { name: 'ho_so_gan_nhat', description: 'Ngày phát sinh hồ sơ gần nhất tại cơ quan (trống: chưa từng)' },
    { name: 'ngay_dua_vao_ra_soat', description: 'Ngày đưa vào rà soát' },
    {
      name: 'trang_thai',
      description: 'open: đang rà soát; proposed: đã đề xuất; approved: đã quyết định chấp thuận; rejected: yêu cầu đề xuất lại',
    },
    {
      name: 'de_xuat',
      description: 'keep: giữ nguyên; simplify: đơn giản hóa; abolish: bãi bỏ; propose_competent: kiến nghị cấp có thẩm quyền',
    },
    { name: 'so_quyet_dinh', description: 'Số văn bản quyết định' },
    { name: 'ngay_quyet_dinh', description: 'Ngày quyết định' },
    { name: 'lien_ket_csdl_quoc_gia', description: 'Liên kết tới thủ tục trên Cơ sở dữ liệu quốc gia về thủ tục hành chính' },
  ],
};

export const DATASET_TITLES: Record<Dataset, string> = {
  'tra-loi-pakn': 'Câu trả lời phản ánh, kiến nghị đã công khai',
  'ket-qua': 'Kết quả chấm điểm cải cách hành chính của các cơ quan',
  'ra-soat-thu-tuc': 'Danh mục thủ tục hành chính đang rà soát',
};

export interface OpenDataFile {
  dataset: Dataset;
  title: string;
  licence: string;
  /** The date the data is as of (Vietnam). */
  dataDate: string;
  generatedAt: string;
  columns: readonly DatasetColumn[];
  rows: Record<string, Cell>[];
  /** Dataset-specific notes, e.g. the definitions of the rates. */
  notes: Record<string, string>;
  /** False when the province does not publish this list. */
  published: boolean;
}

/** At most this many answers in one file; the JSON says when there were more. */
export const MAX_FILE_ROWS = 10_000;

export async function openDataFile(
  db: Kysely<Database>,
  dataset: Dataset,
  today: string,
  answerFilter: Partial<TPublicAnswerFilter> = {},
): Promise<OpenDataFile> {
  const settings = await publicationSettings(db);
  const base = {
    dataset,
    title: DATASET_TITLES[dataset],
    licence: settings.licence,
    generatedAt: new Date().toISOString(),
    columns: DATASET_COLUMNS[dataset],
  };
  if (dataset === 'tra-loi-pakn') {
    const { items, total } = await publicAnswers(db, { ...answerFilter, limit: MAX_FILE_ROWS, offset: 0 });
    return {
      ...base,
      published: settings.feedbackAnswers,
      dataDate: items[0] ? vietnamDateOf(new Date(items[0].publishedAt)) : today,
      notes:
        total > items.length
          ? { truncated: `Tệp có ${items.length}/${total} câu trả lời mới nhất; dùng bộ lọc để lấy phần còn lại.` }
          : {},
      rows: items.map((i) => ({
        so: i.number,
        ngay_tiep_nhan: i.receivedOn,
        thoi_diem_cong_khai: i.publishedAt,
        ma_co_quan: i.agencyCode,
        co_quan: i.agencyName,
        linh_vuc: i.field,
        phan_loai: i.classification,
        tieu_de: i.subject,
        noi_dung: i.question,
        tra_loi: i.answer,
      })),
    };
  }
  if (dataset === 'ket-qua') {
    const results = await publicResults(db);
    return {
      ...base,
      published: settings.scoreResults,
      dataDate: results?.run.asOf ?? today,
      notes: results
        ? { diem: results.definitions.total, ty_le_pakn_dung_han: results.definitions.feedbackOnTimeRate }
        : { empty: 'Chưa có lượt tính điểm đã hoàn thành được công khai.' },
      rows: (results?.rows ?? []).map((r) => ({
        xep_hang: r.rank,
        ma_co_quan: r.agencyCode,
        co_quan: r.agencyName,
        nhom: r.peerGroup,
        diem: r.total,
        xep_loai: r.grade,
        ty_le_pakn_dung_han: r.feedbackOnTimeRate,
        ky_tu: results?.run.periodFrom ?? null,
        ky_den: results?.run.periodTo ?? null,
        so_lieu_tinh_den: results?.run.asOf ?? null,
      })),
    };
  }
  const register = (await publicReviewRegister(db)) ?? [];
  const latest = register
    .flatMap((r) => [r.openedOn, r.decisionDate ?? ''])
    .sort()
    .at(-1);
  return {
    ...base,
    published: settings.reviewRegister,
    dataDate: latest || today,
    notes: {},
    rows: register.map((r) => ({
      ma_thu_tuc: r.procedureCode,
      ten_thu_tuc: r.procedureName,
      linh_vuc: r.field,
      ma_co_quan_ra_soat: r.agencyCode,
      co_quan_ra_soat: r.agencyName,
      ho_so_gan_nhat: r.lastFiling,
      ngay_dua_vao_ra_soat: r.openedOn,
      trang_thai: r.status,
      de_xuat: r.proposal,
      so_quyet_dinh: r.decisionNo,
      ngay_quyet_dinh: r.decisionDate,
      lien_ket_csdl_quoc_gia: r.detailUrl,
    })),
  };
}

/** The file as CSV: UTF-8 with a BOM, the documented column names as the header row, numbers with a '.' decimal point. */
export function openDataCsv(file: OpenDataFile): Buffer {
  return renderCsv({
    title: file.title,
    columns: file.columns.map((c) => ({ header: c.name, type: 'text' as const })),
    rows: file.rows.map((r) => file.columns.map((c) => machineCell(r[c.name] ?? null))),
  });
}

/** Open data is read by programs: a number stays as JavaScript writes it, whatever the spreadsheets' display. */
const machineCell = (value: Cell): Cell => (typeof value === 'number' ? String(value) : value);

/** The file as JSON: metadata (title, licence, data date, columns with their meaning) and the rows. */
export function openDataJson(file: OpenDataFile): Buffer {
  const { rows, ...meta } = file;
  return Buffer.from(`${JSON.stringify({ ...meta, rows }, null, 2)}\n`, 'utf8');
}
