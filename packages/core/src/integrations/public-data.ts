/**
 * What the public pages, the open data files and the Open311 API show (issue 19): feedback answers as
 * the agency published them with personal data removed, agency results of the latest finished score
 * run, and the register of procedures under review. Nothing here is behind a sign-in, so every query
 * selects only publishable columns and honours the publication setting. Figures are read from the
 * score run as it was computed (rankings), never recomputed here.
 */
import type { Database } from '@cchc/db/schema';
import { isIsoDate, vietnamDateOf } from '@cchc/domain/calendar/dates';
import { removePersonalData } from '@cchc/domain/feedback/public-text';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { COMPONENT_LABELS, latestDoneRun, rankings } from '../scores/runs';
import { publicationSettings } from './publication';

const ZDate = z.string().refine(isIsoDate, 'Ngày không hợp lệ (định dạng YYYY-MM-DD).');

export const ZPublicAnswerFilter = z
  .object({
    q: z.string().trim().max(200, 'Tối đa 200 ký tự.').optional(),
    agency: z.string().trim().max(50).optional(),
    field: z.string().trim().max(200).optional(),
    from: ZDate.optional(),
    to: ZDate.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'Ngày bắt đầu phải trước ngày kết thúc.', path: ['to'] });
export type TPublicAnswerFilter = z.output<typeof ZPublicAnswerFilter>;

/** A published answer as anyone may read it: no name, no contact, personal data removed from the text. */
export interface PublicAnswer {
  number: number;
  receivedOn: string;
  publishedAt: string;
  agencyCode: string | null;
  agencyName: string | null;
  field: string | null;
  classification: string | null;
  subject: string;
  question: string;
  answer: string;
}

