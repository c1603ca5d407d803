/**
 * Report generation (graphile-worker): one report per regime × period × scope however often the job
 * runs; a run killed halfway leaves its row "generating" and the next run completes that same row;
 * regenerating adds a version and keeps the old ones. The snapshot and both files are written in one
 * statement, and a trigger refuses any later change to them.
 */
import type { Database } from '@cchc/db/schema';
import type { ReportStatus } from '@cchc/domain/reports/regime';
import { renderWorkbook } from '@cchc/reports/table';
import { type Kysely, sql } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { notifyUsers } from '../notifications/service';
import { renderReportDocuments, reportDocument, reportDocumentContext, type StoredSnapshot } from './document';
import { indicatorValues, samePeriodLastYear } from './indicators';
import { issueReport, reportIndicators } from './official';
import { getRegime, periodOf, type Regime } from './regimes';
import { buildSnapshot, type ReportSnapshot, snapshotTables } from './snapshot';

export const GENERATE_TASK = 'reports__generate';

/** Queues (or re-queues) the report of a period; with `regenerate`, a new version. */
export async function queueGeneration(
  db: Kysely<Database>,
  actor: AuditActor,
  input: { regimeId: string; periodKey: string; regenerate?: boolean },
  trigger: 'manual' | 'schedule' = 'manual',
) {
  const regime = await getRegime(db, input.regimeId);
  const period = await periodOf(db, regime, input.periodKey);
  return db.transaction().execute(async (trx) => {
    // One generation decision at a time per regime: two clicks or a click and the schedule agree.
    await trx.selectFrom('reportRegime').select('id').where('id', '=', regime.id).forUpdate().executeTakeFirst();
    const latest = await trx
      .selectFrom('report')
      .select(['id', 'version', 'status'])
      .where('regimeId', '=', regime.id)
      .where('periodKey', '=', period.key)
      .where('scopeAgencyId', '=', regime.receivingAgencyId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    let reportId: string;
    let created = false;
    // A row left "generating" whose job is gone (it failed for good without recording it) is resumed, not refused.
    const resumable = latest?.status === 'generating' && !(await hasLiveJob(trx, `report:${latest.id}`));
    if (latest && (!input.regenerate || resumable)) {
      reportId = latest.id;
      if (latest.status === 'ready' || latest.status === 'finalised') return { reportId, created, version: latest.version };
      await trx.updateTable('report').set({ status: 'generating', error: null }).where('id', '=', latest.id).execute();
    } else {
      if (latest?.status === 'generating') {
        throw new AppError('conflict', 'reports.generating', 'Báo cáo của kỳ này đang được tạo; vui lòng chờ.');
      }
      const row = await trx
        .insertInto('report')
        .values({
          regimeId: regime.id,
          periodKey: period.key,
          periodFrom: period.from,
          periodTo: period.to,
          scopeAgencyId: regime.receivingAgencyId,
          version: (latest?.version ?? 0) + 1,
          status: 'generating',
          phase: 'queued',
          trigger,
          createdBy: actor.userId,
        })
        .returning(['id', 'version'])
        .executeTakeFirstOrThrow();
      reportId = row.id;
      created = true;
    }
    await sql`select graphile_worker.add_job(${GENERATE_TASK}, json_build_object('reportId', ${reportId}::text),
      job_key => ${`report:${reportId}`}, max_attempts => 3)`.execute(trx);
    await recordAudit(trx, actor, {
      action: created ? 'report.generation_queued' : 'report.generation_requeued',
      entityType: 'report',
      entityId: reportId,
      after: { regime: regime.code, period: period.key, regenerate: input.regenerate ?? false, trigger },
    });
    const version = created ? (latest?.version ?? 0) + 1 : (latest?.version ?? 1);
    return { reportId, created, version };
  });
}

/** Whether a job with this key is queued, running or due to retry (graphile-worker's public jobs view). */
async function hasLiveJob(db: Kysely<Database>, key: string): Promise<boolean> {
  const { rows } = await sql`
    select 1 from graphile_worker.jobs where key = ${key} and attempts < max_attempts limit 1`.execute(db);
  return rows.length > 0;
}

export interface GenerationHooks {
  /** Called after each phase; tests use it to kill a run halfway. */
  afterPhase?: (phase: 'figures' | 'xlsx' | 'pdf') => Promise<void> | void;
}

export async function runGeneration(db: Kysely<Database>, reportId: string, clock: Clock, hooks: GenerationHooks = {}) {
  const report = await db
    .selectFrom('report')
    .select(['id', 'regimeId', 'periodKey', 'status', 'version'])
    .where('id', '=', reportId)
    .executeTakeFirst();
  if (!report) throw notFound('báo cáo');
  if (report.status === 'ready' || report.status === 'finalised') return { status: report.status, reportId };
  // Another run of the same report (the job queued again while this one ran) may finish first: from then on
  // this run must not touch the row, neither its status nor its snapshot and files.
  const DONE: ReportStatus[] = ['ready', 'finalised'];
  const progress = async (phase: string, value: number) => {
    const { numUpdatedRows } = await db
      .updateTable('report')
      .set({ phase, progress: value, status: 'generating' })
      .where('id', '=', reportId)
      .where('status', 'not in', DONE)
      .executeTakeFirst();
    return numUpdatedRows > 0n;
  };
  const finishedElsewhere = async () => {
    const row = await db.selectFrom('report').select('status').where('id', '=', reportId).executeTakeFirstOrThrow();
    return { status: row.status, reportId };
  };
  try {
    const regime = await getRegime(db, report.regimeId);
    const period = await periodOf(db, regime, report.periodKey);
    if (!(await progress('figures', 10))) return finishedElsewhere();
    const snapshot: StoredSnapshot = {
      ...(await buildSnapshot(db, regime, period, clock.today(), new Date(clock.now()))),
      lastYear: await samePeriodLastYear(db, regime, period.key, clock.today()),
    };
    await hooks.afterPhase?.('figures');
    if (!(await progress('xlsx', 45))) return finishedElsewhere();
    const xlsx = await renderReportXlsx(regime, snapshot, report.version);
    await hooks.afterPhase?.('xlsx');
    if (!(await progress('pdf', 70))) return finishedElsewhere();
    // The draft: no number or date yet (they come with finalising).
    const { pdf, docx } = await renderReportDocuments(
      reportDocument(regime, snapshot, report.version, await reportDocumentContext(db, regime), null),
    );
    await hooks.afterPhase?.('pdf');
    const written = await db.transaction().execute(async (trx) => {
      const { numUpdatedRows } = await trx
        .updateTable('report')
        .set({
          snapshot: JSON.stringify(snapshot),
          xlsx,
          pdf,
          docx,
          status: 'ready',
          phase: 'done',
          progress: 100,
          generatedAt: new Date(clock.now()),
          error: null,
        })
        .where('id', '=', reportId)
        .where('status', 'not in', DONE)
        .executeTakeFirst();
      if (numUpdatedRows === 0n) return false;
      await recordAudit(
        trx,
        { userId: null, username: `job:${GENERATE_TASK}` },
        {
          action: 'report.generated',
          entityType: 'report',
          entityId: reportId,
          after: { regime: regime.code, period: period.key, version: report.version, agencies: snapshot.agencies.length },
        },
      );
      const readers = await trx
        .selectFrom('appUser')
        .select('id')
        .where('isActive', '=', true)
        // The report's page is the province's: the Sở Nội vụ is told.
        .where('role', '=', 'home_affairs')
        .execute();
      await notifyUsers(
        trx,
        readers.map((r) => r.id),
        {
          kind: 'report_ready',
          title: `Báo cáo ${period.label} đã sẵn sàng`,
          body: `${regime.name} — phiên bản ${report.version}.`,
          link: `/reports/${regime.id}/${period.key}`,
          entityType: 'report',
          entityId: reportId,
          dedupeKey: `report-ready:${reportId}`,
        },
      );
      return true;
    });
    if (!written) return finishedElsewhere();
    return { status: 'ready' as const, reportId };
  } catch (error) {
    await db
      .updateTable('report')
      .set({ status: 'failed', phase: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : 'error' })
      .where('id', '=', reportId)
      .where('status', '=', 'generating')
      .execute();
    throw error;
  }
}

export async function renderReportXlsx(regime: Regime, snapshot: StoredSnapshot, version: number): Promise<Buffer> {
  const tables = snapshotTables(snapshot, regime.dataTables).map((t) => ({
    ...t,
    subtitle: [`${regime.name} — phiên bản ${version}`, ...(t.subtitle ?? [])],
  }));
  // The indicators (chỉ tiêu) beside the same period last year, as the JSON export carries them.
  const indicators = indicatorValues(regime.dataTables, snapshot, snapshot.lastYear);
  if (indicators.length)
    tables.push({
      key: 'indicators' as (typeof tables)[number]['key'],
      sheet: 'Chỉ tiêu',
      title: 'Các chỉ tiêu của báo cáo và cùng kỳ năm trước',
      subtitle: [
        `${snapshot.period.label}${snapshot.lastYear ? `; cùng kỳ năm trước: ${snapshot.lastYear.label}` : ''}`,
        'Mã chỉ tiêu do hệ thống đặt (chưa có danh mục mã chính thức theo Thông tư 05/2025/TT-VPCP).',
      ],
      columns: [
        { header: 'Mã chỉ tiêu', width: 14 },
        { header: 'Chỉ tiêu', width: 50 },
        { header: 'Đơn vị', width: 12 },
        { header: 'Kỳ này', type: 'number', width: 12 },
        { header: 'Cùng kỳ năm trước', type: 'number', width: 14 },
        { header: 'Tăng/giảm', width: 22 },
        { header: 'Cách tính', width: 50 },
      ],
      rows: indicators.map((i) => [i.code, i.name, i.unit, i.value, i.lastYear, i.change, i.formula]),
    });
  return renderWorkbook(tables);
}

export async function listReports(db: Kysely<Database>, regimeId: string, periodKey: string) {
  return db
    .selectFrom('report as r')
    .leftJoin('appUser as u', 'u.id', 'r.finalisedBy')
    .select([
      'r.id',
      'r.version',
      'r.status',
      'r.phase',
      'r.progress',
      'r.error',
      'r.trigger',
      'r.createdAt',
      'r.generatedAt',
      'r.finalisedAt',
      'u.displayName as finalisedByName',
      sql<number | null>`length(r.xlsx)`.as('xlsxBytes'),
      sql<number | null>`length(r.pdf)`.as('pdfBytes'),
      sql<number | null>`length(r.docx)`.as('docxBytes'),
      'r.signedAt',
      sql<string | null>`r.signature->>'signer'`.as('signedBy'),
      sql<
        string | null
      >`(select lpad(d.number::text, 2, '0') || '/' || d.symbol from document_register d where d.id = r.register_id)`.as(
        'documentNumber',
      ),
      sql<string | null>`(select d.issued_on::text from document_register d where d.id = r.register_id)`.as('issuedOn'),
    ])
    .where('r.regimeId', '=', regimeId)
    .where('r.periodKey', '=', periodKey)
    .orderBy('r.version', 'desc')
    .execute();
}

export async function getReportProgress(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('report')
    .select(['id', 'version', 'status', 'phase', 'progress', 'error'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('báo cáo');
  return row;
}

/**
 * The Sở Nội vụ signs the report off: it can no longer be replaced by a regeneration of the same version,
 * and it takes its number in the register of outgoing documents (the next one, or the one the văn thư gave)
 * and the date of issue, printed in its final PDF and DOCX.
 */
export async function finaliseReport(
  db: Kysely<Database>,
  actor: AuditActor,
  id: string,
  options: { number?: number | null; today?: string } = {},
) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('report')
      .select(['id', 'status', 'version'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('báo cáo');
    if (row.status !== 'ready') throw new AppError('conflict', 'reports.not_ready', 'Chỉ hoàn tất được báo cáo đã tạo xong.');
    const issued = await issueReport(trx, actor, id, options);
    await trx
      .updateTable('report')
      .set({ status: 'finalised', finalisedAt: new Date(), finalisedBy: actor.userId })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'report.finalised',
      entityType: 'report',
      entityId: id,
      after: { version: row.version, number: issued.numberText, issuedOn: issued.issuedOn },
    });
    return issued;
  });
}

