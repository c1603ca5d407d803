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

  it('draws bar charts with their labels and values, and says so when a chart has nothing to show', async () => {
    const buffer = await renderPdf({
      title: 'Báo cáo quý III',
      blocks: [
        {
          bars: {
            title: 'Tỷ lệ trả lời đúng hạn',
            items: [
              { label: 'Sở Tư pháp', value: 87.5 },
              { label: 'Sở Y tế', value: null },
            ],
          },
        },
        { bars: { title: 'Tỷ lệ nhiệm vụ đúng hạn', items: [] } },
      ],
    });
    const text = await pdfText(buffer);
    for (const phrase of [
      'Tỷ lệ trả lời đúng hạn',
      'Sở Tư pháp',
      '87,5%',
      'N/A',
      'Tỷ lệ nhiệm vụ đúng hạn',
      'Không có số liệu trong kỳ.',
    ]) {
      expect(text).toContain(phrase);
    }
  });
});
