/** Background dossier imports: queued in the caller's transaction, run by the worker, followed by the app. */
import type { Database } from '@cchc/db/schema';
import type { BadRowPolicy } from '@cchc/domain/imports';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError, notFound } from '../errors';
import { importMonthlyCounts } from './counts';
import { type DossierImportProgress, importDossierFile } from './dossiers';

export const FILE_IMPORT_TASK = 'procedures__import_file';
export type FileImportKind = 'dossiers' | 'filing_counts';

/** Creates the run and enqueues the job in one transaction: a rollback leaves no job behind. */
export async function queueFileImport(
  db: Kysely<Database>,
  actor: Actor,
  fileId: string,
  kind: FileImportKind,
  onBadRows: BadRowPolicy = 'stop',
) {
  return db.transaction().execute(async (trx) => {
    const file = await trx
      .selectFrom('storedFile')
      .select(['id', 'fileName', 'sizeBytes', 'createdBy'])
      .where('id', '=', fileId)
      .executeTakeFirst();
    if (!file || file.createdBy !== actor.userId)
      throw new AppError('bad_request', 'procedures.bad_file', 'Tệp không hợp lệ; vui lòng tải lên lại.');
    const run = await trx
      .insertInto('importRun')
      .values({
        kind,
        fileName: file.fileName,
        status: 'running',
        createdBy: actor.userId,
        summary: JSON.stringify({ phase: 'queued', bytesDone: 0, bytesTotal: file.sizeBytes, rows: 0, onBadRows }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`select graphile_worker.add_job(${FILE_IMPORT_TASK}, json_build_object('runId', ${run.id}::text, 'fileId', ${fileId}::text), max_attempts => 1)`.execute(
      trx,
    );
    await recordAudit(trx, actor, {
      action: 'procedure.import_queued',
      entityType: 'import_run',
      entityId: run.id,
      after: { fileName: file.fileName },
    });
    return { runId: run.id };
  });
}

/** Deadlock, serialization failure, lock not available: the transaction rolled back and may simply run again. */
const TRANSIENT_SQLSTATES = new Set(['40P01', '40001', '55P03']);

/** The worker's side: streams the stored file through COPY, reports progress, records the outcome. */
export async function runFileImport(db: Kysely<Database>, client: pg.PoolClient, runId: string, fileId: string) {
  const run = await db
    .selectFrom('importRun as r')
    .leftJoin('appUser as u', 'u.id', 'r.createdBy')
    .select(['r.id', 'r.kind', 'r.createdBy', 'r.summary', 'u.username'])
    .where('r.id', '=', runId)
    .executeTakeFirst();
  if (!run) throw notFound('lượt nhập');
  const onBadRows = (run.summary as { onBadRows?: BadRowPolicy } | null)?.onBadRows === 'skip' ? 'skip' : 'stop';
  const file = await db
    .selectFrom('storedFile')
    .select(['content', 'fileName'])
    .where('id', '=', fileId)
    .executeTakeFirstOrThrow();
  const actor: AuditActor = { userId: run.createdBy, username: run.username ?? 'system' };
  const report = (p: DossierImportProgress) =>
    db
      .updateTable('importRun')
      .set({ rowsTotal: p.rows, summary: JSON.stringify(p) })
      .where('id', '=', runId)
      .execute()
      .then(() => undefined);
  try {
    const attempt = async () =>
      run.kind === 'filing_counts'
        ? await (async () => {
            const counts = await importMonthlyCounts(client, actor, { fileName: file.fileName, content: file.content });
            const badRows = new Set(counts.errors.map((e) => e.row)).size;
            return { inserted: 0, updated: 0, ...counts, errorCount: counts.errors.length, badRows };
          })()
        : await importDossierFile(client, actor, {
            runId,
            content: file.content,
            fileName: file.fileName,
            onProgress: report,
            onBadRows,
          });
    // A conflict with another transaction (a deadlock, a serialization failure) wrote nothing: try again, twice.
    let result: Awaited<ReturnType<typeof attempt>>;
    for (let tries = 1; ; tries++) {
      try {
        result = await attempt();
        break;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (tries >= 3 || !TRANSIENT_SQLSTATES.has(String(code))) throw error;
      }
    }
    await db
      .updateTable('importRun')
      .set({
        status: result.ok ? 'succeeded' : 'failed',
        rowsTotal: result.rows,
        rowsOk: result.ok ? result.rows - result.badRows : 0,
        // Bad rows, set aside or not: the same number the run's screen shows.
        rowsFailed: result.badRows,
        errors: result.errors.length ? JSON.stringify(result.errors) : null,
        summary: JSON.stringify({
          phase: result.ok ? 'done' : 'failed',
          rows: result.rows,
          inserted: result.inserted,
          updated: result.updated,
          skipped: result.ok ? result.badRows : 0,
          errorCount: result.errorCount,
          onBadRows,
          bytesDone: file.content.length,
          bytesTotal: file.content.length,
          columns: result.columns,
          ignoredColumns: result.ignoredColumns,
        }),
        finishedAt: new Date(),
      })
      .where('id', '=', runId)
      .execute();
    return result;
  } catch (error) {
    // A file the parser refuses (missing columns, malformed CSV) is for the uploader to fix, not a system failure.
    const fileError = error instanceof AppError && error.kind === 'bad_request';
    const errors = [
      { row: 0, column: null, message: fileError ? error.message : 'Lỗi hệ thống khi nhập; dữ liệu chưa được ghi.' },
    ];
    await db
      .updateTable('importRun')
      .set({
        status: 'failed',
        errors: JSON.stringify(errors),
        summary: JSON.stringify({ phase: 'failed', rows: 0, bytesDone: 0, bytesTotal: file.content.length }),
        finishedAt: new Date(),
      })
      .where('id', '=', runId)
      .execute();
    if (fileError) return { ok: false, rows: 0, inserted: 0, updated: 0, errors, errorCount: 1, badRows: 0 };
    throw error;
  }
}

export async function getImportRun(db: Kysely<Database>, viewer: Actor, id: string) {
  const run = await db
    .selectFrom('importRun')
    .select([
      'id',
      'kind',
      'fileName',
      'status',
      'rowsTotal',
      'rowsOk',
      'rowsFailed',
      'errors',
      'summary',
      'createdBy',
      'createdAt',
      'finishedAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!run) throw notFound('lượt nhập');
  if (run.createdBy !== viewer.userId && viewer.role !== 'admin' && viewer.role !== 'home_affairs') {
    throw new AppError('forbidden', 'procedures.not_your_import', 'Bạn không có quyền xem lượt nhập này.');
  }
  return {
    ...run,
    errors: (run.errors ?? []) as { row: number; column: string | null; message: string }[],
    summary: (run.summary ?? {}) as Partial<DossierImportProgress> & {
      inserted?: number;
      updated?: number;
      skipped?: number;
      errorCount?: number;
      /** Our key → the file's header; the file's headers that were not used. */
      columns?: Record<string, string>;
      ignoredColumns?: string[];
    },
  };
}

export async function listImportRuns(db: Kysely<Database>, kinds: string[]) {
  return db
    .selectFrom('importRun as r')
    .leftJoin('appUser as u', 'u.id', 'r.createdBy')
    .select([
      'r.id',
      'r.kind',
      'r.fileName',
      'r.status',
      'r.rowsTotal',
      'r.rowsFailed',
      'r.createdAt',
      'r.finishedAt',
      'u.username',
    ])
    .where('r.kind', 'in', kinds)
    .orderBy('r.createdAt', 'desc')
    .limit(30)
    .execute();
}
