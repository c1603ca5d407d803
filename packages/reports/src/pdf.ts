/**
 * PDF of an official document (official.ts) in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I, set in
 * Liberation Serif (metrically Times New Roman, every Vietnamese glyph), embedded from the font files this
 * package ships: no system font is read. The signer's block carries an empty signature field where the
 * signature and seal go, so a signing tool (USB token, remote signing) signs it in place.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import pdfmake from 'pdfmake';
import type { Content, ContentColumns, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { type DocBlock, MM, type OfficialDocument, PAGE, QUOC_HIEU, recipientLines, TIEU_NGU, upperVi } from './official';
import { asBuffer, render } from './render-pool';
import { cellText } from './table';

const fontDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fonts');
export const PDF_FONT = 'LiberationSerif';
pdfmake.setFonts({
  [PDF_FONT]: {
    normal: join(fontDir, 'LiberationSerif-Regular.ttf'),
    bold: join(fontDir, 'LiberationSerif-Bold.ttf'),
    italics: join(fontDir, 'LiberationSerif-Italic.ttf'),
    bolditalics: join(fontDir, 'LiberationSerif-BoldItalic.ttf'),
  },
});
// Documents never fetch anything: only the shipped fonts may be read.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(fontDir));

/** Name of the empty signature field at the signer's block. */
export const SIGNATURE_FIELD = 'ChuKySo';

const A4 = { width: PAGE.widthMm * MM, height: PAGE.heightMm * MM };
const MARGINS: [number, number, number, number] = [PAGE.leftMm * MM, PAGE.topMm * MM, PAGE.rightMm * MM, PAGE.bottomMm * MM];
const BODY = 14;
const HEAD = 13;
const SIGNATURE_SPACE = 80;

/** Approximate width of a line of Times text (for the short rules under the body and the trích yếu). */
const textWidth = (text: string, size: number, bold = false) => text.length * size * (bold ? 0.58 : 0.5);

/** A centred horizontal rule of `length` in a box `width` wide. */
function rule(width: number, length: number, margin: [number, number, number, number] = [0, 1, 0, 3]): Content {
  const x = Math.max(0, (width - length) / 2);
  return { canvas: [{ type: 'line', x1: x, y1: 0, x2: x + length, y2: 0, lineWidth: 0.6 }], margin };
}

function barChart(chart: { title: string; items: { label: string; value: number | null }[] }, width: number): Content[] {
  const title: Content = { text: chart.title, bold: true, margin: [0, 6, 0, 2] };
  // pdfmake cannot lay out a table without rows: an empty chart says so instead.
  if (chart.items.length === 0) return [title, { text: 'Không có số liệu trong kỳ.', italics: true, margin: [0, 0, 0, 6] }];
  const barWidth = Math.min(260, width * 0.45);
  const rows: TableCell[][] = chart.items.map((item) => {
    const value = item.value === null ? null : Math.max(0, Math.min(100, item.value));
    return [
      { text: item.label, fontSize: 10 },
      value === null
        ? { text: 'N/A', fontSize: 10 }
        : {
            canvas: [
              { type: 'rect', x: 0, y: 2, w: barWidth, h: 8, color: '#eeeeee' },
              { type: 'rect', x: 0, y: 2, w: (barWidth * value) / 100, h: 8, color: '#555555' },
            ],
          },
      { text: cellText(item.value, 'percent'), fontSize: 10, alignment: 'right' },
    ];
  });
  return [title, { table: { widths: ['*', barWidth, 44], body: rows }, layout: 'noBorders', margin: [0, 0, 0, 6] }];
}

function tableContent(block: Extract<DocBlock, { table: unknown }>, fontSize: number): Content[] {
  const { columns, rows } = block.table;
  const out: Content[] = [];
  if (block.caption) out.push({ text: block.caption, bold: true, alignment: 'center', margin: [0, 8, 0, 2] });
  for (const line of block.subtitle ?? []) out.push({ text: line, italics: true, alignment: 'center', fontSize: fontSize });
  const header: TableCell[] = columns.map((c) => ({ text: c.header, bold: true, alignment: 'center' }));
  const body: TableCell[][] = rows.map((row, r) =>
    row.map((value, i) => ({
      text: cellText(value, columns[i]?.type),
      alignment: typeof value === 'number' ? 'right' : 'left',
      // The last row of a data table is its total.
      bold: block.caption !== undefined && r === rows.length - 1 && row[1] === 'Toàn tỉnh',
    })),
  );
  out.push({
    table: {
      headerRows: 1,
      dontBreakRows: true,
      // Every column sized by its content (its header wraps rather than clips); wide text columns take the rest.
      widths: columns.map((c) => ((c.width ?? 0) >= 30 ? '*' : 'auto')),
      body: [header, ...body],
    },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => 2, paddingBottom: () => 2 },
    fontSize,
    margin: [0, 4, 0, 8],
  });
  return out;
}

