/**
 * Agencies' own reports for a period: narrative sections of the regime's outline with the agency's
 * figures pre-filled (from the period's frozen snapshot when there is one), submitted before the
 * deadline, sent back for correction by the Sở Nội vụ; plus the status of every agency and the chasing.
 */
import type { Database } from '@cchc/db/schema';
import { addDays, formatVietnameseDate, vietnamDateOf } from '@cchc/domain/calendar/dates';
import { opensOn, periodsBetween, type RegimePeriod, regimePeriodByKey } from '@cchc/domain/reports/regime';
import { isAgencyScoped } from '@cchc/domain/roles';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { agencyStaff, notifyUsers } from '../notifications/service';
import { isAgencyInScope } from '../org/scope';
import { listReports, queueGeneration } from './generate';
import { getRegime, listRegimes, periodOf, type Regime, reportingAgencies } from './regimes';
import { agencyFigures, type SnapshotAgency } from './snapshot';

export const ZSubmissionSave = z.object({
  id: z.uuid(),
  sections: z.record(z.string().regex(/^[a-z0-9_]{1,30}$/), z.string().max(20_000, 'Mỗi mục tối đa 20.000 ký tự.')),
});

async function agencyUsers(db: Kysely<Database>, agencyId: string) {
  const rows = await db
    .selectFrom('appUser')
    .select('id')
    .where('agencyId', '=', agencyId)
    .where('isActive', '=', true)
    .where('role', 'in', ['agency_head', 'agency_officer'])
    .execute();
  return rows.map((r) => r.id);
}

