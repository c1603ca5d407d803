// A render thread (render-pool.ts): runs the renderers of this package, which are TypeScript, through tsx.
// Each renderer's module (and its library: pdfmake, docx, exceljs) loads at its first job only.
import { register } from 'tsx/esm/api';

register();

export async function officialPdf(doc) {
  const { layoutOfficialPdf } = await import('./pdf.ts');
  return layoutOfficialPdf(doc);
}

export async function officialDocx(doc) {
  const { buildOfficialDocx } = await import('./docx.ts');
  return buildOfficialDocx(doc);
}

export async function workbook(tables) {
  const { buildWorkbook } = await import('./table.ts');
  return buildWorkbook(tables);
}

export async function readSheet({ bytes, limits }) {
  const { readSheet } = await import('./sheet-reader.ts');
  return readSheet(bytes, limits);
}
