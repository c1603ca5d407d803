/**
 * Word (DOCX) file of an official document (official.ts), laid out as its PDF (pdf.ts) is: A4, the
 * margins and Times New Roman of Nghị định 30/2020/NĐ-CP, Phụ lục I, the two-column header, tên loại and
 * trích yếu, numbered sections, Nơi nhận and the signer, the data tables on landscape pages. It is the
 * file the Sở edits before signing.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeightRule,
  type ISectionOptions,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { type DocBlock, type OfficialDocument, PAGE, QUOC_HIEU, recipientLines, TIEU_NGU, upperVi } from './official';
import { asBuffer, render } from './render-pool';
import { cellText } from './table';

const FONT = 'Times New Roman';
/** Twentieths of a point per millimetre. */
const TWIP = 1440 / 25.4;
/** Half-points, as Word counts font sizes. */
const pt = (size: number) => Math.round(size * 2);
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const GRID = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN };

const portraitWidth = Math.round((PAGE.widthMm - PAGE.leftMm - PAGE.rightMm) * TWIP);
const landscapeWidth = Math.round((PAGE.heightMm - PAGE.leftMm - PAGE.rightMm) * TWIP);

interface RunStyle {
  size?: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}
const run = (text: string, s: RunStyle = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: pt(s.size ?? 14),
    bold: s.bold,
    italics: s.italics,
    underline: s.underline ? {} : undefined,
  });

function line(text: string, s: RunStyle & { align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) {
  return new Paragraph({
    alignment: s.align ?? AlignmentType.CENTER,
    spacing: { before: 0, after: 0 },
    children: [run(text, s)],
  });
}

/** A short centred rule: an empty paragraph with a bottom border, narrowed by indents to `length` of `width` (twips). */
function rule(width: number, length: number) {
  const side = Math.max(0, Math.round((width - length) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 60, line: 120 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [],
  });
}

const approxWidth = (text: string, size: number) => Math.round(text.length * size * 0.58 * 20);

function headerTable(doc: OfficialDocument, width: number) {
  const left = Math.round(width * 0.4);
  const right = width - left;
  const issuing = upperVi(doc.issuingBody);
  const leftTop: Paragraph[] = [];
  if (doc.parentBody) leftTop.push(line(upperVi(doc.parentBody), { size: 13 }));
  leftTop.push(line(issuing, { size: 13, bold: true }));
  leftTop.push(rule(left, Math.max(800, Math.min(left * 0.6, approxWidth(issuing, 13) * 0.45))));
  const cell = (children: Paragraph[], w: number) =>
    new TableCell({ children, width: { size: w, type: WidthType.DXA }, borders: NO_BORDERS });
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(leftTop, left),
          cell([line(QUOC_HIEU, { size: 12, bold: true }), line(TIEU_NGU, { size: 14, bold: true, underline: true })], right),
        ],
      }),
      new TableRow({
        children: [
          cell([line(doc.numberLine ?? '', { size: 13 })], left),
          cell([line(doc.dateLine, { size: 14, italics: true })], right),
        ],
      }),
    ],
  });
}

function dataTable(block: Extract<DocBlock, { table: unknown }>, width: number, size: number): (Paragraph | Table)[] {
  const { columns, rows } = block.table;
  const out: (Paragraph | Table)[] = [];
  if (block.caption)
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 160 },
        children: [run(block.caption, { bold: true })],
      }),
    );
  for (const s of block.subtitle ?? []) out.push(line(s, { italics: true, size: 12 }));
  // Wide text columns share what the narrow ones leave.
  const narrow = Math.round(width / (columns.length + 2));
  const wide = columns.filter((c) => (c.width ?? 0) >= 30).length;
  const rest = Math.max(narrow, Math.round((width - narrow * (columns.length - wide)) / Math.max(1, wide)));
  const widths = columns.map((c) => ((c.width ?? 0) >= 30 ? rest : narrow));
  const cell = (text: string, w: number, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] }) =>
    new TableCell({
      width: { size: w, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
      children: [
        new Paragraph({ alignment: opts.align ?? AlignmentType.LEFT, children: [run(text, { size, bold: opts.bold })] }),
      ],
    });
  out.push(
    new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      borders: GRID,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: columns.map((c, i) => cell(c.header, widths[i] ?? narrow, { bold: true, align: AlignmentType.CENTER })),
        }),
        ...rows.map(
          (row, r) =>
            new TableRow({
              cantSplit: true,
              children: row.map((value, i) =>
                cell(cellText(value, columns[i]?.type), widths[i] ?? narrow, {
                  bold: block.caption !== undefined && r === rows.length - 1 && row[1] === 'Toàn tỉnh',
                  align: typeof value === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
                }),
              ),
            }),
        ),
      ],
    }),
  );
  out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  return out;
}

