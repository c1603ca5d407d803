/** Every encoding a Vietnamese office saves a CSV in, decoded to the same text; anything else refused with its line. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { decodeText } from './encoding';

const TEXT = 'Mã số,Họ và tên,Ghi chú\n1,"Nguyễn Văn Đán","Ưu tiên, khẩn"\n2,Trần Thị Ngọc Ánh,Đã trả lời ở Phường Ỷ La\n';

/** Code page 1258 as Windows writes it: base letters precomposed (ê, ơ, ă), tones as combining marks. */
function windows1258Form(text: string): string {
  return [...text]
    .map((ch) => {
      const parts = [...ch.normalize('NFD')];
      const tones = parts.filter((p) => /[\u0300\u0301\u0303\u0309\u0323]/.test(p));
      return (
        parts
          .filter((p) => !tones.includes(p))
          .join('')
          .normalize('NFC') + tones.join('')
      );
    })
    .join('');
}

const refusal = (bytes: Buffer) => {
  try {
    decodeText(bytes);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('decodeText', () => {
  it.each([
    ['utf-8', Buffer.from(TEXT)],
    ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)])],
    ['utf-8', Buffer.from(TEXT.normalize('NFD'))],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()])],
    ['utf-16le', Buffer.from(TEXT, 'utf16le')],
    ['windows-1258', iconv.encode(windows1258Form(TEXT), 'windows-1258')],
    ['tcvn3', iconv.encode(TEXT.toLowerCase(), 'tcvn')],
  ])('reads %s as the same NFC text', (encoding, bytes) => {
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe(encoding);
    const expected = encoding === 'tcvn3' ? TEXT.toLowerCase() : TEXT;
    expect(decoded.text).toBe(expected.normalize('NFC'));
    expect(decoded.text).not.toContain('\ufffd');
  });

  it('refuses a UTF-8 file with a broken character, naming its line', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nc,d\nNguy'), Buffer.from([0xe1, 0xbb]), Buffer.from('n Văn\n')]);
    const error = refusal(bytes);
    expect(error.code).toBe('import.bad_encoding');
    expect(error.message).toContain('dòng 3');
  });

  it('refuses text with a replacement character or control characters, naming the line', () => {
    expect(refusal(Buffer.from('a,b\nNguy\ufffdn,1\n')).message).toContain('dòng 2');
    expect(refusal(Buffer.from('a,b\nc,d\ne\u0001f,1\n')).message).toContain('dòng 3');
  });

  it('refuses bytes that read as no Vietnamese in any encoding', () => {
    const error = refusal(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x0a]));
    expect(error.code).toBe('import.bad_encoding');
    expect(error.message).toContain('dòng 2');
  });
});
