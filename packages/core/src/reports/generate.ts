/**
 * Report generation (graphile-worker): one report per regime × period × scope however often the job
 * runs; a run killed halfway leaves its row "generating" and the next run completes that same row;
 * regenerating adds a version and keeps the old ones. The snapshot and both files are written in one
 * statement, and a trigger refuses any later change to them.
 */
import type { Database } from '@cchc/db/schema';
import type { RegimePeriod, ReportStatus } from '@cchc/domain/reports/regime';
import { type PdfBlock, renderPdf } from '@cchc/reports/pdf';
import { renderWorkbook } from '@cchc/reports/table';
import { type Kysely, sql } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { notifyUsers } from '../notifications/service';
import { getRegime, periodOf, type Regime } from './regimes';
import { buildSnapshot, fmt, fmtInstant, type ReportSnapshot, snapshotTables } from './snapshot';

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
    const snapshot = await buildSnapshot(db, regime, period, clock.today(), new Date(clock.now()));
    await hooks.afterPhase?.('figures');
    if (!(await progress('xlsx', 45))) return finishedElsewhere();
    const xlsx = await renderReportXlsx(regime, snapshot, report.version);
    await hooks.afterPhase?.('xlsx');
    if (!(await progress('pdf', 70))) return finishedElsewhere();
    const pdf = await renderReportPdf(regime, period, snapshot, report.version);
    await hooks.afterPhase?.('pdf');
    const written = await db.transaction().execute(async (trx) => {
      const { numUpdatedRows } = await trx
        .updateTable('report')
        .set({
          snapshot: JSON.stringify(snapshot),
          xlsx,
          pdf,
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

export async function renderReportXlsx(regime: Regime, snapshot: ReportSnapshot, version: number): Promise<Buffer> {
  const tables = snapshotTables(snapshot, regime.dataTables).map((t) => ({
    ...t,
    subtitle: [`${regime.name} — phiên bản ${version}`, ...(t.subtitle ?? [])],
  }));
  return renderWorkbook(tables);
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

export async function renderReportPdf(
  regime: Regime,
  period: RegimePeriod,
  snapshot: ReportSnapshot,
  version: number,
): Promise<Buffer> {
  const blocks: PdfBlock[] = [];
  const submitted = snapshot.submissions.filter((s) => s.status === 'submitted' || s.status === 'accepted');
  blocks.push({
    paragraph: `Thực hiện ${regime.name.toLowerCase()}, ${snapshot.scope.name} tổng hợp báo cáo của ${submitted.length}/${snapshot.agencies.length} cơ quan và số liệu trên hệ thống như sau.`,
  });
  regime.outline.forEach((section, i) => {
    blocks.push({ heading: `${ROMAN[i] ?? i + 1}. ${section.title}` });
    if (section.key === 'results') {
      const p = snapshot.province;
      blocks.push({
        paragraph: `Nhiệm vụ đến hạn trong kỳ hoàn thành đúng hạn: ${p.tasks.numerator}/${p.tasks.denominator}${p.tasks.rate === null ? '' : ` (${p.tasks.rate.toLocaleString('vi-VN')}%)`}. Tham dự phiên họp của Tổ công tác: ${p.attendance.numerator}/${p.attendance.denominator} lượt. Phản ánh, kiến nghị tiếp nhận: ${p.feedback.received}, trả lời đúng hạn ${p.feedback.onTimeRate === null ? 'không áp dụng' : `${p.feedback.onTimeRate.toLocaleString('vi-VN')}%`}, tỷ lệ hài lòng ${p.feedback.satisfactionRate === null ? 'không áp dụng' : `${p.feedback.satisfactionRate.toLocaleString('vi-VN')}%`}.`,
      });
    }
    const texts = submitted.filter((s) => (s.sections[section.key] ?? '').trim());
    if (!texts.length) blocks.push({ paragraph: '(Chưa có cơ quan nào gửi nội dung mục này.)' });
    for (const s of texts) blocks.push({ paragraph: `${s.agencyName}: ${s.sections[section.key]?.trim()}` });
  });
  const missing = snapshot.agencies.filter((a) => !submitted.some((s) => s.agencyId === a.id));
  if (missing.length) blocks.push({ paragraph: `Cơ quan chưa gửi báo cáo: ${missing.map((a) => a.name).join(', ')}.` });
  blocks.push({
    bars: {
      title: 'Biểu đồ: Tỷ lệ trả lời phản ánh, kiến nghị đúng hạn theo cơ quan',
      items: snapshot.agencies
        .filter((a) => a.feedback.withinCompetence > 0)
        .map((a) => ({ label: a.name, value: a.feedback.onTimeRate })),
    },
  });
  blocks.push({
    bars: {
      title: 'Biểu đồ: Tỷ lệ nhiệm vụ hoàn thành đúng hạn theo cơ quan',
      items: snapshot.agencies.filter((a) => a.tasks.denominator > 0).map((a) => ({ label: a.name, value: a.tasks.rate })),
    },
  });
  blocks.push({ heading: 'Phụ lục: Biểu số liệu' });
  for (const table of snapshotTables(snapshot, regime.dataTables)) {
    blocks.push({ heading: table.title });
    blocks.push({ table });
  }
  return renderPdf({
    title: `BÁO CÁO ${regime.name.toUpperCase()} — ${period.label.toUpperCase()}`,
    subtitle: [
      `${snapshot.scope.name} · kỳ số liệu ${fmt(period.from)} – ${fmt(period.to)} · số liệu tính đến ${fmt(snapshot.measure)}`,
      `Phiên bản ${version}, tạo lúc ${fmtInstant(snapshot.generatedAt)}`,
    ],
    blocks,
    landscape: true,
  });
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

/** The Sở Nội vụ signs the report off: it can no longer be replaced by a regeneration of the same version. */
export async function finaliseReport(db: Kysely<Database>, actor: AuditActor, id: string) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('report')
      .select(['id', 'status', 'version'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('báo cáo');
    if (row.status !== 'ready') throw new AppError('conflict', 'reports.not_ready', 'Chỉ hoàn tất được báo cáo đã tạo xong.');
    await trx
      .updateTable('report')
      .set({ status: 'finalised', finalisedAt: new Date(), finalisedBy: actor.userId })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'report.finalised',
      entityType: 'report',
      entityId: id,
      after: { version: row.version },
    });
  });
}

export async function reportFile(db: Kysely<Database>, id: string, format: 'xlsx' | 'pdf') {
  const row = await db
    .selectFrom('report as r')
    .innerJoin('reportRegime as g', 'g.id', 'r.regimeId')
    .select(['r.xlsx', 'r.pdf', 'r.periodKey', 'r.version', 'g.code'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  const body = row?.[format];
  if (!row || !body) throw notFound('tệp báo cáo');
  return {
    body,
    fileName: `bao-cao-${row.code.toLowerCase()}-${row.periodKey}-v${row.version}.${format}`,
    contentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
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
