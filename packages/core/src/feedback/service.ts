/**
 * The feedback register: intake, the workflow with its history, deadlines from the working-day
 * calendar, personal-data masking with audited views, and the chasing of the competent agencies.
 */
import type { Database, FeedbackTable } from '@cchc/db/schema';
import { type IsoDate, vietnamDateOf } from '@cchc/domain/calendar/dates';
import { feedbackBucket } from '@cchc/domain/feedback/figures';
import { removePersonalData } from '@cchc/domain/feedback/public-text';
import {
  allowedFeedbackActions,
  type FeedbackStanding,
  type FeedbackStatus,
  maskPersonal,
  nextFeedbackStatus,
  resolveFeedbackLimits,
  WITH_AGENCY,
} from '@cchc/domain/feedback/workflow';
import { isAgencyScoped, type Role } from '@cchc/domain/roles';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import { type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { assertCalendarCovers, loadWorkingCalendar, unconfirmedYearsFor } from '../calendar/service';
import type { Clock } from '../clock';
import { cachedByVersion } from '../data-version';
import { AppError, notFound } from '../errors';
import { notifyUsers } from '../notifications/service';
import { visibleAgencyIds } from '../org/scope';
import { duesFor, loadLimitRules, provisionalYears, publishedCalendarYears } from './dues';
import { drillCondition, type RollupKey, refreshRollups } from './figures-sql';
import type { TFeedbackAction, TFeedbackCreate, TFeedbackFilter, TFeedbackLimit } from './schemas';

type Db = Kysely<Database> | Transaction<Database>;

export const COORDINATOR_ROLES: readonly Role[] = ['admin', 'home_affairs', 'working_group'];
/** Working days before the answer is due when the competent agency is reminded. */
export const FEEDBACK_REMIND_DAYS_BEFORE = 2;

export interface Viewer {
  userId: string;
  role: Role;
  agencyId: string;
}

/**
 * The competent agency is the agency itself: its people handle the item and see who wrote. A parent
 * agency (a province office above its departments, a Sở above its Chi cục) sees the item in its
 * lists, masked, but neither handles it nor reads the personal data.
 */
export function standingOf(viewer: Viewer, competentAgencyId: string | null): FeedbackStanding {
  if (COORDINATOR_ROLES.includes(viewer.role)) return 'coordinator';
  if (!competentAgencyId) return 'other';
  return viewer.agencyId === competentAgencyId ? 'competent' : 'other';
}

/** Whether an agency-scoped viewer may open the item at all: their agency or one of its sub-agencies. */
async function inViewerScope(db: Db, viewer: Viewer, competentAgencyId: string | null): Promise<boolean> {
  if (!isAgencyScoped(viewer.role)) return true;
  if (!competentAgencyId) return false;
  const visible = await visibleAgencyIds(db as Kysely<Database>, viewer);
  return visible?.includes(competentAgencyId) ?? true;
}

/** Nghị định 13/2023: only the Sở Nội vụ and the competent agency's people see who wrote and what. */
export function seesPersonalData(role: Role, standing: FeedbackStanding): boolean {
  return role === 'home_affairs' || (isAgencyScoped(role) && standing === 'competent');
}

export { type Dues, duesFor, loadLimitRules } from './dues';

export function feedbackSearchText(externalId: string | null, subject: string, number?: number): string {
  return foldVietnamese([externalId ?? '', subject, number ? String(number) : ''].join(' '));
}

async function agencyRecipients(db: Db, agencyId: string): Promise<string[]> {
  const users = await db
    .selectFrom('appUser')
    .select('id')
    .where('agencyId', '=', agencyId)
    .where('isActive', '=', true)
    .where('role', 'in', ['agency_officer', 'agency_head'])
    .execute();
  return users.map((u) => u.id);
}

async function assertAgency(db: Db, agencyId: string): Promise<void> {
  const agency = await db.selectFrom('agency').select('id').where('id', '=', agencyId).executeTakeFirst();
  if (!agency) throw new AppError('bad_request', 'feedback.unknown_agency', 'Cơ quan không tồn tại.');
}

const formatVn = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** `source.apiKeyId`: the key of the system that sent the item (Open311), whose audit rows name the system. */
export async function createFeedback(
  db: Kysely<Database>,
  actor: AuditActor,
  input: TFeedbackCreate,
  clock: Clock,
  source: { apiKeyId?: string | null } = {},
) {
  const receivedAt = new Date(input.receivedAt);
  const receivedOn = vietnamDateOf(receivedAt);
  if (receivedOn > clock.today()) {
    throw new AppError('bad_request', 'feedback.received_in_future', 'Ngày tiếp nhận không được sau hôm nay.');
  }
  await assertCalendarCovers(db, receivedOn, receivedOn);
  const created = db.transaction().execute(async (trx) => {
    if (input.competentAgencyId) await assertAgency(trx, input.competentAgencyId);
    if (input.externalId) {
      const dup = await trx.selectFrom('feedback').select('number').where('externalId', '=', input.externalId).executeTakeFirst();
      if (dup) {
        throw new AppError(
          'conflict',
          'feedback.duplicate_external_id',
          `Mã ${input.externalId} đã có trong sổ (số ${dup.number}).`,
        );
      }
    }
    const calendar = await loadWorkingCalendar(trx);
    const dues = duesFor(calendar, await loadLimitRules(trx), input.competentAgencyId, input.channel, receivedOn);
    const status: FeedbackStatus = input.competentAgencyId ? 'assigned' : input.classification ? 'classified' : 'received';
    // Counted through a year whose holidays nobody has confirmed: flagged in the register until someone does.
    const provisional = provisionalYears(
      { ...dues, status, clockStart: receivedOn, dueSource: 'computed', answeredOn: null, publishDue: null },
      await publishedCalendarYears(trx),
    );
    const row = await trx
      .insertInto('feedback')
      .values({
        ...input,
        receivedAt,
        receivedOn,
        status,
        clockStart: receivedOn,
        ...dues,
        duesProvisional: provisional.length > 0,
        searchText: feedbackSearchText(input.externalId, input.subject),
        sourceApiKeyId: source.apiKeyId ?? null,
        createdBy: actor.userId,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('feedback')
      .set({ searchText: feedbackSearchText(input.externalId, input.subject, row.number) })
      .where('id', '=', row.id)
      .execute();
    await trx
      .insertInto('feedbackEvent')
      .values({
        feedbackId: row.id,
        action: 'created',
        toStatus: status,
        toAgencyId: input.competentAgencyId,
        createdBy: actor.userId,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'feedback.created',
      entityType: 'feedback',
      entityId: row.id,
      // No personal data in the audit log: its readers are not all allowed to see it.
      after: {
        number: row.number,
        externalId: input.externalId,
        status,
        competentAgencyId: input.competentAgencyId,
        sourceApiKeyId: source.apiKeyId ?? null,
        ...dues,
      },
    });
    if (input.competentAgencyId) {
      await refreshRollups(trx, [{ agencyId: input.competentAgencyId, bucket: feedbackBucket(receivedOn) }]);
      await notifyAssigned(trx, row.id, row.number, input.subject, input.competentAgencyId, dues.answerDue);
    }
    return row;
  });
  // Two clerks entering the same source id at once: the unique index decides, the message explains.
  return created.catch((error: unknown) => {
    if (
      (error as { code?: string; constraint?: string }).code === '23505' &&
      (error as { constraint?: string }).constraint === 'feedback_external_id_key'
    ) {
      throw new AppError('conflict', 'feedback.duplicate_external_id', `Mã ${input.externalId ?? ''} đã có trong sổ.`);
    }
    throw error;
  });
}

async function notifyAssigned(trx: Db, id: string, number: number, subject: string, agencyId: string, answerDue: IsoDate) {
  await notifyUsers(trx, await agencyRecipients(trx, agencyId), {
    kind: 'feedback_assigned',
    title: `Phản ánh, kiến nghị số ${number} được chuyển đến cơ quan`,
    body: `"${subject}" — hạn trả lời ${formatVn(answerDue)}.`,
    link: `/feedback/${id}`,
    entityType: 'feedback',
    entityId: id,
    dedupeKey: `feedback-assigned:${id}:${agencyId}:${answerDue}`,
  });
}

export async function actOnFeedback(db: Kysely<Database>, actor: Actor, input: TFeedbackAction, clock: Clock) {
  const today = clock.today();
  return db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('feedback').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!item) throw notFound('phản ánh, kiến nghị');
    const standing = standingOf(actor, item.competentAgencyId);
    const status = item.status;
    const next = nextFeedbackStatus(status, input.action, standing);
    if (!next) {
      throw new AppError(
        standing === 'other' ? 'forbidden' : 'conflict',
        'feedback.action_not_allowed',
        'Không thể thực hiện thao tác này với phản ánh, kiến nghị ở trạng thái hiện tại hoặc với vai trò của bạn.',
      );
    }
    // An agency may refuse, return or forward an item only within the refusal limit; later it must answer
    // (or ask the coordinators), so an overdue item cannot leave its figures that way.
    if (standing === 'competent' && ['refuse', 'return', 'forward'].includes(input.action) && today > item.refuseDue) {
      throw new AppError(
        'conflict',
        'feedback.refuse_too_late',
        `Đã quá hạn từ chối, trả lại hoặc chuyển cơ quan khác (${formatVn(item.refuseDue)}); vui lòng trả lời hoặc đề nghị cơ quan điều phối xem xét.`,
        { date: formatVn(item.refuseDue) },
      );
    }
    const keys: RollupKey[] = [];
    if (item.competentAgencyId) keys.push({ agencyId: item.competentAgencyId, bucket: feedbackBucket(item.receivedOn) });
    const patch: Updateable<FeedbackTable> = { status: next, updatedAt: new Date() };
    let toAgency: string | null = item.competentAgencyId;
    const calendar = await loadWorkingCalendar(trx);
    switch (input.action) {
      case 'classify':
        patch.classification = input.classification ?? null;
        patch.field = input.field ?? item.field;
        break;
      case 'assign':
      case 'forward': {
        const agencyId = input.agencyId as string;
        await assertAgency(trx, agencyId);
        if (input.action === 'forward' && agencyId === item.competentAgencyId) {
          throw new AppError('bad_request', 'feedback.forward_same_agency', 'Vui lòng chọn một cơ quan khác cơ quan hiện tại.');
        }
        toAgency = agencyId;
        patch.competentAgencyId = agencyId;
        // Forwarding restarts the clock at the new agency (DOMAIN.md); an assignment keeps the receipt date.
        const clockStart = input.action === 'forward' ? today : item.clockStart;
        patch.clockStart = clockStart;
        if (item.dueSource === 'computed' || input.action === 'forward') {
          const dues = duesFor(calendar, await loadLimitRules(trx), agencyId, item.channel, clockStart);
          Object.assign(patch, dues);
          patch.dueSource = 'computed';
          patch.duesProvisional =
            provisionalYears(
              { ...dues, status: item.status, clockStart, dueSource: 'computed', answeredOn: null, publishDue: null },
              await publishedCalendarYears(trx),
            ).length > 0;
        }
        patch.remindedOn = null;
        patch.overdueNotifiedOn = null;
        if (input.action === 'assign' && input.classification) patch.classification = input.classification;
        break;
      }
      case 'answer': {
        const answeredOn = today;
        patch.answerText = input.answerText ?? null;
        patch.answeredAt = new Date(clock.now());
        patch.answeredOn = answeredOn;
        patch.answerWorkingDays = calendar.workingDaysBetween(item.clockStart, answeredOn);
        const limits = resolveFeedbackLimits(await loadLimitRules(trx), item.competentAgencyId, item.channel);
        patch.publishDue = calendar.addWorkingDays(answeredOn, limits.publishDays);
        break;
      }
      case 'send_back':
        patch.answerText = null;
        patch.answeredAt = null;
        patch.answeredOn = null;
        patch.answerWorkingDays = null;
        patch.publishDue = null;
        break;
      case 'publish':
        patch.publishedAt = new Date(clock.now());
        break;
      case 'rate':
        if (input.satisfaction) patch.satisfaction = input.satisfaction;
        if (input.recomplaint !== null && input.recomplaint !== undefined) patch.recomplaint = input.recomplaint;
        break;
      default:
        break;
    }
    await trx.updateTable('feedback').set(patch).where('id', '=', item.id).execute();
    await trx
      .insertInto('feedbackEvent')
      .values({
        feedbackId: item.id,
        action: input.action,
        fromStatus: status,
        toStatus: next,
        fromAgencyId: item.competentAgencyId,
        toAgencyId: toAgency,
        note: input.note ?? null,
        createdBy: actor.userId,
      })
      .execute();
    const { answerText: _text, ...auditable } = patch;
    await recordAudit(trx, actor, {
      action: `feedback.${input.action}`,
      entityType: 'feedback',
      entityId: item.id,
      before: { status, competentAgencyId: item.competentAgencyId, answerDue: item.answerDue },
      // The note may carry personal data: the audit log records only that there was one.
      after: { ...auditable, hasNote: Boolean(input.note) },
    });
    if (toAgency) keys.push({ agencyId: toAgency, bucket: feedbackBucket(item.receivedOn) });
    await refreshRollups(trx, keys);
    if (input.action === 'send_back' && toAgency) {
      await notifyUsers(trx, await agencyRecipients(trx, toAgency), {
        kind: 'feedback_sent_back',
        title: `Câu trả lời phản ánh, kiến nghị số ${item.number} cần trả lời lại`,
        body: `"${item.subject}" — ${input.note ?? ''}`,
        link: `/feedback/${item.id}`,
        entityType: 'feedback',
        entityId: item.id,
        dedupeKey: `feedback-sent-back:${item.id}:${Date.now()}`,
      });
    }
    if ((input.action === 'assign' || input.action === 'forward') && toAgency) {
      await notifyAssigned(trx, item.id, item.number, item.subject, toAgency, (patch.answerDue as string) ?? item.answerDue);
    }
    return { id: item.id, status: next };
  });
}