/** The latest frozen snapshot's figures for the agency, else the figures computed now by the same function. */
async function prefill(
  db: Kysely<Database>,
  regime: Regime,
  period: RegimePeriod,
  agency: { id: string; code: string; name: string },
  today: string,
) {
  const frozen = await db
    .selectFrom('report')
    .select('snapshot')
    .where('regimeId', '=', regime.id)
    .where('periodKey', '=', period.key)
    .where('status', 'in', ['ready', 'finalised'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fromSnapshot = (frozen?.snapshot as { agencies?: SnapshotAgency[] } | undefined)?.agencies?.find(
    (a) => a.id === agency.id,
  );
  if (fromSnapshot) return { source: 'snapshot' as const, figures: fromSnapshot };
  const { rows } = await agencyFigures(db, [agency], period, today);
  return { source: 'live' as const, figures: rows[0] as SnapshotAgency };
}

/** Opens (creating on first use) the viewer's agency's report for a period. */
export async function openSubmission(
  db: Kysely<Database>,
  viewer: Actor,
  input: { regimeId: string; periodKey: string; agencyId?: string | null },
  clock: Clock,
) {
  const regime = await getRegime(db, input.regimeId);
  const period = await periodOf(db, regime, input.periodKey);
  const agencyId = input.agencyId ?? viewer.agencyId;
  if (!(await isAgencyInScope(db, viewer, 'reports.submission', agencyId))) {
    throw new AppError('forbidden', 'reports.not_your_agency', 'Bạn chỉ mở được báo cáo của cơ quan mình.');
  }
  const reporters = await reportingAgencies(db, regime);
  const agency = reporters.find((a) => a.id === agencyId);
  if (!agency)
    throw new AppError('bad_request', 'reports.not_a_reporter', 'Cơ quan này không thuộc diện báo cáo theo chế độ này.');
  if (clock.today() < period.from) throw new AppError('bad_request', 'reports.not_open', 'Kỳ báo cáo này chưa bắt đầu.');
  let row = await db
    .selectFrom('reportSubmission')
    .selectAll()
    .where('regimeId', '=', regime.id)
    .where('periodKey', '=', period.key)
    .where('agencyId', '=', agencyId)
    .executeTakeFirst();
  if (!row) {
    await db
      .insertInto('reportSubmission')
      .values({
        regimeId: regime.id,
        periodKey: period.key,
        periodFrom: period.from,
        periodTo: period.to,
        agencyId,
        dueDate: period.agencyDue,
      })
      .onConflict((oc) => oc.columns(['regimeId', 'periodKey', 'agencyId']).doNothing())
      .execute();
    row = await db
      .selectFrom('reportSubmission')
      .selectAll()
      .where('regimeId', '=', regime.id)
      .where('periodKey', '=', period.key)
      .where('agencyId', '=', agencyId)
      .executeTakeFirstOrThrow();
  }
  const filled = row.figures
    ? { source: 'saved' as const, figures: row.figures as SnapshotAgency }
    : await prefill(db, regime, period, agency, clock.today());
  const events = await db
    .selectFrom('reportSubmissionEvent as e')
    .leftJoin('appUser as u', 'u.id', 'e.createdBy')
    .select(['e.id', 'e.action', 'e.note', 'e.createdAt', 'u.displayName as actorName'])
    .where('e.submissionId', '=', row.id)
    .orderBy('e.id')
    .execute();
  const canEdit = isAgencyScoped(viewer.role) && (row.status === 'draft' || row.status === 'returned');
  return {
    submission: { ...row, sections: (row.sections ?? {}) as Record<string, string> },
    regime: { id: regime.id, code: regime.code, name: regime.name, outline: regime.outline },
    period,
    agency,
    figures: filled.figures,
    figuresSource: filled.source,
    events,
    canEdit,
    // Accepting and sending back are the Sở Nội vụ's (and admins').
    canReturn: (viewer.role === 'home_affairs' || viewer.role === 'admin') && row.status === 'submitted',
  };
}

async function ownEditable(db: Kysely<Database>, viewer: Actor, id: string, action: 'reports.saveSubmission' | 'reports.submit') {
  const row = await db.selectFrom('reportSubmission').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('báo cáo của cơ quan');
  if (!(await isAgencyInScope(db, viewer, action, row.agencyId))) {
    throw new AppError('forbidden', 'reports.not_your_agency', 'Bạn chỉ mở được báo cáo của cơ quan mình.');
  }
  if (row.status !== 'draft' && row.status !== 'returned') {
    throw new AppError('conflict', 'reports.already_submitted', 'Báo cáo đã gửi; chỉ sửa được khi Sở Nội vụ trả lại.');
  }
  return row;
}

export async function saveSubmission(db: Kysely<Database>, viewer: Actor, input: z.output<typeof ZSubmissionSave>) {
  const row = await ownEditable(db, viewer, input.id, 'reports.saveSubmission');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reportSubmission')
      .set({ sections: JSON.stringify(input.sections), updatedAt: new Date() })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, viewer, {
      action: 'report.submission_saved',
      entityType: 'report_submission',
      entityId: row.id,
      after: { sections: Object.keys(input.sections) },
    });
  });
  return { id: row.id };
}

/** Submits with the sections as they stand and freezes the figures the agency saw. */
export async function submitSubmission(
  db: Kysely<Database>,
  viewer: Actor,
  input: z.output<typeof ZSubmissionSave>,
  clock: Clock,
) {
  const row = await ownEditable(db, viewer, input.id, 'reports.submit');
  const regime = await getRegime(db, row.regimeId);
  const filled = Object.values(input.sections).filter((v) => v.trim().length > 0).length;
  if (filled === 0)
    throw new AppError('bad_request', 'reports.empty_submission', 'Vui lòng nhập nội dung ít nhất một mục trước khi gửi.');
  const opened = await openSubmission(
    db,
    viewer,
    { regimeId: row.regimeId, periodKey: row.periodKey, agencyId: row.agencyId },
    clock,
  );
  const now = new Date(clock.now());
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reportSubmission')
      .set({
        sections: JSON.stringify(input.sections),
        figures: JSON.stringify(opened.figures),
        status: 'submitted',
        submittedAt: now,
        submittedBy: viewer.userId,
        returnedReason: null,
        updatedAt: now,
      })
      .where('id', '=', row.id)
      .execute();
    const onTime = vietnamDateOf(now) <= row.dueDate;
    await trx
      .insertInto('reportSubmissionEvent')
      .values({ submissionId: row.id, action: 'submitted', note: onTime ? null : 'Gửi sau hạn', createdBy: viewer.userId })
      .execute();
    await recordAudit(trx, viewer, {
      action: 'report.submitted',
      entityType: 'report_submission',
      entityId: row.id,
      after: { onTime, dueDate: row.dueDate },
    });
    const receivers = await trx
      .selectFrom('appUser')
      .select('id')
      .where('isActive', '=', true)
      .where('role', '=', 'home_affairs')
      .execute();
    await notifyUsers(
      trx,
      receivers.map((r) => r.id),
      {
        kind: 'report_submitted',
        title: `${opened.agency.name} đã gửi báo cáo ${opened.period.label}`,
        link: `/reports/${regime.id}/${row.periodKey}`,
        entityType: 'report_submission',
        entityId: row.id,
        dedupeKey: `report-submitted:${row.id}:${now.toISOString()}`,
      },
    );
  });
  return { id: row.id, status: 'submitted' as const };
}

