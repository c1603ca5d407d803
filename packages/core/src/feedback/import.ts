/**
 * Feedback import from a source's own CSV/XLSX: the user maps its columns and values to ours (saved as a
 * named profile for next month's file); the worker validates every row, then writes all or nothing,
 * idempotent by external id (a re-import updates, never duplicates), and reports progress.
 */
import type { Database } from '@cchc/db/schema';
import { isIsoDate, vietnamDateOf } from '@cchc/domain/calendar/dates';
import { isOneOf } from '@cchc/domain/enums';
import { feedbackBucket } from '@cchc/domain/feedback/figures';
import {
  FEEDBACK_CHANNELS,
  FEEDBACK_CLASSIFICATIONS,
  FEEDBACK_STATUSES,
  type FeedbackChannel,
  type FeedbackClassification,
  type FeedbackLimitRule,
  type FeedbackStatus,
  resolveFeedbackLimits,
  SATISFACTIONS,
  type Satisfaction,
  STATUS_RANK,
  SUBMITTER_TYPES,
  type SubmitterType,
} from '@cchc/domain/feedback/workflow';
import { findHeaderRow, MAX_KEPT_ERRORS } from '@cchc/domain/imports';
import { parseInstant, VIETNAM_TIME_ZONE } from '@cchc/domain/instants';
import { foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql } from 'kysely';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { MAX_IMPORT_BYTES, type RowError, tooLarge } from '../imports/csv';
import { readTable, type TableRow } from '../imports/table';
import { provisionalYears, publishedCalendarYears } from './dues';
import { type RollupKey, refreshRollups } from './figures-sql';
import {
  type FeedbackImportField,
  type MappedValueField,
  type TImportMapping,
  UNKNOWN_SUBMITTER,
  ZImportMapping,
} from './schemas';
import { duesFor, feedbackSearchText, loadLimitRules } from './service';

export const FEEDBACK_IMPORT_TASK = 'feedback__import_file';
/** Rows per statement when staging a file's rows (JSON decoded by PostgreSQL). */
const STAGE_BATCH = 10_000;

export interface SourceRow {
  line: number;
  values: Record<string, string>;
}

/** Text of a cell: an XLSX date cell as its wall clock (ExcelJS gives it in UTC fields), seconds kept. */
function cellText(value: string | number | Date | null): string {
  if (value === null) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return String(value).trim();
}

/**
 * The rows of a CSV (any encoding: ../imports/encoding.ts) or XLSX file keyed by the file's own headers. The
 * header is the first row whose cells include a known feedback column name (a title row above it is skipped),
 * else the first row.
 */
export async function readSourceFile(fileName: string, content: Buffer): Promise<{ headers: string[]; rows: SourceRow[] }> {
  if (content.length > MAX_IMPORT_BYTES) throw tooLarge();
  const { rows: table } = await readTable(fileName, content);
  if (!table.length) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  const hints = Object.entries(SYNONYMS).map(([key, aliases]) => ({
    key,
    required: false,
    vi: key,
    aliases,
    help: { vi: '', en: '' },
  }));
  const found = findHeaderRow(
    table.map((r) => r.cells.map((c) => cellText(c))),
    hints,
  );
  const headerIndex = Object.keys(found.columns).length ? found.rowIndex : 0;
  const headers = (table[headerIndex] as TableRow).cells.map((c) => cellText(c));
  const body = table.slice(headerIndex + 1).filter((r) => r.cells.some((c) => cellText(c) !== ''));
  if (!body.length) throw new AppError('bad_request', 'import.empty', 'Tệp không có dòng dữ liệu nào.');
  return {
    headers: headers.filter(Boolean),
    rows: body.map((r) => ({
      line: r.line,
      values: Object.fromEntries(headers.map((h, i) => [h, cellText(r.cells[i] ?? null)]).filter(([h]) => h)),
    })),
  };
}

