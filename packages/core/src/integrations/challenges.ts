/**
 * Challenges to a procedure from the public register (issue 19): "thủ tục này không cần thiết / có
 * thể đơn giản hóa". Anyone may send one for a procedure under review (a honeypot field and a limit
 * per sender address, counted in PostgreSQL, keep robots out); it goes to the reviewing agency with an
 * answer due in working days (configurable, default 10); the agency's answer is published with the
 * register. The sender's contact is personal data: the agency sees it, the public never does.
 */
import { createHash } from 'node:crypto';
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { agencyStaff, notifyUsers } from '../notifications/service';
import { agenciesInScope, isAgencyInScope } from '../org/scope';
import { publicationSettings } from './publication';

/** At most this many challenges from one address per hour. */
export const CHALLENGES_PER_HOUR = 5;
export const CHALLENGE_KINDS = ['unnecessary', 'simplify'] as const;
const PUBLIC_ACTOR: AuditActor = { userId: null, username: 'public' };

export const ZChallengeSubmit = z.object({
  reviewId: z.uuid({ error: 'Thủ tục không hợp lệ.' }),
  kind: z.enum(CHALLENGE_KINDS, { error: 'Vui lòng chọn ý kiến: không cần thiết hoặc có thể đơn giản hóa.' }),
  content: z
    .string({ error: 'Vui lòng nêu lý do.' })
    .trim()
    .min(20, 'Vui lòng nêu lý do (ít nhất 20 ký tự).')
    .max(5000, 'Tối đa 5.000 ký tự.'),
  contact: z
    .string()
    .trim()
    .max(200, 'Tối đa 200 ký tự.')
    .optional()
    .transform((v) => v || null),
  /** The honeypot: hidden from people, filled in by robots. */
  website: z.string().max(500).optional(),
});
export type TChallengeSubmit = z.output<typeof ZChallengeSubmit>;

/** The sender's address, kept only as a hash (the rate limit needs to recognise it, nothing else). */
function addressHash(address: string): string {
  return createHash('sha256').update(`procedure-challenge:${address}`).digest('hex');
}

/** Receives a challenge; a robot that filled the honeypot is told the same and nothing is kept. */
export async function submitChallenge(db: Kysely<Database>, clock: Clock, input: TChallengeSubmit, address: string) {
  if (input.website) return { stored: false as const };
  const settings = await publicationSettings(db);
  if (!settings.reviewRegister) throw notFound('thủ tục đang rà soát');
  const hash = addressHash(address);
  const calendar = await loadWorkingCalendar(db);
  const today = clock.today();
  return db.transaction().execute(async (trx) => {
    // One sender's challenges are counted one at a time, so a burst cannot slip past the limit.
    await sql`select pg_advisory_xact_lock(hashtext(${hash}))`.execute(trx);
    const recent = await trx
      .selectFrom('procedureChallenge')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('addressHash', '=', hash)
      .where('receivedAt', '>', sql<Date>`now() - interval '1 hour'`)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= CHALLENGES_PER_HOUR) {
      throw new AppError(
        'too_many_requests',
        'challenges.rate_limited',
        'Bạn đã gửi nhiều ý kiến trong một giờ. Vui lòng thử lại sau.',
      );
    }
    const review = await trx
      .selectFrom('procedureReview as r')
      .innerJoin('procedure as p', 'p.id', 'r.procedureId')
      .select(['r.id', 'r.procedureId', 'r.agencyId', 'r.status', 'p.code', 'p.name'])
      .where('r.id', '=', input.reviewId)
      .executeTakeFirst();
    if (!review) throw notFound('thủ tục đang rà soát');
    if (review.status === 'approved') {
      throw new AppError(
        'conflict',
        'challenges.review_closed',
        'Việc rà soát thủ tục này đã có quyết định; không nhận thêm ý kiến.',
      );
    }
    const answerDue = calendar.addWorkingDays(today, settings.challengeAnswerDays);
    const row = await trx
      .insertInto('procedureChallenge')
      .values({
        reviewId: review.id,
        procedureId: review.procedureId,
        agencyId: review.agencyId,
        kind: input.kind,
        content: input.content,
        contact: input.contact,
        addressHash: hash,
        receivedOn: today,
        answerDue,
      })
      .returning(['id', 'number', 'answerDue'])
      .executeTakeFirstOrThrow();
    await notifyUsers(trx, await agencyStaff(trx, [review.agencyId]), {
      kind: 'procedure_challenge',
      title: `Ý kiến của người dân về thủ tục ${review.code} đang rà soát`,
      body: `"${review.name}" — ${input.kind === 'unnecessary' ? 'không cần thiết' : 'có thể đơn giản hóa'}; hạn trả lời ${answerDue.slice(8, 10)}/${answerDue.slice(5, 7)}/${answerDue.slice(0, 4)}.`,
      link: '/challenges',
      entityType: 'procedure_challenge',
      entityId: row.id,
      dedupeKey: `procedure-challenge:${row.id}`,
    });
    // The content and contact stay out of the audit log: its readers are not all allowed to see them.
    await recordAudit(trx, PUBLIC_ACTOR, {
      action: 'procedure.challenge_received',
      entityType: 'procedure_challenge',
      entityId: row.id,
      after: { number: row.number, reviewId: review.id, kind: input.kind, answerDue },
    });
    return { stored: true as const, number: row.number, answerDue: row.answerDue };
  });
}