/** The published answers (newest publication first) matching the filter, with their total. */
export async function publicAnswers(db: Kysely<Database>, filter: TPublicAnswerFilter) {
  const settings = await publicationSettings(db);
  if (!settings.feedbackAnswers) return { total: 0, items: [] as PublicAnswer[] };
  let q = db
    .selectFrom('feedback as f')
    .leftJoin('agency as a', 'a.id', 'f.competentAgencyId')
    .where('f.status', '=', 'published')
    .where('f.publishedAt', 'is not', null)
    .where('f.answerText', 'is not', null);
  if (filter.agency) q = q.where('a.code', '=', filter.agency);
  if (filter.field) q = q.where('f.field', '=', filter.field);
  if (filter.from) q = q.where(sql<boolean>`(f.published_at at time zone 'Asia/Ho_Chi_Minh')::date >= ${filter.from}::date`);
  if (filter.to) q = q.where(sql<boolean>`(f.published_at at time zone 'Asia/Ho_Chi_Minh')::date <= ${filter.to}::date`);
  const folded = foldVietnamese(filter.q ?? '');
  if (folded) q = q.where('f.searchText', 'like', `%${escapeLike(folded)}%`);
  const [rows, total] = await Promise.all([
    q
      .select([
        'f.number',
        'f.receivedOn',
        'f.publishedAt',
        'a.code as agencyCode',
        'a.name as agencyName',
        'f.field',
        'f.classification',
        'f.subject',
        'f.content',
        'f.answerText',
        // Read only to remove them from the text; never returned.
        'f.submitterName',
        'f.submitterContact',
      ])
      .orderBy('f.publishedAt', 'desc')
      .orderBy('f.number', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), items: rows.map(toPublicAnswer) };
}

/** One published answer by its register number, or null when it is not published. */
export async function publicAnswer(db: Kysely<Database>, number: number): Promise<PublicAnswer | null> {
  if (!(await publicationSettings(db)).feedbackAnswers) return null;
  const row = await db
    .selectFrom('feedback as f')
    .leftJoin('agency as a', 'a.id', 'f.competentAgencyId')
    .select([
      'f.number',
      'f.receivedOn',
      'f.publishedAt',
      'a.code as agencyCode',
      'a.name as agencyName',
      'f.field',
      'f.classification',
      'f.subject',
      'f.content',
      'f.answerText',
      'f.submitterName',
      'f.submitterContact',
    ])
    .where('f.number', '=', number)
    .where('f.status', '=', 'published')
    .where('f.publishedAt', 'is not', null)
    .where('f.answerText', 'is not', null)
    .executeTakeFirst();
  return row ? toPublicAnswer(row) : null;
}

function toPublicAnswer(r: {
  number: number;
  receivedOn: string;
  publishedAt: Date | null;
  agencyCode: string | null;
  agencyName: string | null;
  field: string | null;
  classification: string | null;
  subject: string;
  content: string;
  answerText: string | null;
  submitterName: string;
  submitterContact: string | null;
}): PublicAnswer {
  const known = [r.submitterName, r.submitterContact];
  return {
    number: r.number,
    receivedOn: r.receivedOn,
    publishedAt: (r.publishedAt ?? new Date(0)).toISOString(),
    agencyCode: r.agencyCode,
    agencyName: r.agencyName,
    field: r.field,
    classification: r.classification,
    subject: removePersonalData(r.subject, known) ?? '',
    question: removePersonalData(r.content, known) ?? '',
    answer: removePersonalData(r.answerText, known) ?? '',
  };
}

/** The agencies and fields that have published answers, for the search form. */
export async function publicAnswerFacets(db: Kysely<Database>) {
  if (!(await publicationSettings(db)).feedbackAnswers) return { agencies: [], fields: [] };
  const published = db.selectFrom('feedback as f').where('f.status', '=', 'published').where('f.publishedAt', 'is not', null);
  const [agencies, fields] = await Promise.all([
    published.innerJoin('agency as a', 'a.id', 'f.competentAgencyId').select(['a.code', 'a.name']).distinct().execute(),
    published.select('f.field').distinct().where('f.field', 'is not', null).execute(),
  ]);
  const vi = (a: string, b: string) => a.localeCompare(b, 'vi');
  return {
    agencies: agencies.sort((a, b) => vi(a.name, b.name)),
    fields: fields.flatMap((f) => (f.field ? [f.field] : [])).sort(vi),
  };
}

export const FEEDBACK_ON_TIME_DEFINITION =
  'Tỷ lệ phản ánh, kiến nghị trả lời đúng hạn (QĐ 766/QĐ-TTg) = số PAKN trả lời đúng hạn ÷ số PAKN thuộc thẩm quyền × 100, ' +
  'tính theo ngày nhận trong kỳ; PAKN chưa trả lời được coi là đúng hạn khi chưa quá hạn tại ngày tính. ' +
  'Số liệu lấy từ lượt tính điểm đã hoàn thành, tính đến ngày ghi ở "Số liệu tính đến".';

/** The results of the latest finished score run, as computed: ranking, total and the feedback on-time rate. */
export async function publicResults(db: Kysely<Database>) {
  if (!(await publicationSettings(db)).scoreResults) return null;
  const run = await latestDoneRun(db);
  if (!run) return null;
  const ranked = await rankings(db, run.id);
  return {
    run: {
      id: run.id,
      periodKind: run.periodKind,
      periodFrom: run.periodFrom,
      periodTo: run.periodTo,
      asOf: run.measure ?? run.periodTo,
      finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
      schemeVersion: run.schemeVersion,
      schemeName: run.schemeName,
    },
    definitions: {
      total: 'Điểm tuân thủ CCHC: tổng điểm các tiêu chí của bộ tiêu chí đang áp dụng, quy về thang 100.',
      feedbackOnTimeRate: FEEDBACK_ON_TIME_DEFINITION,
      feedbackOnTimeLabel: COMPONENT_LABELS.feedback_on_time,
    },
    rows: ranked.rows.map((r) => ({
      rank: r.rank,
      agencyCode: r.code,
      agencyName: r.name,
      peerGroup: r.peerGroup,
      total: r.total,
      grade: r.grade,
      feedbackOnTimeRate: r.components.find((c) => c.key === 'feedback_on_time')?.rate ?? null,
    })),
  };
}

/** The register of procedures under review: every review opened after the dormancy scan, newest first. */
export async function publicReviewRegister(db: Kysely<Database>) {
  if (!(await publicationSettings(db)).reviewRegister) return null;
  const rows = await db
    .selectFrom('procedureReview as r')
    .innerJoin('procedure as p', 'p.id', 'r.procedureId')
    .innerJoin('agency as a', 'a.id', 'r.agencyId')
    .select([
      'r.id',
      'p.code as procedureCode',
      'p.name as procedureName',
      'p.field',
      'p.detailUrl',
      'p.status as procedureStatus',
      'a.code as agencyCode',
      'a.name as agencyName',
      'r.lastFiling',
      'r.status',
      'r.proposal',
      'r.justification',
      'r.decisionNo',
      'r.decisionDate',
      'r.createdAt',
    ])
    .orderBy('r.createdAt', 'desc')
    .orderBy('p.code')
    .limit(5000)
    .execute();
  return rows.map(({ createdAt, ...r }) => ({ ...r, openedOn: vietnamDateOf(createdAt) }));
}
