import { describe, expect, it } from 'vitest';
import { REMOVED, removePersonalData } from './public-text';

describe('removePersonalData', () => {
  it("removes the submitter's own name and contact wherever the text repeats them", () => {
    const text = 'Tôi là Nguyễn Văn An, số điện thoại 0912345678. Ông NGUYỄN VĂN AN đề nghị trả lời sớm.';
    const out = removePersonalData(text, ['Nguyễn Văn An', '0912345678']);
    expect(out).toBe(`Tôi là ${REMOVED}, số điện thoại ${REMOVED}. Ông ${REMOVED} đề nghị trả lời sớm.`);
  });

  it('removes phone numbers, e-mail addresses and identity numbers it was not told about', () => {
    const out = removePersonalData('Liên hệ 0987 654 321, +84 912.345.678, an.nguyen@example.vn, CCCD 001203004567.', []);
    expect(out).toBe(`Liên hệ ${REMOVED}, ${REMOVED}, ${REMOVED}, CCCD ${REMOVED}.`);
  });

  it('keeps dates, decision numbers and procedure codes', () => {
    const text = 'Theo Quyết định số 1085/QĐ-UBND ngày 15/3/2026, thủ tục 1.000005 giải quyết trong 10 ngày.';
    expect(removePersonalData(text, ['Lê Thị Chi'])).toBe(text);
  });

  it('leaves an absent text absent', () => {
    expect(removePersonalData(null, ['x'])).toBeNull();
  });
});