export async function returnSubmission(db: Kysely<Database>, actor: Actor, input: { id: string; reason: string }) {
  const row = await db.selectFrom('reportSubmission').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!row) throw notFound('báo cáo của cơ quan');
  if (actor.role !== 'admin' && actor.role !== 'home_affairs') {
    throw new AppError('forbidden', 'reports.not_receiver', 'Chỉ Sở Nội vụ trả lại được báo cáo của cơ quan.');
  }
  if (row.status !== 'submitted') throw new AppError('conflict', 'reports.not_submitted', 'Chỉ trả lại được báo cáo đã gửi.');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('reportSubmission')
      // Sent back, it is not submitted any more: the deadline counts again until the agency resubmits.
      .set({ status: 'returned', returnedReason: input.reason, submittedAt: null, updatedAt: new Date() })
      .where('id', '=', row.id)
      .execute();
    await trx
      .insertInto('reportSubmissionEvent')
      .values({ submissionId: row.id, action: 'returned', note: input.reason, createdBy: actor.userId })
      .execute();
    await recordAudit(trx, actor, {
      action: 'report.submission_returned',
      entityType: 'report_submission',
      entityId: row.id,
      after: { reason: input.reason },
    });
    await notifyUsers(trx, await agencyUsers(trx as unknown as Kysely<Database>, row.agencyId), {
      kind: 'report_returned',
      title: 'Báo cáo của cơ quan được trả lại để chỉnh sửa',
      body: input.reason,
      link: `/reports/${row.regimeId}/${row.periodKey}/submission`,
      entityType: 'report_submission',
      entityId: row.id,
      dedupeKey: `report-returned:${row.id}:${Date.now()}`,
    });
  });
  return { id: row.id, status: 'returned' as const };
}

/** The Sở Nội vụ accepts a submitted report into the province's compilation. */
export async function acceptSubmission(db: Kysely<Database>, actor: Actor, id: string) {
  if (actor.role !== 'admin' && actor.role !== 'home_affairs') {
    throw new AppError('forbidden', 'reports.not_receiver', 'Chỉ Sở Nội vụ tiếp nhận được báo cáo của cơ quan.');
  }
  const row = await db.selectFrom('reportSubmission').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('báo cáo của cơ quan');
  if (row.status !== 'submitted') throw new AppError('conflict', 'reports.not_submitted', 'Chỉ tiếp nhận được báo cáo đã gửi.');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('reportSubmission').set({ status: 'accepted', updatedAt: new Date() }).where('id', '=', id).execute();
    await trx
      .insertInto('reportSubmissionEvent')
      .values({ submissionId: id, action: 'accepted', createdBy: actor.userId })
      .execute();
    await recordAudit(trx, actor, { action: 'report.submission_accepted', entityType: 'report_submission', entityId: id });
  });
  return { id, status: 'accepted' as const };
}

