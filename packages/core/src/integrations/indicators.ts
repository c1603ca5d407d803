/**
 * The indicator values of a reporting period for other systems (GET /api/v1/indicators, issue 19): read
 * from the frozen snapshot of the period's report (the finalised version, else the latest generated),
 * so the API, the report's files and its screens carry the same numbers. Nothing is computed here.
 */
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../errors';
import type { ReportSnapshot } from '../reports/snapshot';

const PERIOD_KEY = /^\d{4}-[a-z0-9_-]{1,30}$/;

export async function indicatorsForPeriod(db: Kysely<Database>, periodKey: string, regimeCode: string | null) {
  if (!PERIOD_KEY.test(periodKey)) {
    throw new AppError('bad_request', 'api.period_required', 'Vui lòng cho biết kỳ báo cáo (period), ví dụ period=2026-q3.');
  }
  let q = db
    .selectFrom('report as r')
    .innerJoin('reportRegime as g', 'g.id', 'r.regimeId')
    .select(['r.id', 'r.version', 'r.status', 'r.snapshot', 'r.generatedAt', 'r.finalisedAt', 'g.code', 'g.name'])
    .where('r.periodKey', '=', periodKey)
    .where('r.status', 'in', ['finalised', 'ready'])
    .where('r.snapshot', 'is not', null);
  if (regimeCode) q = q.where('g.code', '=', regimeCode);
  const row = await q.orderBy(sql`r.status = 'finalised'`, 'desc').orderBy('r.version', 'desc').limit(1).executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', 'api.no_report', `Chưa có báo cáo đã tạo cho kỳ ${periodKey}.`, { period: periodKey });
  }
  const s = row.snapshot as ReportSnapshot;
  return {
    regime: { code: row.code, name: row.name },
    period: s.period,
    report: {
      id: row.id,
      version: row.version,
      status: row.status,
      generatedAt: row.generatedAt ? row.generatedAt.toISOString() : null,
      finalisedAt: row.finalisedAt ? row.finalisedAt.toISOString() : null,
    },
    measuredOn: s.measure,
    province: s.province,
    procedures: s.procedures,
    scores: s.scores,
    agencies: s.agencies.map((a) => ({
      code: a.code,
      name: a.name,
      tasks: a.tasks,
      attendance: a.attendance,
      headAttendance: a.headAttendance,
      reviews: a.reviews,
      feedback: a.feedback,
      score: a.score,
    })),
  };
}
