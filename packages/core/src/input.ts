/**
 * Shared zod building blocks for values whose range the app defines (the raw-input guard in the API,
 * domain/input-safety, already refuses NUL, lone surrogates, integers past PostgreSQL's and dates outside
 * 1900–2100 for every procedure). A date of work — a deadline, a plan's document, a meeting — lies in
 * 2000–2100: a task due in 1900 or 9999 is a typing slip, not a plan.
 */
import { formatVietnameseDate, isIsoDate } from '@cchc/domain/calendar/dates';
import { WORK_DATE_MAX, WORK_DATE_MIN } from '@cchc/domain/input-safety';
import { LINK_PROBLEM_MESSAGES, linkProblem } from '@cchc/domain/links';
import { z } from 'zod';

export const ZWorkDate = z
  .string()
  .refine(isIsoDate, 'Ngày không hợp lệ.')
  .refine(
    (d) => d >= WORK_DATE_MIN && d <= WORK_DATE_MAX,
    `Ngày phải nằm trong khoảng từ ${formatVietnameseDate(WORK_DATE_MIN)} đến ${formatVietnameseDate(WORK_DATE_MAX)}.`,
  );

/**
 * A link field (a web address people or files supply): http(s) only; `javascript:`, `data:` and `vbscript:`
 * — in any spelling a browser would still follow — are refused with a Vietnamese message (domain/links).
 * Empty stays empty (no link).
 */
export function zLink(max = 1000) {
  return z
    .string()
    .trim()
    .max(max, `Liên kết tối đa ${max} ký tự.`)
    .superRefine((value, ctx) => {
      const problem = linkProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: LINK_PROBLEM_MESSAGES[problem] });
    });
}