/** A period's page: every reporting agency with its submission status, and the report's versions. */
export async function periodStatus(db: Kysely<Database>, input: { regimeId: string; periodKey: string }, clock: Clock) {
  const regime = await getRegime(db, input.regimeId);
  const period = await periodOf(db, regime, input.periodKey);
  const agencies = await reportingAgencies(db, regime);
  const submissions = new Map(
    (
      await db
        .selectFrom('reportSubmission')
        .select(['id', 'agencyId', 'status', 'submittedAt', 'dueDate', 'returnedReason', 'sections'])
        .where('regimeId', '=', regime.id)
        .where('periodKey', '=', period.key)
        .execute()
    ).map((s) => [s.agencyId, s]),
  );
  const today = clock.today();
  return {
    regime: { id: regime.id, code: regime.code, name: regime.name, receivingAgencyName: regime.receivingAgencyName },
    period,
    open: today > period.cutoff,
    agencies: agencies.map((a) => {
      const s = submissions.get(a.id);
      const submittedOn = s?.submittedAt ? vietnamDateOf(s.submittedAt) : null;
      return {
        agencyId: a.id,
        code: a.code,
        name: a.name,
        submissionId: s?.id ?? null,
        // A draft the daily job opened but nobody has written in is still "not started".
        status:
          !s || (s.status === 'draft' && !Object.values((s.sections ?? {}) as Record<string, string>).some((v) => v.trim()))
            ? 'not_started'
            : s.status,
        submittedAt: s?.submittedAt ?? null,
        onTime: submittedOn ? submittedOn <= period.agencyDue : null,
        overdue: !submittedOn && today > period.agencyDue,
        returnedReason: s?.returnedReason ?? null,
      };
    }),
    reports: await listReports(db, regime.id, period.key),
  };
}

/** The periods an agency has to report on (open or recently closed), for its own list. */
export async function myReports(db: Kysely<Database>, viewer: Actor, clock: Clock) {
  const today = clock.today();
  const calendar = await loadWorkingCalendar(db);
  const out = [];
  for (const regime of (await listRegimes(db)).filter((r) => r.active)) {
    const reporters = await reportingAgencies(db, regime);
    if (!reporters.some((a) => a.id === viewer.agencyId)) continue;
    const periods = periodsBetween(regime.rules, addDays(today, -200), addDays(today, 120), calendar).filter(
      (p) => p.from <= today,
    );
    const submissions = new Map(
      (
        await db
          .selectFrom('reportSubmission')
          .select(['periodKey', 'status', 'submittedAt', 'sections'])
          .where('regimeId', '=', regime.id)
          .where('agencyId', '=', viewer.agencyId)
          .execute()
      ).map((s) => [s.periodKey, s]),
    );
    for (const p of periods) {
      const s = submissions.get(p.key);
      out.push({
        regimeId: regime.id,
        regimeName: regime.name,
        ...p,
        // A draft the daily job opened but nobody has written in is still "not started".
        status:
          !s || (s.status === 'draft' && !Object.values((s.sections ?? {}) as Record<string, string>).some((v) => v.trim()))
            ? 'not_started'
            : s.status,
        submittedAt: s?.submittedAt ?? null,
      });
    }
  }
  return out.sort((a, b) => b.cutoff.localeCompare(a.cutoff));
}

const JOB_ACTOR: AuditActor = { userId: null, username: 'job:reports__daily' };

/**
 * Daily: opens each period whose cut-off has just passed (a submission per reporting agency), makes the
 * province report the day after the agencies' deadline (so their narratives and the period's scores are
 * in it), reminds agencies that have not submitted two working days before their deadline, and tells
 * them once when it has passed. Idempotent: every step checks what is already there.
 */
