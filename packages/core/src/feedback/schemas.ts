/** Input schemas of feedback (PAKN), shared by the API and the admin app's forms. */
import { isIsoDate } from '@cchc/domain/calendar/dates';
import { FEEDBACK_DRILLS } from '@cchc/domain/feedback/figures';
import {
  FEEDBACK_ACTIONS,
  FEEDBACK_CHANNELS,
  FEEDBACK_CLASSIFICATIONS,
  FEEDBACK_STATUSES,
  SATISFACTIONS,
  SUBMITTER_TYPES,
} from '@cchc/domain/feedback/workflow';
import { BAD_ROW_POLICIES, UNCONFIRMED_CALENDAR_POLICIES } from '@cchc/domain/imports';
import { isTimeZone, VIETNAM_TIME_ZONE } from '@cchc/domain/instants';
import { z } from 'zod';

const ZDate = z.string().refine(isIsoDate, 'Ngày không hợp lệ.');
const ZInstant = z.iso.datetime({ offset: true, error: 'Thời gian không hợp lệ.' });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Tối đa ${max} ký tự.`)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZFeedbackCreate = z.object({
  externalId: optionalText(100),
  receivedAt: ZInstant,
  channel: z.enum(FEEDBACK_CHANNELS, { error: 'Vui lòng chọn kênh tiếp nhận.' }),
  submitterType: z.enum(SUBMITTER_TYPES, { error: 'Vui lòng chọn đối tượng.' }),
  submitterName: z.string().trim().min(2, 'Vui lòng nhập họ tên hoặc tên tổ chức.').max(300, 'Tối đa 300 ký tự.'),
  submitterContact: optionalText(300),
  subject: z.string().trim().min(5, 'Tiêu đề cần ít nhất 5 ký tự.').max(500, 'Tối đa 500 ký tự.'),
  content: z.string().trim().min(10, 'Nội dung cần ít nhất 10 ký tự.').max(20000, 'Tối đa 20.000 ký tự.'),
  classification: z
    .enum(FEEDBACK_CLASSIFICATIONS)
    .nullish()
    .transform((v) => v ?? null),
  field: optionalText(200),
  competentAgencyId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
});
export type TFeedbackCreate = z.output<typeof ZFeedbackCreate>;

export const ZFeedbackAction = z
  .object({
    id: z.uuid(),
    action: z.enum(FEEDBACK_ACTIONS),
    note: optionalText(5000),
    classification: z.enum(FEEDBACK_CLASSIFICATIONS).nullish(),
    field: optionalText(200),
    agencyId: z.uuid().nullish(),
    answerText: optionalText(20000),
    satisfaction: z.enum(SATISFACTIONS).nullish(),
    recomplaint: z.boolean().nullish(),
  })
  .superRefine((v, ctx) => {
    const need = (ok: unknown, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (v.action === 'classify') need(v.classification, 'classification', 'Vui lòng chọn loại phản ánh, kiến nghị.');
    if (v.action === 'assign' || v.action === 'forward') need(v.agencyId, 'agencyId', 'Vui lòng chọn cơ quan có thẩm quyền.');
    if (v.action === 'answer')
      need(v.answerText && v.answerText.length >= 10, 'answerText', 'Nội dung trả lời cần ít nhất 10 ký tự.');
    if (['refuse', 'return', 'send_back', 'request_info', 'forward'].includes(v.action))
      need(v.note, 'note', 'Vui lòng ghi lý do.');
    if (v.action === 'rate') need(v.satisfaction, 'satisfaction', 'Vui lòng chọn mức hài lòng.');
  });
export type TFeedbackAction = z.output<typeof ZFeedbackAction>;

export const ZFeedbackFilter = z.object({
  q: optionalText(200),
  status: z.array(z.enum(FEEDBACK_STATUSES)).max(20).default([]),
  channel: z.enum(FEEDBACK_CHANNELS).nullish(),
  classification: z.enum(FEEDBACK_CLASSIFICATIONS).nullish(),
  agencyId: z.uuid().nullish(),
  /** Period of first receipt; with `drill`, the items behind one figure of that period. */
  from: ZDate.nullish(),
  to: ZDate.nullish(),
  drill: z.enum(FEEDBACK_DRILLS).nullish(),
  overdueOnly: z.boolean().default(false),
  /** The register's order: newest first unless a column is chosen. */
  sort: z.enum(['received', 'number', 'due', 'status', 'agency']).default('received'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).max(10_000_000).default(0),
});
export type TFeedbackFilter = z.output<typeof ZFeedbackFilter>;

export const ZFeedbackPeriod = z
  .object({ from: ZDate, to: ZDate, agencyKind: z.string().max(40).nullish() })
  .refine((v) => v.from <= v.to, { message: 'Ngày bắt đầu phải trước ngày kết thúc.', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 5 * 366 * 86_400_000, {
    message: 'Kỳ tối đa 5 năm.',
    path: ['to'],
  });

const days = (min: number) =>
  z
    .number({ error: 'Vui lòng nhập số ngày làm việc.' })
    .int('Số ngày là số nguyên.')
    .min(min, `Tối thiểu ${min}.`)
    .max(365, 'Tối đa 365.');
export const ZFeedbackLimit = z.object({
  agencyId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  channel: z
    .enum(FEEDBACK_CHANNELS)
    .nullish()
    .transform((v) => v ?? null),
  refuseDays: days(0),
  infoDays: days(0),
  answerDays: days(1),
  publishDays: days(0),
});
export type TFeedbackLimit = z.output<typeof ZFeedbackLimit>;

/** Our fields a source file's columns can be mapped to. */
export const FEEDBACK_IMPORT_FIELDS = [
  'externalId',
  'receivedAt',
  'channel',
  'submitterType',
  'submitterName',
  'submitterContact',
  'subject',
  'content',
  'classification',
  'field',
  'competentAgency',
  'status',
  'answerText',
  'answeredAt',
  'publishedAt',
  'answerDue',
  'satisfaction',
  'recomplaint',
] as const;
export type FeedbackImportField = (typeof FEEDBACK_IMPORT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly FeedbackImportField[] = ['externalId', 'receivedAt', 'subject', 'content'];
/** What an item gets when its source has no submitter name (a portal that publishes none). */
export const UNKNOWN_SUBMITTER = '(không rõ)';
/** Fields whose source values are translated to ours through the value map. */
export const MAPPED_VALUE_FIELDS = [
  'channel',
  'submitterType',
  'classification',
  'status',
  'satisfaction',
  'recomplaint',
] as const;
export type MappedValueField = (typeof MAPPED_VALUE_FIELDS)[number];

export const ZImportMapping = z
  .object({
    /** Our field → the source's column header. */
    columns: z.partialRecord(z.enum(FEEDBACK_IMPORT_FIELDS), z.string().trim().min(1).max(200)),
    /** Per field: the source's value → ours ('true'/'false' for the re-complaint flag). */
    values: z.partialRecord(z.enum(MAPPED_VALUE_FIELDS), z.record(z.string().max(200), z.string().max(50))).default({}),
    /** Used when the file has no channel / submitter type / submitter name column (or the cell is empty). */
    defaults: z
      .object({
        channel: z.enum(FEEDBACK_CHANNELS).nullish(),
        submitterType: z.enum(SUBMITTER_TYPES).nullish(),
        submitterName: z.string().trim().max(300).nullish(),
      })
      .default({}),
    /**
     * The source system the file comes from: an item is identified by (source, source id), so two portals that
     * reuse a number keep two items. Empty for files imported before sources were named.
     */
    source: z.string().trim().max(100, 'Tối đa 100 ký tự.').default(''),
    /** The time zone of the file's wall-clock times (a time with an offset keeps its own). */
    timeZone: z.string().refine(isTimeZone, 'Múi giờ không hợp lệ.').default(VIETNAM_TIME_ZONE),
    /** Bad rows stop the import (nothing is written) or are set aside while the good rows are written. */
    onBadRows: z.enum(BAD_ROW_POLICIES).default('stop'),
    /** Due dates counted through a year without a published calendar stop the import, or are computed and flagged. */
    onUnconfirmedCalendar: z.enum(UNCONFIRMED_CALENDAR_POLICIES).default('stop'),
  })
  .superRefine((v, ctx) => {
    const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !v.columns[f]);
    if (missing.length) ctx.addIssue({ code: 'custom', path: ['columns'], message: `Chưa chọn cột cho: ${missing.join(', ')}.` });
  });
export type TImportMapping = z.output<typeof ZImportMapping>;

export const ZImportStart = z.object({
  fileId: z.uuid(),
  mapping: ZImportMapping,
  /** Save (or overwrite) the mapping under this name for next month's file. */
  saveAs: optionalText(100),
});
