/**
 * PDF documents (A4, Vietnamese text in Roboto, which carries every Vietnamese glyph) from a
 * title, paragraphs and tables. Fonts come from the pdfmake package itself: no system font needed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { Cell, Table } from './table';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: join(fontDir, 'Roboto-Regular.ttf'),
    bold: join(fontDir, 'Roboto-Medium.ttf'),
    italics: join(fontDir, 'Roboto-Italic.ttf'),
    bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
  },
});
// Documents never fetch anything: only the bundled fonts may be read.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(fontDir));

export type PdfBlock =
  | { heading: string }
  | { paragraph: string }
  | { table: Pick<Table, 'columns' | 'rows'> }
  /** A horizontal bar chart of percentages (0–100), drawn as vectors. */
  | { bars: { title: string; items: { label: string; value: number | null }[] } };

export interface PdfDocument {
  title: string;
  subtitle?: string[];
  blocks: PdfBlock[];
  /** Landscape for wide tables. */
  landscape?: boolean;
}

function cellText(value: Cell, type: string | undefined): string {
  if (value === null) return '';
  if (type === 'date' && typeof value === 'string') return `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}`;
  if (type === 'percent' && typeof value === 'number') return `${value.toLocaleString('vi-VN')}%`;
  if (typeof value === 'number') return value.toLocaleString('vi-VN');
  return value;
}

const BAR_WIDTH = 260;

function barChart(chart: { title: string; items: { label: string; value: number | null }[] }): Content[] {
  // pdfmake cannot lay out a table without rows: an empty chart says so instead.
  if (chart.items.length === 0) {
    return [
      { text: chart.title, style: 'heading' },
      { text: 'Không có số liệu trong kỳ.', italics: true, color: '#777777', margin: [0, 2, 0, 10] },
    ];
  }
  const rows: TableCell[][] = chart.items.map((item) => {
    const value = item.value === null ? null : Math.max(0, Math.min(100, item.value));
    return [
      { text: item.label, fontSize: 8 },
      value === null
        ? { text: 'N/A', fontSize: 8, color: '#777777' }
        : {
            canvas: [
              { type: 'rect', x: 0, y: 1, w: BAR_WIDTH, h: 8, color: '#eeeeee' },
              {
                type: 'rect',
                x: 0,
                y: 1,
                w: (BAR_WIDTH * value) / 100,
                h: 8,
                color: value >= 90 ? '#2f9e44' : value >= 70 ? '#f59f00' : '#e03131',
              },
            ],
          },
      { text: value === null ? '' : `${value.toLocaleString('vi-VN')}%`, fontSize: 8, alignment: 'right' },
    ];
  });
  return [
    { text: chart.title, style: 'heading' },
    { table: { widths: ['*', BAR_WIDTH, 40], body: rows }, layout: 'noBorders', margin: [0, 2, 0, 10] },
  ];
}

export async function renderPdf(doc: PdfDocument): Promise<Buffer> {
  const content: Content[] = [{ text: doc.title, style: 'title' }];
  for (const line of doc.subtitle ?? []) content.push({ text: line, style: 'subtitle' });
  for (const block of doc.blocks) {
    if ('heading' in block) content.push({ text: block.heading, style: 'heading' });
    else if ('paragraph' in block) content.push({ text: block.paragraph, margin: [0, 2, 0, 6] });
    else if ('bars' in block) content.push(...barChart(block.bars));
    else {
      const header: TableCell[] = block.table.columns.map((c) => ({ text: c.header, style: 'th' }));
      const body: TableCell[][] = block.table.rows.map((row) =>
        row.map((value, i) => ({
          text: cellText(value, block.table.columns[i]?.type),
          alignment: typeof value === 'number' ? 'right' : 'left',
        })),
      );
      content.push({
        table: {
          headerRows: 1,
          widths: block.table.columns.map((c) => (c.width && c.width >= 30 ? '*' : 'auto')),
          body: [header, ...body],
        },
        layout: 'lightHorizontalLines',
        fontSize: 9,
        margin: [0, 4, 0, 10],
      });
    }
  }
  const pdf = pdfmake.createPdf({
    info: { title: doc.title, creator: 'CCHC' },
    pageSize: 'A4',
    pageOrientation: doc.landscape ? 'landscape' : 'portrait',
    pageMargins: [36, 40, 36, 40],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      title: { fontSize: 15, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 9, italics: true, color: '#555555' },
      heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      th: { bold: true, fillColor: '#eeeeee' },
    },
    content,
    footer: (page: number, pages: number) => ({
      text: `Trang ${page}/${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 10, 0, 0],
    }),
  });
  return Buffer.from(await pdf.getBuffer());
}
