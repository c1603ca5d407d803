import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderOfficialDocx } from './docx';
import type { OfficialDocument } from './official';
import { renderOfficialPdf, SIGNATURE_FIELD } from './pdf';
import { docxText, libreOfficePdf, popplerFonts, popplerInfo, popplerText, zipPart } from './testing';

const report: OfficialDocument = {
  title: 'Báo cáo công tác cải cách hành chính quý III năm 2026',
  parentBody: 'UBND tỉnh Hưng Yên',
  issuingBody: 'Sở Nội vụ',
  numberLine: 'Số: 12/BC-SNV',
  dateLine: 'Hưng Yên, ngày 05 tháng 10 năm 2026',
  kind: 'Báo cáo',
  subject: 'Kết quả công tác cải cách hành chính quý III năm 2026',
  blocks: [
    { heading: 'I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH' },
    { paragraph: 'Tỷ lệ trả lời phản ánh, kiến nghị đúng hạn đạt 70,8%, tăng 4,2 điểm % so với cùng kỳ năm trước.' },
    {
      table: {
        columns: [
          { header: 'Chỉ tiêu', width: 40 },
          { header: 'Kỳ này', type: 'percent' },
          { header: 'Cùng kỳ năm trước', type: 'percent' },
          { header: 'Tăng/giảm' },
        ],
        rows: [['Nhiệm vụ hoàn thành đúng hạn', 15.8, null, null]],
      },
    },
    { bars: { title: 'Biểu đồ: Tỷ lệ trả lời đúng hạn', items: [{ label: 'Sở Tư pháp', value: 87.5 }] } },
    { heading: 'II. ĐỀ XUẤT, KIẾN NGHỊ' },
    { paragraph: 'Đặc khu Bạch Long Vĩ đề nghị bổ sung kinh phí số hóa.' },
  ],
  recipients: ['Bộ Nội vụ', 'Thường trực UBND tỉnh', 'Lưu: VT, CCHC'],
  signer: { authority: 'KT. Giám đốc', title: 'Phó Giám đốc', name: 'Nguyễn Văn An' },
  appendix: {
    title: 'Phụ lục: Biểu số liệu',
    subtitle: ['(Kèm theo Báo cáo số 12/BC-SNV)'],
    blocks: [
      {
        caption: 'Biểu 1. Kết quả thực hiện nhiệm vụ',
        table: {
          columns: [{ header: 'Mã' }, { header: 'Cơ quan', width: 36 }, { header: 'Tỷ lệ (%)', type: 'number' }],
          rows: [
            ['33.STP', 'Sở Nông nghiệp và Môi trường', 66.7],
            ['', 'Toàn tỉnh', 57.1],
          ],
        },
      },
    ],
  },
};

