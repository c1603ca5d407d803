/**
 * A periodic report as the official document the Sở Nội vụ signs and sends (Nghị định 30/2020/NĐ-CP,
 * Phụ lục I): its title from the regime and the period, the header and signer from the province's
 * document settings, sections for what the regime covers, the figures beside the same period last year,
 * the agencies that reported late or not at all, and the data tables in an appendix. One model, rendered
 * to PDF and DOCX by packages/reports.
 */
import type { Database } from '@cchc/db/schema';
import { formatVietnameseDate } from '@cchc/domain/calendar/dates';
import { formatNumberVi, formatPercentVi, officialDateLine, officialNumberLine } from '@cchc/domain/format';
import { renderOfficialDocx } from '@cchc/reports/docx';
import type { DocBlock, OfficialDocument } from '@cchc/reports/official';
import { renderOfficialPdf } from '@cchc/reports/pdf';
import type { Kysely } from 'kysely';
import { documentSettings, issuerFor, type TDocumentSettings, type TIssuer } from '../settings/documents';
import { indicatorValues, type LastYearFigures } from './indicators';
import type { Regime } from './regimes';
import { fmt, type ReportSnapshot, snapshotTables } from './snapshot';

/** The snapshot as stored: this period's figures and, since issue 16, the same period last year's. */
export type StoredSnapshot = ReportSnapshot & { lastYear?: LastYearFigures | null };

/** Number and date of issue; null for a draft (the văn thư fills them in). */
export interface Issue {
  number: number;
  /** Ký hiệu after the number: "BC-SNV". */
  symbol: string;
  issuedOn: string;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
const lowerFirst = (s: string) => (s ? s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1) : s);
const upperFirst = (s: string) => (s ? s.charAt(0).toLocaleUpperCase('vi-VN') + s.slice(1) : s);

/**
 * The trích yếu of a report from its regime's name and period: "Báo cáo công tác cải cách hành chính
 * (quý I, 6 tháng, quý III, năm)" + "Quý III năm 2026" → "Công tác cải cách hành chính quý III năm 2026".
 * The regime's list of periods in brackets and its frequency words ("hằng tháng", "định kỳ") go: the
 * period says it.
 */
