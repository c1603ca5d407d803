/**
 * Open311 GeoReport v2 over the feedback register (issue 19): feedback fields are the services;
 * GET requests shows published items only (personal data removed), plus the items a system sent
 * with its own key; POST creates a feedback item through the normal intake (due dates from the
 * working-day calendar, notification of the competent agency, audit). HTTP and XML live in apps/server.
 */
import type { Database } from '@cchc/db/schema';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { removePersonalData } from '@cchc/domain/feedback/public-text';
import { type FeedbackStatus, SUBMITTER_TYPES } from '@cchc/domain/feedback/workflow';
import { foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { ZFeedbackCreate } from '../feedback/schemas';
import { createFeedback } from '../feedback/service';
import { zLink } from '../input';
import type { ApiClient } from './api-keys';
import { publicationSettings } from './publication';

/** The service for feedback without a field. */
export const OTHER_SERVICE = { code: 'khac', name: 'Phản ánh, kiến nghị khác' } as const;
/** At most this many requests in one answer (GeoReport v2: 1000), the newest first. */
export const MAX_REQUESTS = 1000;

/** A stable code for a field: its name without accents, lower case, words joined by '-'. */
export function serviceCode(field: string | null): string {
  if (!field) return OTHER_SERVICE.code;
  return (
    foldVietnamese(field)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || OTHER_SERVICE.code
  );
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** Every field feedback has been filed under, and the catalogue's fields, plus "other". */
export async function open311Services(db: Kysely<Database>): Promise<Open311Service[]> {
  const rows = await sql<{ field: string }>`
    select field from feedback where field is not null
    union
    select field from procedure where field is not null
  `.execute(db);
  const byCode = new Map<string, string>();
  for (const r of rows.rows.map((x) => x.field.trim()).sort((a, b) => a.localeCompare(b, 'vi'))) {
    const code = serviceCode(r);
    if (!byCode.has(code)) byCode.set(code, r);
  }
  byCode.set(OTHER_SERVICE.code, OTHER_SERVICE.name);
  return [...byCode].map(([code, name]) => ({
    service_code: code,
    service_name: name,
    description: `Phản ánh, kiến nghị về quy định hành chính, thủ tục hành chính và hành vi của cán bộ, công chức — lĩnh vực ${name}.`,
    metadata: false,
    type: 'blackbox',
    keywords: 'pakn, phản ánh, kiến nghị',
    group: 'Phản ánh, kiến nghị',
  }));
}

export const ZOpen311RequestFilter = z
  .object({
    service_request_id: z
      .string()
      .max(2000)
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()) : undefined))
      .refine((v) => !v || v.every((s) => /^\d{1,9}$/.test(s)), 'service_request_id phải là số của phản ánh, kiến nghị.'),
    service_code: z.string().trim().max(100).optional(),
    status: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()) : undefined))
      .refine((v) => !v || v.every((s) => s === 'open' || s === 'closed'), 'status chỉ nhận open hoặc closed.'),
    start_date: z.iso.datetime({ offset: true, error: 'start_date phải là thời điểm theo ISO 8601 (w3c).' }).optional(),
    end_date: z.iso.datetime({ offset: true, error: 'end_date phải là thời điểm theo ISO 8601 (w3c).' }).optional(),
  })
  .refine((v) => !v.start_date || !v.end_date || Date.parse(v.start_date) <= Date.parse(v.end_date), {
    message: 'start_date phải trước end_date.',
  });
export type TOpen311RequestFilter = z.output<typeof ZOpen311RequestFilter>;

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  media_url: string | null;
}

const CLOSED: readonly FeedbackStatus[] = ['answered', 'published', 'refused', 'returned'];

/**
 * Published items (if the province publishes answers), and with a key the items that system sent
 * itself whatever their state: never a name, a contact or the text of an unpublished answer.
 */
