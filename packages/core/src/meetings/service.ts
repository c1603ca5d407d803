/**
 * Sessions of the reform working group (phiên họp), their attendance sheet (điểm danh), and
 * conclusions that become tasks. Figures come from domain/meetings/attendance.
 */
import type { Database } from '@cchc/db/schema';
import type { AgencyKind } from '@cchc/domain/agency';
import { type AttendanceMark, attendanceFigures, type ExpectedLevel, isPresent } from '@cchc/domain/meetings/attendance';
import { isAgencyScoped, type Role } from '@cchc/domain/roles';
import { taskStatus } from '@cchc/domain/tasks/status';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { visibleAgencyIds } from '../org/scope';
import { ZTaskCreate } from '../plans/schemas';
import { insertTask } from '../plans/service';
import type {
  TAttendanceQuery,
  TMarkAttendance,
  TSessionCreate,
  ZConclusionCreate,
  ZConclusionToTask,
  ZGroupCreate,
  ZSessionUpdate,
} from './schemas';

type Db = Kysely<Database> | Transaction<Database>;
export interface Viewer {
  userId: string;
  role: Role;
  agencyId: string;
}

/** The secretariat (Văn phòng UBND tỉnh) and the working group manage sessions. */
export const SESSION_MANAGERS: readonly Role[] = ['working_group'];

export async function listGroups(db: Db) {
  return db.selectFrom('workingGroup').select(['id', 'name', 'description']).orderBy('name').execute();
}

export async function createGroup(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZGroupCreate>) {
  return db.transaction().execute(async (trx) => {
    const group = await trx
      .insertInto('workingGroup')
      .values(input)
      .returning(['id', 'name', 'description'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'meeting.group_create',
      entityType: 'working_group',
      entityId: group.id,
      after: group,
    });
    return group;
  });
}

export async function listSessions(db: Db, viewer: Viewer, filter: { groupId?: string }) {
  let q = db
    .selectFrom('meetingSession as s')
    .innerJoin('workingGroup as g', 'g.id', 's.groupId')
    .select([
      's.id',
      's.number',
      's.title',
      's.startsAt',
      's.mode',
      's.status',
      's.finalisedAt',
      'g.name as groupName',
      sql<number>`(select count(*) from session_invitation i where i.session_id = s.id)`.as('invitedCount'),
      sql<number>`(select count(*) from session_invitation i where i.session_id = s.id and i.mark like 'present%')`.as(
        'presentCount',
      ),
    ])
    .orderBy('s.startsAt', 'desc');
  if (filter.groupId) q = q.where('s.groupId', '=', filter.groupId);
  const scope = await visibleAgencyIds(db as Kysely<Database>, viewer);
  if (scope) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('sessionInvitation as i')
          .select('i.agencyId')
          .whereRef('i.sessionId', '=', 's.id')
          .where('i.agencyId', 'in', scope),
      ),
    );
  }
  return q.execute();
}