function blockContent(block: DocBlock, width: number, tableSize: number): (Paragraph | Table)[] {
  if ('heading' in block) {
    return [
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { firstLine: Math.round(10 * TWIP) },
        spacing: { before: 120, after: 60 },
        keepNext: true,
        children: [run(block.heading, { bold: true })],
      }),
    ];
  }
  if ('paragraph' in block) {
    return [
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { firstLine: Math.round(10 * TWIP) },
        spacing: { after: 120, line: 288 },
        children: [run(block.paragraph, { italics: block.italic })],
      }),
    ];
  }
  if ('bars' in block) {
    return dataTable(
      {
        table: {
          columns: [
            { header: 'Cơ quan', width: 40 },
            { header: 'Tỷ lệ', type: 'percent' },
          ],
          rows: block.bars.items.map((i) => [i.label, i.value]),
        },
        caption: block.bars.title,
      },
      width,
      tableSize,
    ).slice(0, block.bars.items.length ? undefined : 1);
  }
  return dataTable(block, width, tableSize);
}

function signatureTable(doc: OfficialDocument, width: number) {
  const right = Math.round(width * 0.5);
  const left = width - right;
  const signer: Paragraph[] = [];
  if (doc.signer.authority) signer.push(line(upperVi(doc.signer.authority), { bold: true }));
  signer.push(line(upperVi(doc.signer.title), { bold: true }));
  // Room for the signature and the seal.
  signer.push(new Paragraph({ spacing: { before: 0, after: 0, line: Math.round(80 * 20) }, children: [] }));
  signer.push(line(doc.signer.name, { bold: true }));
  const recipients: Paragraph[] = [
    new Paragraph({ children: [run('Nơi nhận:', { size: 12, bold: true, italics: true })] }),
    ...recipientLines(doc.recipients).map((r) => new Paragraph({ children: [run(r, { size: 11 })] })),
  ];
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        height: { value: 0, rule: HeightRule.AUTO },
        children: [
          new TableCell({ width: { size: left, type: WidthType.DXA }, borders: NO_BORDERS, children: recipients }),
          new TableCell({ width: { size: right, type: WidthType.DXA }, borders: NO_BORDERS, children: signer }),
        ],
      }),
    ],
  });
}

const margins = {
  top: Math.round(PAGE.topMm * TWIP),
  bottom: Math.round(PAGE.bottomMm * TWIP),
  left: Math.round(PAGE.leftMm * TWIP),
  right: Math.round(PAGE.rightMm * TWIP),
  header: Math.round(10 * TWIP),
  footer: Math.round(10 * TWIP),
};
const size = { width: Math.round(PAGE.widthMm * TWIP), height: Math.round(PAGE.heightMm * TWIP) };

const pageNumberHeader = () =>
  new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(13) })],
      }),
    ],
  });

/** The DOCX of an official document, built on a render thread (render-pool.ts). */
export async function renderOfficialDocx(doc: OfficialDocument): Promise<Buffer> {
  return asBuffer(await render('officialDocx', doc));
}

/** Builds the DOCX here, on the calling thread: the render threads run this. */
export async function buildOfficialDocx(doc: OfficialDocument): Promise<Buffer> {
  const width = doc.landscape ? landscapeWidth : portraitWidth;
  const body: (Paragraph | Table)[] = [];
  if (doc.draft) body.push(line('DỰ THẢO', { size: 11, bold: true, align: AlignmentType.RIGHT }));
  body.push(headerTable(doc, width));
  body.push(
    new Paragraph({
      spacing: { before: 360 },
      alignment: AlignmentType.CENTER,
      children: [run(upperVi(doc.kind), { bold: true })],
    }),
  );
  body.push(line(doc.subject, { bold: true }));
  body.push(rule(width, Math.max(1200, Math.min(width * 0.4, approxWidth(doc.subject, 14) * 0.4))));
  body.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  for (const block of doc.blocks) body.push(...blockContent(block, width, doc.landscape ? 11 : 12));
  body.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  body.push(signatureTable(doc, width));

  const sections: ISectionOptions[] = [
    {
      properties: {
        titlePage: true,
        page: {
          size: { ...size, orientation: doc.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: margins,
        },
      },
      // Page numbers centred at the top from the second page on (Phụ lục I, II.11).
      headers: { default: pageNumberHeader(), first: new Header({ children: [] }) },
      children: body,
    },
  ];
  if (doc.appendix) {
    const appendix: (Paragraph | Table)[] = [line(upperVi(doc.appendix.title), { bold: true })];
    for (const s of doc.appendix.subtitle ?? []) appendix.push(line(s, { italics: true, size: 13 }));
    for (const block of doc.appendix.blocks) appendix.push(...blockContent(block, landscapeWidth, 10.5));
    sections.push({
      properties: { page: { size: { ...size, orientation: PageOrientation.LANDSCAPE }, margin: margins } },
      headers: { default: pageNumberHeader() },
      children: appendix,
    });
  }
  const document = new Document({
    creator: 'CCHC',
    title: doc.title,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections,
  });
  return Buffer.from(await Packer.toBuffer(document));
}