/** One item with its history; personal data unmasked only for those allowed, and every such view audited. */
export async function getFeedback(db: Kysely<Database>, viewer: Actor, id: string, clock: Clock) {
  const item = await db
    .selectFrom('feedback as f')
    .leftJoin('agency as a', 'a.id', 'f.competentAgencyId')
    // The system that sent the item through Open311, if one did.
    .leftJoin('apiKey as k', 'k.id', 'f.sourceApiKeyId')
    .selectAll('f')
    .select(['a.name as agencyName', 'a.code as agencyCode', 'k.name as sourceSystem'])
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!item) throw notFound('phản ánh, kiến nghị');
  const standing = standingOf(viewer, item.competentAgencyId);
  if (!(await inViewerScope(db, viewer, item.competentAgencyId))) {
    throw new AppError('forbidden', 'feedback.not_your_agency', 'Phản ánh, kiến nghị này không thuộc cơ quan của bạn.');
  }
  const unmasked = seesPersonalData(viewer.role, standing);
  if (unmasked) {
    await recordAudit(db, viewer, {
      action: 'feedback.personal_data_viewed',
      entityType: 'feedback',
      entityId: item.id,
      after: { number: item.number },
    });
  }
  const events = await db
    .selectFrom('feedbackEvent as e')
    .leftJoin('appUser as u', 'u.id', 'e.createdBy')
    .leftJoin('agency as fa', 'fa.id', 'e.fromAgencyId')
    .leftJoin('agency as ta', 'ta.id', 'e.toAgencyId')
    .select([
      'e.id',
      'e.action',
      'e.fromStatus',
      'e.toStatus',
      'e.note',
      'e.createdAt',
      'e.importRunId',
      'u.displayName as actorName',
      'fa.name as fromAgencyName',
      'ta.name as toAgencyName',
    ])
    .where('e.feedbackId', '=', id)
    .orderBy('e.id')
    .execute();
  const { searchText: _s, remindedOn: _r, overdueNotifiedOn: _o, ...rest } = item;
  const today = clock.today();
  return {
    ...rest,
    submitterName: unmasked ? item.submitterName : (maskPersonal(item.submitterName) ?? ''),
    submitterContact: unmasked ? item.submitterContact : maskPersonal(item.submitterContact),
    content: unmasked ? item.content : null,
    // The answer is addressed to the submitter (name, phone, e-mail): those are taken out for whoever sees the item masked.
    answerText: unmasked ? item.answerText : removePersonalData(item.answerText, [item.submitterName, item.submitterContact]),
    personalDataVisible: unmasked,
    overdue: item.answeredOn === null && WITH_AGENCY.includes(item.status) && today > item.answerDue,
    workingDaysLeft:
      item.answeredOn === null && WITH_AGENCY.includes(item.status)
        ? (await loadWorkingCalendar(db)).workingDaysBetween(today, item.answerDue)
        : null,
    // Due dates counted through a year nobody has confirmed may still move.
    answerDueUnconfirmedYears:
      item.dueSource === 'computed' ? await unconfirmedYearsFor(db, item.clockStart, item.answerDue) : ([] as number[]),
    allowedActions: allowedFeedbackActions(item.status, standing),
    // Notes (a request for information is addressed to the submitter) may carry personal data.
    events: unmasked ? events : events.map((e) => ({ ...e, note: e.note ? '•••' : null })),
  };
}

