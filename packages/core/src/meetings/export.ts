/** A session's attendance sheet as PDF or XLSX, and its invitation as an iCalendar file. */
import type { Database } from '@cchc/db/schema';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { officialDateLine } from '@cchc/domain/format';
import { isPresent } from '@cchc/domain/meetings/attendance';
import { renderOfficialPdf } from '@cchc/reports/pdf';
import { renderXlsx, type Table } from '@cchc/reports/table';
import { createEvent } from 'ics';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import { documentSettings } from '../settings/documents';
import { getSession, type Viewer } from './service';

export const MARK_LABELS: Record<string, string> = {
  present_head: 'Có mặt — thủ trưởng',
  present_deputy: 'Có mặt — cấp phó',
  present_delegate: 'Có mặt — người được ủy quyền',
  absent_excused: 'Vắng có lý do',
  absent_unexcused: 'Vắng không lý do',
};
const MODE_LABELS: Record<string, string> = {
  in_person: 'Trực tiếp',
  online: 'Trực tuyến',
  hybrid: 'Trực tiếp kết hợp trực tuyến',
};

/** dd/MM/yyyy HH:mm in Vietnam time. */
function vnDateTime(instant: Date | string): string {
  const d = new Date(new Date(instant).getTime() + 7 * 3_600_000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 16)}`;
}

async function sheet(db: Kysely<Database>, viewer: Viewer, clock: Clock, sessionId: string) {
  const s = await getSession(db, viewer, clock, sessionId);
  const table: Table = {
    title: `Bảng điểm danh phiên họp thứ ${s.number}`,
    subtitle: [
      `${s.groupName} — ${s.title}`,
      `Thời gian: ${vnDateTime(s.startsAt)} — Hình thức: ${MODE_LABELS[s.mode] ?? s.mode}${s.chair ? ` — Chủ trì: ${s.chair}` : ''}`,
      s.finalisedAt ? `Đã chốt lúc ${vnDateTime(s.finalisedAt)}` : 'Bảng điểm danh chưa chốt',
    ],
    columns: [
      { header: 'STT', type: 'number', width: 6 },
      { header: 'Cơ quan', width: 40 },
      { header: 'Điểm danh', width: 30 },
      { header: 'Người dự / lý do vắng', width: 36 },
      { header: 'Đi muộn (phút)', type: 'number', width: 12 },
      // Wide enough that the PDF never clips the header of the last column.
      { header: 'Điểm cầu', width: 30 },
    ],
    rows: s.invitations.map((i, n) => [
      n + 1,
      i.agencyName,
      i.mark ? (MARK_LABELS[i.mark] ?? i.mark) : 'Chưa điểm danh',
      i.mark === 'present_delegate'
        ? [i.delegateName, i.delegatePosition].filter(Boolean).join(', ')
        : i.mark === 'absent_excused'
          ? [i.absenceReason, i.absenceDocument].filter(Boolean).join(' — ')
          : '',
      i.lateMinutes,
      i.siteName,
    ]),
  };
  return { session: s, table };
}

export async function exportAttendanceSheet(
  db: Kysely<Database>,
  viewer: Viewer,
  clock: Clock,
  sessionId: string,
  format: 'pdf' | 'xlsx',
) {
  const { session, table } = await sheet(db, viewer, clock, sessionId);
  const fileName = `diem-danh-phien-${session.number}.${format}`;
  if (format === 'xlsx') {
    return {
      body: await renderXlsx(table),
      fileName,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }
  const present = session.invitations.filter((i) => isPresent(i.mark)).length;
  const settings = await documentSettings(db);
  // An official sheet (Nghị định 30/2020, Phụ lục I): the working group under the province, no number.
  const { pdf } = await renderOfficialPdf({
    title: table.title,
    parentBody: settings.provinceBody,
    issuingBody: session.groupName,
    numberLine: null,
    dateLine: officialDateLine(settings.placeName, vietnamDateOf(new Date(session.startsAt))),
    kind: 'Bảng điểm danh',
    subject: `Phiên họp thứ ${session.number}: ${session.title}`,
    landscape: true,
    blocks: [
      ...(table.subtitle ?? []).slice(1).map((line) => ({ paragraph: line })),
      { paragraph: `Số cơ quan được mời: ${session.invitations.length}; có mặt: ${present}.` },
      { table },
      ...(session.conclusions.length
        ? [{ heading: 'Kết luận' }, ...session.conclusions.map((c) => ({ paragraph: `${c.position}. ${c.content}` }))]
        : []),
    ],
    recipients: ['Các thành viên Tổ công tác', 'Lưu: VT'],
    signer: { authority: null, title: 'Chủ trì phiên họp', name: session.chair ?? '' },
  });
  return { body: pdf, fileName, contentType: 'application/pdf' };
}

/** The session as an iCalendar invitation; times are UTC instants, so every calendar shows 08:00 Hà Nội as 08:00 Hà Nội. */
export async function sessionIcs(db: Kysely<Database>, viewer: Viewer, clock: Clock, sessionId: string) {
  const s = await getSession(db, viewer, clock, sessionId);
  const start = new Date(s.startsAt);
  const end = s.endsAt ? new Date(s.endsAt) : new Date(start.getTime() + 2 * 3_600_000);
  const { error, value } = createEvent({
    uid: `${s.id}@cchc`,
    title: `Phiên họp thứ ${s.number}: ${s.title}`,
    description: [s.groupName, s.chair ? `Chủ trì: ${s.chair}` : null, s.agenda].filter(Boolean).join('\n'),
    location: s.sites.map((site) => site.name).join('; ') || MODE_LABELS[s.mode],
    start: start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    productId: 'cchc/meetings',
    calName: s.groupName,
  });
  if (error || !value) throw error ?? new Error('ics generation failed');
  return { body: Buffer.from(value, 'utf8'), fileName: `phien-hop-${s.number}.ics`, contentType: 'text/calendar; charset=utf-8' };
}
