import { describe, expect, it } from 'vitest';
import { renderOfficialPdf } from './pdf';
import { verifyPdfSignatures } from './signature';
import { popplerSignatures, signPdfForTest, testCertificate } from './testing';

const doc = {
  title: 'Báo cáo thử',
  parentBody: 'UBND tỉnh Hưng Yên',
  issuingBody: 'Sở Nội vụ',
  numberLine: 'Số: 12/BC-SNV',
  dateLine: 'Hưng Yên, ngày 05 tháng 10 năm 2026',
  kind: 'Báo cáo',
  subject: 'Kết quả công tác cải cách hành chính quý III năm 2026',
  blocks: [{ paragraph: 'Nội dung báo cáo.' }],
  recipients: ['Bộ Nội vụ', 'Lưu: VT'],
  signer: { authority: 'KT. Giám đốc', title: 'Phó Giám đốc', name: 'Nguyễn Văn An' },
};

describe('verifyPdfSignatures', () => {
  it('finds a report signed with a certificate intact: signer, time, covering the whole file — as poppler’s pdfsig also says', async () => {
    const { pdf } = await renderOfficialPdf(doc);
    // pdfsig (NSS) reads an ASCII common name; ours reads the Vietnamese one of the second certificate below.
    const signed = await signPdfForTest(pdf, testCertificate('Nguyen Van An'));
    const report = await verifyPdfSignatures(signed);
    expect(report).toMatchObject({ isPdf: true, valid: true, problem: null });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({
      signer: 'Nguyen Van An',
      digestValid: true,
      signatureValid: true,
      coversWholeFile: true,
      subFilter: 'adbe.pkcs7.detached',
    });
    expect(Date.now() - Date.parse(report.signatures[0]?.signedAt ?? '')).toBeLessThan(120_000);
    const pdfsig = popplerSignatures(signed);
    expect(pdfsig).toContain('Signer Certificate Common Name: Nguyen Van An');
    expect(pdfsig).toContain('Signature Validation: Signature is Valid.');
    const vietnamese = await verifyPdfSignatures(await signPdfForTest(pdf, testCertificate('Nguyễn Văn An')));
    expect(vietnamese.signatures[0]).toMatchObject({ signer: 'Nguyễn Văn An', signatureValid: true, digestValid: true });
  }, 60_000);

  it('refuses a file that is not a PDF, a PDF without signature, one changed inside the signed bytes, and one with bytes added after signing', async () => {
    const { pdf } = await renderOfficialPdf(doc);
    expect(await verifyPdfSignatures(Buffer.from('PK\u0003\u0004 not a pdf'))).toMatchObject({ isPdf: false, valid: false });
    expect(await verifyPdfSignatures(pdf)).toMatchObject({ isPdf: true, valid: false, signatures: [] });
    const signed = await signPdfForTest(pdf, testCertificate('Nguyễn Văn An'));
    const tampered = Buffer.from(signed);
    // One byte changed inside the signed range (in the first page's content).
    tampered[2000] = (tampered[2000] ?? 0) ^ 0x01;
    const broken = await verifyPdfSignatures(tampered);
    expect(broken.valid).toBe(false);
    expect(broken.signatures[0]).toMatchObject({ digestValid: false, coversWholeFile: true });
    expect(popplerSignatures(tampered)).not.toContain('Signature is Valid.');
    const appended = Buffer.concat([signed, Buffer.from('\n1 0 obj\n(x)\nendobj\n%%EOF\n')]);
    const extended = await verifyPdfSignatures(appended);
    expect(extended).toMatchObject({ valid: false, problem: 'Tệp đã bị thay đổi sau khi ký (chữ ký không phủ toàn bộ tệp).' });
  }, 60_000);
});
