import { describe, expect, it } from 'vitest';
import type { OfficialDocument } from './official';
import { renderOfficialPdf } from './pdf';
import { renderWorkbook } from './table';

/** A long report: a 4,000-row appendix takes the layout whole seconds. */
function longDocument(): OfficialDocument {
  return {
    title: 'Báo cáo dài',
    parentBody: 'UBND TỈNH HƯNG YÊN',
    issuingBody: 'SỞ NỘI VỤ',
    numberLine: null,
    dateLine: 'Hưng Yên, ngày 07 tháng 12 năm 2026',
    kind: 'Báo cáo',
    subject: 'Kết quả công tác cải cách hành chính',
    blocks: [{ paragraph: 'Nội dung.' }],
    recipients: ['UBND tỉnh', 'Lưu: VT'],
    signer: { authority: null, title: 'GIÁM ĐỐC', name: 'Nguyễn Văn A' },
    appendix: {
      title: 'Phụ lục',
      blocks: [
        {
          table: {
            columns: [{ header: 'STT', type: 'number' }, { header: 'Cơ quan' }, { header: 'Tỷ lệ', type: 'percent' }],
            rows: Array.from({ length: 4000 }, (_, i) => [i + 1, `Ủy ban nhân dân xã số ${i + 1}`, (i % 100) / 100]),
          },
        },
      ],
    },
  };
}

describe('render threads', () => {
  it('lay a long PDF out while this thread keeps answering: its longest stall is a small part of the layout', async () => {
    // A 5 ms tick on this thread; on it, the layout would hold the ticks back for most of its time.
    let last = performance.now();
    let longestStall = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const { pdf } = await renderOfficialPdf(longDocument());
    const took = performance.now() - started;
    clearInterval(tick);
    expect(longestStall).toBeLessThan(took / 4);
    // What came back is the whole document, usable as a Buffer.
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
  });

  it('report a renderer’s failure to the caller, and keep rendering afterwards', async () => {
    await expect(renderWorkbook([{ title: 'x', columns: [{ header: 'A' }], rows: [[Symbol('x') as never]] }])).rejects.toThrow();
    const xlsx = await renderWorkbook([{ title: 'Danh sách', columns: [{ header: 'Tên' }], rows: [['Sở Tư pháp']] }]);
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});
