import { foldVietnamese } from './text';

/** The state of a background import run (dossiers, monthly counts, feedback). */
export const IMPORT_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];

/** What an import does with rows that fail validation: write nothing (the default), or write the good ones. */
export const BAD_ROW_POLICIES = ['stop', 'skip'] as const;
export type BadRowPolicy = (typeof BAD_ROW_POLICIES)[number];

/**
 * What an import does when it would count due dates through a year whose holiday calendar is not published:
 * write nothing and say so (the default), or compute them on the calendar known and flag the items (they are
 * re-dated when the year's calendar is saved).
 */
export const UNCONFIRMED_CALENDAR_POLICIES = ['stop', 'flag'] as const;
export type UnconfirmedCalendarPolicy = (typeof UNCONFIRMED_CALENDAR_POLICIES)[number];

/** How many row errors an import keeps for the screen and the downloadable list; the count is always exact. */
export const MAX_KEPT_ERRORS = 100_000;

/**
 * A column an import recognises: our key (the English name in our templates), the Vietnamese name shown
 * in the app, and the other headers that mean the same (national exports, portals' own names).
 */
export interface ImportColumn {
  key: string;
  required: boolean;
  /** The Vietnamese header of our template. */
  vi: string;
  /** Other accepted headers; matched accent-, case-, punctuation- and spacing-insensitively. */
  aliases: readonly string[];
  /** One line of help, Vietnamese and English. */
  help: { vi: string; en: string };
}

/** "Mã số TTHC (*)" → "ma so tthc": accents, case, punctuation and spacing do not matter in a header. */
export function foldHeader(text: string): string {
  return foldVietnamese(text)
    .replace(/\(\s*\*\s*\)|\*/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The national procedure catalogue: our template and the list export of the national procedures database. */
export const CATALOGUE_IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'code',
    required: true,
    vi: 'Mã số',
    aliases: ['ma', 'ma tthc', 'ma so tthc', 'ma thu tuc', 'ma thu tuc hanh chinh', 'ma so thu tuc', 'procedure code'],
    help: { vi: 'Mã thủ tục, ví dụ 1.000005', en: 'Procedure code, e.g. 1.000005' },
  },
  {
    key: 'name',
    required: true,
    vi: 'Tên',
    aliases: ['ten tthc', 'ten thu tuc', 'ten thu tuc hanh chinh', 'procedure name'],
    help: { vi: 'Tên thủ tục', en: 'Procedure name' },
  },
  {
    key: 'field',
    required: false,
    vi: 'Lĩnh vực',
    aliases: ['linh vuc thuc hien', 'ten linh vuc'],
    help: { vi: 'Lĩnh vực', en: 'Field' },
  },
  {
    key: 'level',
    required: false,
    vi: 'Cấp thực hiện',
    aliases: ['cap', 'cap thuc hien tthc', 'cap co quan thuc hien', 'levels'],
    help: {
      vi: 'Một hay nhiều cấp, cách nhau bằng dấu phẩy: Cấp bộ, Cấp tỉnh, Cấp huyện, Cấp xã',
      en: 'One or more levels, comma separated: Cấp bộ, Cấp tỉnh, Cấp huyện, Cấp xã',
    },
  },
  {
    key: 'procedure_type',
    required: false,
    vi: 'Loại thủ tục',
    aliases: ['loai tthc', 'loai thu tuc hanh chinh', 'type'],
    help: { vi: 'Loại thủ tục', en: 'Procedure type' },
  },
  {
    key: 'decision_no',
    required: false,
    vi: 'Quyết định công bố',
    aliases: ['so quyet dinh', 'quyet dinh', 'so quyet dinh cong bo', 'qd cong bo', 'decision'],
    help: { vi: 'Số quyết định công bố', en: 'Number of the announcing decision' },
  },
  {
    key: 'issuing_agency',
    required: false,
    vi: 'Cơ quan ban hành',
    aliases: ['co quan cong bo', 'co quan ban hanh quyet dinh', 'bo nganh', 'issuing agency name'],
    help: { vi: 'Cơ quan ban hành (bộ, ngành)', en: 'Issuing agency (ministry)' },
  },
  {
    key: 'implementing_agencies',
    required: false,
    vi: 'Cơ quan thực hiện',
    aliases: ['co quan giai quyet', 'co quan thuc hien tthc', 'don vi thuc hien', 'implementing agency'],
    help: {
      vi: 'Một hay nhiều cơ quan, mỗi cơ quan một dòng trong ô (hoặc cách nhau bằng ; hay |); được gắn với cơ quan trùng mã hoặc tên',
      en: 'One or more agencies, one per line in the cell (or separated by ; or |); linked to the agency with that code or name',
    },
  },
  {
    key: 'target_subjects',
    required: false,
    vi: 'Đối tượng thực hiện',
    aliases: ['doi tuong', 'doi tuong thuc hien tthc', 'target subject'],
    help: { vi: 'Đối tượng thực hiện', en: 'Who files it' },
  },
  {
    key: 'detail_url',
    required: false,
    vi: 'Đường dẫn',
    aliases: ['link', 'lien ket', 'duong dan chi tiet', 'url', 'chi tiet'],
    help: { vi: 'Địa chỉ trang chi tiết', en: 'Address of the detail page' },
  },
];