export function reportSubject(regimeName: string, periodLabel: string): { subject: string; title: string } {
  const topic = regimeName
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .replace(/^\s*báo cáo\s+/i, '')
    .replace(/\s+(hằng|hàng)\s+(tháng|quý|năm)\s*$/i, '')
    .replace(/\s+định kỳ\s*$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  const subject = upperFirst(`${topic} ${lowerFirst(periodLabel)}`);
  return { subject, title: `Báo cáo ${lowerFirst(subject)}` };
}

export function symbolOf(settings: TDocumentSettings, issuer: TIssuer): string {
  return `${settings.reportSymbol}-${issuer.symbol}`;
}

export async function reportDocumentContext(db: Kysely<Database>, regime: Regime) {
  const settings = await documentSettings(db);
  return { settings, issuer: await issuerFor(db, regime.receivingAgencyId, settings) };
}

const rate = (value: number | null) => formatPercentVi(value, 'không áp dụng');

/** One sentence per module the regime covers, each with its change from the same period last year. */
function figureSentences(regime: Regime, s: StoredSnapshot): string[] {
  const values = new Map(indicatorValues(regime.dataTables, s, s.lastYear).map((v) => [v.code, v]));
  const vs = (code: string) => {
    const change = values.get(code)?.change;
    return change ? ` (${change} so với cùng kỳ năm trước)` : '';
  };
  const p = s.province;
  const out: string[] = [];
  if (values.has('CCHC.NV.02'))
    out.push(
      `Nhiệm vụ cải cách hành chính đến hạn trong kỳ: ${formatNumberVi(p.tasks.denominator)}, hoàn thành đúng hạn ${formatNumberVi(p.tasks.numerator)}, đạt ${rate(p.tasks.rate)}${vs('CCHC.NV.02')}.`,
    );
  if (values.has('CCHC.TCT.01'))
    out.push(
      `Tham dự phiên họp của Tổ công tác: ${formatNumberVi(p.attendance.numerator)}/${formatNumberVi(p.attendance.denominator)} lượt, đạt ${rate(p.attendance.rate)}${vs('CCHC.TCT.01')}; thủ trưởng trực tiếp dự ${rate(p.headAttendance.rate)}.`,
    );
  if (values.has('CCHC.PAKN.01'))
    out.push(
      `Phản ánh, kiến nghị tiếp nhận: ${formatNumberVi(p.feedback.received)}${vs('CCHC.PAKN.01')}; trả lời đúng hạn ${rate(p.feedback.onTimeRate)}${vs('CCHC.PAKN.02')}; đang quá hạn ${formatNumberVi(p.feedback.openOverdue)}; tỷ lệ hài lòng ${rate(p.feedback.satisfactionRate)}.`,
    );
  if (values.has('CCHC.TTHC.01'))
    out.push(
      `Rà soát thủ tục hành chính không phát sinh hồ sơ: đề xuất đúng hạn ${formatNumberVi(p.reviews.numerator)}/${formatNumberVi(p.reviews.denominator)} đợt (${rate(p.reviews.rate)})${
        s.procedures.dormantProcedures === null
          ? ''
          : `; ${formatNumberVi(s.procedures.dormantProcedures)} thủ tục không phát sinh hồ sơ`
      }.`,
    );
  if (values.has('CCHC.DG.01') && s.scores)
    out.push(`Điểm cải cách hành chính bình quân của các cơ quan: ${rate(s.scores.average)}${vs('CCHC.DG.01')}.`);
  return out;
}

function comparisonTable(regime: Regime, s: StoredSnapshot): DocBlock | null {
  const values = indicatorValues(regime.dataTables, s, s.lastYear);
  if (!values.length) return null;
  const show = (v: number | null, unit: string) => (unit === '%' ? formatPercentVi(v) : v === null ? 'N/A' : formatNumberVi(v));
  return {
    caption: `So với cùng kỳ năm trước${s.lastYear ? ` (${lowerFirst(s.lastYear.label)})` : ''}`,
    table: {
      columns: [
        { header: 'Chỉ tiêu', width: 40 },
        { header: 'Đơn vị' },
        { header: 'Kỳ này' },
        { header: 'Cùng kỳ năm trước' },
        { header: 'Tăng/giảm' },
      ],
      rows: values.map((v) => [v.name, v.unit, show(v.value, v.unit), show(v.lastYear, v.unit), v.change ?? '']),
    },
  };
}

export function reportDocument(
  regime: Regime,
  s: StoredSnapshot,
  version: number,
  ctx: { settings: TDocumentSettings; issuer: TIssuer },
  issue: Issue | null,
): OfficialDocument {
  const { subject, title } = reportSubject(regime.name, s.period.label);
  const { settings, issuer } = ctx;
  const symbol = issue?.symbol ?? symbolOf(settings, issuer);
  const sent = s.submissions.filter((x) => x.status === 'submitted' || x.status === 'accepted');
  const late = sent.filter((x) => x.onTime === false);
  const missing = s.agencies.filter((a) => !sent.some((x) => x.agencyId === a.id));
  const blocks: DocBlock[] = [
    {
      paragraph: `Thực hiện chế độ báo cáo định kỳ theo Nghị định số 09/2019/NĐ-CP của Chính phủ, trên cơ sở báo cáo của ${sent.length}/${s.agencies.length} cơ quan và số liệu trên hệ thống theo dõi cải cách hành chính (kỳ số liệu từ ngày ${fmt(s.period.from)} đến ngày ${fmt(s.period.to)}, số liệu tính đến ngày ${fmt(s.measure)}), ${issuer.issuingBody} báo cáo ${lowerFirst(subject)} như sau:`,
    },
  ];
  regime.outline.forEach((section, i) => {
    blocks.push({ heading: `${ROMAN[i] ?? i + 1}. ${section.title.toLocaleUpperCase('vi-VN')}`, level: 1 });
    const texts = sent.filter((x) => (x.sections[section.key] ?? '').trim());
    if (section.key === 'results') {
      blocks.push({ heading: '1. Kết quả chủ yếu', level: 2 });
      for (const sentence of figureSentences(regime, s)) blocks.push({ paragraph: sentence });
      const table = comparisonTable(regime, s);
      if (table) blocks.push(table);
      if (regime.dataTables.includes('feedback'))
        blocks.push({
          bars: {
            title: 'Biểu đồ: Tỷ lệ trả lời phản ánh, kiến nghị đúng hạn theo cơ quan',
            items: s.agencies
              .filter((a) => a.feedback.withinCompetence > 0)
              .map((a) => ({ label: a.name, value: a.feedback.onTimeRate })),
          },
        });
      if (regime.dataTables.includes('tasks'))
        blocks.push({
          bars: {
            title: 'Biểu đồ: Tỷ lệ nhiệm vụ hoàn thành đúng hạn theo cơ quan',
            items: s.agencies.filter((a) => a.tasks.denominator > 0).map((a) => ({ label: a.name, value: a.tasks.rate })),
          },
        });
      blocks.push({ heading: '2. Báo cáo của các cơ quan', level: 2 });
    }
    if (!texts.length) blocks.push({ paragraph: '(Chưa có cơ quan nào gửi nội dung mục này.)', italic: true });
    for (const x of texts) blocks.push({ paragraph: `${x.agencyName}: ${x.sections[section.key]?.trim()}` });
    if (section.key === 'results') {
      blocks.push({ heading: '3. Tình hình gửi báo cáo của các cơ quan', level: 2 });
      blocks.push({
        paragraph: `Đúng hạn (trước ngày ${fmt(s.period.agencyDue)}): ${sent.length - late.length}/${s.agencies.length} cơ quan.${
          late.length ? ` Gửi muộn: ${late.map((x) => x.agencyName).join(', ')}.` : ''
        }${missing.length ? ` Cơ quan chưa gửi báo cáo: ${missing.map((a) => a.name).join(', ')}.` : ''}`,
      });
    }
  });
  const numberLine = officialNumberLine(issue?.number ?? null, symbol);
  return {
    title,
    parentBody: issuer.parentBody,
    issuingBody: issuer.issuingBody,
    numberLine,
    dateLine: officialDateLine(settings.placeName, issue?.issuedOn ?? null, Number(s.period.to.slice(0, 4))),
    kind: 'Báo cáo',
    subject,
    draft: issue === null,
    blocks,
    recipients: issuer.recipients.length ? issuer.recipients : ['Lưu: VT'],
    signer: { authority: issuer.signerAuthority, title: issuer.signerTitle, name: issuer.signerName },
    appendix: {
      title: 'Phụ lục: Biểu số liệu',
      subtitle: [
        `(Kèm theo Báo cáo ${issue ? `số ${issue.number < 10 ? `0${issue.number}` : issue.number}/${symbol} ngày ${formatVietnameseDate(issue.issuedOn)}` : `số      /${symbol}`} của ${issuer.issuingBody} — phiên bản ${version})`,
      ],
      blocks: snapshotTables(s, regime.dataTables).map((t) => ({
        caption: t.title,
        subtitle: t.subtitle,
        table: { columns: t.columns, rows: t.rows },
      })),
    },
  };
}

export async function renderReportDocuments(doc: OfficialDocument) {
  const [{ pdf }, docx] = await Promise.all([renderOfficialPdf(doc), renderOfficialDocx(doc)]);
  return { pdf, docx };
}

/** "Số: 12/BC-SNV" of a finalised report; the number line of its documents. */
export function numberText(issue: Pick<Issue, 'number' | 'symbol'>): string {
  return officialNumberLine(issue.number, issue.symbol).replace(/^Số: /, '');
}