async function ownFile(db: Kysely<Database>, actor: Actor, fileId: string) {
  const file = await db
    .selectFrom('storedFile')
    .select(['id', 'fileName', 'sizeBytes', 'content', 'createdBy'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!file || file.createdBy !== actor.userId) {
    throw new AppError('bad_request', 'feedback.bad_file', 'Tệp không hợp lệ; vui lòng tải lên lại.');
  }
  return file;
}

/** Headers, a sample and the distinct values of each column, for the mapping screen. */
export async function previewFeedbackFile(db: Kysely<Database>, actor: Actor, fileId: string) {
  const file = await ownFile(db, actor, fileId);
  const { headers, rows } = await readSourceFile(file.fileName, file.content);
  const distinct: Record<string, string[]> = {};
  for (const h of headers) {
    const seen = new Set<string>();
    for (const r of rows.slice(0, 5000)) {
      const v = r.values[h] ?? '';
      if (v) seen.add(v);
      if (seen.size > 40) break;
    }
    // Only short lists are worth mapping value by value (statuses, channels …).
    if (seen.size <= 40) distinct[h] = [...seen].sort((a, b) => a.localeCompare(b, 'vi'));
  }
  return {
    fileName: file.fileName,
    headers,
    rowCount: rows.length,
    sample: rows.slice(0, 5).map((r) => r.values),
    distinct,
    suggested: suggestColumns(headers),
  };
}

/** Common header names of Vietnamese feedback exports, folded. */
const SYNONYMS: Record<FeedbackImportField, string[]> = {
  externalId: ['ma', 'ma pakn', 'ma phan anh', 'ma phan anh kien nghi', 'so hieu', 'external id', 'ma so'],
  receivedAt: ['ngay nhan', 'ngay tiep nhan', 'thoi gian tiep nhan', 'thoi gian nhan', 'ngay gui', 'received at'],
  channel: ['kenh', 'kenh tiep nhan', 'nguon', 'channel'],
  submitterType: ['doi tuong', 'loai doi tuong', 'submitter type'],
  submitterName: ['nguoi gui', 'ho ten', 'ho va ten', 'ten nguoi gui', 'ten to chuc ca nhan', 'submitter name'],
  submitterContact: ['lien he', 'dien thoai', 'so dien thoai', 'email', 'thong tin lien he', 'contact'],
  subject: ['tieu de', 'trich yeu', 'subject'],
  content: ['noi dung', 'noi dung phan anh', 'content'],
  classification: ['phan loai', 'loai', 'loai phan anh', 'classification'],
  field: ['linh vuc', 'field'],
  competentAgency: ['co quan', 'co quan xu ly', 'don vi xu ly', 'co quan co tham quyen', 'ma co quan', 'agency'],
  status: ['trang thai', 'tinh trang', 'status'],
  answerText: ['noi dung tra loi', 'ket qua tra loi', 'tra loi', 'answer'],
  answeredAt: ['ngay tra loi', 'thoi gian tra loi', 'answered at'],
  publishedAt: ['ngay cong khai', 'thoi gian cong khai', 'published at'],
  answerDue: ['han tra loi', 'han xu ly', 'han giai quyet', 'due'],
  satisfaction: ['danh gia', 'muc do hai long', 'hai long', 'satisfaction'],
  recomplaint: ['phan anh lai', 'khieu nai lai', 'tai phan anh', 'recomplaint'],
};

export function suggestColumns(headers: readonly string[]): Partial<Record<FeedbackImportField, string>> {
  const out: Partial<Record<FeedbackImportField, string>> = {};
  const used = new Set<string>();
  for (const [field, names] of Object.entries(SYNONYMS) as [FeedbackImportField, string[]][]) {
    const hit = headers.find(
      (h) =>
        !used.has(h) &&
        names.includes(
          foldVietnamese(h)
            .replace(/[^a-z0-9 ]/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        ),
    );
    if (hit) {
      out[field] = hit;
      used.add(hit);
    }
  }
  return out;
}

export async function listImportProfiles(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('feedbackImportProfile')
    .select(['id', 'name', 'mapping', 'updatedAt'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ ...r, mapping: ZImportMapping.parse(r.mapping) }));
}

export async function deleteImportProfile(db: Kysely<Database>, actor: AuditActor, id: string) {
  await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('feedbackImportProfile').where('id', '=', id).returning(['id', 'name']).executeTakeFirst();
    if (!row) throw notFound('mẫu ánh xạ');
    await recordAudit(trx, actor, {
      action: 'feedback.profile_deleted',
      entityType: 'feedback_import_profile',
      entityId: id,
      before: row,
    });
  });
}