/** The register; it never carries personal data (names appear masked, content not at all). */
export async function listFeedback(db: Kysely<Database>, viewer: Viewer, filter: TFeedbackFilter, clock: Clock) {
  const today = clock.today();
  const visible = COORDINATOR_ROLES.includes(viewer.role) ? null : await visibleAgencyIds(db, viewer);
  let q = db.selectFrom('feedback as f').leftJoin('agency as a', 'a.id', 'f.competentAgencyId');
  if (visible) q = q.where('f.competentAgencyId', 'in', visible.length ? visible : ['00000000-0000-0000-0000-000000000000']);
  if (filter.q) {
    const pattern = `%${escapeLike(foldVietnamese(filter.q))}%`;
    // The register's number: imported items do not carry it in their search text.
    const number = /^\d{1,9}$/.test(filter.q) ? Number(filter.q) : null;
    q = q.where((eb) =>
      number === null
        ? eb('f.searchText', 'like', pattern)
        : eb.or([eb('f.searchText', 'like', pattern), eb('f.number', '=', number)]),
    );
  }
  if (filter.status.length) q = q.where('f.status', 'in', filter.status);
  if (filter.channel) q = q.where('f.channel', '=', filter.channel);
  if (filter.classification) q = q.where('f.classification', '=', filter.classification);
  if (filter.agencyId) q = q.where('f.competentAgencyId', '=', filter.agencyId);
  if (filter.from) q = q.where('f.receivedOn', '>=', filter.from);
  if (filter.to) q = q.where('f.receivedOn', '<=', filter.to);
  if (filter.drill) {
    // Items are judged on the day the list is read, like the figures (domain feedback/figures.ts).
    q = q.where('f.competentAgencyId', 'is not', null).where(drillCondition(filter.drill, today));
  }
  if (filter.overdueOnly) {
    q = q
      .where('f.answeredOn', 'is', null)
      .where('f.status', 'in', [...WITH_AGENCY])
      .where('f.answerDue', '<', today);
  }
  const count = () => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // The province-wide register counts every item for each page: the count is kept per data version of the items.
  const { limit: _limit, offset: _offset, ...counted } = filter;
  const countOf = () =>
    visible ? count() : cachedByVersion(db, ['feedback'], `feedback.count|${JSON.stringify(counted)}|${today}`, count);
  const calendar = await loadWorkingCalendar(db);
  const [rows, total] = await Promise.all([
    q
      .select([
        'f.id',
        'f.number',
        'f.externalId',
        'f.receivedAt',
        'f.receivedOn',
        'f.channel',
        'f.submitterType',
        'f.submitterName',
        'f.subject',
        'f.classification',
        'f.field',
        'f.status',
        'f.answerDue',
        'f.duesProvisional',
        'f.answeredOn',
        'f.satisfaction',
        'f.recomplaint',
        'f.competentAgencyId',
        'a.name as agencyName',
      ])
      .orderBy(sql`${FEEDBACK_ORDER[filter.sort]} ${sql.raw(filter.dir === 'asc' ? 'asc' : 'desc')} nulls last`)
      .orderBy('f.number', filter.dir)
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    countOf(),
  ]);
  return {
    total: Number(total.n),
    today,
    rows: rows.map((r) => ({
      ...r,
      submitterName: maskPersonal(r.submitterName) ?? '',
      overdue: r.answeredOn === null && WITH_AGENCY.includes(r.status) && today > r.answerDue,
      late: r.answeredOn !== null && r.answeredOn > r.answerDue,
      // Working days left to answer (negative when overdue) while the item waits at its agency.
      workingDaysLeft:
        r.answeredOn === null && WITH_AGENCY.includes(r.status) ? calendar.workingDaysBetween(today, r.answerDue) : null,
    })),
  };
}

