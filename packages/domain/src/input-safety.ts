/**
 * What no input of this app may carry, whatever the field (OWASP ASVS 5.1.3–5.1.4): checked once on the
 * raw input of every API call, before any schema, so a new procedure is covered without thinking of it.
 * - text with a NUL character (PostgreSQL cannot store it; common in text pasted from PDF or Word) or a
 *   lone UTF-16 surrogate (not text at all: it cannot be encoded as UTF-8);
 * - an integer outside PostgreSQL's `integer` (every count, year, limit and id the app takes fits);
 * - a calendar date (YYYY-MM-DD, alone or starting a timestamp) outside 1900-01-01 … 2100-12-31: the
 *   working-day calendar, the periods and the reports are defined within those years;
 * - structures nested deeper than any form produces.
 */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2100-12-31';
export const MAX_INPUT_DEPTH = 32;

/** The years of work the app plans and tracks (plans, tasks, deadlines, meetings): narrower than any input. */
export const WORK_DATE_MIN = '2000-01-01';
export const WORK_DATE_MAX = '2100-12-31';

export type InputProblemKind = 'bad_text' | 'number_range' | 'date_range' | 'too_deep';

export interface InputProblem {
  kind: InputProblemKind;
  /** Where in the input, e.g. "tasks.3.title"; empty for the whole input. */
  path: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DATE_PREFIX = /^(\d{4,})-\d{2}-\d{2}(?:$|T)/;

export function isSafeText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** True for a string that is a date (or timestamp) outside MIN_DATE … MAX_DATE. */
export function isOutOfRangeDate(value: string): boolean {
  const m = DATE_PREFIX.exec(value);
  if (!m) return false;
  if (m[1]?.length !== 4) return true; // 10000-01-01 and beyond
  const day = value.slice(0, 10);
  return day < MIN_DATE || day > MAX_DATE;
}

/** The first problem found in an input (JSON-like value), or null when it is safe to hand to the schemas. */
export function inputProblem(value: unknown, path: readonly (string | number)[] = []): InputProblem | null {
  if (path.length > MAX_INPUT_DEPTH) return { kind: 'too_deep', path: path.join('.') };
  if (typeof value === 'string') {
    if (!isSafeText(value)) return { kind: 'bad_text', path: path.join('.') };
    if (isOutOfRangeDate(value)) return { kind: 'date_range', path: path.join('.') };
    return null;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value > INT4_MAX || value < INT4_MIN) return { kind: 'number_range', path: path.join('.') };
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = inputProblem(value[i], [...path, i]);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isSafeText(key)) return { kind: 'bad_text', path: [...path, key].join('.') };
      const problem = inputProblem(item, [...path, key]);
      if (problem) return problem;
    }
  }
  return null;
}

/** The Vietnamese sentence for each problem (the admin app has the same under errors.input.*). */
export const INPUT_PROBLEM_MESSAGES: Record<InputProblemKind, string> = {
  bad_text:
    'Dữ liệu nhập có ký tự không hợp lệ (ký tự rỗng hoặc lỗi mã hóa, hay gặp khi sao chép từ PDF, Word). Vui lòng xóa ký tự đó rồi nhập lại.',
  number_range: 'Số nhập vào vượt quá phạm vi cho phép.',
  date_range: 'Ngày phải nằm trong khoảng từ 01/01/1900 đến 31/12/2100.',
  too_deep: 'Dữ liệu nhập có cấu trúc lồng quá sâu.',
};