/** Dossiers (hồ sơ) as a one-stop shop's software exports them: our template and the usual Vietnamese headers. */
export const DOSSIER_IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'dossier_id',
    required: true,
    vi: 'Mã hồ sơ',
    aliases: ['so ho so', 'ma so ho so', 'so bien nhan', 'ma bien nhan', 'ma ho so tthc'],
    help: { vi: 'Mã hồ sơ trong phần mềm một cửa (duy nhất)', en: "The dossier's id in the one-stop software (unique)" },
  },
  {
    key: 'procedure_code',
    required: true,
    vi: 'Mã thủ tục',
    aliases: ['ma tthc', 'ma so tthc', 'ma thu tuc hanh chinh', 'ma so thu tuc'],
    help: { vi: 'Mã thủ tục trong danh mục, ví dụ 1.000005', en: 'Procedure code in the catalogue, e.g. 1.000005' },
  },
  {
    key: 'receiving_agency_code',
    required: false,
    vi: 'Mã cơ quan tiếp nhận',
    aliases: ['ma don vi tiep nhan', 'co quan tiep nhan', 'don vi tiep nhan', 'noi tiep nhan'],
    help: { vi: 'Mã cơ quan (bộ phận một cửa) tiếp nhận hồ sơ', en: 'Code of the agency (one-stop desk) that received it' },
  },
  {
    key: 'competent_agency_code',
    required: true,
    vi: 'Mã cơ quan giải quyết',
    aliases: ['ma don vi giai quyet', 'co quan giai quyet', 'don vi giai quyet', 'ma co quan co tham quyen', 'don vi xu ly'],
    help: { vi: 'Mã cơ quan có thẩm quyền giải quyết', en: 'Code of the competent agency' },
  },
  {
    key: 'received_at',
    required: true,
    vi: 'Ngày tiếp nhận',
    aliases: ['thoi gian tiep nhan', 'ngay nhan', 'ngay nop', 'ngay nhan ho so', 'thoi gian nhan'],
    help: {
      vi: 'dd/MM/yyyy HH:mm hoặc yyyy-MM-dd HH:mm (giờ Việt Nam)',
      en: 'dd/MM/yyyy HH:mm or yyyy-MM-dd HH:mm (Vietnam time)',
    },
  },
  {
    key: 'appointment_date',
    required: true,
    vi: 'Ngày hẹn trả',
    aliases: ['ngay hen tra ket qua', 'hen tra ket qua', 'ngay hen', 'han giai quyet', 'han xu ly'],
    help: { vi: 'Ngày hẹn trả kết quả (dd/MM/yyyy)', en: 'Promised result date (dd/MM/yyyy)' },
  },
  {
    key: 'finished_at',
    required: false,
    vi: 'Ngày hoàn thành',
    aliases: ['ngay tra ket qua', 'ngay co ket qua', 'thoi gian hoan thanh', 'ngay ket thuc', 'ngay giai quyet xong'],
    help: { vi: 'Trống khi chưa giải quyết xong', en: 'Empty while not finished' },
  },
  {
    key: 'channel',
    required: true,
    vi: 'Kênh nộp',
    aliases: ['hinh thuc nop', 'hinh thuc tiep nhan', 'kenh tiep nhan', 'hinh thuc nop ho so'],
    help: {
      vi: 'Trực tiếp, Trực tuyến, Bưu chính (hoặc direct, online, postal)',
      en: 'direct, online, postal (or the Vietnamese names)',
    },
  },
  {
    key: 'status',
    required: true,
    vi: 'Trạng thái',
    aliases: ['tinh trang', 'trang thai ho so', 'tinh trang ho so', 'tinh trang xu ly'],
    help: { vi: 'Trạng thái hồ sơ trong phần mềm một cửa', en: "The dossier's status in the one-stop software" },
  },
  {
    key: 'supplement_requests',
    required: false,
    vi: 'Số lần yêu cầu bổ sung',
    aliases: ['so lan bo sung', 'lan bo sung', 'so lan yeu cau bo sung ho so'],
    help: {
      vi: 'Số nguyên không âm; không có cột thì là 0 (hồ sơ mới) hoặc giữ nguyên',
      en: 'Whole number; without the column 0 (new) or kept',
    },
  },
  {
    key: 'supplement_days',
    required: false,
    vi: 'Số ngày bổ sung',
    aliases: ['so ngay tam dung', 'ngay bo sung', 'so ngay cho bo sung'],
    help: {
      vi: 'Số ngày làm việc chờ bổ sung; không có cột thì là 0 hoặc giữ nguyên',
      en: 'Working days waiting for a supplement; without the column 0 or kept',
    },
  },
];

