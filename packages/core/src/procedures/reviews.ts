/**
 * Reviews of dormant procedures: opened for an agency, proposed by it (keep / simplify / abolish /
 * propose to the competent authority), decided by the Sở Nội vụ or the working group. An approved
 * abolition or simplification changes the procedure's status from the decision's date.
 */
import type { Database } from '@cchc/db/schema';
import { formatVietnameseDate, isIsoDate } from '@cchc/domain/calendar/dates';
import {
  REVIEW_DEADLINES,
  REVIEW_PROPOSALS,
  type ReviewProposal,
  type ReviewStatus,
  statusAfterApproval,
} from '@cchc/domain/procedures/review';
import { isAgencyScoped, type Role } from '@cchc/domain/roles';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { agencyStaff, notifyUsers } from '../notifications/service';
import { agencySubtreeIds, visibleAgencyIds } from '../org/scope';

export const REVIEW_DECIDERS: readonly Role[] = ['home_affairs', 'working_group'];

const PROPOSAL_TEXT: Record<ReviewProposal, string> = {
  keep: 'giữ nguyên',
  simplify: 'đơn giản hóa',
  abolish: 'bãi bỏ',
  propose_competent: 'kiến nghị cơ quan có thẩm quyền',
};

export const ZReviewOpen = z.object({ procedureId: z.uuid(), agencyId: z.uuid({ error: 'Vui lòng chọn cơ quan rà soát.' }) });
export const ZReviewPropose = z
  .object({
    id: z.uuid(),
    proposal: z.enum(REVIEW_PROPOSALS, { error: 'Vui lòng chọn phương án.' }),
    justification: z.string().trim().max(5000).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.proposal === 'keep' && v.justification.length < 10) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: 'Giữ nguyên thủ tục cần nêu lý do (ít nhất 10 ký tự).' });
    }
  });
export const ZReviewDecide = z.object({
  id: z.uuid(),
  approve: z.boolean(),
  decisionNo: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v || null),
  decisionDate: z
    .string()
    .refine(isIsoDate, 'Ngày không hợp lệ.')
    .nullish()
    .transform((v) => v ?? null),
  note: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .transform((v) => v || null),
});

export const ZReviewOpenMany = z.object({
  procedureIds: z.array(z.uuid()).min(1, 'Vui lòng chọn ít nhất một thủ tục.').max(2000, 'Tối đa 2.000 thủ tục mỗi lần.'),
  agencyId: z.uuid({ error: 'Vui lòng chọn cơ quan rà soát.' }),
});

type OpenOutcome = { id: string; procedureId: string; code: string; name: string } | 'under_review' | 'abolished' | 'missing';