function blockContent(block: DocBlock, width: number, tableFont: number): Content[] {
  if ('heading' in block) {
    return [{ text: block.heading, bold: true, fontSize: BODY, margin: [0, 6, 0, 3], alignment: 'justify' }];
  }
  if ('paragraph' in block) {
    return [
      {
        text: block.paragraph,
        italics: block.italic ?? false,
        alignment: 'justify',
        leadingIndent: 1 * 10 * MM,
        margin: [0, 0, 0, 6],
      },
    ];
  }
  if ('bars' in block) return barChart(block.bars, width);
  return tableContent(block, tableFont);
}

/** The header of Phụ lục I, Mẫu 1.4: bodies and số on the left, Quốc hiệu, Tiêu ngữ and date on the right. */
function headerContent(doc: OfficialDocument, width: number): Content {
  const left = width * 0.4;
  const right = width - left;
  const issuing = upperVi(doc.issuingBody);
  const leftStack: Content[] = [];
  if (doc.parentBody) leftStack.push({ text: upperVi(doc.parentBody), fontSize: HEAD });
  leftStack.push({ text: issuing, fontSize: HEAD, bold: true });
  leftStack.push(rule(left, Math.max(40, Math.min(left * 0.6, textWidth(issuing, HEAD, true) * 0.45))));
  return {
    table: {
      widths: [left, right],
      body: [
        [
          { stack: leftStack, alignment: 'center' },
          {
            stack: [
              { text: QUOC_HIEU, fontSize: 12, bold: true },
              { text: TIEU_NGU, fontSize: BODY, bold: true, decoration: 'underline' },
            ],
            alignment: 'center',
          },
        ],
        [
          { text: doc.numberLine ?? '', fontSize: HEAD, alignment: 'center', preserveLeadingSpaces: true },
          { text: doc.dateLine, fontSize: BODY, italics: true, alignment: 'center', preserveLeadingSpaces: true },
        ],
      ],
    },
    layout: 'noBorders',
    margin: [-4, 0, -4, 0],
  };
}

/** Nơi nhận on the left, the signer on the right with room for the signature and seal (id "signature-space"). */
function signatureContent(doc: OfficialDocument, width: number): ContentColumns {
  const right = width * 0.5;
  const signer: Content[] = [];
  if (doc.signer.authority) signer.push({ text: upperVi(doc.signer.authority), bold: true });
  signer.push({ text: upperVi(doc.signer.title), bold: true });
  signer.push({
    id: 'signature-space',
    canvas: [{ type: 'rect', x: 0, y: 0, w: right, h: SIGNATURE_SPACE, lineColor: '#ffffff', lineWidth: 0 }],
  } as Content);
  signer.push({ text: doc.signer.name, bold: true });
  return {
    columns: [
      {
        width: '*',
        stack: [
          { text: 'Nơi nhận:', bold: true, italics: true, fontSize: 12 },
          ...recipientLines(doc.recipients).map((line) => ({ text: line, fontSize: 11 })),
        ],
      },
      { width: right, stack: signer, alignment: 'center', fontSize: BODY },
    ],
    columnGap: 6,
    margin: [0, 10, 0, 0],
    unbreakable: true,
  } as ContentColumns;
}

export interface RenderedPdf {
  pdf: Buffer;
  /** Where the signature goes: page (1-based) and rectangle in PDF user space (origin bottom left). */
  signatureRect: { page: number; x: number; y: number; width: number; height: number } | null;
}

/** The PDF of an official document, laid out on a render thread (render-pool.ts): the caller's event loop keeps serving. */
export async function renderOfficialPdf(doc: OfficialDocument): Promise<RenderedPdf> {
  const { pdf, signatureRect } = await render('officialPdf', doc);
  return { pdf: asBuffer(pdf), signatureRect };
}