/** Monthly filing counts (procedure × agency × month) of agencies that report totals only. */
export const FILING_COUNT_IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'procedure_code',
    required: true,
    vi: 'Mã thủ tục',
    aliases: ['ma tthc', 'ma so tthc', 'ma thu tuc hanh chinh', 'ma so thu tuc'],
    help: { vi: 'Mã thủ tục trong danh mục', en: 'Procedure code in the catalogue' },
  },
  {
    key: 'agency_code',
    required: true,
    vi: 'Mã cơ quan',
    aliases: ['ma don vi', 'co quan', 'don vi', 'ma co quan giai quyet'],
    help: { vi: 'Mã cơ quan giải quyết', en: 'Code of the competent agency' },
  },
  {
    key: 'month',
    required: true,
    vi: 'Tháng',
    aliases: ['thang nam', 'ky bao cao', 'thang bao cao'],
    help: { vi: 'MM/yyyy hoặc yyyy-MM', en: 'MM/yyyy or yyyy-MM' },
  },
  {
    key: 'received',
    required: true,
    vi: 'Số hồ sơ tiếp nhận',
    aliases: ['so ho so', 'so ho so nhan', 'tiep nhan', 'so luong ho so', 'tong so ho so tiep nhan'],
    help: { vi: 'Số nguyên không âm', en: 'Whole number, not negative' },
  },
];