export async function open311Requests(
  db: Kysely<Database>,
  filter: TOpen311RequestFilter,
  client: Pick<ApiClient, 'keyId'> | null,
): Promise<Open311Request[]> {
  const publishes = (await publicationSettings(db)).feedbackAnswers;
  if (!publishes && !client) return [];
  let q = db
    .selectFrom('feedback as f')
    .leftJoin('agency as a', 'a.id', 'f.competentAgencyId')
    .where((eb) => {
      const published = eb.and([eb('f.status', '=', 'published'), eb('f.publishedAt', 'is not', null)]);
      const own = client ? eb('f.sourceApiKeyId', '=', client.keyId) : null;
      if (publishes && own) return eb.or([published, own]);
      return own ?? published;
    });
  if (filter.service_request_id) q = q.where('f.number', 'in', filter.service_request_id.map(Number));
  if (filter.service_code) {
    // In SQL, so the 1000 newest are the newest of that service, not of all.
    const service = (await open311Services(db)).find((s) => s.service_code === filter.service_code);
    if (!service) return [];
    q =
      service.service_code === OTHER_SERVICE.code
        ? q.where('f.field', 'is', null)
        : q.where('f.field', '=', service.service_name);
  }
  if (filter.start_date) q = q.where('f.receivedAt', '>=', new Date(filter.start_date));
  if (filter.end_date) q = q.where('f.receivedAt', '<=', new Date(filter.end_date));
  if (filter.status?.length === 1) {
    q = filter.status[0] === 'closed' ? q.where('f.status', 'in', CLOSED) : q.where('f.status', 'not in', CLOSED);
  }
  const rows = await q
    .select([
      'f.number',
      'f.status',
      'f.field',
      'f.subject',
      'f.content',
      'f.answerText',
      'f.answerDue',
      'f.receivedAt',
      'f.updatedAt',
      'f.publishedAt',
      'f.submitterName',
      'f.submitterContact',
      'a.name as agencyName',
    ])
    .orderBy('f.receivedAt', 'desc')
    .orderBy('f.number', 'desc')
    .limit(MAX_REQUESTS)
    .execute();
  const items = rows.map((r): Open311Request => {
    const known = [r.submitterName, r.submitterContact];
    const published = r.status === 'published';
    return {
      service_request_id: String(r.number),
      status: CLOSED.includes(r.status) ? 'closed' : 'open',
      // The answer is public only once published; an unpublished answer is only said to exist.
      status_notes: published
        ? removePersonalData(r.answerText, known)
        : r.status === 'answered'
          ? 'Đã có câu trả lời, đang chờ công khai.'
          : r.status === 'refused' || r.status === 'returned'
            ? 'Không thuộc thẩm quyền giải quyết.'
            : 'Đang xử lý.',
      service_name: r.field ?? OTHER_SERVICE.name,
      service_code: serviceCode(r.field),
      description: removePersonalData(`${r.subject}\n\n${r.content}`, known) ?? '',
      agency_responsible: r.agencyName,
      service_notice: null,
      requested_datetime: r.receivedAt.toISOString(),
      updated_datetime: (r.publishedAt ?? r.updatedAt).toISOString(),
      expected_datetime: CLOSED.includes(r.status) ? null : `${r.answerDue}T17:00:00+07:00`,
      address: null,
      media_url: null,
    };
  });
  return filter.service_code ? items.filter((i) => i.service_code === filter.service_code) : items;
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Tối đa ${max} ký tự.`)
    .optional()
    .transform((v) => v || null);

/** A POST as GeoReport v2 names its fields (form-encoded or JSON); attribute[...] carries ours. */
export const ZOpen311Submit = z.object({
  service_code: z.string({ error: 'Thiếu service_code.' }).trim().min(1, 'Thiếu service_code.').max(100),
  description: z
    .string({ error: 'Thiếu description (nội dung phản ánh, kiến nghị).' })
    .trim()
    .min(10, 'description (nội dung) cần ít nhất 10 ký tự.')
    .max(20000, 'description tối đa 20.000 ký tự.'),
  first_name: text(150),
  last_name: text(150),
  email: text(300),
  phone: text(50),
  address_string: text(500),
  lat: text(30),
  long: text(30),
  device_id: text(100),
  account_id: text(100),
  media_url: zLink(1000)
    .optional()
    .transform((v) => v || null),
  'attribute[subject]': text(500),
  'attribute[external_id]': text(100),
  /** The competent agency's code, when the sending system knows it: the item goes straight to that agency. */
  'attribute[agency_code]': text(50),
  'attribute[submitter_type]': z
    .enum(SUBMITTER_TYPES, { error: 'attribute[submitter_type] chỉ nhận citizen hoặc business.' })
    .optional(),
});
export type TOpen311Submit = z.output<typeof ZOpen311Submit>;

/** Creates the feedback item a system sent; it enters the register as any other, with its source. */
export async function open311Submit(db: Kysely<Database>, client: ApiClient, input: TOpen311Submit, clock: Clock) {
  const services = await open311Services(db);
  const service = services.find((s) => s.service_code === input.service_code);
  if (!service) {
    throw new AppError(
      'bad_request',
      'open311.unknown_service',
      `service_code "${input.service_code}" không có trong danh sách dịch vụ.`,
    );
  }
  const name = [input.last_name, input.first_name].filter(Boolean).join(' ');
  if (name.length < 2) {
    throw new AppError('bad_request', 'open311.name_required', 'Vui lòng gửi họ tên người phản ánh (first_name, last_name).');
  }
  let competentAgencyId: string | null = null;
  if (input['attribute[agency_code]']) {
    const agency = await db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', input['attribute[agency_code]'])
      .executeTakeFirst();
    if (!agency) {
      throw new AppError('bad_request', 'open311.unknown_agency', `Không có cơ quan mã "${input['attribute[agency_code]']}".`);
    }
    competentAgencyId = agency.id;
  }
  const description = input.description;
  const subject =
    input['attribute[subject]'] ?? (description.length > 120 ? `${description.slice(0, 117).trimEnd()}…` : description);
  const parsed = ZFeedbackCreate.safeParse({
    externalId: input['attribute[external_id]'],
    receivedAt: new Date(clock.now()).toISOString(),
    channel: client.feedbackChannel,
    submitterType: input['attribute[submitter_type]'] ?? 'citizen',
    submitterName: name,
    submitterContact: [input.phone, input.email].filter(Boolean).join(', ') || null,
    subject,
    content: input.address_string ? `${description}\n\nĐịa điểm: ${input.address_string}` : description,
    field: service.service_code === OTHER_SERVICE.code ? null : service.service_name,
    competentAgencyId,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'bad_request',
      'open311.invalid',
      `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'Dữ liệu không hợp lệ.'}`,
    );
  }
  const created = await createFeedback(db, client.actor, parsed.data, clock, { apiKeyId: client.keyId });
  return {
    service_request_id: String(created.number),
    service_notice: `Đã tiếp nhận phản ánh, kiến nghị số ${created.number} ngày ${vietnamDateOf(new Date(clock.now()))}.`,
    account_id: input.account_id,
  };
}