export const ZChallengeAnswer = z.object({
  id: z.uuid(),
  answer: z.string().trim().min(10, 'Nội dung trả lời cần ít nhất 10 ký tự.').max(10000, 'Tối đa 10.000 ký tự.'),
});

/** The reviewing agency (or the province's coordinators) answers; the answer is then public. */
export async function answerChallenge(
  db: Kysely<Database>,
  actor: Actor,
  clock: Clock,
  input: z.output<typeof ZChallengeAnswer>,
) {
  return db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('procedureChallenge').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!item) throw notFound('ý kiến');
    if (!(await isAgencyInScope(db, actor, 'integrations.answerChallenge', item.agencyId))) {
      throw new AppError('forbidden', 'challenges.not_your_agency', 'Ý kiến này gửi cơ quan khác.');
    }
    if (item.status === 'answered') throw new AppError('conflict', 'challenges.answered', 'Ý kiến này đã được trả lời.');
    await trx
      .updateTable('procedureChallenge')
      .set({ status: 'answered', answerText: input.answer, answeredAt: clock.now(), answeredBy: actor.userId })
      .where('id', '=', item.id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'procedure.challenge_answered',
      entityType: 'procedure_challenge',
      entityId: item.id,
      before: { status: item.status },
      after: { status: 'answered', onTime: clock.today() <= item.answerDue },
    });
    return { ok: true as const };
  });
}

/** The challenges the viewer's agency (and its sub-agencies) must answer; all of them for the coordinators. */
export async function listChallenges(db: Kysely<Database>, viewer: Pick<Actor, 'role' | 'agencyId'>, clock: Clock) {
  let q = db
    .selectFrom('procedureChallenge as c')
    .innerJoin('procedure as p', 'p.id', 'c.procedureId')
    .innerJoin('agency as a', 'a.id', 'c.agencyId')
    .select([
      'c.id',
      'c.number',
      'c.kind',
      'c.content',
      'c.contact',
      'c.receivedOn',
      'c.answerDue',
      'c.status',
      'c.answerText',
      'c.answeredAt',
      'p.code as procedureCode',
      'p.name as procedureName',
      'a.name as agencyName',
    ])
    .orderBy(sql`c.status = 'answered'`)
    .orderBy('c.answerDue')
    .limit(500);
  const scope = await agenciesInScope(db, viewer, 'integrations.challenges');
  if (scope) q = scope.length ? q.where('c.agencyId', 'in', scope) : q.where(sql<boolean>`false`);
  const today = clock.today();
  return (await q.execute()).map((c) => ({ ...c, overdue: c.status === 'open' && today > c.answerDue }));
}

/** Answered challenges of the public register, without contact or sender: per review, newest first. */
export async function publicChallenges(db: Kysely<Database>, reviewId: string) {
  return db
    .selectFrom('procedureChallenge')
    .select(['number', 'kind', 'content', 'receivedOn', 'answerDue', 'status', 'answerText', 'answeredAt'])
    .where('reviewId', '=', reviewId)
    .orderBy('number', 'desc')
    .execute();
}