async function loadSession(db: Db, id: string) {
  const session = await db
    .selectFrom('meetingSession as s')
    .innerJoin('workingGroup as g', 'g.id', 's.groupId')
    .select([
      's.id',
      's.groupId',
      'g.name as groupName',
      's.number',
      's.title',
      's.startsAt',
      's.endsAt',
      's.mode',
      's.chair',
      's.agenda',
      's.minutes',
      's.status',
      's.finalisedAt',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!session) throw notFound('phiên họp');
  return session;
}

export async function createSession(db: Kysely<Database>, actor: Actor, input: TSessionCreate) {
  return db.transaction().execute(async (trx) => {
    const group = await trx.selectFrom('workingGroup').select('id').where('id', '=', input.groupId).executeTakeFirst();
    if (!group) throw new AppError('bad_request', 'meetings.group_not_found', 'Tổ công tác không tồn tại.');
    // Sessions are numbered per group: phiên thứ N. The lock keeps two secretaries from taking the same number.
    await sql`select pg_advisory_xact_lock(hashtext(${`session-number:${input.groupId}`}))`.execute(trx);
    const { max } = await trx
      .selectFrom('meetingSession')
      .select((eb) => eb.fn.max<number | null>('number').as('max'))
      .where('groupId', '=', input.groupId)
      .executeTakeFirstOrThrow();
    const agencyIds = [...new Set(input.invitations.map((i) => i.agencyId))];
    const found = await trx.selectFrom('agency').select('id').where('id', 'in', agencyIds).execute();
    if (found.length !== agencyIds.length)
      throw new AppError('bad_request', 'meetings.agency_not_found', 'Có cơ quan được mời không tồn tại.');
    const session = await trx
      .insertInto('meetingSession')
      .values({
        groupId: input.groupId,
        number: (max ?? 0) + 1,
        title: input.title,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        mode: input.mode,
        chair: input.chair,
        agenda: input.agenda,
        createdBy: actor.userId,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    if (input.sites.length) {
      await trx
        .insertInto('sessionSite')
        .values(
          input.sites.map((site, position) => ({
            sessionId: session.id,
            name: site.name,
            hostAgencyId: site.hostAgencyId,
            position,
          })),
        )
        .execute();
    }
    // One invitation per agency: the last line for an agency wins.
    const invitations = [...new Map(input.invitations.map((i) => [i.agencyId, i])).values()];
    await trx
      .insertInto('sessionInvitation')
      .values(invitations.map((i) => ({ sessionId: session.id, agencyId: i.agencyId, expectedLevel: i.expectedLevel })))
      .execute();
    await recordAudit(trx, actor, {
      action: 'meeting.session_create',
      entityType: 'meeting_session',
      entityId: session.id,
      after: { ...input, number: session.number },
    });
    return session;
  });
}

export async function updateSession(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZSessionUpdate>) {
  return db.transaction().execute(async (trx) => {
    const before = await loadSession(trx, input.id);
    await trx
      .updateTable('meetingSession')
      .set({
        title: input.title,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        mode: input.mode,
        chair: input.chair,
        agenda: input.agenda,
        minutes: input.minutes,
        status: input.status,
        updatedAt: new Date(),
      })
      .where('id', '=', input.id)
      .execute();
    await trx
      .deleteFrom('sessionSite')
      .where('sessionId', '=', input.id)
      .where('id', 'not in', trx.selectFrom('sessionInvitation').select('siteId').where('siteId', 'is not', null))
      .execute();
    const existing = await trx.selectFrom('sessionSite').select(['id', 'name']).where('sessionId', '=', input.id).execute();
    const missing = input.sites.filter((s) => !existing.some((e) => e.name === s.name));
    if (missing.length) {
      await trx
        .insertInto('sessionSite')
        .values(
          missing.map((site, i) => ({
            sessionId: input.id,
            name: site.name,
            hostAgencyId: site.hostAgencyId,
            position: existing.length + i,
          })),
        )
        .execute();
    }
    const after = await loadSession(trx, input.id);
    await recordAudit(trx, actor, {
      action: 'meeting.session_update',
      entityType: 'meeting_session',
      entityId: input.id,
      before,
      after,
    });
    return after;
  });
}

export async function getSession(db: Db, viewer: Viewer, clock: Clock, id: string) {
  const session = await loadSession(db, id);
  const scope = await visibleAgencyIds(db as Kysely<Database>, viewer);
  let invitationsQuery = db
    .selectFrom('sessionInvitation as i')
    .innerJoin('agency as a', 'a.id', 'i.agencyId')
    .leftJoin('sessionSite as site', 'site.id', 'i.siteId')
    .select([
      'i.agencyId',
      'a.name as agencyName',
      'a.code as agencyCode',
      'i.expectedLevel',
      'i.mark',
      'i.delegateName',
      'i.delegatePosition',
      'i.absenceReason',
      'i.absenceDocument',
      'i.lateMinutes',
      'i.siteId',
      'site.name as siteName',
      'i.markedAt',
    ])
    .where('i.sessionId', '=', id)
    .orderBy('a.name');
  if (scope) invitationsQuery = invitationsQuery.where('i.agencyId', 'in', scope);
  const invitations = await invitationsQuery.execute();
  if (scope && invitations.length === 0)
    throw new AppError('forbidden', 'meetings.not_invited', 'Cơ quan của bạn không được mời dự phiên họp này.');
  const sites = await db
    .selectFrom('sessionSite')
    .select(['id', 'name', 'hostAgencyId'])
    .where('sessionId', '=', id)
    .orderBy('position')
    .execute();
  const conclusions = await db
    .selectFrom('sessionConclusion')
    .select(['id', 'position', 'content'])
    .where('sessionId', '=', id)
    .orderBy('position')
    .execute();
  const tasks = conclusions.length
    ? await db
        .selectFrom('task as t')
        .innerJoin('agency as a', 'a.id', 't.leadAgencyId')
        .select([
          't.id',
          't.title',
          't.sourceId',
          'a.name as leadAgencyName',
          't.deadline',
          't.progress',
          't.completedOn',
          't.cancelledAt',
        ])
        .where('t.sourceKind', '=', 'meeting_conclusion')
        .where(
          't.sourceId',
          'in',
          conclusions.map((c) => c.id),
        )
        .execute()
    : [];
  const documents = await db
    .selectFrom('sessionFile as sf')
    .innerJoin('storedFile as f', 'f.id', 'sf.fileId')
    .select(['f.id', 'f.fileName', 'f.sizeBytes', 'f.createdAt'])
    .where('sf.sessionId', '=', id)
    .orderBy('f.createdAt')
    .execute();
  const today = clock.today();
  return {
    ...session,
    sites,
    invitations,
    documents,
    conclusions: conclusions.map((c) => ({
      ...c,
      tasks: tasks
        .filter((t) => t.sourceId === c.id)
        .map((t) => ({
          id: t.id,
          title: t.title,
          leadAgencyName: t.leadAgencyName,
          deadline: t.deadline,
          progress: t.progress,
          status: taskStatus(
            { deadline: t.deadline, progress: t.progress, completedOn: t.completedOn, cancelled: t.cancelledAt !== null },
            today,
          ),
        })),
    })),
    canManage: SESSION_MANAGERS.includes(viewer.role),
  };
}

/** Attaches a document (agenda, minutes, conclusion notice) the actor has uploaded to a session. */
export async function attachSessionDocument(db: Kysely<Database>, actor: Actor, input: { sessionId: string; fileId: string }) {
  return db.transaction().execute(async (trx) => {
    await loadSession(trx, input.sessionId);
    const file = await trx
      .selectFrom('storedFile')
      .select(['id', 'fileName', 'createdBy'])
      .where('id', '=', input.fileId)
      .executeTakeFirst();
    if (!file || file.createdBy !== actor.userId) {
      throw new AppError('bad_request', 'meetings.bad_file', 'Tệp không hợp lệ; vui lòng tải lên lại.');
    }
    await trx
      .insertInto('sessionFile')
      .values({ sessionId: input.sessionId, fileId: file.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await recordAudit(trx, actor, {
      action: 'meeting.document_attached',
      entityType: 'meeting_session',
      entityId: input.sessionId,
      after: { fileId: file.id, fileName: file.fileName },
    });
    return { id: file.id, fileName: file.fileName };
  });
}

export async function removeSessionDocument(db: Kysely<Database>, actor: Actor, input: { sessionId: string; fileId: string }) {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('sessionFile')
      .where('sessionId', '=', input.sessionId)
      .where('fileId', '=', input.fileId)
      .returning('fileId')
      .executeTakeFirst();
    if (!removed) throw notFound('tài liệu phiên họp');
    await recordAudit(trx, actor, {
      action: 'meeting.document_removed',
      entityType: 'meeting_session',
      entityId: input.sessionId,
      before: input,
    });
  });
}

/** Marks (or corrects) attendance; after finalisation every change needs a reason and is audited with it. */
export async function markAttendance(db: Kysely<Database>, actor: Actor, input: TMarkAttendance) {
  return db.transaction().execute(async (trx) => {
    const session = await loadSession(trx, input.sessionId);
    if (session.finalisedAt && (!input.reason || input.reason.length < 5)) {
      throw new AppError(
        'bad_request',
        'meetings.reason_required',
        'Bảng điểm danh đã chốt; vui lòng nêu lý do điều chỉnh (ít nhất 5 ký tự).',
      );
    }
    const sites = new Set(
      (await trx.selectFrom('sessionSite').select('id').where('sessionId', '=', input.sessionId).execute()).map((s) => s.id),
    );
    let changed = 0;
    for (const m of input.marks) {
      if (m.siteId && !sites.has(m.siteId))
        throw new AppError('bad_request', 'meetings.bad_site', 'Điểm cầu không thuộc phiên họp này.');
      const before = await trx
        .selectFrom('sessionInvitation')
        .selectAll()
        .where('sessionId', '=', input.sessionId)
        .where('agencyId', '=', m.agencyId)
        .executeTakeFirst();
      if (!before) throw new AppError('bad_request', 'meetings.not_invited_agency', 'Cơ quan này không có trong danh sách mời.');
      const present = isPresent(m.mark);
      const values = {
        mark: m.mark,
        delegateName: m.mark === 'present_delegate' ? m.delegateName : null,
        delegatePosition: m.mark === 'present_delegate' ? m.delegatePosition : null,
        absenceReason: m.mark === 'absent_excused' ? m.absenceReason : null,
        absenceDocument: m.mark === 'absent_excused' ? m.absenceDocument : null,
        lateMinutes: present ? m.lateMinutes : null,
        siteId: present ? m.siteId : null,
      };
      const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => (before[k] ?? null) === (values[k] ?? null));
      if (same) continue;
      await trx
        .updateTable('sessionInvitation')
        .set({ ...values, markedAt: new Date(), markedBy: actor.userId })
        .where('sessionId', '=', input.sessionId)
        .where('agencyId', '=', m.agencyId)
        .execute();
      await recordAudit(trx, actor, {
        action: session.finalisedAt ? 'meeting.attendance_correct' : 'meeting.attendance_mark',
        entityType: 'meeting_session',
        entityId: input.sessionId,
        before: { agencyId: m.agencyId, ...pick(before, Object.keys(values)) },
        after: { agencyId: m.agencyId, ...values, ...(session.finalisedAt ? { reason: input.reason } : {}) },
      });
      changed++;
    }
    return { changed };
  });
}

function pick(row: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
}

/** Bulk "all present": every unmarked invitation becomes "present — head"; the secretariat then marks the exceptions. */
export async function markAllPresent(db: Kysely<Database>, actor: Actor, sessionId: string) {
  return db.transaction().execute(async (trx) => {
    const session = await loadSession(trx, sessionId);
    if (session.finalisedAt) throw new AppError('conflict', 'meetings.finalised', 'Bảng điểm danh đã chốt.');
    const updated = await trx
      .updateTable('sessionInvitation')
      .set({ mark: 'present_head', markedAt: new Date(), markedBy: actor.userId })
      .where('sessionId', '=', sessionId)
      .where('mark', 'is', null)
      .returning('agencyId')
      .execute();
    await recordAudit(trx, actor, {
      action: 'meeting.attendance_all_present',
      entityType: 'meeting_session',
      entityId: sessionId,
      after: { agencies: updated.map((u) => u.agencyId) },
    });
    return { changed: updated.length };
  });
}

export async function finaliseSheet(db: Kysely<Database>, actor: Actor, sessionId: string) {
  return db.transaction().execute(async (trx) => {
    const session = await loadSession(trx, sessionId);
    if (session.finalisedAt) throw new AppError('conflict', 'meetings.finalised', 'Bảng điểm danh đã chốt.');
    if (session.status === 'cancelled')
      throw new AppError('conflict', 'meetings.cancelled', 'Phiên họp đã bị hủy; không chốt điểm danh.');
    const { unmarked } = await trx
      .selectFrom('sessionInvitation')
      .select((eb) => eb.fn.countAll<number>().as('unmarked'))
      .where('sessionId', '=', sessionId)
      .where('mark', 'is', null)
      .executeTakeFirstOrThrow();
    if (unmarked > 0) {
      throw new AppError('bad_request', 'meetings.unmarked', `Còn ${unmarked} cơ quan chưa điểm danh.`, { count: unmarked });
    }
    await trx
      .updateTable('meetingSession')
      .set({ finalisedAt: new Date(), finalisedBy: actor.userId, status: 'held', updatedAt: new Date() })
      .where('id', '=', sessionId)
      .execute();
    await recordAudit(trx, actor, { action: 'meeting.attendance_finalise', entityType: 'meeting_session', entityId: sessionId });
    return { ok: true as const };
  });
}

export async function addConclusion(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZConclusionCreate>) {
  return db.transaction().execute(async (trx) => {
    await loadSession(trx, input.sessionId);
    const { max } = await trx
      .selectFrom('sessionConclusion')
      .select((eb) => eb.fn.max<number | null>('position').as('max'))
      .where('sessionId', '=', input.sessionId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('sessionConclusion')
      .values({ sessionId: input.sessionId, content: input.content, position: (max ?? 0) + 1 })
      .returning(['id', 'position', 'content'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'meeting.conclusion_add',
      entityType: 'meeting_session',
      entityId: input.sessionId,
      after: row,
    });
    return row;
  });
}

/** A conclusion item becomes a task in a plan, linked both ways (task.source → conclusion). */
export async function conclusionToTask(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZConclusionToTask>) {
  return db.transaction().execute(async (trx) => {
    const conclusion = await trx
      .selectFrom('sessionConclusion as c')
      .innerJoin('meetingSession as s', 's.id', 'c.sessionId')
      .select(['c.id', 'c.content', 's.number', 's.id as sessionId'])
      .where('c.id', '=', input.conclusionId)
      .executeTakeFirst();
    if (!conclusion) throw notFound('kết luận');
    const task = await insertTask(
      trx,
      actor,
      ZTaskCreate.parse({
        planId: input.planId,
        title: input.title,
        description: `Theo kết luận phiên họp thứ ${conclusion.number}: ${conclusion.content}`,
        leadAgencyId: input.leadAgencyId,
        coordinatorIds: input.coordinatorIds,
        deadline: input.deadline,
      }),
      { kind: 'meeting_conclusion', id: conclusion.id },
    );
    await recordAudit(trx, actor, {
      action: 'meeting.conclusion_task',
      entityType: 'meeting_session',
      entityId: conclusion.sessionId,
      after: { conclusionId: conclusion.id, taskId: task.id },
    });
    return task;
  });
}

interface InvitationFact {
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
  sessionId: string;
  mark: AttendanceMark | null;
  expectedLevel: ExpectedLevel;
  lateMinutes: number | null;
}

/** The records behind the figures: invitations of finalised sessions in the period, within the viewer's scope. */
async function finalisedRecords(db: Db, viewer: Viewer, query: TAttendanceQuery): Promise<InvitationFact[]> {
  let q = db
    .selectFrom('sessionInvitation as i')
    .innerJoin('meetingSession as s', 's.id', 'i.sessionId')
    .innerJoin('agency as a', 'a.id', 'i.agencyId')
    .select([
      'i.agencyId',
      'a.name as agencyName',
      'a.kind as agencyKind',
      'i.sessionId',
      'i.mark',
      'i.expectedLevel',
      'i.lateMinutes',
    ])
    .where('s.finalisedAt', 'is not', null)
    .where('s.status', '<>', 'cancelled');
  if (query.groupId) q = q.where('s.groupId', '=', query.groupId);
  // Period bounds are calendar days in Vietnam.
  if (query.from) q = q.where(sql<boolean>`s.starts_at >= (${query.from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`);
  if (query.to) q = q.where(sql<boolean>`s.starts_at < ((${query.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`);
  const scope = await visibleAgencyIds(db as Kysely<Database>, viewer);
  if (scope) q = q.where('i.agencyId', 'in', scope);
  return q.execute();
}

/** Figures per agency over a period or a series (finalised sheets only). */
export async function attendanceByAgency(db: Db, viewer: Viewer, query: TAttendanceQuery) {
  const records = await finalisedRecords(db, viewer, query);
  const byAgency = new Map<string, InvitationFact[]>();
  for (const r of records) byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r]);
  return [...byAgency.values()]
    .map((list) => {
      const first = list[0] as InvitationFact;
      return {
        agencyId: first.agencyId,
        agencyName: first.agencyName,
        agencyKind: first.agencyKind,
        ...attendanceFigures(
          list.map((r) => ({
            mark: r.mark,
            expectedLevel: r.expectedLevel,
            lateMinutes: r.lateMinutes,
          })),
        ),
      };
    })
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi'));
}

/** Agencies × sessions: each cell is the mark (null = invited, unmarked; absent key = not invited). */
export async function attendanceMatrix(db: Db, viewer: Viewer, query: TAttendanceQuery) {
  let sessionsQuery = db
    .selectFrom('meetingSession as s')
    .select(['s.id', 's.number', 's.startsAt', 's.finalisedAt'])
    .where('s.status', '<>', 'cancelled')
    .orderBy('s.startsAt');
  if (query.groupId) sessionsQuery = sessionsQuery.where('s.groupId', '=', query.groupId);
  if (query.from)
    sessionsQuery = sessionsQuery.where(
      sql<boolean>`s.starts_at >= (${query.from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`,
    );
  if (query.to)
    sessionsQuery = sessionsQuery.where(
      sql<boolean>`s.starts_at < ((${query.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`,
    );
  const scope = await visibleAgencyIds(db as Kysely<Database>, viewer);
  // Agency roles see the sessions their agency was invited to, as in listSessions.
  if (scope)
    sessionsQuery = sessionsQuery.where((eb) =>
      eb.exists(
        eb
          .selectFrom('sessionInvitation as i')
          .select('i.agencyId')
          .whereRef('i.sessionId', '=', 's.id')
          .where('i.agencyId', 'in', scope),
      ),
    );
  const sessions = await sessionsQuery.execute();
  if (!sessions.length) return { sessions: [], rows: [] };
  let q = db
    .selectFrom('sessionInvitation as i')
    .innerJoin('agency as a', 'a.id', 'i.agencyId')
    .select(['i.agencyId', 'a.name as agencyName', 'i.sessionId', 'i.mark', 'i.lateMinutes'])
    .where(
      'i.sessionId',
      'in',
      sessions.map((s) => s.id),
    );
  if (scope) q = q.where('i.agencyId', 'in', scope);
  const cells = await q.execute();
  const rows = new Map<
    string,
    { agencyId: string; agencyName: string; marks: Record<string, { mark: string | null; lateMinutes: number | null }> }
  >();
  for (const c of cells) {
    const row = rows.get(c.agencyId) ?? { agencyId: c.agencyId, agencyName: c.agencyName, marks: {} };
    row.marks[c.sessionId] = { mark: c.mark, lateMinutes: c.lateMinutes };
    rows.set(c.agencyId, row);
  }
  return { sessions, rows: [...rows.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi')) };
}

export function isSessionManager(role: Role) {
  return SESSION_MANAGERS.includes(role) && !isAgencyScoped(role);
}