/** Opens one review inside the caller's transaction; says why not when the procedure cannot be reviewed now. */
async function openOne(
  trx: Transaction<Database>,
  actor: Actor,
  proposeDue: string,
  procedureId: string,
  agencyId: string,
): Promise<OpenOutcome> {
  const procedure = await trx
    .selectFrom('procedure')
    .select(['id', 'code', 'name', 'status'])
    .where('id', '=', procedureId)
    .executeTakeFirst();
  if (!procedure) return 'missing';
  if (procedure.status === 'abolished') return 'abolished';
  const existing = await trx
    .selectFrom('procedureReview')
    .select('id')
    .where('procedureId', '=', procedureId)
    .where('agencyId', '=', agencyId)
    // A rejected review still waits for the agency's new proposal.
    .where('status', 'in', ['open', 'proposed', 'rejected'])
    .executeTakeFirst();
  if (existing) return 'under_review';
  const last = await trx
    .selectFrom('procedureLastFiling')
    .select(sql<string | null>`max(last_filing)`.as('lastFiling'))
    .where('procedureId', '=', procedureId)
    .where('agencyId', '=', agencyId)
    .executeTakeFirstOrThrow();
  const review = await trx
    .insertInto('procedureReview')
    .values({ procedureId, agencyId, lastFiling: last.lastFiling, proposeDue, openedBy: actor.userId })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('procedureAgency')
    .values({ procedureId, agencyId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await recordAudit(trx, actor, {
    action: 'procedure.review_open',
    entityType: 'procedure_review',
    entityId: review.id,
    after: { procedureId, agencyId },
  });
  return { id: review.id, procedureId, code: procedure.code, name: procedure.name };
}

/** Tells the agency's officers and head what they have to review and by when (one notice for a batch). */
async function notifyReviewsAssigned(
  trx: Transaction<Database>,
  agencyId: string,
  opened: { id: string; code: string; name: string }[],
  proposeDue: string,
) {
  const [first] = opened;
  if (!first) return;
  const due = formatVietnameseDate(proposeDue);
  await notifyUsers(
    trx,
    await agencyStaff(trx, [agencyId]),
    opened.length === 1
      ? {
          kind: 'review_assigned',
          title: `Rà soát thủ tục ${first.code}`,
          body: `Cơ quan được giao rà soát thủ tục "${first.name}" không phát sinh hồ sơ — hạn gửi đề xuất ${due}.`,
          link: '/procedures?tab=reviews',
          entityType: 'procedure_review',
          entityId: first.id,
          dedupeKey: `review-assigned:${first.id}`,
        }
      : {
          kind: 'review_assigned',
          title: `Rà soát ${opened.length} thủ tục không phát sinh hồ sơ`,
          body: `Cơ quan được giao rà soát ${opened.length} thủ tục (${opened
            .slice(0, 3)
            .map((r) => r.code)
            .join(', ')}${opened.length > 3 ? ', …' : ''}) — hạn gửi đề xuất ${due}.`,
          link: '/procedures?tab=reviews',
          dedupeKey: `review-assigned:${first.id}:${opened.length}`,
        },
  );
}

export async function openReview(db: Kysely<Database>, actor: Actor, clock: Clock, input: z.output<typeof ZReviewOpen>) {
  const calendar = await loadWorkingCalendar(db);
  const proposeDue = calendar.addWorkingDays(clock.today(), REVIEW_DEADLINES.proposeWorkingDays);
  return db.transaction().execute(async (trx) => {
    const outcome = await openOne(trx, actor, proposeDue, input.procedureId, input.agencyId);
    if (outcome === 'missing') throw notFound('thủ tục');
    if (outcome === 'abolished') throw new AppError('conflict', 'procedures.abolished', 'Thủ tục đã bị bãi bỏ.');
    if (outcome === 'under_review')
      throw new AppError('conflict', 'procedures.review_exists', 'Thủ tục này đang được cơ quan đó rà soát.');
    await notifyReviewsAssigned(trx, input.agencyId, [outcome], proposeDue);
    return { id: outcome.id };
  });
}

/**
 * Assigns many dormant procedures to one agency for review at once (the dormancy list's bulk action):
 * procedures the agency already reviews, or abolished ones, are skipped and counted, the rest opened
 * together — all or nothing — with one notice to the agency.
 */
export async function openReviews(db: Kysely<Database>, actor: Actor, clock: Clock, input: z.output<typeof ZReviewOpenMany>) {
  const calendar = await loadWorkingCalendar(db);
  const proposeDue = calendar.addWorkingDays(clock.today(), REVIEW_DEADLINES.proposeWorkingDays);
  return db.transaction().execute(async (trx) => {
    const agency = await trx.selectFrom('agency').select('id').where('id', '=', input.agencyId).executeTakeFirst();
    if (!agency) throw new AppError('bad_request', 'procedures.unknown_agency', 'Cơ quan không tồn tại.');
    const opened: { id: string; code: string; name: string }[] = [];
    let underReview = 0;
    let abolished = 0;
    for (const procedureId of new Set(input.procedureIds)) {
      const outcome = await openOne(trx, actor, proposeDue, procedureId, input.agencyId);
      if (outcome === 'missing') throw notFound('thủ tục');
      if (outcome === 'under_review') underReview++;
      else if (outcome === 'abolished') abolished++;
      else opened.push(outcome);
    }
    await notifyReviewsAssigned(trx, input.agencyId, opened, proposeDue);
    return { opened: opened.length, underReview, abolished, proposeDue };
  });
}

async function loadReview(db: Kysely<Database> | Transaction<Database>, id: string) {
  const review = await db.selectFrom('procedureReview').selectAll().where('id', '=', id).executeTakeFirst();
  if (!review) throw notFound('đợt rà soát');
  return review;
}

export async function proposeReview(db: Kysely<Database>, actor: Actor, clock: Clock, input: z.output<typeof ZReviewPropose>) {
  const calendar = await loadWorkingCalendar(db);
  return db.transaction().execute(async (trx) => {
    const before = await loadReview(trx, input.id);
    if (before.status !== 'open' && before.status !== 'rejected') {
      throw new AppError('conflict', 'procedures.review_state', 'Đợt rà soát không ở trạng thái chờ đề xuất.');
    }
    if (isAgencyScoped(actor.role) || actor.role === 'agency_officer') {
      const scope = await agencySubtreeIds(trx as unknown as Kysely<Database>, actor.agencyId);
      if (!scope.includes(before.agencyId))
        throw new AppError('forbidden', 'procedures.not_your_review', 'Đợt rà soát này giao cho cơ quan khác.');
    }
    await trx
      .updateTable('procedureReview')
      .set({
        status: 'proposed',
        proposal: input.proposal,
        justification: input.justification || null,
        proposedAt: clock.now(),
        proposedBy: actor.userId,
        decideDue: calendar.addWorkingDays(clock.today(), REVIEW_DEADLINES.decideWorkingDays),
      })
      .where('id', '=', input.id)
      .execute();
    const procedure = await trx
      .selectFrom('procedure')
      .select(['code', 'name'])
      .where('id', '=', before.procedureId)
      .executeTakeFirstOrThrow();
    const deciders = await trx
      .selectFrom('appUser')
      .select('id')
      .where('isActive', '=', true)
      .where('role', 'in', [...REVIEW_DECIDERS])
      .execute();
    await notifyUsers(
      trx,
      deciders.map((u) => u.id),
      {
        kind: 'review_proposed',
        title: `Đề xuất rà soát thủ tục ${procedure.code} chờ quyết định`,
        body: `"${procedure.name}" — phương án: ${PROPOSAL_TEXT[input.proposal]}.`,
        link: '/procedures?tab=reviews',
        entityType: 'procedure_review',
        entityId: input.id,
        dedupeKey: `review-proposed:${input.id}:${Date.now()}`,
      },
    );
    await recordAudit(trx, actor, {
      action: 'procedure.review_propose',
      entityType: 'procedure_review',
      entityId: input.id,
      before: { status: before.status },
      after: { status: 'proposed', proposal: input.proposal, justification: input.justification },
    });
    return { ok: true as const };
  });
}

export async function decideReview(db: Kysely<Database>, actor: Actor, clock: Clock, input: z.output<typeof ZReviewDecide>) {
  const calendar = await loadWorkingCalendar(db);
  return db.transaction().execute(async (trx) => {
    const before = await loadReview(trx, input.id);
    if (before.status !== 'proposed')
      throw new AppError('conflict', 'procedures.review_state', 'Đợt rà soát chưa có đề xuất để quyết định.');
    // A proposed review always has its proposal (proposeReview sets both).
    const newStatus = input.approve && before.proposal ? statusAfterApproval(before.proposal) : null;
    if (newStatus && (!input.decisionNo || !input.decisionDate)) {
      throw new AppError('bad_request', 'procedures.decision_required', 'Vui lòng nhập số và ngày của văn bản quyết định.');
    }
    await trx
      .updateTable('procedureReview')
      .set({
        status: input.approve ? 'approved' : 'rejected',
        decidedAt: clock.now(),
        decidedBy: actor.userId,
        decisionNo: input.decisionNo,
        decisionDate: input.decisionDate,
        decisionNote: input.note,
        // A rejection sends the review back to the agency, with a new deadline to propose again.
        ...(input.approve ? {} : { proposeDue: calendar.addWorkingDays(clock.today(), REVIEW_DEADLINES.proposeWorkingDays) }),
      })
      .where('id', '=', input.id)
      .execute();
    if (newStatus && input.decisionDate) {
      await trx
        .updateTable('procedure')
        .set({ status: newStatus, statusSince: input.decisionDate, updatedAt: new Date() })
        .where('id', '=', before.procedureId)
        .execute();
      await trx
        .insertInto('procedureStatusHistory')
        .values({
          procedureId: before.procedureId,
          status: newStatus,
          effectiveDate: input.decisionDate,
          decisionNo: input.decisionNo,
          note: input.note,
          createdBy: actor.userId,
        })
        .execute();
    }
    const procedure = await trx
      .selectFrom('procedure')
      .select(['code', 'name'])
      .where('id', '=', before.procedureId)
      .executeTakeFirstOrThrow();
    await notifyUsers(trx, await agencyStaff(trx, [before.agencyId]), {
      kind: input.approve ? 'review_approved' : 'review_rejected',
      title: input.approve
        ? `Đề xuất rà soát thủ tục ${procedure.code} đã được phê duyệt`
        : `Đề xuất rà soát thủ tục ${procedure.code} bị trả lại`,
      body: input.approve
        ? `"${procedure.name}"${input.decisionNo ? ` — Quyết định ${input.decisionNo}` : ''}.`
        : `"${procedure.name}" — ${input.note ?? 'vui lòng đề xuất lại'}.`,
      link: '/procedures?tab=reviews',
      entityType: 'procedure_review',
      entityId: input.id,
      dedupeKey: `review-decided:${input.id}:${Date.now()}`,
    });
    await recordAudit(trx, actor, {
      action: input.approve ? 'procedure.review_approve' : 'procedure.review_reject',
      entityType: 'procedure_review',
      entityId: input.id,
      before: { status: before.status },
      after: {
        status: input.approve ? 'approved' : 'rejected',
        decisionNo: input.decisionNo,
        decisionDate: input.decisionDate,
        procedureStatus: newStatus,
      },
    });
    return { ok: true as const, procedureStatus: newStatus };
  });
}

/** Reviews visible to the viewer, with their deadline state as of today. */
export async function listReviews(
  db: Kysely<Database>,
  viewer: { role: Role; agencyId: string },
  clock: Clock,
  filter: { procedureId?: string; status?: ReviewStatus },
) {
  const today = clock.today();
  let q = db
    .selectFrom('procedureReview as r')
    .innerJoin('procedure as p', 'p.id', 'r.procedureId')
    .innerJoin('agency as a', 'a.id', 'r.agencyId')
    .select([
      'r.id',
      'r.procedureId',
      'p.code',
      'p.name',
      'p.status as procedureStatus',
      'r.agencyId',
      'a.name as agencyName',
      'r.status',
      'r.proposal',
      'r.justification',
      'r.lastFiling',
      'r.proposeDue',
      'r.decideDue',
      'r.decisionNo',
      'r.decisionDate',
      'r.createdAt',
      sql<boolean>`(r.status in ('open', 'rejected') and ${today}::date > r.propose_due) or (r.status = 'proposed' and ${today}::date > r.decide_due)`.as(
        'overdue',
      ),
    ])
    .orderBy('r.createdAt', 'desc');
  if (filter.procedureId) q = q.where('r.procedureId', '=', filter.procedureId);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  const scope = await visibleAgencyIds(db, viewer);
  if (scope) q = q.where('r.agencyId', 'in', scope);
  return q.execute();
}
