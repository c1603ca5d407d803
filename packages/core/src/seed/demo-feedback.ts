/**
 * Demo feedback for a first run: a few months of invented items (names, contacts and content are
 * made up) across the demo province's departments, with every outcome, so the figures have something
 * to show. Deterministic: the same day gives the same data.
 */
import type { Database, FeedbackTable } from '@cchc/db/schema';
import { addDays, type IsoDate } from '@cchc/domain/calendar/dates';
import type { FeedbackChannel, FeedbackStatus } from '@cchc/domain/feedback/workflow';
import type { Insertable, Kysely } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import { refreshRollups } from '../feedback/figures-sql';
import { duesFor, feedbackSearchText, loadLimitRules } from '../feedback/service';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Lan', 'Nam', 'Phương', 'Quân', 'Trang'];
const SUBJECTS: [subject: string, classification: 'regulation' | 'conduct', field: string][] = [
  ['Thời hạn cấp phiếu lý lịch tư pháp kéo dài', 'regulation', 'Lý lịch tư pháp'],
  ['Yêu cầu nộp thêm giấy tờ không có trong quy định', 'regulation', 'Hộ tịch'],
  ['Thủ tục đăng ký kinh doanh còn rườm rà', 'regulation', 'Thành lập doanh nghiệp'],
  ['Cán bộ một cửa hướng dẫn không đầy đủ', 'conduct', 'Chứng thực'],
  ['Chưa nhận được kết quả đúng hẹn', 'regulation', 'Đất đai'],
  ['Thái độ tiếp công dân chưa đúng mực', 'conduct', 'Tiếp công dân'],
  ['Đề nghị cho phép nộp hồ sơ trực tuyến toàn trình', 'regulation', 'Xây dựng'],
  ['Phí, lệ phí thu chưa đúng quy định', 'regulation', 'Giao thông vận tải'],
];
const DEPARTMENTS = ['STP', 'STC', 'SXD', 'SNNMT', 'SCT', 'SYT', 'SGDDT', 'SNV'];
const CHANNELS: FeedbackChannel[] = ['national_portal', 'provincial_portal', 'hotline', 'letter', 'email', 'in_person'];

/** A small deterministic generator (mulberry32), so demo data is the same on every machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDemoFeedback(
  db: Kysely<Database>,
  actor: AuditActor,
  provinceCode: string,
  today: IsoDate,
  count = 160,
) {
  const agencies = await db
    .selectFrom('agency')
    .select(['id', 'code'])
    .where(
      'code',
      'in',
      DEPARTMENTS.map((d) => `${provinceCode}.${d}`),
    )
    .execute();
  if (!agencies.length) return 0;
  const calendar = await loadWorkingCalendar(db);
  const rules = await loadLimitRules(db);
  const next = random(2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const rows: Insertable<FeedbackTable>[] = [];
  for (let i = 0; i < count; i++) {
    const receivedOn = addDays(today, -Math.floor(next() * 180) - 1);
    const channel = pick(CHANNELS);
    // The Sở Tư pháp gets more feedback than the others, so its own page has something to show.
    const agency = next() < 0.3 ? (agencies.find((a) => a.code.endsWith('.STP')) ?? pick(agencies)) : pick(agencies);
    const [subject, classification, field] = pick(SUBJECTS);
    const dues = duesFor(calendar, rules, agency.id, channel, receivedOn);
    const roll = next();
    let status: FeedbackStatus = 'assigned';
    let answeredOn: IsoDate | null = null;
    if (roll < 0.06) status = 'refused';
    else if (roll < 0.8) {
      const spent = Math.floor(next() * 22) + 1;
      const candidate = calendar.addWorkingDays(receivedOn, spent);
      if (candidate < today) {
        answeredOn = candidate;
        status = next() < 0.7 ? 'published' : 'answered';
      }
    } else if (roll < 0.85) status = 'info_requested';
    const hour = 8 + Math.floor(next() * 9);
    const name = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
    const business = next() < 0.25;
    rows.push({
      externalId: `PAKN-DEMO-${String(i + 1).padStart(4, '0')}`,
      receivedAt: new Date(`${receivedOn}T${String(hour).padStart(2, '0')}:15:00+07:00`),
      receivedOn,
      channel,
      submitterType: business ? 'business' : 'citizen',
      submitterName: business ? `Công ty TNHH ${pick(GIVEN)} ${pick(GIVEN)}` : name,
      submitterContact: `09${String(Math.floor(next() * 1e8)).padStart(8, '0')}`,
      subject,
      content: `${subject}. Tôi đề nghị cơ quan có thẩm quyền xem xét, trả lời và hướng dẫn cụ thể (nội dung minh họa).`,
      classification,
      field,
      competentAgencyId: agency.id,
      status,
      clockStart: receivedOn,
      ...dues,
      answerText: answeredOn ? 'Cơ quan đã tiếp thu và trả lời theo quy định (nội dung minh họa).' : null,
      answeredAt: answeredOn ? new Date(`${answeredOn}T10:00:00+07:00`) : null,
      answeredOn,
      answerWorkingDays: answeredOn ? calendar.workingDaysBetween(receivedOn, answeredOn) : null,
      publishedAt: status === 'published' && answeredOn ? new Date(`${answeredOn}T16:00:00+07:00`) : null,
      satisfaction: answeredOn ? (next() < 0.15 ? 'unsatisfied' : next() < 0.6 ? 'satisfied' : 'not_rated') : 'not_rated',
      recomplaint: answeredOn !== null && next() < 0.05,
      searchText: feedbackSearchText(`PAKN-DEMO-${String(i + 1).padStart(4, '0')}`, subject),
    });
  }
  await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('feedback').values(rows).returning(['id', 'status', 'competentAgencyId']).execute();
    await trx
      .insertInto('feedbackEvent')
      .values(inserted.map((r) => ({ feedbackId: r.id, action: 'created', toStatus: r.status, toAgencyId: r.competentAgencyId })))
      .execute();
    await refreshRollups(trx, null);
    await recordAudit(trx, actor, {
      action: 'feedback.demo_seeded',
      entityType: 'feedback',
      entityId: null,
      after: { items: rows.length },
    });
  });
  return rows.length;
}
