import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeLike, foldVietnamese } from './text';

describe('foldVietnamese', () => {
  it('lets "da nang" find "Thành phố Đà Nẵng"', () => {
    expect(foldVietnamese('Thành phố Đà Nẵng')).toBe('thanh pho da nang');
    expect(foldVietnamese('Thành phố Đà Nẵng')).toContain(foldVietnamese('da nang'));
  });

  it('folds every Vietnamese tone and vowel mark', () => {
    expect(foldVietnamese('Ấp Ỷ Ơn Ưng Ừ Ữ Ự ặ ẳ ẵ ỏ ỡ ợ')).toBe('ap y on ung u u u a a a o o o');
  });

  it('treats composed and decomposed Unicode alike', () => {
    const composed = 'Hưng Yên';
    const decomposed = composed.normalize('NFD');
    expect(foldVietnamese(decomposed)).toBe(foldVietnamese(composed));
  });

  it('collapses whitespace', () => {
    expect(foldVietnamese('  Sở   Nội\tvụ ')).toBe('so noi vu');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => foldVietnamese(foldVietnamese(s)) === foldVietnamese(s)));
  });
});

describe('escapeLike', () => {
  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
