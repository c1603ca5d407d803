/**
 * Test helpers: the text a real PDF reader (pdfjs-dist, poppler) extracts from a document and the text
 * of a Word file, so tests of any package that renders documents through this one can read them back
 * without a dependency of their own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** All pages' text, pages separated by a newline, in NFC with runs of whitespace as one space. */
export async function pdfText(buffer: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
  }
  await doc.destroy();
  return pages.map((text) => text.normalize('NFC').replace(/\s+/g, ' ')).join('\n');
}

function withFile<T>(buffer: Uint8Array, ext: string, read: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-doc-'));
  const path = join(dir, `file.${ext}`);
  try {
    writeFileSync(path, buffer);
    return read(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext's text of a PDF: with `layout`, columns kept side by side as on the page. */
export function popplerText(buffer: Uint8Array, layout = false): string {
  return withFile(buffer, 'pdf', (path) =>
    execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).normalize(
      'NFC',
    ),
  );
}

/** pdffonts' table: one line per font with its type, embedding and subsetting. */
export function popplerFonts(buffer: Uint8Array): string {
  return withFile(buffer, 'pdf', (path) => execFileSync('pdffonts', [path], { encoding: 'utf8' }));
}

/** pdfinfo's fields (Pages, Page size …) for one page, or the document. */
export function popplerInfo(buffer: Uint8Array, page?: number): string {
  return withFile(buffer, 'pdf', (path) =>
    execFileSync('pdfinfo', [...(page ? ['-f', String(page), '-l', String(page)] : []), path], { encoding: 'utf8' }),
  );
}

/** A part of a DOCX/XLSX archive as text (e.g. word/document.xml), read with unzip. */
export function zipPart(buffer: Uint8Array, part: string): string {
  return withFile(buffer, 'zip', (path) => execFileSync('unzip', ['-p', path, part], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** The visible text of a DOCX body, one paragraph a line (the runs of each w:p joined). */
export function docxText(buffer: Uint8Array): string {
  const xml = zipPart(buffer, 'word/document.xml');
  const xmlText = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => xmlText(t[1] ?? '')).join(''))
    .join('\n')
    .normalize('NFC');
}

/** A self-signed test certificate and its key as PKCS#12 (openssl), for tests that sign PDFs. */
export function testCertificate(commonName: string, passphrase = 'test'): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const p12 = join(dir, 'cert.p12');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '30',
        '-subj',
        `/CN=${commonName}/O=CCHC test`,
        '-utf8',
      ],
      { stdio: 'ignore' },
    );
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', p12, '-passout', `pass:${passphrase}`], {
      stdio: 'ignore',
    });
    return readFileSync(p12);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Signs a PDF as a signing tool would (PAdES-style detached CMS in a new signature field), with a test certificate. */
export async function signPdfForTest(pdf: Uint8Array, p12: Buffer, passphrase = 'test'): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Ký ban hành',
    contactInfo: 'vanthu@example.vn',
    name: 'CCHC test',
    location: 'Hưng Yên',
  });
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  return Buffer.from(await new SignPdf().sign(withPlaceholder, new P12Signer(p12, { passphrase })));
}

/** poppler's pdfsig output for a PDF (each signature, its signer and whether it is valid). */
export function popplerSignatures(buffer: Uint8Array): string {
  return withFile(buffer, 'pdf', (path) => {
    try {
      return execFileSync('pdfsig', [path], { encoding: 'utf8' }).normalize('NFC');
    } catch (error) {
      // pdfsig exits non-zero when a signature is not trusted; its report is still on stdout.
      return String((error as { stdout?: string }).stdout ?? '').normalize('NFC');
    }
  });
}

/**
 * Converts a DOCX or XLSX to PDF with LibreOffice headless (its own throwaway profile), as the
 * independent check that an office suite opens the file; returns the PDF. Throws when it cannot.
 */
export function libreOfficePdf(buffer: Uint8Array, ext: 'docx' | 'xlsx'): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-lo-'));
  try {
    const input = join(dir, `file.${ext}`);
    writeFileSync(input, buffer);
    execFileSync(
      process.env.SOFFICE_PATH ?? 'soffice',
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input],
      { stdio: 'ignore', timeout: 120_000 },
    );
    return readFileSync(join(dir, 'file.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