export async function runReportsDaily(db: Kysely<Database>, clock: Clock) {
  const today = clock.today();
  const calendar = await loadWorkingCalendar(db);
  const horizon = calendar.addWorkingDays(today, 2);
  const result = { opened: 0, generated: 0, reminded: 0, overdue: 0 };
  for (const regime of (await listRegimes(db)).filter((r) => r.active)) {
    const reporters = await reportingAgencies(db, regime);
    // Periods whose cut-off passed in the last week: catches up a few missed days, but a first start
    // does not open (and chase agencies for) months that were never open for them.
    for (const period of periodsBetween(regime.rules, addDays(today, -7), today, calendar)) {
      if (opensOn(period) > today || reporters.length === 0) continue;
      const created = await db
        .insertInto('reportSubmission')
        .values(
          reporters.map((a) => ({
            regimeId: regime.id,
            periodKey: period.key,
            periodFrom: period.from,
            periodTo: period.to,
            agencyId: a.id,
            dueDate: period.agencyDue,
          })),
        )
        .onConflict((oc) => oc.columns(['regimeId', 'periodKey', 'agencyId']).doNothing())
        .returning(['id', 'agencyId'])
        .execute();
      if (created.length) result.opened++;
      // Each agency is told its report for the period is open, once (the key is its submission).
      for (const s of created) {
        await notifyUsers(db, await agencyStaff(db, [s.agencyId]), {
          kind: 'report_opened',
          title: `Kỳ báo cáo ${period.label} đã mở`,
          body: `${regime.name} — cơ quan gửi báo cáo trước ngày ${formatVietnameseDate(period.agencyDue)}.`,
          link: `/reports/${regime.id}/${period.key}/submission`,
          entityType: 'report_submission',
          entityId: s.id,
          dedupeKey: `report-opened:${s.id}`,
        });
      }
    }
    // The province report of each period whose agencies' deadline passed in the last week, once (older
    // periods are for the Sở Nội vụ to generate by hand if it wants them).
    for (const period of periodsBetween(regime.rules, addDays(today, -120), today, calendar)) {
      if (today <= period.agencyDue || period.agencyDue < addDays(today, -7)) continue;
      const { created } = await queueGeneration(db, JOB_ACTOR, { regimeId: regime.id, periodKey: period.key }, 'schedule');
      if (created) result.generated++;
    }
    // Chasing, by deadline (whatever the period's length): due within two working days, or overdue.
    const pending = await db
      .selectFrom('reportSubmission')
      .select(['id', 'agencyId', 'periodKey', 'dueDate', 'remindedOn', 'overdueNotifiedOn'])
      .where('regimeId', '=', regime.id)
      .where('status', 'in', ['draft', 'returned'])
      .where('dueDate', '>=', addDays(today, -60))
      .where('dueDate', '<=', horizon)
      .execute();
    for (const s of pending) {
      const overdue = today > s.dueDate;
      if (overdue ? s.overdueNotifiedOn !== null : s.remindedOn !== null) continue;
      const label = regimePeriodByKey(regime.rules, s.periodKey, calendar)?.label ?? s.periodKey;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('reportSubmission')
          .set(overdue ? { overdueNotifiedOn: today } : { remindedOn: today })
          .where('id', '=', s.id)
          .execute();
        await notifyUsers(trx, await agencyUsers(trx as unknown as Kysely<Database>, s.agencyId), {
          kind: overdue ? 'report_overdue' : 'report_due_soon',
          title: overdue ? `Quá hạn gửi báo cáo ${label}` : `Sắp đến hạn gửi báo cáo ${label}`,
          body: `${regime.name} — hạn ${s.dueDate.split('-').reverse().join('/')}.`,
          link: `/reports/${regime.id}/${s.periodKey}/submission`,
          entityType: 'report_submission',
          entityId: s.id,
          dedupeKey: `${overdue ? 'report-overdue' : 'report-due-soon'}:${s.id}`,
        });
      });
      if (overdue) result.overdue++;
      else result.reminded++;
    }
  }
  if (result.opened || result.generated || result.reminded || result.overdue) {
    await recordAudit(db, JOB_ACTOR, {
      action: 'report.daily',
      entityType: 'report',
      entityId: null,
      after: { asOf: today, ...result },
    });
  }
  return result;
}