/** The register's columns it can be sorted by; the register number breaks ties (so pages never overlap). */
const FEEDBACK_ORDER = {
  received: sql`f.received_at`,
  number: sql`f.number`,
  due: sql`f.answer_due`,
  status: sql`f.status`,
  agency: sql`a.name collate "vi-VN-x-icu"`,
} as const;

export async function listFeedbackLimits(db: Db) {
  return db
    .selectFrom('feedbackLimit as l')
    .leftJoin('agency as a', 'a.id', 'l.agencyId')
    .select([
      'l.id',
      'l.agencyId',
      'a.name as agencyName',
      'l.channel',
      'l.refuseDays',
      'l.infoDays',
      'l.answerDays',
      'l.publishDays',
      'l.updatedAt',
    ])
    .orderBy(sql`l.agency_id is not null`)
    .orderBy('a.name')
    .orderBy(sql`l.channel nulls first`)
    .execute();
}

/** Saves a time-limit rule; open items with computed due dates keep theirs (the rule applies from the next item). */
export async function saveFeedbackLimit(db: Kysely<Database>, actor: AuditActor, input: TFeedbackLimit) {
  return db.transaction().execute(async (trx) => {
    if (input.agencyId) await assertAgency(trx, input.agencyId);
    const before = await trx
      .selectFrom('feedbackLimit')
      .selectAll()
      .where((eb) => (input.agencyId ? eb('agencyId', '=', input.agencyId) : eb('agencyId', 'is', null)))
      .where((eb) => (input.channel ? eb('channel', '=', input.channel) : eb('channel', 'is', null)))
      .executeTakeFirst();
    const row = before
      ? await trx
          .updateTable('feedbackLimit')
          .set({ ...input, updatedBy: actor.userId, updatedAt: new Date() })
          .where('id', '=', before.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('feedbackLimit')
          .values({ ...input, updatedBy: actor.userId })
          .returning('id')
          .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'feedback.limit_saved',
      entityType: 'feedback_limit',
      entityId: row.id,
      before,
      after: input,
    });
    return row;
  });
}

