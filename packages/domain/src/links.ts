/**
 * Links people and files type in (a procedure's page in the national database, a media URL from another
 * system): only web addresses are links (issue 15, item 6; OWASP ASVS 5.1.4, 5.3.x). A `javascript:`,
 * `data:` or `vbscript:` URL would run script or show forged content where the link is opened, so it is
 * refused — including the spellings a browser would still follow: any case, spaces or control characters
 * before it, tabs or line breaks inside the scheme (browsers remove those before reading a URL).
 */

export type LinkProblem = 'dangerous_scheme' | 'not_web';

const DANGEROUS_SCHEMES = ['javascript', 'data', 'vbscript'] as const;
/** http(s)://host[:port][/path?query#fragment], no spaces or control characters anywhere. */
const WEB_ADDRESS = /^https?:\/\/[^\s/?#@\\]+(?:[/?#][^\s]*)?$/i;

/** The scheme a browser would read, after the clean-up it does itself; null when there is none. */
function schemeOf(value: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop leading C0 controls and spaces, and tabs/newlines anywhere
  const cleaned = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** Why a typed link may not be stored, or null when it is an http(s) web address. Empty is no link (null). */
export function linkProblem(value: string): LinkProblem | null {
  if (value.trim() === '') return null;
  const scheme = schemeOf(value);
  if (scheme && (DANGEROUS_SCHEMES as readonly string[]).includes(scheme)) return 'dangerous_scheme';
  if ((scheme !== 'http' && scheme !== 'https') || !WEB_ADDRESS.test(value.trim())) return 'not_web';
  return null;
}

/** Whether a stored link may be rendered as one (an old row may predate the check: shown as text then). */
export function isSafeLink(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '' && linkProblem(value) === null;
}

export const LINK_PROBLEM_MESSAGES: Record<LinkProblem, string> = {
  dangerous_scheme:
    'Liên kết không được bắt đầu bằng javascript:, data: hoặc vbscript: (có thể chạy mã độc). Vui lòng nhập địa chỉ web bắt đầu bằng http:// hoặc https://.',
  not_web: 'Liên kết phải là địa chỉ web đầy đủ, bắt đầu bằng http:// hoặc https://.',
};
