/**
 * Refuses guessable passwords (OWASP ASVS 2.1.7, NIST SP 800-63B §5.1.1.2): zxcvbn-ts estimates how
 * many guesses a password needs, against its list of the most common leaked passwords, keyboard
 * patterns, dates and repeats — plus the Vietnamese words people put in passwords and the account's
 * own username and name. Offline: the lists ship in the npm packages. Server-side only (the lists are
 * ~400 KB), called wherever a new password is set; the form's shape rules stay in ZNewPassword.
 */
import { foldVietnamese } from '@cchc/domain/text';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors';

/** zxcvbn's scale: 3 = "safely unguessable: moderate protection from offline slow-hash scenarios" (≥ 10^8 guesses). */
export const MIN_PASSWORD_SCORE = 3;

/** Words Vietnamese users build passwords from, folded (no diacritics), which the English-centred lists lack. */
const VIETNAMESE_WORDS = [
  'matkhau',
  'mat-khau',
  'anhyeuem',
  'emyeuanh',
  'yeuem',
  'yeuanh',
  'toiyeuban',
  'vietnam',
  'hanoi',
  'saigon',
  'hochiminh',
  'danang',
  'haiphong',
  'hungyen',
  'caicach',
  'thutuc',
  'hanhchinh',
  'cchc',
  'tthc',
  'ubnd',
  'sonoivu',
  'noivu',
  'tuphap',
  'quantri',
  'quantrivien',
  'admin',
  'canbo',
  'giamdoc',
  'chaoban',
  'xinchao',
  'nguyen',
  'tran',
  'pham',
  'hoang',
  'huynh',
  'phan',
  'dang',
  'bui',
  'ngoc',
  'thanh',
  'minh',
  'linh',
  'huong',
];

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...dictionary, vietnamese: VIETNAMESE_WORDS },
    graphs: adjacencyGraphs,
  });
  return factory;
}

/** The account's own words: username parts and name parts, folded, so "Nguyen.An2026" is weak for Nguyễn An. */
function accountWords(account: Account): string[] {
  const words = new Set<string>();
  for (const value of [account.username, account.displayName, account.email ?? undefined]) {
    if (!value) continue;
    const folded = foldVietnamese(value);
    words.add(folded.replace(/[^a-z0-9]/g, ''));
    for (const part of folded.split(/[^a-z0-9]+/)) if (part.length >= 2) words.add(part);
  }
  return [...words].filter(Boolean);
}

type Account = { username?: string; displayName?: string; email?: string | null };

/**
 * zxcvbn's 0–4 score of a password for this account. A password built around the account's own name is
 * scored by what is left once those words are taken out ("Nguyen.An2026" for Nguyễn An is ".An2026").
 */
export function passwordScore(password: string, account: Account = {}): number {
  const words = accountWords(account);
  const whole = estimator().check(password, words).score;
  let rest = foldVietnamese(password);
  for (const word of words.filter((w) => w.length >= 3).sort((a, b) => b.length - a.length)) rest = rest.split(word).join('');
  if (rest.length === foldVietnamese(password).length) return whole;
  return Math.min(whole, estimator().check(rest, words).score);
}

/** Throws a Vietnamese 400 when the password is common, a pattern, or built from the account's own name. */
export function assertStrongPassword(password: string, account: Account, field = 'password'): void {
  if (passwordScore(password, account) >= MIN_PASSWORD_SCORE) return;
  throw new AppError(
    'bad_request',
    'auth.weak_password',
    'Mật khẩu quá dễ đoán (mật khẩu phổ biến, chuỗi bàn phím, ngày tháng hoặc chứa tên, tên đăng nhập). Vui lòng chọn mật khẩu khác.',
    { field },
  );
}
