/**
 * Test helper: the text a real PDF reader (pdfjs-dist) extracts from a document, so tests of any
 * package that renders PDFs through this one can read them back without a dependency of their own.
 */
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
