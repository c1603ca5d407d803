/** Evidence files, kept in the database (bytea) so backups and transactions cover them. */
import { createHash } from 'node:crypto';
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError, notFound } from '../errors';
import { isAgencyInScope, visibleAgencyIds } from '../org/scope';
import type { Viewer } from '../plans/service';
import {
  allowedContentType,
  chargeAgencyQuota,
  chargeUserQuota,
  DEFAULT_AGENCY_QUOTA_BYTES,
  DEFAULT_USER_QUOTA_BYTES,
} from './policy';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** A file uploaded for an import may be larger (IMPORT_MAX_MB): a year of a portal's export is ~23 MB. */
export { MAX_IMPORT_BYTES } from '../imports/csv';

/** A file name safe to store and to send back in Content-Disposition. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'tep';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip control characters from user input
  const cleaned = base.replace(/[\u0000-\u001f"<>|:*?]/g, '_').trim();
  return (cleaned || 'tep').slice(0, 200);
}

export async function saveFile(
  db: Kysely<Database>,
  actor: Actor,
  file: { fileName: string; contentType: string; content: Buffer },
  {
    maxBytes = MAX_FILE_BYTES,
    quotaBytes = DEFAULT_AGENCY_QUOTA_BYTES,
    userQuotaBytes = DEFAULT_USER_QUOTA_BYTES,
  }: { maxBytes?: number; quotaBytes?: number; userQuotaBytes?: number } = {},
) {
  if (file.content.length === 0) throw new AppError('bad_request', 'files.empty', 'Tệp rỗng.');
  if (file.content.length > maxBytes)
    throw new AppError('bad_request', 'files.too_large', `Tệp quá lớn (tối đa ${Math.round(maxBytes / 1024 / 1024)} MB).`);
  const fileName = cleanFileName(file.fileName);
  // The browser's Content-Type is not trusted: the type comes from the content (./policy).
  const contentType = await allowedContentType(fileName, file.content);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  return db.transaction().execute(async (trx) => {
    await chargeAgencyQuota(trx, actor.agencyId, file.content.length, quotaBytes);
    await chargeUserQuota(trx, actor.userId, file.content.length, userQuotaBytes);
    const row = await trx
      .insertInto('storedFile')
      .values({
        fileName,
        contentType,
        sizeBytes: file.content.length,
        sha256,
        content: file.content,
        createdBy: actor.userId,
        agencyId: actor.agencyId,
      })
      .returning(['id', 'fileName', 'sizeBytes', 'contentType'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'file.upload', entityType: 'file', entityId: row.id, after: { ...row, sha256 } });
    return row;
  });
}

/** The file if the viewer uploaded it or may see a task it is evidence for. */
export async function fileForViewer(db: Kysely<Database>, viewer: Viewer, id: string) {
  const file = await db.selectFrom('storedFile').selectAll().where('id', '=', id).executeTakeFirst();
  if (!file) throw notFound('tệp');
  if (file.createdBy === viewer.userId) return file;
  const tasks = await db
    .selectFrom('taskUpdateFile as uf')
    .innerJoin('taskUpdate as u', 'u.id', 'uf.taskUpdateId')
    .innerJoin('task as t', 't.id', 'u.taskId')
    .select(['t.id', 't.leadAgencyId'])
    .where('uf.fileId', '=', id)
    .execute();
  const scope = await visibleAgencyIds(db, viewer);
  // A session's documents: the province's roles, and the agencies invited to the session.
  const sessions = await db.selectFrom('sessionFile').select('sessionId').where('fileId', '=', id).execute();
  if (sessions.length) {
    if (!scope) return file;
    const invited = await db
      .selectFrom('sessionInvitation')
      .select('sessionId')
      .where(
        'sessionId',
        'in',
        sessions.map((x) => x.sessionId),
      )
      .where('agencyId', 'in', scope.length ? scope : ['00000000-0000-0000-0000-000000000000'])
      .executeTakeFirst();
    if (invited) return file;
  }
  // Evidence of a PAR Index assessment: the agency's own people and the council (the policy's 'par.assessment').
  const assessed = await db
    .selectFrom('parEntry as e')
    .innerJoin('parAssessment as a', 'a.id', 'e.assessmentId')
    .select('a.agencyId')
    .where(sql<boolean>`${id}::uuid = any(e.evidence_file_ids)`)
    .execute();
  for (const a of assessed) if (await isAgencyInScope(db, viewer, 'par.assessment', a.agencyId)) return file;
  if (!tasks.length) throw new AppError('forbidden', 'files.forbidden', 'Bạn không có quyền xem tệp này.');
  if (!scope) return file;
  for (const t of tasks) {
    if (scope.includes(t.leadAgencyId)) return file;
    const coordinated = await db
      .selectFrom('taskCoordinator')
      .select('taskId')
      .where('taskId', '=', t.id)
      .where('agencyId', 'in', scope)
      .executeTakeFirst();
    if (coordinated) return file;
  }
  throw new AppError('forbidden', 'files.forbidden', 'Bạn không có quyền xem tệp này.');
}