describe('renderOfficialPdf (Nghị định 30/2020, Phụ lục I)', () => {
  it('prints the two-column header, tên loại and trích yếu, Nơi nhận and the signer as poppler reads them', async () => {
    const { pdf } = await renderOfficialPdf(report);
    const text = popplerText(pdf, true);
    const lines = text.split('\n').map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    // Left column | right column, on the same lines.
    expect(lines).toContain('UBND TỈNH HƯNG YÊN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lines).toContain('SỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc');
    expect(lines).toContain('Số: 12/BC-SNV | Hưng Yên, ngày 05 tháng 10 năm 2026');
    expect(lines).toContain('BÁO CÁO');
    expect(lines).toContain('Kết quả công tác cải cách hành chính quý III năm 2026');
    expect(lines).toContain('Nơi nhận: | KT. GIÁM ĐỐC');
    expect(lines).toContain('- Bộ Nội vụ; | PHÓ GIÁM ĐỐC');
    expect(lines).toContain('- Lưu: VT, CCHC.');
    expect(lines).toContain('Nguyễn Văn An');
    for (const phrase of ['70,8%', '15,8%', 'N/A', '87,5%', 'Bạch Long Vĩ', 'PHỤ LỤC: BIỂU SỐ LIỆU', '66,7', 'Toàn tỉnh']) {
      expect(text).toContain(phrase);
    }
  });

  it('is A4 with the body portrait and the appendix landscape, page numbers from page 2, in an embedded serif', async () => {
    const { pdf } = await renderOfficialPdf(report);
    const info = popplerInfo(pdf);
    expect(info).toMatch(/Pages:\s+2/);
    expect(popplerInfo(pdf, 1)).toMatch(/Page\s+1 size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(popplerInfo(pdf, 2)).toMatch(/Page\s+2 size:\s+841\.89 x 595\.28 pts/);
    const fonts = popplerFonts(pdf)
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const font of fonts) {
      expect(font).toMatch(/LiberationSerif/);
      // emb yes, sub yes
      expect(font).toMatch(/\s+yes\s+yes\s+/);
    }
    const [, page2] = popplerText(pdf).split('\f');
    expect(page2?.trim().split('\n')[0]?.trim()).toBe('2');
  });

  it('leaves an empty signature field over the room for the signature, under the signer’s title', async () => {
    const { pdf, signatureRect } = await renderOfficialPdf(report);
    expect(signatureRect?.page).toBe(1);
    const doc = await PDFDocument.load(pdf);
    const fields = doc.getForm().getFields();
    expect(fields.map((f) => [f.getName(), f.constructor.name])).toEqual([[SIGNATURE_FIELD, 'PDFSignature']]);
    const widget = fields[0]?.acroField.getWidgets()[0];
    const rect = widget?.getRectangle();
    expect(rect).toBeDefined();
    // In the right half of the page, above the bottom margin.
    expect(rect?.x).toBeGreaterThan(595.28 / 2 - 40);
    expect(rect?.y).toBeGreaterThan(56);
    expect(rect?.height).toBe(80);
    // Not signed yet: no value, no /SigFlags.
    expect(fields[0]?.acroField.dict.get(PDFName.of('V'))).toBeUndefined();
  });

  it('marks a draft and leaves the number and day blank for the văn thư', async () => {
    const { pdf } = await renderOfficialPdf({
      ...report,
      draft: true,
      numberLine: 'Số:        /BC-SNV',
      dateLine: 'Hưng Yên, ngày     tháng     năm 2026',
    });
    const text = popplerText(pdf, true);
    expect(text).toContain('DỰ THẢO');
    expect(text).toMatch(/Số:\s+\/BC-SNV/);
    expect(text).toMatch(/Hưng Yên, ngày\s+tháng\s+năm 2026/);
  });
});

describe('renderOfficialDocx', () => {
  it('writes the same document as a Word file: header, Quốc hiệu underlined Tiêu ngữ, number, date, Nơi nhận, signer, tables', async () => {
    const docx = await renderOfficialDocx(report);
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const text = docxText(docx);
    for (const phrase of [
      'UBND TỈNH HƯNG YÊN',
      'SỞ NỘI VỤ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 12/BC-SNV',
      'Hưng Yên, ngày 05 tháng 10 năm 2026',
      'BÁO CÁO',
      'Kết quả công tác cải cách hành chính quý III năm 2026',
      'I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH',
      'Nơi nhận:',
      '- Bộ Nội vụ;',
      '- Lưu: VT, CCHC.',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Nguyễn Văn An',
      'Cùng kỳ năm trước',
      '15,8%',
      'PHỤ LỤC: BIỂU SỐ LIỆU',
      '66,7',
    ]) {
      expect(text.split('\n'), phrase).toContain(phrase);
    }
    const xml = zipPart(docx, 'word/document.xml');
    // Tiêu ngữ underlined; Times New Roman; A4 portrait body (11906 × 16838 twips) then a landscape appendix.
    expect(xml).toMatch(/<w:u w:val="single"\/>(?:(?!<\/w:r>)[\s\S])*Độc lập - Tự do - Hạnh phúc/);
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
    // Margins: top 20 mm, right 15 mm, bottom 20 mm, left 30 mm.
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
  });
});

describe('LibreOffice (headless) opens what we write', () => {
  it('converts the report’s DOCX to a PDF with the header, the number line and the signer', async () => {
    const pdf = libreOfficePdf(await renderOfficialDocx(report), 'docx');
    const text = popplerText(pdf);
    for (const phrase of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 12/BC-SNV',
      'Nơi nhận:',
      'Nguyễn Văn An',
    ]) {
      expect(text).toContain(phrase);
    }
    expect(popplerInfo(pdf, 1)).toMatch(/595\.\d+ x 841\.\d+ pts \(A4\)/);
  }, 180_000);
});
