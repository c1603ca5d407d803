/**
 * What may be uploaded (OWASP ASVS 12.1–12.2): the type is decided by the content — its magic bytes, read
 * by file-type — never by the name or the Content-Type the browser sends, and the name's extension must
 * agree with it. Documents, spreadsheets, images and plain text (CSV/TXT in any encoding, the imports'
 * legacy ones included) are allowed; executables, archives, scripts and web pages are not. Each agency
 * has a quota over what its people uploaded; files nothing refers to are swept away by a daily job.
 */
import type { Database } from '@cchc/db/schema';
import { fileTypeFromBuffer } from 'file-type';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AppError } from '../errors';

/** Detected type → the extensions a file of that type may carry, and the type it is stored and served as. */
const BINARY_TYPES: Record<string, { extensions: readonly string[]; contentType: string }> = {
  pdf: { extensions: ['pdf'], contentType: 'application/pdf' },
  docx: { extensions: ['docx'], contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { extensions: ['xlsx'], contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { extensions: ['pptx'], contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  odt: { extensions: ['odt'], contentType: 'application/vnd.oasis.opendocument.text' },
  ods: { extensions: ['ods'], contentType: 'application/vnd.oasis.opendocument.spreadsheet' },
  odp: { extensions: ['odp'], contentType: 'application/vnd.oasis.opendocument.presentation' },
  // Word 97–2003, Excel 97–2003, PowerPoint 97–2003 (an OLE compound file).
  cfb: { extensions: ['doc', 'xls', 'ppt'], contentType: 'application/octet-stream' },
  rtf: { extensions: ['rtf'], contentType: 'application/rtf' },
  jpg: { extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg' },
  png: { extensions: ['png'], contentType: 'image/png' },
  gif: { extensions: ['gif'], contentType: 'image/gif' },
  webp: { extensions: ['webp'], contentType: 'image/webp' },
  tif: { extensions: ['tif', 'tiff'], contentType: 'image/tiff' },
};

/** Files with no signature: allowed as text under these extensions only. */
const TEXT_TYPES: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  xml: 'application/xml',
};

export const ALLOWED_EXTENSIONS = [...Object.values(BINARY_TYPES).flatMap((t) => t.extensions), ...Object.keys(TEXT_TYPES)];

const notAllowed = () =>
  new AppError(
    'bad_request',
    'files.type_not_allowed',
    `Loại tệp không được phép. Chỉ nhận văn bản, bảng tính, hình ảnh và tệp văn bản thuần (${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(', ')}); không nhận tệp chạy, tệp nén, mã lệnh hay trang web.`,
  );

const extensionOf = (fileName: string) => /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';

/** Text as imports meet it: UTF-16 with its byte-order mark, or any 8-bit encoding without NUL bytes. */
function looksLikeText(content: Buffer): boolean {
  const head = content.subarray(0, 64 * 1024);
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  return !head.includes(0);
}

/** The type a file is stored and served as, or a Vietnamese 400 when it is not one the app takes. */
export async function allowedContentType(fileName: string, content: Buffer): Promise<string> {
  const extension = extensionOf(fileName);
  // Text has no signature, and UTF-16 or 8-bit text can look like one by chance (an MPEG frame): a text
  // name with text content is text. Executables and images carry NUL bytes, so they never pass here.
  const textType = TEXT_TYPES[extension];
  if (textType && looksLikeText(content)) return textType;
  const detected = await fileTypeFromBuffer(content);
  const allowed = detected ? BINARY_TYPES[detected.ext] : undefined;
  if (detected && allowed?.extensions.includes(extension)) {
    return allowed.contentType === 'application/octet-stream' ? detected.mime : allowed.contentType;
  }
  throw notAllowed();
}

/** What one agency's people may keep uploaded, unless the server says otherwise (UPLOAD_QUOTA_MB_PER_AGENCY). */
export const DEFAULT_AGENCY_QUOTA_BYTES = 2048 * 1024 * 1024;

/** What one person may keep uploaded, unless the server says otherwise (UPLOAD_QUOTA_MB_PER_USER). */
export const DEFAULT_USER_QUOTA_BYTES = 512 * 1024 * 1024;

/** Advisory-lock class of the per-agency quota: 'quot'. */
const QUOTA_LOCK = 0x71756f74;
/** Advisory-lock class of the per-user quota: 'quou'. Taken after the agency's, always in that order. */
const USER_QUOTA_LOCK = 0x71756f75;

const mb = (bytes: number) => Math.ceil(bytes / 1024 / 1024);

/**
 * Counts a new file against its agency's quota, in the transaction that stores it: agencies' uploads are
 * serialised by an advisory lock, so parallel uploads cannot pass the quota together.
 */
export async function chargeAgencyQuota(
  trx: Transaction<Database>,
  agencyId: string,
  sizeBytes: number,
  quotaBytes: number,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(${QUOTA_LOCK}::int, hashtext(${agencyId}))`.execute(trx);
  const used = await trx
    .selectFrom('storedFile')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('sizeBytes'), sql<string>`0`).as('bytes'))
    .where('agencyId', '=', agencyId)
    .executeTakeFirstOrThrow();
  if (Number(used.bytes) + sizeBytes <= quotaBytes) return;
  throw new AppError(
    'bad_request',
    'files.quota_exceeded',
    `Cơ quan của bạn đã dùng ${mb(Number(used.bytes))} MB trong hạn mức ${mb(quotaBytes)} MB dành cho tệp tải lên; tệp này (${mb(sizeBytes)} MB) vượt hạn mức. Vui lòng liên hệ quản trị viên.`,
    { usedMb: mb(Number(used.bytes)), quotaMb: mb(quotaBytes) },
  );
}

/**
 * Counts a new file against its uploader's own quota (beside the agency's), so one person cannot use up
 * the agency's room; serialised per user like the agency's.
 */
export async function chargeUserQuota(
  trx: Transaction<Database>,
  userId: string,
  sizeBytes: number,
  quotaBytes: number,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(${USER_QUOTA_LOCK}::int, hashtext(${userId}))`.execute(trx);
  const used = await trx
    .selectFrom('storedFile')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('sizeBytes'), sql<string>`0`).as('bytes'))
    .where('createdBy', '=', userId)
    .executeTakeFirstOrThrow();
  if (Number(used.bytes) + sizeBytes <= quotaBytes) return;
  throw new AppError(
    'bad_request',
    'files.user_quota_exceeded',
    `Bạn đã tải lên ${mb(Number(used.bytes))} MB trong hạn mức ${mb(quotaBytes)} MB dành cho mỗi người; tệp này (${mb(sizeBytes)} MB) vượt hạn mức. Vui lòng xóa bớt tệp không dùng hoặc liên hệ quản trị viên.`,
    { usedMb: mb(Number(used.bytes)), quotaMb: mb(quotaBytes) },
  );
}

/** An upload nothing refers to this long after it was stored is an orphan (a form left unsent, a finished import). */
export const ORPHAN_AFTER_HOURS = 48;

/**
 * Removes stored files older than ORPHAN_AFTER_HOURS that no task report or meeting refers to and no
 * queued or running job still names. Returns how many were removed.
 */
export async function removeOrphanFiles(db: Kysely<Database>, olderThanHours = ORPHAN_AFTER_HOURS): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    with gone as (
      delete from stored_file f
      where f.created_at < now() - make_interval(hours => ${olderThanHours}::int)
        and not exists (select 1 from task_update_file uf where uf.file_id = f.id)
        and not exists (select 1 from session_file sf where sf.file_id = f.id)
        and not exists (select 1 from graphile_worker._private_jobs j where j.payload ->> 'fileId' = f.id::text)
      returning 1
    )
    select count(*)::text as n from gone`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