/** Agencies in our CSV format (docs/imports.md), under English or Vietnamese headers. */
export const AGENCY_IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'code',
    required: true,
    vi: 'Mã cơ quan',
    aliases: ['ma', 'ma don vi', 'ma dinh danh', 'ma so'],
    help: { vi: 'Mã cơ quan, tối đa 32 ký tự', en: 'Agency code, at most 32 characters' },
  },
  {
    key: 'name',
    required: true,
    vi: 'Tên',
    aliases: ['ten co quan', 'ten don vi', 'ten ngan'],
    help: { vi: 'Tên ngắn', en: 'Short name' },
  },
  {
    key: 'full_name',
    required: false,
    vi: 'Tên đầy đủ',
    aliases: ['ten day du co quan', 'ten chinh thuc'],
    help: { vi: 'Tên đầy đủ; trống thì dùng tên ngắn', en: 'Full name; empty means the short name' },
  },
  {
    key: 'name_en',
    required: false,
    vi: 'Tên tiếng Anh',
    aliases: ['ten tieng anh', 'english name'],
    help: { vi: 'Tên tiếng Anh', en: 'English name' },
  },
  {
    key: 'kind',
    required: true,
    vi: 'Loại',
    aliases: ['loai co quan', 'loai don vi', 'cap'],
    help: {
      vi: 'ministry, province, department, district, commune hoặc other',
      en: 'ministry, province, department, district, commune or other',
    },
  },
  {
    key: 'parent_code',
    required: false,
    vi: 'Mã cơ quan cấp trên',
    aliases: ['ma cap tren', 'co quan cap tren', 'ma don vi cap tren', 'truc thuoc'],
    help: { vi: 'Mã cơ quan cấp trên', en: "Parent agency's code" },
  },
  {
    key: 'parent_kind',
    required: false,
    vi: 'Loại cơ quan cấp trên',
    aliases: ['loai cap tren'],
    help: { vi: 'Khi mã cấp trên trùng ở nhiều loại cơ quan', en: "When the parent's code is shared by several kinds" },
  },
  {
    key: 'valid_from',
    required: false,
    vi: 'Có hiệu lực từ',
    aliases: ['hieu luc tu', 'ngay hieu luc', 'tu ngay'],
    help: { vi: 'yyyy-MM-dd', en: 'yyyy-MM-dd' },
  },
  {
    key: 'valid_to',
    required: false,
    vi: 'Hết hiệu lực',
    aliases: ['het hieu luc tu', 'ngay het hieu luc', 'den ngay'],
    help: { vi: 'yyyy-MM-dd; trống khi còn hoạt động', en: 'yyyy-MM-dd; empty while active' },
  },
];

/** Tasks of a plan: the XLSX template's headers (older templates' long headers too) and common variants. */
export const TASK_IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'code',
    required: false,
    vi: 'Số TT',
    aliases: ['ma nhiem vu', 'so hieu', 'ky hieu'],
    help: { vi: 'Số thứ tự hoặc ký hiệu nhiệm vụ', en: 'Number or code of the task' },
  },
  {
    key: 'title',
    required: true,
    vi: 'Tên nhiệm vụ',
    aliases: ['nhiem vu', 'noi dung nhiem vu', 'ten cong viec', 'title'],
    help: { vi: 'Tên nhiệm vụ', en: 'Task title' },
  },
  {
    key: 'group',
    required: false,
    vi: 'Nhóm nhiệm vụ',
    aliases: ['nhom', 'linh vuc', 'nhom nhiem vu giai phap'],
    help: { vi: 'Nhóm trong kế hoạch; nhóm chưa có sẽ được tạo', en: 'Group of the plan; a new one is created' },
  },
  {
    key: 'description',
    required: false,
    vi: 'Nội dung',
    aliases: ['mo ta', 'noi dung thuc hien', 'description'],
    help: { vi: 'Nội dung', en: 'Description' },
  },
  {
    key: 'expectedOutput',
    required: false,
    vi: 'Sản phẩm',
    aliases: ['san pham du kien', 'ket qua du kien', 'san pham dau ra', 'expected output'],
    help: { vi: 'Sản phẩm', en: 'Expected output' },
  },
  {
    key: 'lead',
    required: true,
    vi: 'Cơ quan chủ trì',
    aliases: ['co quan chu tri ma hoac ten', 'don vi chu tri', 'chu tri', 'lead agency'],
    help: { vi: 'Mã hoặc tên cơ quan', en: "Agency's code or name" },
  },
  {
    key: 'coordinators',
    required: false,
    vi: 'Cơ quan phối hợp',
    aliases: ['co quan phoi hop ma hoac ten cach nhau boi dau', 'don vi phoi hop', 'phoi hop', 'coordinating agencies'],
    help: { vi: 'Mã hoặc tên, cách nhau bởi dấu ;', en: 'Codes or names separated by ;' },
  },
  {
    key: 'deadline',
    required: false,
    vi: 'Thời hạn',
    aliases: ['thoi han dd mm yyyy', 'thoi gian hoan thanh', 'han hoan thanh', 'deadline'],
    help: { vi: 'dd/MM/yyyy', en: 'dd/MM/yyyy' },
  },
  {
    key: 'priority',
    required: false,
    vi: 'Mức ưu tiên',
    aliases: ['muc uu tien thap binh thuong cao', 'uu tien', 'priority'],
    help: { vi: 'Thấp, Bình thường, Cao', en: 'Thấp (low), Bình thường (normal), Cao (high)' },
  },
  {
    key: 'weight',
    required: false,
    vi: 'Trọng số',
    aliases: ['he so', 'weight'],
    help: { vi: 'Trọng số trong kế hoạch; trống là 1', en: 'Weight in the plan; empty means 1' },
  },
];

