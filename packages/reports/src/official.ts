/**
 * The document model of an outgoing administrative document (văn bản hành chính) as Nghị định
 * 30/2020/NĐ-CP, Phụ lục I lays it out: the two-column header (issuing body under its parent, số/ký
 * hiệu | Quốc hiệu, Tiêu ngữ, địa danh and date), tên loại and trích yếu, a body of numbered sections,
 * "Nơi nhận" beside the signer's authority, title and name with room for the signature and seal, and
 * data tables after it in an appendix. The PDF (pdf.ts) and the Word file (docx.ts) are both rendered
 * from this one model, so they never say different things.
 */
import type { Cell, TableColumn } from './table';

export const QUOC_HIEU = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const TIEU_NGU = 'Độc lập - Tự do - Hạnh phúc';

/** Page geometry of Phụ lục I, I.4 in millimetres: A4, top and bottom 20–25, left 30–35, right 15–20. */
export const PAGE = { widthMm: 210, heightMm: 297, topMm: 20, bottomMm: 20, leftMm: 30, rightMm: 15 } as const;
export const MM = 72 / 25.4;

export type DocBlock =
  /** Level 1: "I. KẾT QUẢ …" (bold); level 2: "1. …" (bold). The text carries its own number. */
  | { heading: string; level?: 1 | 2 }
  /** A body paragraph: justified, first line indented. */
  | { paragraph: string; italic?: boolean }
  | { table: { columns: TableColumn[]; rows: Cell[][] }; caption?: string; subtitle?: string[] }
  /** A horizontal bar chart of percentages (0–100). */
  | { bars: { title: string; items: { label: string; value: number | null }[] } };

export interface Signer {
  /** "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN" …; null when the head signs in their own name. */
  authority: string | null;
  /** "PHÓ GIÁM ĐỐC". */
  title: string;
  name: string;
}

export interface OfficialDocument {
  /** Document metadata (title of the PDF, file properties). */
  title: string;
  /** Tên cơ quan, tổ chức chủ quản trực tiếp; null when the issuing body has none. */
  parentBody: string | null;
  issuingBody: string;
  /** "Số: 12/BC-SNV" or a draft's blank; null for a sheet that takes no number. */
  numberLine: string | null;
  /** "Hưng Yên, ngày 05 tháng 10 năm 2026". */
  dateLine: string;
  /** Tên loại: "BÁO CÁO", "BẢNG ĐIỂM DANH". */
  kind: string;
  /** Trích yếu nội dung. */
  subject: string;
  /** A draft carries "DỰ THẢO" in a box and leaves the number and date for the văn thư. */
  draft?: boolean;
  /** Wide body tables: the body pages in landscape (Phụ lục I, I.3). */
  landscape?: boolean;
  blocks: DocBlock[];
  /** Nơi nhận, one a line, the last one usually "Lưu: VT, …". */
  recipients: string[];
  signer: Signer;
  /** Tables sent with the document, on landscape pages after the signature. */
  appendix?: { title: string; subtitle?: string[]; blocks: DocBlock[] };
}

/** Nơi nhận lines as Phụ lục I, II.9 writes them: "- X;" and the last one "- Lưu: VT, …." */
export function recipientLines(recipients: string[]): string[] {
  return recipients.map((r, i) => {
    const text = r.trim().replace(/[;.]+$/, '');
    return `- ${text}${i === recipients.length - 1 ? '.' : ';'}`;
  });
}

/** Upper-cases Vietnamese text the way headers print it (Đ stays Đ). */
export function upperVi(text: string): string {
  return text.toLocaleUpperCase('vi-VN');
}