/** Lays the document out here, on the calling thread: the render threads run this. */
export async function layoutOfficialPdf(doc: OfficialDocument): Promise<RenderedPdf> {
  const portraitWidth = A4.width - MARGINS[0] - MARGINS[2];
  const landscapeWidth = A4.height - MARGINS[0] - MARGINS[2];
  const width = doc.landscape ? landscapeWidth : portraitWidth;
  const content: Content[] = [headerContent(doc, width)];
  content.push({ text: upperVi(doc.kind), bold: true, fontSize: BODY, alignment: 'center', margin: [0, 18, 0, 0] });
  content.push({ text: doc.subject, bold: true, fontSize: BODY, alignment: 'center' });
  content.push(rule(width, Math.max(60, Math.min(width * 0.4, textWidth(doc.subject, BODY, true) * 0.4)), [0, 4, 0, 12]));
  for (const block of doc.blocks) content.push(...blockContent(block, width, doc.landscape ? 11 : 12));
  content.push(signatureContent(doc, width));
  if (doc.appendix) {
    content.push({
      text: upperVi(doc.appendix.title),
      bold: true,
      fontSize: BODY,
      alignment: 'center',
      pageBreak: 'before',
      pageOrientation: 'landscape',
    });
    for (const line of doc.appendix.subtitle ?? [])
      content.push({ text: line, italics: true, alignment: 'center', fontSize: 13 });
    for (const block of doc.appendix.blocks) content.push(...blockContent(block, landscapeWidth, 10.5));
  }

  let signatureAt: { pageNumber: number; left: number; top: number } | null = null;
  const definition: TDocumentDefinitions = {
    info: { title: doc.title, creator: 'CCHC', producer: 'CCHC' },
    pageSize: 'A4',
    pageOrientation: doc.landscape ? 'landscape' : 'portrait',
    pageMargins: MARGINS,
    defaultStyle: { font: PDF_FONT, fontSize: BODY, lineHeight: 1.1 },
    content,
    // Page numbers centred in the top margin, from the second page on (Phụ lục I, II.11).
    header: (page: number) =>
      page === 1
        ? doc.draft
          ? { text: 'DỰ THẢO', bold: true, fontSize: 11, alignment: 'right', margin: [0, 22, MARGINS[2], 0] }
          : null
        : { text: String(page), fontSize: HEAD, alignment: 'center', margin: [0, 24, 0, 0] },
    pageBreakBefore: (node) => {
      const info = node as unknown as { id?: string; startPosition?: { pageNumber: number; left: number; top: number } };
      if (info.id === 'signature-space' && info.startPosition) signatureAt = info.startPosition;
      return false;
    },
  };
  const made = pdfmake.createPdf(definition);
  const bytes = Buffer.from(await made.getBuffer());
  const at = signatureAt as { pageNumber: number; left: number; top: number } | null;
  if (!at) return { pdf: bytes, signatureRect: null };
  const right = width * 0.5;
  const pageHeight = doc.landscape && at.pageNumber >= 1 ? A4.width : A4.height;
  // The signer's column is the right one: its left edge is the page's left margin + the body width − its width.
  const rect = {
    page: at.pageNumber,
    x: MARGINS[0] + width - right,
    y: pageHeight - at.top - SIGNATURE_SPACE,
    width: right,
    height: SIGNATURE_SPACE,
  };
  return { pdf: await addSignatureField(bytes, rect), signatureRect: rect };
}

/** Adds an empty signature field (AcroForm /FT /Sig) whose widget covers `rect`, for a signing tool to fill. */
export async function addSignatureField(
  bytes: Uint8Array,
  rect: { page: number; x: number; y: number; width: number; height: number },
): Promise<Buffer> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const page = pdf.getPage(rect.page - 1);
  const widget = pdf.context.register(
    pdf.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(SIGNATURE_FIELD),
      TU: PDFHexString.fromText('Chữ ký số của người có thẩm quyền'),
      Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height],
      F: 4,
      P: page.ref,
    }),
  );
  page.node.addAnnot(widget);
  pdf.catalog.set(PDFName.of('AcroForm'), pdf.context.obj({ Fields: [widget] }));
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
