import { describe, expect, it } from 'vitest';
import { renderPdf } from './pdf';
import { pdfText } from './testing';

describe('renderPdf', () => {
  it('renders Vietnamese text that a real PDF reader extracts letter for letter', async () => {
    const buffer = await renderPdf({
      title: 'Bảng điểm danh phiên họp thứ 12',
      subtitle: ['Tổ công tác cải cách thủ tục hành chính tỉnh Hưng Yên'],
      blocks: [
        { heading: 'Kết quả điểm danh' },
        {
          table: {
            columns: [
              { header: 'Cơ quan', width: 40 },
              { header: 'Điểm danh', width: 30 },
              { header: 'Đi muộn (phút)', type: 'number' },
            ],
            rows: [
              ['Sở Tư pháp', 'Có mặt — thủ trưởng', null],
              ['Sở Nông nghiệp và Môi trường', 'Vắng có lý do', 15],
            ],
          },
        },
        { paragraph: 'Ghi chú: đặc khu Bạch Long Vĩ dự trực tuyến.' },
      ],
    });
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(buffer);
    for (const phrase of [
      'Bảng điểm danh phiên họp thứ 12',
      'Sở Nông nghiệp và Môi trường',
      'Vắng có lý do',
      'Bạch Long Vĩ',
      'Trang 1/1',
    ]) {
      expect(text).toContain(phrase);
    }
  });
});