/** Saves the profile (if asked), creates the run and queues the job, in one transaction. */
export async function queueFeedbackImport(
  db: Kysely<Database>,
  actor: Actor,
  input: { fileId: string; mapping: TImportMapping; saveAs: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const file = await ownFile(trx as unknown as Kysely<Database>, actor, input.fileId);
    if (input.saveAs) {
      const profile = await trx
        .insertInto('feedbackImportProfile')
        .values({ name: input.saveAs, mapping: JSON.stringify(input.mapping), createdBy: actor.userId })
        .onConflict((oc) => oc.column('name').doUpdateSet({ mapping: JSON.stringify(input.mapping), updatedAt: new Date() }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'feedback.profile_saved',
        entityType: 'feedback_import_profile',
        entityId: profile.id,
        after: { name: input.saveAs, mapping: input.mapping },
      });
    }
    const run = await trx
      .insertInto('importRun')
      .values({
        kind: 'feedback',
        fileName: file.fileName,
        status: 'running',
        createdBy: actor.userId,
        summary: JSON.stringify({ phase: 'queued', rows: 0, rowsDone: 0 }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`select graphile_worker.add_job(${FEEDBACK_IMPORT_TASK},
      json_build_object('runId', ${run.id}::text, 'fileId', ${input.fileId}::text, 'mapping', ${JSON.stringify(input.mapping)}::json),
      max_attempts => 3)`.execute(trx);
    await recordAudit(trx, actor, {
      action: 'feedback.import_queued',
      entityType: 'import_run',
      entityId: run.id,
      after: { fileName: file.fileName, profile: input.saveAs },
    });
    return { runId: run.id };
  });
}

/** 'dd/MM/yyyy[ HH:mm[:ss]]', 'yyyy-MM-dd[ HH:mm[:ss]]' (Vietnam wall clock) or an ISO instant with offset. */
export function parseVietnamInstant(text: string): Date | null {
  return parseInstant(text, VIETNAM_TIME_ZONE);
}

/** A due date: a date alone is that calendar day; a date with a time is the Vietnamese day of that instant. */
function parseDueDate(text: string, zone: string): string | null {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (iso || dmy) {
    const date = iso ? s : `${dmy?.[3]}-${dmy?.[2]?.padStart(2, '0')}-${dmy?.[1]?.padStart(2, '0')}`;
    return isIsoDate(date) ? date : null;
  }
  const d = parseInstant(s, zone);
  return d ? vietnamDateOf(d) : null;
}

const DATE_EXAMPLES = 'ví dụ 13/07/2016 15:11, 2016-07-13 15:11:07 hoặc 2016-07-13T15:11:07+00:00';

const YES = new Set(['true', 'co', 'x', '1', 'yes', 'y', 'dung']);
const NO = new Set(['false', 'khong', '0', 'no', 'n', 'sai', '']);

const ALLOWED: Record<MappedValueField, readonly string[]> = {
  channel: FEEDBACK_CHANNELS,
  submitterType: SUBMITTER_TYPES,
  classification: FEEDBACK_CLASSIFICATIONS,
  status: FEEDBACK_STATUSES,
  satisfaction: SATISFACTIONS,
  recomplaint: ['true', 'false'],
};

/** What a re-import compares to decide whether an item changed. */
const COMPARED_COLUMNS = [
  'receivedAt',
  'receivedOn',
  'channel',
  'submitterType',
  'submitterName',
  'submitterContact',
  'subject',
  'content',
  'classification',
  'field',
  'competentAgencyId',
  'status',
  'clockStart',
  'refuseDue',
  'infoDue',
  'answerDue',
  'dueSource',
  'duesProvisional',
  'answerText',
  'answeredAt',
  'answeredOn',
  'answerWorkingDays',
  'publishedAt',
  'publishDue',
  'satisfaction',
  'recomplaint',
  'searchText',
] as const;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Column types of an incoming row, for jsonb_to_recordset. */
const RECORD_TYPES = [
  'external_id text',
  'received_at timestamptz',
  'received_on date',
  'channel text',
  'submitter_type text',
  'submitter_name text',
  'submitter_contact text',
  'subject text',
  'content text',
  'classification text',
  'field text',
  'competent_agency_id uuid',
  'status text',
  'clock_start date',
  'refuse_due date',
  'info_due date',
  'answer_due date',
  'due_source text',
  'dues_provisional boolean',
  'answer_text text',
  'answered_at timestamptz',
  'answered_on date',
  'answer_working_days integer',
  'published_at timestamptz',
  'publish_due date',
  'satisfaction text',
  'recomplaint boolean',
  'search_text text',
  'import_run_id uuid',
  'source text',
].join(', ');

function resolvePublish(rules: FeedbackLimitRule[], p: { competentAgencyId: string | null; channel: FeedbackChannel }): number {
  return resolveFeedbackLimits(rules, p.competentAgencyId, p.channel).publishDays;
}

/**
 * The calendar with its answers remembered: a file's rows share few receipt days, so the same due-date sums
 * (day, working days to add) come back thousands of times.
 */
function memoised<T extends object>(target: T): T {
  const caches = new Map<PropertyKey, Map<string, unknown>>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!args.every((a) => typeof a === 'string' || typeof a === 'number')) return value.apply(object, args);
        let cache = caches.get(property);
        if (!cache) {
          cache = new Map();
          caches.set(property, cache);
        }
        const key = args.join('|');
        if (!cache.has(key)) cache.set(key, value.apply(object, args));
        return cache.get(key);
      };
    },
  });
}

/** An item the file already had in an earlier import (same source, same source id). */
interface KnownItem {
  id: string;
  externalId: string | null;
  status: FeedbackStatus;
  competentAgencyId: string | null;
  receivedOn: string;
  clockStart: string;
  channel: FeedbackChannel;
  refuseDue: string;
  infoDue: string;
  answerDue: string;
  dueSource: string;
  duesProvisional: boolean;
  answerText: string | null;
  answeredAt: Date | null;
  answeredOn: string | null;
  answerWorkingDays: number | null;
  publishedAt: Date | null;
  publishDue: string | null;
  satisfaction: Satisfaction;
  recomplaint: boolean;
  receivedAt: Date;
  submitterType: string;
  submitterName: string;
  submitterContact: string | null;
  subject: string;
  content: string;
  classification: string | null;
  field: string | null;
  searchText: string;
}

/** A compared value as one comparable form: instants by their time, everything else as it is. */
const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : (value ?? null));

interface ParsedRow {
  line: number;
  externalId: string;
  receivedAt: Date;
  receivedOn: string;
  channel: FeedbackChannel;
  submitterType: SubmitterType;
  submitterName: string;
  submitterContact: string | null;
  subject: string;
  content: string;
  classification: FeedbackClassification | null;
  field: string | null;
  competentAgencyId: string | null;
  status: FeedbackStatus;
  answerText: string | null;
  answeredAt: Date | null;
  publishedAt: Date | null;
  answerDue: string | null;
  satisfaction: Satisfaction;
  recomplaint: boolean;
}

export interface FeedbackImportProgress {
  phase: 'queued' | 'reading' | 'validating' | 'writing' | 'done' | 'failed';
  rows: number;
  rowsDone: number;
  inserted?: number;
  updated?: number;
  unchanged?: number;
  /** Bad rows set aside (policy 'skip'). */
  skipped?: number;
  /** The exact number of row errors (the list kept may be shorter: MAX_KEPT_ERRORS). */
  errorCount?: number;
  /** Items whose dates were computed through a year without a published calendar (policy 'flag'), and those years. */
  provisional?: number;
  unconfirmedYears?: number[];
}

