/** Input schemas of sign-in and password changes, shared by the API and the admin app's forms. */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '@cchc/domain/password';
import { z } from 'zod';

export const ZUsername = z
  .string()
  .trim()
  .min(3, 'Tên đăng nhập cần ít nhất 3 ký tự.')
  .max(64, 'Tên đăng nhập tối đa 64 ký tự.')
  .regex(/^[a-zA-Z0-9._-]*$/, 'Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.');

const PROBLEM_MESSAGES = {
  too_short: `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`,
  too_long: `Mật khẩu tối đa ${PASSWORD_MAX_LENGTH} ký tự.`,
  needs_letter_and_digit: 'Mật khẩu cần có cả chữ và số.',
} as const;

export const ZNewPassword = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: PROBLEM_MESSAGES[problem] });
});

export const ZSignIn = z.object({
  username: z.string().trim().min(1, 'Vui lòng nhập tên đăng nhập.').max(64),
  password: z.string().min(1, 'Vui lòng nhập mật khẩu.').max(PASSWORD_MAX_LENGTH),
  /** The code from the authenticator app (or a recovery code), for accounts with two-factor sign-in. */
  otp: z.string().trim().max(20).optional(),
});
export type TSignIn = z.infer<typeof ZSignIn>;

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, 'Vui lòng nhập mật khẩu hiện tại.').max(PASSWORD_MAX_LENGTH),
    newPassword: ZNewPassword,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ['newPassword'],
    message: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  });
export type TChangePassword = z.infer<typeof ZChangePassword>;

/** A session of one's own to revoke, by the handle "my sessions" lists. */
export const ZSessionRef = z.object({
  ref: z.string().regex(/^[0-9a-f]{16}$/, 'Phiên đăng nhập không hợp lệ.'),
});