/** Headers that are no data column (a running number): never reported as unknown. */
const IGNORED_HEADERS = new Set(['stt', 'tt', 'so tt', 'so thu tu', 'no']);

export interface HeaderMatch {
  /** 0-based index of the header row among the rows given. */
  rowIndex: number;
  /** Our key → 0-based column index in the file. */
  columns: Record<string, number>;
  /** The file's headers that match none of ours (a running number column is not listed). */
  unknown: string[];
  /** Required keys the header row lacks (empty when the header is complete). */
  missing: string[];
}

/** Matches one row of header cells to the columns; the first cell that fits a column wins. */
export function matchHeaderRow(
  cells: readonly (string | null)[],
  columns: readonly ImportColumn[],
): Omit<HeaderMatch, 'rowIndex'> {
  const names = new Map<string, string>();
  for (const c of columns) {
    names.set(foldHeader(c.key), c.key);
    names.set(foldHeader(c.vi), c.key);
    for (const a of c.aliases) names.set(foldHeader(a), c.key);
  }
  const found: Record<string, number> = {};
  const unknown: string[] = [];
  cells.forEach((cell, i) => {
    const text = (cell ?? '').trim();
    if (!text) return;
    const folded = foldHeader(text);
    const key = names.get(folded);
    if (key && found[key] === undefined) found[key] = i;
    else if (!key && !IGNORED_HEADERS.has(folded)) unknown.push(text);
  });
  return { columns: found, unknown, missing: columns.filter((c) => c.required && found[c.key] === undefined).map((c) => c.key) };
}

/**
 * Finds the header row below title rows (a merged "DANH SÁCH THỦ TỤC HÀNH CHÍNH", a date line …): the first
 * of the top `scan` rows that has every required column; failing that, the one that matches most columns,
 * with what it lacks.
 */
export function findHeaderRow(
  rows: readonly (readonly (string | null)[])[],
  columns: readonly ImportColumn[],
  scan = 30,
): HeaderMatch {
  let best: HeaderMatch | null = null;
  let bestScore = -1;
  for (let i = 0; i < Math.min(rows.length, scan); i++) {
    const match = matchHeaderRow(rows[i] ?? [], columns);
    const score = Object.keys(match.columns).length;
    if (!match.missing.length && score > 0) return { rowIndex: i, ...match };
    if (score > bestScore) {
      best = { rowIndex: i, ...match };
      bestScore = score;
    }
  }
  return best ?? { rowIndex: 0, columns: {}, unknown: [], missing: columns.filter((c) => c.required).map((c) => c.key) };
}

/** A row under the header that numbers the columns — "(1) (2) (3)" or "1 2 3" — is no data. */
export function isColumnNumberingRow(cells: readonly (string | null)[]): boolean {
  const filled = cells.map((c) => (c ?? '').trim()).filter(Boolean);
  return filled.length >= 2 && filled.every((c) => /^\(?\d{1,2}\)?$/.test(c));
}

/** Several values in one cell: one per line, or separated by ";" or "|" (commas stay: names hold them). */
export function splitMultiValue(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/\r?\n|;|\|/)) {
    const value = part.replace(/^\s*[-•+*]\s*/, '').trim();
    const key = foldVietnamese(value);
    if (value && !seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}