export interface FeedbackImportResult {
  ok: boolean;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Bad rows set aside (policy 'skip'); 0 when the import stopped on them. */
  skipped: number;
  /** Every row error (up to MAX_KEPT_ERRORS) and their exact number. */
  errors: RowError[];
  errorCount: number;
  /** Items written with dates computed through a year without a published calendar, flagged. */
  provisional: number;
  /** Those years, when there were any (the import stopped on them, or flagged the items). */
  unconfirmedYears: number[];
}

/**
 * Validates every row; writes them in one transaction when all are valid, or — policy 'skip' — writes the
 * valid ones and sets the bad ones aside, listing every one.
 */
export async function importFeedbackRows(
  db: Kysely<Database>,
  actor: AuditActor & { runId?: string | null },
  source: { headers: string[]; rows: SourceRow[] },
  mappingInput: TImportMapping,
  clock: Clock,
  onProgress: (p: FeedbackImportProgress) => Promise<void> = async () => {},
): Promise<FeedbackImportResult> {
  const mapping = ZImportMapping.parse(mappingInput);
  const missingColumns = Object.values(mapping.columns).filter((c) => c && !source.headers.includes(c));
  if (missingColumns.length) {
    throw new AppError('bad_request', 'import.missing_columns', `Tệp thiếu cột: ${missingColumns.join(', ')}.`, {
      columns: missingColumns.join(', '),
    });
  }
  const today = clock.today();
  const errors: RowError[] = [];
  const agencies = await db.selectFrom('agency').select(['id', 'code', 'name', 'fullName']).execute();
  const agencyByKey = new Map<string, string>();
  // Names repeat across provinces (many a "UBND xã …"): a name that fits several agencies must be given by code.
  const AMBIGUOUS = 'ambiguous';
  const byName = (key: string, id: string) => {
    const known = agencyByKey.get(key);
    agencyByKey.set(key, known && known !== id ? AMBIGUOUS : id);
  };
  for (const a of agencies) {
    byName(foldVietnamese(a.name), a.id);
    byName(foldVietnamese(a.fullName), a.id);
  }
  for (const a of agencies) agencyByKey.set(a.code.toLowerCase(), a.id);
  const total = source.rows.length;
  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  await onProgress({ phase: 'validating', rows: total, rowsDone: 0 });
  const zone = mapping.timeZone;
  for (const [index, row] of source.rows.entries()) {
    const rowErrors: RowError[] = [];
    const fail = (field: FeedbackImportField, message: string) =>
      rowErrors.push({ row: row.line, column: mapping.columns[field] ?? field, message });
    const raw = (field: FeedbackImportField) => {
      const column = mapping.columns[field];
      return column ? (row.values[column] ?? '').trim() : '';
    };
    const mapped = (field: MappedValueField, fallback: string | null): string | null => {
      const value = raw(field);
      if (!value) return fallback;
      const viaMap = mapping.values[field]?.[value];
      if (viaMap !== undefined && viaMap !== '') {
        if (ALLOWED[field].includes(viaMap)) return viaMap;
        // A mapping is only as good as its target: an unknown one would fail the whole write later.
        fail(field, `Giá trị «${value}» được ánh xạ sang «${viaMap}», không phải giá trị của hệ thống.`);
        return fallback;
      }
      if (ALLOWED[field].includes(value)) return value;
      if (field === 'recomplaint') {
        const f = foldVietnamese(value);
        if (YES.has(f)) return 'true';
        if (NO.has(f)) return 'false';
      }
      fail(field, `Giá trị «${value}» chưa được ánh xạ sang giá trị của hệ thống.`);
      return fallback;
    };
    const instant = (field: FeedbackImportField, required: boolean): Date | null => {
      const value = raw(field);
      if (!value) {
        if (required) fail(field, 'Thiếu giá trị bắt buộc.');
        return null;
      }
      const d = parseInstant(value, zone);
      if (!d) fail(field, `«${value}» không phải ngày giờ hợp lệ (${DATE_EXAMPLES}).`);
      return d;
    };
    const text = (field: FeedbackImportField, required: boolean, max: number): string | null => {
      const value = raw(field);
      if (!value) {
        if (required) fail(field, 'Thiếu giá trị bắt buộc.');
        return null;
      }
      if (value.length > max) fail(field, `Tối đa ${max} ký tự.`);
      return value;
    };
    const externalId = text('externalId', true, 100);
    if (externalId) {
      const first = seen.get(externalId);
      if (first !== undefined) fail('externalId', `Mã ${externalId} trùng với dòng ${first}.`);
      else seen.set(externalId, row.line);
    }
    const receivedAt = instant('receivedAt', true);
    const receivedOn = receivedAt ? vietnamDateOf(receivedAt) : null;
    if (receivedOn && receivedOn > today) fail('receivedAt', 'Ngày tiếp nhận sau hôm nay.');
    if (receivedOn && receivedOn < '2000-01-01') fail('receivedAt', 'Ngày tiếp nhận trước năm 2000.');
    const channel = mapped('channel', mapping.defaults.channel ?? null);
    if (!channel) fail('channel', 'Thiếu kênh tiếp nhận (chọn cột hoặc giá trị mặc định).');
    const submitterType = mapped('submitterType', mapping.defaults.submitterType ?? null);
    if (!submitterType) fail('submitterType', 'Thiếu đối tượng gửi (chọn cột hoặc giá trị mặc định).');
    const submitterName = text('submitterName', false, 300) || mapping.defaults.submitterName || UNKNOWN_SUBMITTER;
    const submitterContact = text('submitterContact', false, 300);
    const subject = text('subject', true, 500);
    const content = text('content', true, 20000);
    const classification = mapped('classification', null);
    const field = text('field', false, 200);
    const agencyText = raw('competentAgency');
    let competentAgencyId: string | null = null;
    if (agencyText) {
      competentAgencyId = agencyByKey.get(agencyText.toLowerCase()) ?? agencyByKey.get(foldVietnamese(agencyText)) ?? null;
      if (competentAgencyId === AMBIGUOUS) {
        competentAgencyId = null;
        fail('competentAgency', `Có nhiều cơ quan tên «${agencyText}»; vui lòng ghi mã cơ quan.`);
      } else if (!competentAgencyId) fail('competentAgency', `Không tìm thấy cơ quan «${agencyText}» (theo mã hoặc tên).`);
    }
    const answeredAt = instant('answeredAt', false);
    const publishedAt = instant('publishedAt', false);
    const dueText = raw('answerDue');
    let answerDue: string | null = null;
    if (dueText) {
      answerDue = parseDueDate(dueText, zone);
      if (!answerDue) fail('answerDue', `«${dueText}» không phải ngày hợp lệ (ví dụ 13/07/2016 hoặc 2016-07-13).`);
    }
    const derived: FeedbackStatus = publishedAt
      ? 'published'
      : answeredAt
        ? 'answered'
        : competentAgencyId
          ? 'assigned'
          : classification
            ? 'classified'
            : 'received';
    const status = (mapped('status', derived) ?? derived) as FeedbackStatus;
    if (['answered', 'published'].includes(status) && !answeredAt) fail('answeredAt', 'Phản ánh đã trả lời cần có ngày trả lời.');
    if (
      ['assigned', 'forwarded', 'info_requested', 'answered', 'published'].includes(status) &&
      !competentAgencyId &&
      agencyText === ''
    ) {
      fail('competentAgency', 'Phản ánh đã giao xử lý cần có cơ quan có thẩm quyền.');
    }
    if (answeredAt && receivedAt && answeredAt < receivedAt) fail('answeredAt', 'Ngày trả lời trước ngày tiếp nhận.');
    if (answeredAt && vietnamDateOf(answeredAt) > today) fail('answeredAt', 'Ngày trả lời sau hôm nay.');
    if (answerDue && receivedOn && answerDue < receivedOn) fail('answerDue', 'Hạn trả lời trước ngày tiếp nhận.');
    const rated = mapped('satisfaction', 'not_rated') ?? 'not_rated';
    const satisfaction: Satisfaction = isOneOf(SATISFACTIONS, rated) ? rated : 'not_rated';
    const recomplaint = mapped('recomplaint', 'false') === 'true';
    if (rowErrors.length) {
      errors.push(...rowErrors);
    } else if (
      // Always true once the row has no errors (mapped() checks every value): narrows the types without casts.
      channel &&
      isOneOf(FEEDBACK_CHANNELS, channel) &&
      submitterType &&
      isOneOf(SUBMITTER_TYPES, submitterType) &&
      (classification === null || isOneOf(FEEDBACK_CLASSIFICATIONS, classification))
    ) {
      parsed.push({
        line: row.line,
        externalId: externalId as string,
        receivedAt: receivedAt as Date,
        receivedOn: receivedOn as string,
        channel,
        submitterType,
        submitterName,
        submitterContact,
        subject: subject as string,
        content: content as string,
        classification,
        field,
        competentAgencyId,
        status,
        answerText: text('answerText', false, 20000),
        answeredAt: ['answered', 'published'].includes(status) ? answeredAt : null,
        publishedAt: status === 'published' ? (publishedAt ?? answeredAt) : null,
        answerDue,
        satisfaction,
        recomplaint,
      });
    }
    if (index % 5000 === 4999) await onProgress({ phase: 'validating', rows: total, rowsDone: index + 1 });
  }
  const errorCount = errors.length;
  const badRows = new Set(errors.map((e) => e.row)).size;
  const kept = errors.slice(0, MAX_KEPT_ERRORS);
  if (errorCount && mapping.onBadRows !== 'skip')
    return {
      ok: false,
      rows: total,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errors: kept,
      errorCount,
      provisional: 0,
      unconfirmedYears: [],
    };

  const calendar = memoised(await loadWorkingCalendar(db));
  const confirmedYears = await publishedCalendarYears(db);
  const unconfirmed = new Set<number>();
  let provisional = 0;
  let stoppedOn = 0;

  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  await db.transaction().execute(async (trx) => {
    const rules = await loadLimitRules(trx);
    await onProgress({ phase: 'writing', rows: total, rowsDone: 0, skipped: badRows, errorCount });
    // Set-based: the file's keys go to a staging table in a few large statements; the known items (locked in a
    // fixed order, so an officer answering one waits for the import or the import for them) and what was done
    // to them in the app since their last import are read in one query each; the merge is one INSERT and one
    // UPDATE over the staged rows.
    await sql`create temp table feedback_import_keys (external_id text primary key) on commit drop`.execute(trx);
    for (let i = 0; i < parsed.length; i += STAGE_BATCH) {
      const ids = parsed.slice(i, i + STAGE_BATCH).map((p) => p.externalId);
      await sql`insert into feedback_import_keys select unnest(${ids}::text[])`.execute(trx);
    }
    await sql`analyze feedback_import_keys`.execute(trx);
    const existing = new Map(
      (
        await sql<KnownItem>`
          select f.id, f.external_id, f.status, f.competent_agency_id, f.received_on::text, f.clock_start::text, f.channel,
            f.refuse_due::text, f.info_due::text, f.answer_due::text, f.due_source, f.dues_provisional, f.answer_text, f.answered_at,
            f.answered_on::text, f.answer_working_days, f.published_at, f.publish_due::text, f.satisfaction, f.recomplaint,
            f.received_at, f.submitter_type, f.submitter_name, f.submitter_contact, f.subject, f.content, f.classification,
            f.field, f.search_text
          from feedback f join feedback_import_keys k on k.external_id = f.external_id
          where f.source = ${mapping.source}
          order by f.id
          for update of f`.execute(trx)
      ).rows.map((e) => [e.externalId as string, e]),
    );
    // What was done in the app since each item's last import: app work is protected, imports are not.
    const history = new Map(
      existing.size
        ? (
            await sql<{
              feedbackId: string;
              lastImport: number | null;
              lastAppAction: number | null;
              lastForward: number | null;
            }>`
              select e.feedback_id,
                max(e.id) filter (where e.action = 'imported') as last_import,
                max(e.id) filter (where e.action not in ('imported', 'created')) as last_app_action,
                max(e.id) filter (where e.action = 'forward') as last_forward
              from feedback_event e
              join feedback f on f.id = e.feedback_id and f.source = ${mapping.source}
              join feedback_import_keys k on k.external_id = f.external_id
              group by e.feedback_id`.execute(trx)
          ).rows.map((h) => [h.feedbackId, h])
        : [],
    );
    const sinceImport = (feedbackId: string, key: 'lastAppAction' | 'lastForward') => {
      const h = history.get(feedbackId);
      return Boolean(h?.[key] && Number(h[key]) > Number(h.lastImport ?? 0));
    };
    const values = parsed.map((p) => {
      const old = existing.get(p.externalId);
      const answeredOn = p.answeredAt ? vietnamDateOf(p.answeredAt) : null;
      // An item forwarded in the app since the last import keeps its new agency and restarted clock
      // (unless the source says it was answered before that day); otherwise the file decides.
      const forwarded = old && sinceImport(old.id, 'lastForward') && !(answeredOn && answeredOn < old.clockStart);
      const clockStart = forwarded ? old.clockStart : p.receivedOn;
      const agencyId = forwarded ? old.competentAgencyId : p.competentAgencyId;
      // A known item keeps the due dates it was given (a later change of the limits applies to new items)
      // unless its agency, channel or clock changed.
      const sameTerms =
        old &&
        old.dueSource === 'computed' &&
        old.competentAgencyId === agencyId &&
        old.channel === p.channel &&
        old.clockStart === clockStart;
      const dues = sameTerms
        ? { refuseDue: old.refuseDue, infoDue: old.infoDue, answerDue: old.answerDue }
        : duesFor(calendar, rules, agencyId, p.channel, clockStart);
      const fromFile = {
        competentAgencyId: agencyId,
        status: p.status,
        clockStart,
        refuseDue: dues.refuseDue,
        infoDue: dues.infoDue,
        answerDue: p.answerDue ?? dues.answerDue,
        dueSource: p.answerDue ? 'source' : 'computed',
        answerText: p.answerText,
        answeredAt: p.answeredAt,
        answeredOn,
        answerWorkingDays: answeredOn ? calendar.workingDaysBetween(clockStart, answeredOn) : null,
        publishedAt: p.publishedAt,
        publishDue: answeredOn ? calendar.addWorkingDays(answeredOn, resolvePublish(rules, p)) : null,
      };
      // Work done in the app since the last import (an answer, a publication, a refusal) is never undone
      // by a source file that is behind: the workflow columns stay as the app has them. A status that came
      // from an earlier file may go back (the portal sent an answer back).
      const behind = old && sinceImport(old.id, 'lastAppAction') && STATUS_RANK[old.status] > STATUS_RANK[p.status];
      const workflow = behind
        ? {
            competentAgencyId: old.competentAgencyId,
            status: old.status,
            clockStart: old.clockStart,
            refuseDue: old.refuseDue,
            infoDue: old.infoDue,
            answerDue: old.answerDue,
            dueSource: old.dueSource,
            answerText: old.answerText,
            answeredAt: old.answeredAt,
            answeredOn: old.answeredOn,
            answerWorkingDays: old.answerWorkingDays,
            publishedAt: old.publishedAt,
            publishDue: old.publishDue,
            duesProvisional: old.duesProvisional,
          }
        : { ...fromFile, duesProvisional: false };
      if (!behind) {
        const years = provisionalYears(fromFile, confirmedYears);
        for (const y of years) unconfirmed.add(y);
        workflow.duesProvisional = years.length > 0;
      }
      if (workflow.duesProvisional) provisional++;
      return {
        source: mapping.source,
        externalId: p.externalId,
        receivedAt: p.receivedAt,
        receivedOn: p.receivedOn,
        channel: p.channel,
        submitterType: p.submitterType,
        submitterName: p.submitterName,
        submitterContact: p.submitterContact,
        subject: p.subject,
        content: p.content,
        classification: p.classification,
        field: p.field,
        ...workflow,
        // A rating recorded in the app is kept when the file has none; a re-complaint is never forgotten.
        satisfaction:
          p.satisfaction === 'not_rated' && old && old.satisfaction !== 'not_rated' ? old.satisfaction : p.satisfaction,
        recomplaint: p.recomplaint || (old?.recomplaint ?? false),
        searchText: feedbackSearchText(p.externalId, p.subject),
        importRunId: actor.runId ?? null,
        createdBy: actor.userId,
      };
    });
    // Dates counted through a year nobody has published a calendar for move once it is: said before anything is
    // written, and written only when the user chose to flag them.
    if (provisional && mapping.onUnconfirmedCalendar !== 'flag') {
      stoppedOn = provisional;
      return;
    }
    // New rows are inserted and their history written in one statement per batch; known ones updated only where
    // something differs (an INSERT … ON CONFLICT would draw a register number for every row of every re-import,
    // leaving gaps in the numbering). PostgreSQL decodes each batch from one JSON parameter.
    const columns = [...COMPARED_COLUMNS.map(snake), 'import_run_id', 'source', 'external_id', 'created_by'];
    const recordOf = (v: (typeof values)[number]) => Object.fromEntries(Object.entries(v).map(([k, x]) => [snake(k), x]));
    type Written = { id: string; externalId: string; status: FeedbackStatus; competentAgencyId: string | null };
    const written: Written[] = [];
    const fresh = values.filter((v) => !existing.has(v.externalId));
    // A known row whose every compared value is as stored is not sent at all (the UPDATE's own comparison stays the
    // guard): re-importing an unchanged file writes nothing and costs one read.
    const known = values.filter((v) => {
      const old = existing.get(v.externalId) as unknown as Record<string, unknown> | undefined;
      if (!old) return false;
      const row = v as unknown as Record<string, unknown>;
      return COMPARED_COLUMNS.some((c) => comparable(row[c]) !== comparable(old[c]));
    });
    for (let i = 0; i < fresh.length; i += STAGE_BATCH) {
      const payload = JSON.stringify(fresh.slice(i, i + STAGE_BATCH).map((v, ord) => ({ ...recordOf(v), ord })));
      const { rows } = await sql<Written>`
        with w as (
          insert into feedback (${sql.join(columns.map((c) => sql.raw(c)))})
          select ${sql.join(columns.map((c) => sql.raw(`x.${c}`)))}
          from json_to_recordset(${payload}::json) as x(${sql.raw(RECORD_TYPES)}, created_by uuid, ord integer)
          order by x.ord
          returning id, external_id, status, competent_agency_id
        ), e as (
          insert into feedback_event (feedback_id, action, from_status, to_status, from_agency_id, to_agency_id, import_run_id, created_by)
          select w.id, 'imported', null, w.status, null, w.competent_agency_id, ${actor.runId ?? null}::uuid, ${actor.userId}::uuid from w
        )
        select * from w`.execute(trx);
      written.push(...rows);
      inserted += rows.length;
    }
    for (let i = 0; i < known.length; i += STAGE_BATCH) {
      const payload = JSON.stringify(
        known.slice(i, i + STAGE_BATCH).map((v) => {
          const old = existing.get(v.externalId);
          return { ...recordOf(v), old_status: old?.status ?? null, old_agency_id: old?.competentAgencyId ?? null };
        }),
      );
      const { rows } = await sql<Written>`
        with u as (
          update feedback f set (${sql.join(COMPARED_COLUMNS.map((c) => sql.raw(snake(c))))}, import_run_id, updated_at)
            = (${sql.join(COMPARED_COLUMNS.map((c) => sql.raw(`x.${snake(c)}`)))}, x.import_run_id, now())
          from json_to_recordset(${payload}::json) as x(${sql.raw(RECORD_TYPES)}, old_status text, old_agency_id uuid)
          where f.source = x.source and f.external_id = x.external_id
            and (${sql.join(COMPARED_COLUMNS.map((c) => sql.raw(`f.${snake(c)}`)))}) is distinct from (${sql.join(
              COMPARED_COLUMNS.map((c) => sql.raw(`x.${snake(c)}`)),
            )})
          returning f.id, f.external_id, f.status, f.competent_agency_id, x.old_status, x.old_agency_id
        ), e as (
          insert into feedback_event (feedback_id, action, from_status, to_status, from_agency_id, to_agency_id, import_run_id, created_by)
          select u.id, 'imported', u.old_status, u.status, u.old_agency_id, u.competent_agency_id, ${actor.runId ?? null}::uuid,
            ${actor.userId}::uuid from u order by u.id
        )
        select id, external_id, status, competent_agency_id from u`.execute(trx);
      written.push(...rows);
      updated += rows.length;
    }
    unchanged = parsed.length - written.length;
    // Only rows that changed move figures: their old and new (agency, half-month) rollups are rebuilt.
    const byExternalId = new Map(parsed.map((p) => [p.externalId, p]));
    const keys = new Map<string, RollupKey>();
    const touch = (agencyId: string, receivedOn: string) => {
      const bucket = feedbackBucket(receivedOn);
      keys.set(`${agencyId}|${bucket}`, { agencyId, bucket });
    };
    for (const w of written) {
      const old = existing.get(w.externalId as string);
      const row = byExternalId.get(w.externalId as string);
      if (old?.competentAgencyId) touch(old.competentAgencyId, old.receivedOn);
      if (w.competentAgencyId && row) touch(w.competentAgencyId, row.receivedOn);
    }
    await onProgress({
      phase: 'writing',
      rows: total,
      rowsDone: parsed.length,
      inserted,
      updated,
      unchanged,
      skipped: badRows,
      errorCount,
      provisional,
    });
    // Rollups of the touched (agency, half-month) keys only, never rebuilt whole on an import.
    await refreshRollups(trx, [...keys.values()]);
    await recordAudit(trx, actor, {
      action: 'feedback.imported',
      entityType: 'import_run',
      entityId: actor.runId ?? null,
      after: { rows: total, inserted, updated, unchanged, skipped: badRows, provisional, source: mapping.source },
    });
  });
  if (stoppedOn) {
    const years = [...unconfirmed].sort();
    return {
      ok: false,
      rows: total,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errorCount: 1,
      errors: [
        {
          row: 0,
          column: null,
          message: `Hạn xử lý của ${stoppedOn} phản ánh được tính qua năm ${years.join(', ')}, năm chưa có lịch nghỉ lễ được công bố; chưa ghi dữ liệu nào. Hãy khai báo lịch của năm đó, hoặc chọn «Tính tạm và đánh dấu» rồi nhập lại.`,
        },
      ],
      provisional: 0,
      unconfirmedYears: years,
    };
  }
  return {
    ok: true,
    rows: total,
    inserted,
    updated,
    unchanged,
    skipped: badRows,
    errors: kept,
    errorCount,
    provisional,
    unconfirmedYears: [...unconfirmed].sort(),
  };
}

