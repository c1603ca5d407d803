/**
 * What a signed PDF's signatures say, checked here rather than taken on trust: for each signature
 * dictionary (/ByteRange, /Contents), the CMS signature (PAdES / adbe.pkcs7.detached) is verified with
 * the signer's certificate over the exact bytes it covers (parsed with PKI.js, checked with node's
 * crypto), the message digest is recomputed,
 * and the byte range must reach the end of the file — so the document was not altered after signing.
 * Who the signer is (certificate subject) and when it was signed are read from the signature. Whether
 * the certificate chains to a trusted Vietnamese CA is not decided here: the app has no trust list.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface PdfSignature {
  /** Common name (CN) of the signer's certificate, else its whole subject. */
  signer: string | null;
  issuer: string | null;
  serialNumber: string | null;
  /** The signing time the signature carries (signed attribute), else the dictionary's /M; ISO. */
  signedAt: string | null;
  subFilter: string | null;
  /** The hash of the covered bytes equals the signed message digest. */
  digestValid: boolean;
  /** The signature over the signed attributes verifies with the certificate's public key. */
  signatureValid: boolean;
  /** The signed bytes reach the end of the file: nothing was added or changed after this signature. */
  coversWholeFile: boolean;
  certificateValidFrom: string | null;
  certificateValidTo: string | null;
}

export interface PdfSignatureReport {
  isPdf: boolean;
  signatures: PdfSignature[];
  /** A PDF with at least one signature, the last of which is intact and covers the whole file. */
  valid: boolean;
  problem: string | null;
}

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
const OID_CN = '2.5.4.3';

const arrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function nameOf(name: pkijs.RelativeDistinguishedNames): string | null {
  const values = name.typesAndValues.map((t) => ({ type: t.type, value: String(t.value.valueBlock.value) }));
  return values.find((v) => v.type === OID_CN)?.value ?? (values.map((v) => v.value).join(', ') || null);
}

/** "D:20261005093000+07'00'" → ISO. */
function pdfDate(text: string | undefined): string | null {
  const m = text?.match(/D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/);
  if (!m) return null;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

async function checkOne(pdf: Buffer, range: [number, number, number, number], dict: string): Promise<PdfSignature> {
  const [a, b, c, d] = range;
  const covered = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  const hex = pdf
    .subarray(a + b, c)
    .toString('latin1')
    .replace(/[<>\s]/g, '');
  const base: PdfSignature = {
    signer: null,
    issuer: null,
    serialNumber: null,
    signedAt: pdfDate(dict.match(/\/M\s*\(([^)]*)\)/)?.[1]),
    subFilter: dict.match(/\/SubFilter\s*\/([A-Za-z0-9.]+)/)?.[1] ?? null,
    digestValid: false,
    signatureValid: false,
    coversWholeFile: a === 0 && c + d === pdf.length,
    certificateValidFrom: null,
    certificateValidTo: null,
  };
  try {
    const der = Buffer.from(hex, 'hex');
    const asn = asn1js.fromBER(arrayBuffer(der));
    if (asn.offset === -1) return base;
    const content = new pkijs.ContentInfo({ schema: asn.result });
    const signed = new pkijs.SignedData({ schema: content.content });
    const info = signed.signerInfos[0];
    if (!info) return base;
    const sid = info.sid as pkijs.IssuerAndSerialNumber;
    const certs = (signed.certificates ?? []).filter((x): x is pkijs.Certificate => x instanceof pkijs.Certificate);
    const cert =
      sid instanceof pkijs.IssuerAndSerialNumber ? certs.find((x) => x.serialNumber.isEqual(sid.serialNumber)) : certs[0];
    if (cert) {
      base.signer = nameOf(cert.subject);
      base.issuer = nameOf(cert.issuer);
      base.serialNumber = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');
      base.certificateValidFrom = cert.notBefore.value.toISOString();
      base.certificateValidTo = cert.notAfter.value.toISOString();
    }
    const attrs = info.signedAttrs?.attributes ?? [];
    const time = attrs.find((x) => x.type === OID_SIGNING_TIME)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
    if (time) base.signedAt = time.toDate().toISOString();
    const digest = attrs.find((x) => x.type === OID_MESSAGE_DIGEST)?.values[0] as asn1js.OctetString | undefined;
    const hash = HASHES[info.digestAlgorithm.algorithmId];
    if (digest && hash) {
      const expected = Buffer.from(digest.valueBlock.valueHexView);
      base.digestValid = expected.equals(createHash(hash).update(covered).digest());
    }
    // The signature is over the DER of the signed attributes as a SET (RFC 5652, 5.4), checked with node's
    // crypto (RSA PKCS#1 v1.5 or ECDSA, as the certificate's key says).
    if (cert && info.signedAttrs && hash) {
      const attributes = Buffer.from(info.signedAttrs.encodedValue);
      attributes[0] = 0x31;
      const key = createPublicKey({
        key: Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER()),
        format: 'der',
        type: 'spki',
      });
      base.signatureValid = verify(hash, attributes, key, Buffer.from(info.signature.valueBlock.valueHexView));
    }
  } catch {
    // A signature that cannot be parsed or verified stays invalid.
  }
  return base;
}

export async function verifyPdfSignatures(bytes: Uint8Array): Promise<PdfSignatureReport> {
  const pdf = Buffer.from(bytes);
  const isPdf = pdf.subarray(0, 5).toString('latin1') === '%PDF-' && /%%EOF\s*$/.test(pdf.subarray(-1024).toString('latin1'));
  if (!isPdf) return { isPdf, signatures: [], valid: false, problem: 'Tệp không phải là PDF.' };
  const text = pdf.toString('latin1');
  const signatures: PdfSignature[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const range = m.slice(1, 5).map(Number) as [number, number, number, number];
    const [a, b, c, d] = range;
    if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) continue;
    // The signature dictionary around this /ByteRange, for /SubFilter and /M.
    const start = text.lastIndexOf('<<', m.index);
    const dict = text.slice(Math.max(0, start), Math.min(text.length, (m.index ?? 0) + 600));
    signatures.push(await checkOne(pdf, range, dict.replace(/\/Contents\s*<[0-9a-fA-F\s]*>/, '')));
  }
  if (!signatures.length) return { isPdf, signatures, valid: false, problem: 'Tệp PDF chưa có chữ ký số (không có /ByteRange).' };
  const last = signatures.reduce((x, y) => (y.coversWholeFile ? y : x));
  const problem = !last.coversWholeFile
    ? 'Tệp đã bị thay đổi sau khi ký (chữ ký không phủ toàn bộ tệp).'
    : !last.digestValid || !last.signatureValid
      ? 'Chữ ký số không hợp lệ: nội dung không khớp với chữ ký.'
      : null;
  return { isPdf, signatures, valid: problem === null, problem };
}
