/**
 * Password policy, shared by the server's validation and the admin app's forms: at least 12 characters
 * (OWASP ASVS 2.1.1), letters and digits. The server also refuses guessable passwords (core/auth/password-strength).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'needs_letter_and_digit';

export function passwordProblem(password: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'needs_letter_and_digit';
  return null;
}
