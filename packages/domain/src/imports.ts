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
