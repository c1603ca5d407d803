/**
 * The text of an uploaded CSV whatever it was saved as: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or
 * the zero bytes of ASCII text without one), Windows-1258 (Excel's "CSV" on a Vietnamese Windows) and
 * TCVN3 (ABC, old Vietnamese fonts). Windows-1258 writes tones as combining marks: the text is normalised to
 * NFC so "Nguyễn" is one spelling in the database. A file that none of these decodes cleanly — a UTF-8 file
 * with broken bytes, control characters, a byte no encoding defines — is refused, naming the line: the
 * import never stores a replacement character or mojibake.
 */
import iconv from 'iconv-lite';
import { AppError } from '../errors';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3';

export const ENCODING_LABELS: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1258': 'Windows-1258',
  tcvn3: 'TCVN3 (ABC)',
};

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const lineAt = (bytes: Buffer, offset: number, width = 1) => {
  let line = 1;
  for (let i = 0; i < offset; i += width) if (bytes[i] === 0x0a || (width === 2 && bytes[i + 1] === 0x0a)) line++;
  return line;
};

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence, and how many well-formed multi-byte ones come before the end. */
function scanUtf8(bytes: Buffer): { firstBad: number; multiByte: number } {
  let multiByte = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return { firstBad: i, multiByte };
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    // Overlong forms and surrogates are not UTF-8.
    if (ok && b === 0xe0) ok = (bytes[i + 1] as number) >= 0xa0;
    if (ok && b === 0xed) ok = (bytes[i + 1] as number) < 0xa0;
    if (ok && b === 0xf0) ok = (bytes[i + 1] as number) >= 0x90;
    if (ok && b === 0xf4) ok = (bytes[i + 1] as number) < 0x90;
    if (!ok) return { firstBad: i, multiByte };
    multiByte++;
    i += need + 1;
  }
  return { firstBad: -1, multiByte };
}

/** Characters a spreadsheet's text never holds: C0 controls other than tab and line breaks, C1 controls, U+FFFD. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is refused
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;

function firstForbiddenLine(text: string): number | null {
  const m = FORBIDDEN.exec(text);
  if (!m) return null;
  return text.slice(0, m.index).split('\n').length;
}

/** Every Vietnamese letter, precomposed: what a well-decoded legacy file is made of beyond ASCII. */
const VIETNAMESE = (() => {
  const letters = new Set<string>(['đ', 'Đ']);
  const bases = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
  for (const b of bases)
    for (const t of tones) {
      letters.add((b + t).normalize('NFC'));
      letters.add((b.toUpperCase() + t).normalize('NFC'));
    }
  return letters;
})();

const TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * How Vietnamese a decoding looks: + for each word beyond ASCII that is made of Vietnamese letters with at most
 * one tone (a syllable), − for any other word or symbol beyond ASCII. Windows-1258 read as TCVN3 (or the other
 * way round) gives letters too, but words with two or three tones, or symbols like "¸" and "¹".
 */
function vietnameseScore(text: string): number {
  let score = 0;
  for (const [word] of text.matchAll(/[^\s\p{P}\d]*[^\p{ASCII}][^\s\p{P}\d]*/gu)) {
    const letters = [...word].every((ch) => (ch.charCodeAt(0) < 0x80 ? /[a-z]/i.test(ch) : VIETNAMESE.has(ch)));
    const tones = word.normalize('NFD').match(TONE)?.length ?? 0;
    score += letters && tones <= 1 ? 1 : -2;
  }
  return score;
}

// The message names what is wrong (and where): it travels as a parameter, so the screens show it in full.
const refuse = (message: string) => new AppError('bad_request', 'import.bad_encoding', message, { detail: message });

/** Decodes a CSV (or any text) upload; throws a Vietnamese message naming the line when it cannot. */
export function decodeText(bytes: Buffer): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  let utf16: 'utf-16le' | 'utf-16be' | null = null;
  let start = 0;
  if (b0 === 0xff && b1 === 0xfe) [utf16, start] = ['utf-16le', 2];
  else if (b0 === 0xfe && b1 === 0xff) [utf16, start] = ['utf-16be', 2];
  else if (bytes.length >= 4 && bytes.length % 2 === 0) {
    // No BOM: ASCII characters (the header) put a zero byte on one side.
    const sample = bytes.subarray(0, Math.min(bytes.length, 512));
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? oddZero++ : evenZero++;
    const half = sample.length / 2;
    if (oddZero > half * 0.4 && evenZero === 0) utf16 = 'utf-16le';
    else if (evenZero > half * 0.4 && oddZero === 0) utf16 = 'utf-16be';
  }
  if (utf16) {
    const body = bytes.subarray(start);
    if (body.length % 2) throw refuse(`Tệp ${ENCODING_LABELS[utf16]} bị cắt cụt (số byte lẻ); vui lòng lưu lại tệp.`);
    let text: string;
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(body);
    } catch {
      throw refuse(`Tệp ${ENCODING_LABELS[utf16]} có ký tự không hợp lệ; vui lòng lưu lại tệp dạng CSV UTF-8.`);
    }
    const bad = firstForbiddenLine(text);
    if (bad) throw refuse(`Tệp ${ENCODING_LABELS[utf16]} có ký tự không hợp lệ ở dòng ${bad}; vui lòng kiểm tra lại tệp.`);
    return { text: text.normalize('NFC'), encoding: utf16 };
  }

  const body = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const { firstBad, multiByte } = scanUtf8(body);
  if (firstBad < 0) {
    const text = body.toString('utf8');
    const bad = firstForbiddenLine(text);
    if (bad)
      throw refuse(
        `Tệp có ký tự không hợp lệ ở dòng ${bad} (ký tự điều khiển hoặc ký tự thay thế �); vui lòng kiểm tra lại tệp.`,
      );
    return { text: text.normalize('NFC'), encoding: 'utf-8' };
  }
  if (multiByte > 0 || body !== bytes) {
    // Mostly UTF-8 with broken bytes (a file cut or edited in the wrong encoding): decoding it as anything would store mojibake.
    throw refuse(
      `Tệp UTF-8 bị lỗi mã hóa ở dòng ${lineAt(body, firstBad)} (byte không hợp lệ); vui lòng lưu lại tệp dạng CSV UTF-8.`,
    );
  }
  // A legacy 8-bit file: Windows-1258 or TCVN3, whichever reads as Vietnamese.
  const candidates = (['windows-1258', 'tcvn3'] as const)
    .map((encoding) => {
      const text = iconv.decode(body, encoding === 'tcvn3' ? 'tcvn' : encoding).normalize('NFC');
      return { encoding, text, bad: firstForbiddenLine(text), score: vietnameseScore(text) };
    })
    .sort((a, b) => Number(a.bad !== null) - Number(b.bad !== null) || b.score - a.score);
  const best = candidates[0];
  if (!best || best.bad !== null || best.score < 0) {
    const line = best?.bad ?? lineAt(body, firstBad);
    throw refuse(
      `Không xác định được bảng mã của tệp (không phải UTF-8, UTF-16, Windows-1258 hay TCVN3; ký tự lạ ở dòng ${line}); vui lòng lưu lại tệp dạng CSV UTF-8.`,
    );
  }
  return { text: best.text, encoding: best.encoding };
}