/** The worker's side of a queued import: reads the stored file, imports, records the outcome and progress. */
export async function runFeedbackImport(
  db: Kysely<Database>,
  payload: { runId: string; fileId: string; mapping: TImportMapping },
  clock: Clock,
  /** false while the worker will try again: a system error then leaves the run running, not failed. */
  finalAttempt = true,
): Promise<FeedbackImportResult> {
  const run = await db
    .selectFrom('importRun as r')
    .leftJoin('appUser as u', 'u.id', 'r.createdBy')
    .select(['r.id', 'r.createdBy', 'u.username'])
    .where('r.id', '=', payload.runId)
    .executeTakeFirst();
  if (!run) throw notFound('lượt nhập');
  const file = await db
    .selectFrom('storedFile')
    .select(['fileName', 'content'])
    .where('id', '=', payload.fileId)
    .executeTakeFirstOrThrow();
  const actor = { userId: run.createdBy, username: run.username ?? 'system', runId: run.id };
  const report = async (p: FeedbackImportProgress) => {
    await db
      .updateTable('importRun')
      .set({ rowsTotal: p.rows, summary: JSON.stringify(p) })
      .where('id', '=', run.id)
      .execute();
  };
  const finish = async (result: FeedbackImportResult) => {
    await db
      .updateTable('importRun')
      .set({
        status: result.ok ? 'succeeded' : 'failed',
        rowsTotal: result.rows,
        rowsOk: result.ok ? result.inserted + result.updated + result.unchanged : 0,
        // Bad rows, set aside or not: the same number the run's screen shows.
        rowsFailed: result.ok ? result.skipped : new Set(result.errors.map((e) => e.row)).size,
        errors: result.errors.length ? JSON.stringify(result.errors) : null,
        summary: JSON.stringify({
          phase: result.ok ? 'done' : 'failed',
          rows: result.rows,
          rowsDone: result.ok ? result.rows : 0,
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
          skipped: result.skipped,
          errorCount: result.errorCount,
          provisional: result.provisional,
          unconfirmedYears: result.unconfirmedYears,
        } satisfies FeedbackImportProgress),
        finishedAt: new Date(),
      })
      .where('id', '=', run.id)
      .execute();
    return result;
  };
  try {
    await report({ phase: 'reading', rows: 0, rowsDone: 0 });
    const source = await readSourceFile(file.fileName, file.content);
    return await finish(await importFeedbackRows(db, actor, source, payload.mapping, clock, report));
  } catch (error) {
    // A file the parser refuses is for the uploader to fix, not a system failure.
    const fileError = error instanceof AppError && error.kind === 'bad_request';
    const message = fileError ? error.message : 'Lỗi hệ thống khi nhập; dữ liệu chưa được ghi.';
    if (!fileError && !finalAttempt) {
      // The worker retries (the import is all or nothing, so nothing was written): the run stays open.
      await db
        .updateTable('importRun')
        .set({
          status: 'running',
          summary: JSON.stringify({ phase: 'queued', rows: 0, rowsDone: 0 } satisfies FeedbackImportProgress),
        })
        .where('id', '=', payload.runId)
        .execute();
      throw error;
    }
    const failed: FeedbackImportResult = {
      ok: false,
      rows: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errorCount: 1,
      errors: [{ row: 0, column: null, message }],
      provisional: 0,
      unconfirmedYears: [],
    };
    await finish(failed);
    if (fileError) return failed;
    throw error;
  }
}