export const REPORT_FORMATS = ['xlsx', 'pdf', 'docx', 'json', 'signed.pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json; charset=utf-8',
  'signed.pdf': 'application/pdf',
};

/** A report's file: a finalised report's PDF and DOCX are the numbered ones; 'signed.pdf' the signed one uploaded back. */
export async function reportFile(db: Kysely<Database>, id: string, format: ReportFormat) {
  const row = await db
    .selectFrom('report as r')
    .innerJoin('reportRegime as g', 'g.id', 'r.regimeId')
    .select(['r.xlsx', 'r.pdf', 'r.docx', 'r.officialPdf', 'r.officialDocx', 'r.signedPdf', 'r.periodKey', 'r.version', 'g.code'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('tệp báo cáo');
  const body =
    format === 'json'
      ? Buffer.from(`${JSON.stringify(await reportIndicators(db, id), null, 2)}\n`, 'utf8')
      : format === 'signed.pdf'
        ? row.signedPdf
        : format === 'pdf'
          ? (row.officialPdf ?? row.pdf)
          : format === 'docx'
            ? (row.officialDocx ?? row.docx)
            : row.xlsx;
  if (!body) throw notFound('tệp báo cáo');
  const base = `bao-cao-${row.code.toLowerCase()}-${row.periodKey}-v${row.version}`;
  return {
    body,
    fileName: format === 'json' ? `${base}-chi-tieu.json` : format === 'signed.pdf' ? `${base}-da-ky.pdf` : `${base}.${format}`,
    contentType: CONTENT_TYPES[format],
  };
}

/** A generated report as the app shows it: its frozen tables and the agencies' narratives, straight from the snapshot. */
export async function viewReport(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('report')
    .select(['id', 'regimeId', 'version', 'status', 'snapshot', 'generatedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('báo cáo');
  if (!row.snapshot) throw new AppError('conflict', 'reports.not_ready', 'Chỉ xem được báo cáo đã tạo xong.');
  const regime = await getRegime(db, row.regimeId);
  const snapshot = row.snapshot as ReportSnapshot;
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    generatedAt: row.generatedAt,
    measure: snapshot.measure,
    period: snapshot.period,
    outline: regime.outline,
    submissions: snapshot.submissions,
    tables: snapshotTables(snapshot, regime.dataTables).map(
      (
        t,
      ): {
        key: string;
        title: string;
        subtitle: string[];
        columns: { header: string }[];
        rows: (string | number | null)[][];
      } => ({
        key: t.key,
        title: t.title,
        subtitle: t.subtitle ?? [],
        columns: t.columns.map((c) => ({ header: c.header })),
        rows: t.rows,
      }),
    ),
  };
}
