// A render thread (render-pool.ts): runs the renderers of this package, which are TypeScript, through tsx.
import { register } from 'tsx/esm/api';

register();
const { layoutOfficialPdf } = await import('./pdf.ts');
const { buildOfficialDocx } = await import('./docx.ts');
const { buildWorkbook } = await import('./table.ts');

export async function officialPdf(doc) {
  return layoutOfficialPdf(doc);
}

export async function officialDocx(doc) {
  return buildOfficialDocx(doc);
}

export async function workbook(tables) {
  return buildWorkbook(tables);
}