export async function deleteFeedbackLimit(db: Kysely<Database>, actor: AuditActor, id: string) {
  return db.transaction().execute(async (trx) => {
    const before = await trx.deleteFrom('feedbackLimit').where('id', '=', id).returningAll().executeTakeFirst();
    if (!before) throw notFound('quy định thời hạn');
    await recordAudit(trx, actor, { action: 'feedback.limit_deleted', entityType: 'feedback_limit', entityId: id, before });
  });
}

const JOB_ACTOR: AuditActor = { userId: null, username: 'job:feedback__chase' };

export interface FeedbackChaseResult {
  overdue: number;
  reminded: number;
  notifications: number;
}

/**
 * Nightly: tells the competent agency about items whose answer is due within
 * FEEDBACK_REMIND_DAYS_BEFORE working days, and about items that became overdue. Idempotent
 * through reminded_on / overdue_notified_on (reset when the item moves to another agency).
 */
export async function chaseFeedback(db: Kysely<Database>, clock: Clock): Promise<FeedbackChaseResult> {
  const today = clock.today();
  const calendar = await loadWorkingCalendar(db);
  const horizon = calendar.addWorkingDays(today, FEEDBACK_REMIND_DAYS_BEFORE);
  const result: FeedbackChaseResult = { overdue: 0, reminded: 0, notifications: 0 };
  await db.transaction().execute(async (trx) => {
    const open = (q: ReturnType<typeof trx.updateTable<'feedback'>>) =>
      q
        .where('status', 'in', [...WITH_AGENCY])
        .where('answeredOn', 'is', null)
        .where('competentAgencyId', 'is not', null);
    const overdue = await open(trx.updateTable('feedback').set({ overdueNotifiedOn: today }))
      .where('answerDue', '<', today)
      .where('overdueNotifiedOn', 'is', null)
      .returning(['id', 'number', 'subject', 'answerDue', 'competentAgencyId'])
      .execute();
    const upcoming = await open(trx.updateTable('feedback').set({ remindedOn: today }))
      .where('answerDue', '>=', today)
      .where('answerDue', '<=', horizon)
      .where('remindedOn', 'is', null)
      .returning(['id', 'number', 'subject', 'answerDue', 'competentAgencyId'])
      .execute();
    const recipients = new Map<string, string[]>();
    const usersOf = async (agencyId: string) => {
      let users = recipients.get(agencyId);
      if (!users) {
        users = await agencyRecipients(trx, agencyId);
        recipients.set(agencyId, users);
      }
      return users;
    };
    for (const f of overdue) {
      result.overdue++;
      result.notifications += await notifyUsers(trx, await usersOf(f.competentAgencyId as string), {
        kind: 'feedback_overdue',
        title: `Phản ánh, kiến nghị số ${f.number} đã quá hạn trả lời`,
        body: `"${f.subject}" — hạn trả lời ${formatVn(f.answerDue)}.`,
        link: `/feedback/${f.id}`,
        entityType: 'feedback',
        entityId: f.id,
        dedupeKey: `feedback-overdue:${f.id}:${f.answerDue}`,
      });
    }
    for (const f of upcoming) {
      result.reminded++;
      result.notifications += await notifyUsers(trx, await usersOf(f.competentAgencyId as string), {
        kind: 'feedback_due_soon',
        title: `Phản ánh, kiến nghị số ${f.number} sắp đến hạn trả lời`,
        body: `"${f.subject}" — hạn trả lời ${formatVn(f.answerDue)}.`,
        link: `/feedback/${f.id}`,
        entityType: 'feedback',
        entityId: f.id,
        dedupeKey: `feedback-due-soon:${f.id}:${f.answerDue}`,
      });
    }
    if (overdue.length || upcoming.length) {
      await recordAudit(trx, JOB_ACTOR, {
        action: 'feedback.chased',
        entityType: 'feedback',
        entityId: null,
        after: { asOf: today, overdue: overdue.map((f) => f.number), reminded: upcoming.map((f) => f.number) },
      });
    }
  });
  return result;
}
