/**
 * The procedures part of a first run, so the head's landing page, the procedures module, the dormancy
 * list, reviews, rankings and score charts have content: the national catalogue sample shipped in
 * packages/db/seed-data, invented monthly filing counts (most procedures of the departments filed in the
 * last year, some last filed four years ago, the rest never), a dormancy scan, reviews given to the Sở Tư
 * pháp and the Sở Xây dựng (one already proposed), two open tasks of the Sở Tư pháp, and a score run of
 * the last closed quarter computed on the spot. Written through the same services as everything else;
 * deterministic for a given day. Codes 1.0000xx are left without filings: the browser tests use them.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from '@cchc/db/schema';
import { CATALOGUE_SAMPLE } from '@cchc/db/seed-data';
import { addDays, addMonths, type IsoDate } from '@cchc/domain/calendar/dates';
import { periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Actor, AuditActor } from '../actor';
import type { Clock } from '../clock';
import { ZTaskCreate } from '../plans/schemas';
import { createTask } from '../plans/service';
import { importCatalogue } from '../procedures/catalogue';
import { importMonthlyCounts } from '../procedures/counts';
import { recordDormancyScan } from '../procedures/dormancy';
import { openReview, proposeReview, ZReviewPropose } from '../procedures/reviews';
import { computeScoreRun, queueScoreRun } from '../scores/runs';
import { schemeInForce } from '../scores/schemes';

const DEPARTMENTS = ['STP', 'STC', 'SXD', 'SNNMT', 'SCT', 'SYT', 'SGDDT', 'SNV'];

async function asActor(db: Kysely<Database>, username: string): Promise<Actor | null> {
  const u = await db.selectFrom('appUser').select(['id', 'role', 'agencyId']).where('username', '=', username).executeTakeFirst();
  return u ? { userId: u.id, username, role: u.role, agencyId: u.agencyId, requestId: 'seed' } : null;
}

export async function seedDemoProcedures(
  db: Kysely<Database>,
  pool: pg.Pool,
  actor: AuditActor,
  provinceCode: string,
  today: IsoDate,
) {
  const clock: Clock = { now: () => new Date(`${today}T03:00:00Z`), today: () => today };
  const catalogue = await importCatalogue(db, actor, {
    fileName: basename(CATALOGUE_SAMPLE),
    content: readFileSync(CATALOGUE_SAMPLE),
  });
  if (!catalogue.ok) throw new Error(`Demo catalogue failed: ${JSON.stringify(catalogue.errors.slice(0, 3))}`);

  // Procedures of the provincial level, spread over the departments in code order.
  const procedures = await db
    .selectFrom('procedure')
    .select('code')
    .where('code', '>=', '1.000100')
    .where((eb) => eb(eb.val('province'), '=', eb.fn.any('levels')))
    .orderBy('code')
    .limit(480)
    .execute();
  const lines = ['procedure_code,agency_code,month,received'];
  const thisMonth = `${today.slice(0, 7)}-01`;
  procedures.forEach(({ code }, i) => {
    const agency = `${provinceCode}.${DEPARTMENTS[i % DEPARTMENTS.length]}`;
    // The n-th procedure of its department decides how it was used.
    const n = Math.floor(i / DEPARTMENTS.length);
    const month = (m: IsoDate) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
    if (n % 6 === 5) {
      // Last filed four or five years ago: dormant, with the date of its last filing.
      lines.push(`${code},${agency},${month(addMonths(thisMonth, -(48 + (i % 12))))},${1 + (i % 3)}`);
    } else if (n % 6 !== 4) {
      // Alive: filings in three of the last twelve months.
      for (const back of [1, 4 + (i % 3), 9 + (i % 3)])
        lines.push(`${code},${agency},${month(addMonths(thisMonth, -back))},${2 + (i % 7)}`);
    }
    // n % 6 === 4: implemented but never filed.
  });
  const client = await pool.connect();
  try {
    const counts = await importMonthlyCounts(client, actor, {
      fileName: 'so-lieu-minh-hoa.csv',
      content: Buffer.from(lines.join('\n')),
    });
    if (!counts.ok) throw new Error(`Demo filing counts failed: ${JSON.stringify(counts.errors.slice(0, 3))}`);
  } finally {
    client.release();
  }
  await recordDormancyScan(db, actor, { asOf: today, months: 36 });

  // Reviews: the first dormant procedures of the Sở Tư pháp and the Sở Xây dựng, one already proposed.
  const manager = await asActor(db, 'sonoivu');
  const officer = await asActor(db, 'canbo.stp');
  const groupMember = await asActor(db, 'totongtac');
  const departments = await db
    .selectFrom('agency')
    .select(['id', 'code'])
    .where('kind', '=', 'department')
    .where('code', 'in', [`${provinceCode}.STP`, `${provinceCode}.SXD`])
    .execute();
  const stp = departments.find((d) => d.code === `${provinceCode}.STP`)?.id;
  const sxd = departments.find((d) => d.code === `${provinceCode}.SXD`)?.id;
  if (manager && officer && stp && sxd) {
    const dormantAt = (agencyId: string) =>
      db
        .selectFrom('procedureLastFiling as l')
        .innerJoin('procedure as p', 'p.id', 'l.procedureId')
        .select('p.id')
        .where('l.agencyId', '=', agencyId)
        .where('l.lastFiling', '<', addMonths(today, -36))
        .orderBy('p.code')
        .limit(3)
        .execute();
    const reviews = [];
    for (const p of await dormantAt(stp))
      reviews.push(await openReview(db, manager, clock, { procedureId: p.id, agencyId: stp }));
    for (const p of await dormantAt(sxd)) await openReview(db, manager, clock, { procedureId: p.id, agencyId: sxd });
    const [first] = reviews;
    if (first) {
      await proposeReview(
        db,
        officer,
        clock,
        ZReviewPropose.parse({
          id: first.id,
          proposal: 'abolish',
          justification: 'Không phát sinh hồ sơ trong 4 năm; đề nghị bãi bỏ (minh họa).',
        }),
      );
    }
  }

  // Two open tasks of the Sở Tư pháp in the plan in force: one due soon, one overdue.
  const plan = await db.selectFrom('plan').select('id').where('status', '=', 'active').orderBy('createdAt').executeTakeFirst();
  if (plan && groupMember && stp) {
    for (const [title, deadline] of [
      ['Cập nhật, công khai thủ tục hành chính lĩnh vực hộ tịch (minh họa)', addDays(today, 12)],
      ['Báo cáo kết quả số hóa hồ sơ chứng thực (minh họa)', addDays(today, -5)],
    ] as const) {
      await createTask(db, groupMember, ZTaskCreate.parse({ planId: plan.id, title, leadAgencyId: stp, deadline }));
    }
  }

  // The last closed quarter's scores, computed now: the scorecard, rankings and charts have a run to show.
  const quarter = previousPeriod(periodContaining(today, 'quarter', 'nd09'), 'quarter', 'nd09');
  if (await schemeInForce(db, quarter.to)) {
    const { runId } = await queueScoreRun(db, actor, { periodKind: 'quarter', from: quarter.from, to: quarter.to });
    await computeScoreRun(db, runId, clock);
  }
}
