/**
 * A report as an issued document: its number in the register of outgoing documents (sổ đăng ký văn bản
 * đi, one series per issuing agency and year) and the PDF/DOCX that carry it, the signed PDF uploaded
 * back once the signer has signed it (verified before it becomes the report's official version), and its
 * indicator values as data.
 */
import type { Database } from '@cchc/db/schema';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { verifyPdfSignatures } from '@cchc/reports/signature';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError, notFound } from '../errors';
import {
  type Issue,
  numberText,
  renderReportDocuments,
  reportDocument,
  reportDocumentContext,
  reportSubject,
  type StoredSnapshot,
  symbolOf,
} from './document';
import { INDICATORS, indicatorValues } from './indicators';
import { getRegime } from './regimes';

/** The number, date and final files of a report being finalised (inside finaliseReport's transaction). */
export async function issueReport(
  trx: Transaction<Database>,
  actor: AuditActor,
  reportId: string,
  options: { number?: number | null; today?: string },
) {
  const report = await trx
    .selectFrom('report')
    .select(['id', 'regimeId', 'version', 'snapshot', 'registerId'])
    .where('id', '=', reportId)
    .executeTakeFirstOrThrow();
  if (report.registerId) throw new AppError('conflict', 'reports.already_issued', 'Báo cáo đã được cấp số.');
  const regime = await getRegime(trx, report.regimeId);
  const ctx = await reportDocumentContext(trx, regime);
  const snapshot = report.snapshot as StoredSnapshot;
  const issuedOn = options.today ?? vietnamDateOf(new Date());
  const year = Number(issuedOn.slice(0, 4));
  const symbol = symbolOf(ctx.settings, ctx.issuer);
  // One number at a time per issuing agency and year.
  await sql`select pg_advisory_xact_lock(hashtext(${`document_register:${regime.receivingAgencyId}:${year}`}))`.execute(trx);
  const last = await trx
    .selectFrom('documentRegister')
    .select((eb) => eb.fn.max('number').as('max'))
    .where('issuerAgencyId', '=', regime.receivingAgencyId)
    .where('year', '=', year)
    .executeTakeFirst();
  const number = options.number ?? (last?.max ?? 0) + 1;
  const taken = await trx
    .selectFrom('documentRegister')
    .select('id')
    .where('issuerAgencyId', '=', regime.receivingAgencyId)
    .where('year', '=', year)
    .where('number', '=', number)
    .executeTakeFirst();
  if (taken)
    throw new AppError('conflict', 'reports.number_taken', `Số ${number} năm ${year} của cơ quan đã được dùng cho văn bản khác.`);
  const issue: Issue = { number, symbol, issuedOn };
  const doc = reportDocument(regime, snapshot, report.version, ctx, issue);
  const { pdf, docx } = await renderReportDocuments(doc);
  const entry = await trx
    .insertInto('documentRegister')
    .values({
      issuerAgencyId: regime.receivingAgencyId,
      year,
      number,
      symbol,
      subject: reportSubject(regime.name, snapshot.period.label).subject,
      issuedOn,
      entityType: 'report',
      entityId: reportId,
      createdBy: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('report')
    .set({ registerId: entry.id, officialPdf: pdf, officialDocx: docx })
    .where('id', '=', reportId)
    .execute();
  return { number, symbol, issuedOn, numberText: numberText(issue) };
}

/** The next number the register would give the issuing agency of a regime (shown when finalising). */
export async function nextDocumentNumber(db: Kysely<Database>, regimeId: string, today: string) {
  const regime = await getRegime(db, regimeId);
  const ctx = await reportDocumentContext(db, regime);
  const last = await db
    .selectFrom('documentRegister')
    .select((eb) => eb.fn.max('number').as('max'))
    .where('issuerAgencyId', '=', regime.receivingAgencyId)
    .where('year', '=', Number(today.slice(0, 4)))
    .executeTakeFirst();
  return { number: (last?.max ?? 0) + 1, symbol: symbolOf(ctx.settings, ctx.issuer), issuedOn: today };
}

/**
 * The signed PDF (signed outside the app: USB token, remote signing) becomes the report's official
 * version once its signature verifies and covers the whole file; from then on the report is immutable.
 */
export async function attachSignedPdf(db: Kysely<Database>, actor: AuditActor, reportId: string, fileId: string) {
  const file = await db
    .selectFrom('storedFile')
    .select(['id', 'content', 'fileName', 'createdBy'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  if (!file || file.createdBy !== actor.userId) throw notFound('tệp');
  const check = await verifyPdfSignatures(file.content);
  if (!check.valid) throw new AppError('bad_request', 'reports.signature_invalid', check.problem ?? 'Chữ ký số không hợp lệ.');
  const signature = check.signatures.filter((s) => s.coversWholeFile).at(-1) ?? check.signatures[0];
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('report')
      .select(['id', 'status', 'signedPdf', 'version'])
      .where('id', '=', reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('báo cáo');
    if (row.status !== 'finalised')
      throw new AppError('conflict', 'reports.not_finalised', 'Chỉ tải lên bản đã ký của báo cáo đã hoàn tất (đã cấp số).');
    if (row.signedPdf) throw new AppError('conflict', 'reports.already_signed', 'Báo cáo đã có bản ký số; không thể thay thế.');
    await trx
      .updateTable('report')
      .set({
        signedPdf: file.content,
        signature: JSON.stringify({ ...signature, fileName: file.fileName, signatures: check.signatures.length }),
        signedAt: new Date(),
        signedBy: actor.userId,
      })
      .where('id', '=', reportId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'report.signed_uploaded',
      entityType: 'report',
      entityId: reportId,
      after: { version: row.version, signer: signature?.signer, signedAt: signature?.signedAt, fileId },
    });
    return { signer: signature?.signer ?? null, signedAt: signature?.signedAt ?? null };
  });
}

/**
 * The report's indicator values as data (GET /api/reports/:id.json). The shape is documented in
 * docs/indicators.md and versioned by `schema`; codes are this app's own (see indicators.ts).
 */
export async function reportIndicators(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('report as r')
    .innerJoin('agency as a', 'a.id', 'r.scopeAgencyId')
    .leftJoin('documentRegister as d', 'd.id', 'r.registerId')
    .select([
      'r.id',
      'r.regimeId',
      'r.version',
      'r.status',
      'r.snapshot',
      'r.signedAt',
      'a.code as agencyCode',
      'a.name as agencyName',
      'd.number',
      'd.symbol',
      'd.issuedOn',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('báo cáo');
  if (!row.snapshot) throw new AppError('conflict', 'reports.not_ready', 'Chỉ xuất được chỉ tiêu của báo cáo đã tạo xong.');
  const regime = await getRegime(db, row.regimeId);
  const s = row.snapshot as StoredSnapshot;
  const values = indicatorValues(regime.dataTables, s, s.lastYear);
  const perAgency = INDICATORS.filter(
    (i) => regime.dataTables.includes(i.table) && i.code !== 'CCHC.TTHC.02' && i.code !== 'CCHC.DG.01',
  );
  return {
    schema: 'cchc.report-indicators/1',
    codeList: {
      owner: 'CCHC',
      note: 'Mã chỉ tiêu do hệ thống CCHC đặt; danh mục mã chính thức theo Thông tư 05/2025/TT-VPCP chưa được công bố kèm Thông tư, khi gửi lên Hệ thống thông tin báo cáo cần đối chiếu mã.',
    },
    report: {
      id: row.id,
      regime: { code: regime.code, name: regime.name },
      version: row.version,
      status: row.signedAt ? 'signed' : row.status,
      number: row.number ? `${row.number < 10 ? `0${row.number}` : row.number}/${row.symbol}` : null,
      issuedOn: row.issuedOn,
    },
    reportingAgency: { code: row.agencyCode, name: row.agencyName },
    period: { key: s.period.key, label: s.period.label, from: s.period.from, to: s.period.to },
    measuredOn: s.measure,
    generatedAt: s.generatedAt,
    samePeriodLastYear: s.lastYear
      ? { key: s.lastYear.periodKey, label: s.lastYear.label, source: s.lastYear.source.kind }
      : null,
    indicators: values.map((v) => ({
      code: v.code,
      name: v.name,
      unit: v.unit,
      formula: v.formula,
      dataTable: v.table,
      value: v.value,
      samePeriodLastYear: v.lastYear,
      change: v.value === null || v.lastYear === null ? null : Math.round((v.value - v.lastYear) * 10) / 10,
    })),
    agencies: s.agencies.map((a) => ({
      code: a.code,
      name: a.name,
      indicators: perAgency.map((i) => ({
        code: i.code,
        value: i.value({
          province: {
            tasks: a.tasks,
            attendance: a.attendance,
            headAttendance: a.headAttendance,
            reviews: a.reviews,
            feedback: a.feedback,
            dossiers: a.dossiers,
          },
          procedures: s.procedures,
          scores: null,
        }),
      })),
    })),
  };
}
