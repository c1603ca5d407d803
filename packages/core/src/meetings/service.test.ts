import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { type AttendanceMark, attendanceFigures, type ExpectedLevel } from '@cchc/domain/meetings/attendance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { fileForViewer, saveFile } from '../files/service';
import { ZPlanCreate } from '../plans/schemas';
import { createPlan } from '../plans/service';
import { seedDemo } from '../seed/demo';
import { actor, appErrorOf, departmentIds, type IdsByCode } from '../testing/fixtures';
import {
  ZAttendanceMark,
  ZConclusionCreate,
  ZConclusionToTask,
  ZGroupCreate,
  ZMarkAttendance,
  ZSessionCreate,
  ZSessionUpdate,
} from './schemas';
import {
  addConclusion,
  attachSessionDocument,
  attendanceByAgency,
  attendanceMatrix,
  conclusionToTask,
  createGroup,
  createSession,
  finaliseSheet,
  getSession,
  listSessions,
  markAllPresent,
  markAttendance,
  removeSessionDocument,
  updateSession,
} from './service';

/** Monday 16/3/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-03-16T03:00:00Z');

let t: TestDatabase;
let agency: IdsByCode;
let secretariat: Actor; // totongtac: Văn phòng UBND tỉnh, takes attendance
let manager: Actor; // sonoivu: Sở Nội vụ, owns plans
let officer: Actor; // canbo.stp: cán bộ Sở Tư pháp
let head: Actor; // giamdoc.stp: giám đốc Sở Tư pháp
let seededGroupId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  agency = await departmentIds(t.db);
  secretariat = await actor(t.db, 'totongtac');
  manager = await actor(t.db, 'sonoivu');
  officer = await actor(t.db, 'canbo.stp');
  head = await actor(t.db, 'giamdoc.stp');
  seededGroupId = (
    await t.db
      .selectFrom('workingGroup')
      .select('id')
      .where('name', '=', 'Tổ công tác cải cách thủ tục hành chính tỉnh Hưng Yên')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => t.drop());

/** Field path → message of every issue a schema raises. */
function issuesOf(result: { success: boolean; error?: z.ZodError }): [string, string][] {
  return (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);
}

async function newGroup(name: string) {
  return createGroup(t.db, secretariat, ZGroupCreate.parse({ name }));
}

const invite = (...codes: string[]) => codes.map((code) => ({ agencyId: agency(code) }));

const sessionInput = (groupId: string, fields: Partial<z.input<typeof ZSessionCreate>> = {}) =>
  ZSessionCreate.parse({
    groupId,
    title: 'Rà soát tiến độ cải cách thủ tục hành chính quý I',
    startsAt: '2026-03-10T08:00:00+07:00',
    endsAt: '2026-03-10T11:30:00+07:00',
    mode: 'online',
    invitations: invite('33.STP', '33.STC', '33.SNV'),
    ...fields,
  });

async function newSession(groupId: string, fields: Partial<z.input<typeof ZSessionCreate>> = {}) {
  return createSession(t.db, secretariat, sessionInput(groupId, fields));
}

type MarkFields = Omit<z.input<typeof ZAttendanceMark>, 'agencyId' | 'mark'>;
const m = (code: string, mark: AttendanceMark | null, fields: MarkFields = {}) => ({ agencyId: agency(code), mark, ...fields });

function mark(sessionId: string, marks: ReturnType<typeof m>[], reason?: string) {
  return markAttendance(t.db, secretariat, ZMarkAttendance.parse({ sessionId, marks, reason }));
}

/** One agency's row of the sheet, as the secretariat sees it. */
async function rowOf(sessionId: string, code: string) {
  const session = await getSession(t.db, secretariat, clock, sessionId);
  const row = session.invitations.find((i) => i.agencyId === agency(code));
  if (!row) throw new Error(`${code} is not on the sheet`);
  return row;
}

async function auditOf(sessionId: string, action: string) {
  return t.db
    .selectFrom('auditLog')
    .select(['actorUsername', 'before', 'after'])
    .where('entityType', '=', 'meeting_session')
    .where('entityId', '=', sessionId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

describe('createSession', () => {
  it('numbers the sessions of a group phiên thứ 1, 2, 3, and every group counts on its own', async () => {
    const group = await newGroup('Tổ công tác rà soát thủ tục lĩnh vực đất đai');
    const other = await newGroup('Tổ công tác chuyển đổi số');
    const numbers = [];
    for (const startsAt of ['2026-03-02T08:00:00+07:00', '2026-04-06T08:00:00+07:00', '2026-05-04T08:00:00+07:00']) {
      numbers.push((await newSession(group.id, { startsAt, endsAt: null })).number);
    }
    expect(numbers).toEqual([1, 2, 3]);
    expect((await newSession(other.id)).number).toBe(1);
  });

  it('gives sessions created at the same moment, as by two secretaries at once, distinct numbers', async () => {
    const group = await newGroup('Tổ công tác kiểm tra công vụ');
    const created = await Promise.all([1, 2, 3, 4].map(() => newSession(group.id)));
    expect(created.map((s) => s.number).sort()).toEqual([1, 2, 3, 4]);
  });

  it('invites each agency once, at the expected level of its last line', async () => {
    const session = await newSession(seededGroupId, {
      invitations: [
        { agencyId: agency('33.STP'), expectedLevel: 'head' },
        { agencyId: agency('33.STC') },
        { agencyId: agency('33.STP'), expectedLevel: 'deputy_allowed' },
      ],
    });
    const { invitations } = await getSession(t.db, secretariat, clock, session.id);
    expect(invitations.map((i) => [i.agencyName, i.expectedLevel, i.mark])).toEqual([
      ['Sở Tài chính', 'head', null],
      ['Sở Tư pháp', 'deputy_allowed', null],
    ]);
  });

  it('keeps the sites of a session in the order they were entered', async () => {
    const session = await newSession(seededGroupId, {
      mode: 'hybrid',
      sites: [{ name: 'Hội trường UBND tỉnh' }, { name: 'Điểm cầu Sở Tư pháp', hostAgencyId: agency('33.STP') }],
    });
    const { sites } = await getSession(t.db, secretariat, clock, session.id);
    expect(sites.map((s) => [s.name, s.hostAgencyId])).toEqual([
      ['Hội trường UBND tỉnh', null],
      ['Điểm cầu Sở Tư pháp', agency('33.STP')],
    ]);
  });

  it('refuses a session that invites nobody, in Vietnamese', () => {
    const result = ZSessionCreate.safeParse({
      groupId: seededGroupId,
      title: 'Phiên họp không mời ai',
      startsAt: '2026-03-10T08:00:00+07:00',
      mode: 'online',
      invitations: [],
    });
    expect(issuesOf(result)).toEqual([['invitations', 'Vui lòng mời ít nhất một cơ quan.']]);
  });

  it('refuses a session that ends before, or when, it starts, in Vietnamese', () => {
    for (const endsAt of ['2026-03-10T07:30:00+07:00', '2026-03-10T08:00:00+07:00', '2026-03-10T00:30:00Z']) {
      const result = ZSessionCreate.safeParse({
        groupId: seededGroupId,
        title: 'Phiên họp giờ ngược',
        startsAt: '2026-03-10T08:00:00+07:00',
        endsAt,
        mode: 'in_person',
        invitations: invite('33.STP'),
      });
      expect(issuesOf(result), endsAt).toEqual([['endsAt', 'Giờ kết thúc phải sau giờ bắt đầu.']]);
    }
  });

  it('refuses a session without a group or with an unreadable start time, in Vietnamese', () => {
    const result = ZSessionCreate.safeParse({
      groupId: '',
      title: 'Phiên họp',
      startsAt: 'sáng thứ Hai',
      mode: 'online',
      invitations: invite('33.STP'),
    });
    expect(issuesOf(result)).toEqual([
      ['groupId', 'Vui lòng chọn tổ công tác.'],
      ['startsAt', 'Thời gian không hợp lệ.'],
    ]);
  });

  it('refuses to invite an agency that does not exist and creates nothing', async () => {
    const group = await newGroup('Tổ công tác thử mời sai');
    const error = await appErrorOf(
      newSession(group.id, { invitations: [...invite('33.STP'), { agencyId: '00000000-0000-4000-8000-000000000000' }] }),
    );
    expect(error.code).toBe('meetings.agency_not_found');
    expect(await listSessions(t.db, secretariat, { groupId: group.id })).toEqual([]);
  });
});

describe('markAttendance', () => {
  let sessionId: string;
  let siteId: string;
  beforeAll(async () => {
    const session = await newSession(seededGroupId, {
      mode: 'hybrid',
      sites: [{ name: 'Điểm cầu Sở Tư pháp', hostAgencyId: agency('33.STP') }],
      invitations: invite('33.STP', '33.STC', '33.SNV', '33.SXD'),
    });
    sessionId = session.id;
    const { sites } = await getSession(t.db, secretariat, clock, sessionId);
    siteId = sites[0]?.id ?? '';
  });

  it('records who came for each agency: the head, a named delegate, an excused absence with its reason', async () => {
    const result = await mark(sessionId, [
      m('33.STP', 'present_head', { siteId, lateMinutes: 10 }),
      m('33.STC', 'present_delegate', { delegateName: 'Nguyễn Văn An', delegatePosition: 'Trưởng phòng Pháp chế' }),
      m('33.SNV', 'absent_excused', { absenceReason: 'Dự họp tại Bộ Nội vụ', absenceDocument: 'Công văn 45/SNV-VP' }),
    ]);
    expect(result).toEqual({ changed: 3 });
    expect(await rowOf(sessionId, '33.STP')).toMatchObject({
      mark: 'present_head',
      lateMinutes: 10,
      siteName: 'Điểm cầu Sở Tư pháp',
    });
    expect(await rowOf(sessionId, '33.STC')).toMatchObject({
      mark: 'present_delegate',
      delegateName: 'Nguyễn Văn An',
      delegatePosition: 'Trưởng phòng Pháp chế',
    });
    expect(await rowOf(sessionId, '33.SNV')).toMatchObject({
      mark: 'absent_excused',
      absenceReason: 'Dự họp tại Bộ Nội vụ',
      absenceDocument: 'Công văn 45/SNV-VP',
      lateMinutes: null,
    });
    expect((await rowOf(sessionId, '33.SXD')).mark).toBeNull();
  });

  it('keeps only the details that belong to the mark: an absent agency is neither late nor at a site', async () => {
    await mark(sessionId, [
      m('33.SXD', 'absent_unexcused', { lateMinutes: 20, siteId, delegateName: 'Ai đó', absenceReason: 'Không rõ' }),
    ]);
    expect(await rowOf(sessionId, '33.SXD')).toMatchObject({
      mark: 'absent_unexcused',
      lateMinutes: null,
      siteId: null,
      delegateName: null,
      absenceReason: null,
    });
  });

  it('requires the name of an authorised delegate and the reason of an excused absence', () => {
    const delegate = ZAttendanceMark.safeParse({ agencyId: agency('33.STP'), mark: 'present_delegate', delegateName: '   ' });
    expect(issuesOf(delegate)).toEqual([['delegateName', 'Vui lòng ghi họ tên người được ủy quyền.']]);
    const excused = ZAttendanceMark.safeParse({ agencyId: agency('33.STP'), mark: 'absent_excused' });
    expect(issuesOf(excused)).toEqual([['absenceReason', 'Vui lòng ghi lý do vắng.']]);
    // Neither is needed for the head in person or an unexcused absence.
    expect(ZAttendanceMark.safeParse({ agencyId: agency('33.STP'), mark: 'present_head' }).success).toBe(true);
    expect(ZAttendanceMark.safeParse({ agencyId: agency('33.STP'), mark: 'absent_unexcused' }).success).toBe(true);
  });

  it('refuses a site of another session and changes nothing', async () => {
    const other = await newSession(seededGroupId, { mode: 'hybrid', sites: [{ name: 'Điểm cầu UBND xã Lạc Đạo' }] });
    const otherSite = (await getSession(t.db, secretariat, clock, other.id)).sites[0]?.id;
    const error = await appErrorOf(mark(sessionId, [m('33.STP', 'present_deputy', { siteId: otherSite })]));
    expect(error).toMatchObject({
      kind: 'bad_request',
      code: 'meetings.bad_site',
      message: 'Điểm cầu không thuộc phiên họp này.',
    });
    expect((await rowOf(sessionId, '33.STP')).mark).toBe('present_head');
  });

  it('refuses an agency that was not invited, and keeps the marks sent with it', async () => {
    const error = await appErrorOf(mark(sessionId, [m('33.STC', 'present_head'), m('33.SYT', 'present_head')]));
    expect(error).toMatchObject({
      code: 'meetings.not_invited_agency',
      message: 'Cơ quan này không có trong danh sách mời.',
    });
    expect((await rowOf(sessionId, '33.STC')).mark).toBe('present_delegate');
    const { invitations } = await getSession(t.db, secretariat, clock, sessionId);
    expect(invitations.map((i) => i.agencyId)).not.toContain(agency('33.SYT'));
  });
});

describe('markAllPresent', () => {
  it('marks every agency not yet marked as present, leaving the marks already taken', async () => {
    const session = await newSession(seededGroupId, { invitations: invite('33.STP', '33.STC', '33.SNV', '33.SYT') });
    await mark(session.id, [
      m('33.STC', 'absent_excused', { absenceReason: 'Đi công tác nước ngoài' }),
      m('33.SYT', 'present_deputy', { lateMinutes: 5 }),
    ]);
    expect(await markAllPresent(t.db, secretariat, session.id)).toEqual({ changed: 2 });
    const { invitations } = await getSession(t.db, secretariat, clock, session.id);
    expect(invitations.map((i) => [i.agencyName, i.mark, i.absenceReason, i.lateMinutes])).toEqual([
      ['Sở Nội vụ', 'present_head', null, null],
      ['Sở Tài chính', 'absent_excused', 'Đi công tác nước ngoài', null],
      ['Sở Tư pháp', 'present_head', null, null],
      ['Sở Y tế', 'present_deputy', null, 5],
    ]);
    // Nothing left to fill.
    expect(await markAllPresent(t.db, secretariat, session.id)).toEqual({ changed: 0 });
  });
});

describe('finaliseSheet', () => {
  it('refuses while agencies are unmarked, saying how many', async () => {
    const session = await newSession(seededGroupId, { invitations: invite('33.STP', '33.STC', '33.SNV') });
    await mark(session.id, [m('33.STP', 'present_head')]);
    const error = await appErrorOf(finaliseSheet(t.db, secretariat, session.id));
    expect(error).toMatchObject({
      kind: 'bad_request',
      code: 'meetings.unmarked',
      message: 'Còn 2 cơ quan chưa điểm danh.',
      params: { count: 2 },
    });
    expect((await getSession(t.db, secretariat, clock, session.id)).finalisedAt).toBeNull();
  });

  it('closes the sheet once: the session is held, a second finalisation and a bulk fill are refused', async () => {
    const session = await newSession(seededGroupId, { invitations: invite('33.STP', '33.STC') });
    await markAllPresent(t.db, secretariat, session.id);
    expect(await finaliseSheet(t.db, secretariat, session.id)).toEqual({ ok: true });
    const finalised = await getSession(t.db, secretariat, clock, session.id);
    expect(finalised.status).toBe('held');
    expect(finalised.finalisedAt).toBeInstanceOf(Date);

    const again = await appErrorOf(finaliseSheet(t.db, secretariat, session.id));
    expect(again).toMatchObject({ kind: 'conflict', code: 'meetings.finalised', message: 'Bảng điểm danh đã chốt.' });
    expect((await appErrorOf(markAllPresent(t.db, secretariat, session.id))).code).toBe('meetings.finalised');
    expect(await auditOf(session.id, 'meeting.attendance_finalise')).toHaveLength(1);
  });
});

describe('corrections after finalising', () => {
  let sessionId: string;
  beforeAll(async () => {
    const session = await newSession(seededGroupId, { invitations: invite('33.STP', '33.STC', '33.SNV') });
    sessionId = session.id;
    await mark(sessionId, [m('33.STP', 'present_head'), m('33.STC', 'absent_unexcused'), m('33.SNV', 'present_deputy')]);
    await finaliseSheet(t.db, secretariat, sessionId);
  });

  it('refuses a correction without a reason, or with a reason too short to mean anything', async () => {
    for (const reason of [undefined, '   ', 'sai']) {
      const error = await appErrorOf(
        mark(sessionId, [m('33.STC', 'absent_excused', { absenceReason: 'Có giấy mời họp của Bộ Tài chính' })], reason),
      );
      expect(error.code, String(reason)).toBe('meetings.reason_required');
      expect(error.message).toBe('Bảng điểm danh đã chốt; vui lòng nêu lý do điều chỉnh (ít nhất 5 ký tự).');
    }
    expect((await rowOf(sessionId, '33.STC')).mark).toBe('absent_unexcused');
    expect(await auditOf(sessionId, 'meeting.attendance_correct')).toEqual([]);
  });

  it('applies a correction with a reason and audits the mark before, after and the reason', async () => {
    const reason = 'Sở Tài chính gửi bổ sung giấy mời họp của Bộ Tài chính';
    const result = await mark(
      sessionId,
      [m('33.STC', 'absent_excused', { absenceReason: 'Dự họp tại Bộ Tài chính', absenceDocument: 'Giấy mời 12/GM-BTC' })],
      reason,
    );
    expect(result).toEqual({ changed: 1 });
    expect(await rowOf(sessionId, '33.STC')).toMatchObject({ mark: 'absent_excused', absenceReason: 'Dự họp tại Bộ Tài chính' });
    const empty = {
      delegateName: null,
      delegatePosition: null,
      absenceReason: null,
      absenceDocument: null,
      lateMinutes: null,
      siteId: null,
    };
    expect(await auditOf(sessionId, 'meeting.attendance_correct')).toEqual([
      {
        actorUsername: 'totongtac',
        before: { agencyId: agency('33.STC'), ...empty, mark: 'absent_unexcused' },
        after: {
          agencyId: agency('33.STC'),
          ...empty,
          mark: 'absent_excused',
          absenceReason: 'Dự họp tại Bộ Tài chính',
          absenceDocument: 'Giấy mời 12/GM-BTC',
          reason,
        },
      },
    ]);
  });

  it('writes no audit row for a mark that does not change', async () => {
    const before = await auditOf(sessionId, 'meeting.attendance_correct');
    const result = await mark(sessionId, [m('33.STP', 'present_head')], 'Đối chiếu lại danh sách ký tên');
    expect(result).toEqual({ changed: 0 });
    expect(await auditOf(sessionId, 'meeting.attendance_correct')).toEqual(before);
  });

  it('writes the correction and its audit row together: when the request fails, neither is kept', async () => {
    const before = await auditOf(sessionId, 'meeting.attendance_correct');
    const error = await appErrorOf(
      mark(sessionId, [m('33.SNV', 'present_head'), m('33.SYT', 'present_head')], 'Giám đốc Sở Nội vụ đến dự sau'),
    );
    expect(error.code).toBe('meetings.not_invited_agency');
    expect((await rowOf(sessionId, '33.SNV')).mark).toBe('present_deputy');
    expect(await auditOf(sessionId, 'meeting.attendance_correct')).toEqual(before);
  });
});

describe('conclusionToTask', () => {
  let sessionId: string;
  let conclusionId: string;
  let planId: string;
  beforeAll(async () => {
    const group = await newGroup('Tổ công tác theo dõi kết luận');
    const session = await newSession(group.id, { title: 'Đôn đốc giải quyết hồ sơ quá hạn' });
    sessionId = session.id;
    planId = (
      await createPlan(t.db, manager, ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch CCHC năm 2026', status: 'active' }))
    ).id;
    const conclusion = await addConclusion(
      t.db,
      secretariat,
      ZConclusionCreate.parse({ sessionId, content: 'Sở Tư pháp rà soát hồ sơ hộ tịch quá hạn, báo cáo trước 31/3/2026.' }),
    );
    conclusionId = conclusion.id;
  });

  it('creates a task in the chosen plan that points back to the conclusion', async () => {
    const task = await conclusionToTask(
      t.db,
      secretariat,
      ZConclusionToTask.parse({
        conclusionId,
        planId,
        title: 'Rà soát hồ sơ hộ tịch quá hạn',
        leadAgencyId: agency('33.STP'),
        coordinatorIds: [agency('33.SNV')],
        deadline: '2026-03-31',
      }),
    );
    const row = await t.db.selectFrom('task').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      planId,
      title: 'Rà soát hồ sơ hộ tịch quá hạn',
      leadAgencyId: agency('33.STP'),
      deadline: '2026-03-31',
      sourceKind: 'meeting_conclusion',
      sourceId: conclusionId,
      description: 'Theo kết luận phiên họp thứ 1: Sở Tư pháp rà soát hồ sơ hộ tịch quá hạn, báo cáo trước 31/3/2026.',
    });
    expect(task.coordinatorIds).toEqual([agency('33.SNV')]);
  });

  it("shows under the conclusion the task with its status as of the clock's today", async () => {
    const statusOn = async (instant: string) => {
      const session = await getSession(t.db, secretariat, fixedClock(instant), sessionId);
      return session.conclusions.map((c) => ({
        content: c.content,
        tasks: c.tasks.map((k) => [k.title, k.leadAgencyName, k.status]),
      }));
    };
    expect(await statusOn('2026-03-31T16:00:00Z')).toEqual([
      {
        content: 'Sở Tư pháp rà soát hồ sơ hộ tịch quá hạn, báo cáo trước 31/3/2026.',
        tasks: [['Rà soát hồ sơ hộ tịch quá hạn', 'Sở Tư pháp', 'not_started']],
      },
    ]);
    // 1/4/2026 00:00 in Hà Nội: the deadline has passed.
    expect((await statusOn('2026-03-31T17:00:00Z'))[0]?.tasks).toEqual([
      ['Rà soát hồ sơ hộ tịch quá hạn', 'Sở Tư pháp', 'overdue'],
    ]);
  });
});

describe('what agency-scoped viewers see', () => {
  let groupId: string;
  let invitedId: string;
  let notInvitedId: string;
  beforeAll(async () => {
    groupId = (await newGroup('Tổ công tác kiểm tra phạm vi xem')).id;
    invitedId = (await newSession(groupId, { invitations: invite('33.STP', '33.STC', '33.SNV') })).id;
    notInvitedId = (
      await newSession(groupId, { startsAt: '2026-03-20T08:00:00+07:00', endsAt: null, invitations: invite('33.STC', '33.SNV') })
    ).id;
  });

  it('lists for an officer and the head of Sở Tư pháp only the sessions their agency was invited to', async () => {
    for (const viewer of [officer, head]) {
      expect((await listSessions(t.db, viewer, { groupId })).map((s) => s.id)).toEqual([invitedId]);
    }
    expect((await listSessions(t.db, secretariat, { groupId })).map((s) => s.id)).toEqual([notInvitedId, invitedId]);
  });

  it("shows an officer only their own agency's row of the sheet, and no right to manage", async () => {
    const session = await getSession(t.db, officer, clock, invitedId);
    expect(session.invitations.map((i) => i.agencyName)).toEqual(['Sở Tư pháp']);
    expect(session.canManage).toBe(false);
    const full = await getSession(t.db, secretariat, clock, invitedId);
    expect(full.invitations.map((i) => i.agencyName)).toEqual(['Sở Nội vụ', 'Sở Tài chính', 'Sở Tư pháp']);
    expect(full.canManage).toBe(true);
  });

  it('refuses an officer a session their agency was not invited to', async () => {
    const error = await appErrorOf(getSession(t.db, officer, clock, notInvitedId));
    expect(error).toMatchObject({
      kind: 'forbidden',
      code: 'meetings.not_invited',
      message: 'Cơ quan của bạn không được mời dự phiên họp này.',
    });
  });
});

describe('attendance figures', () => {
  let groupId: string;
  /** Sessions by their number in this group. */
  const ids: Record<number, string> = {};
  const FULL_MARCH = { from: '2026-03-01', to: '2026-03-31' };

  async function held(startsAt: string, marks: [code: string, ExpectedLevel, AttendanceMark, MarkFields?][]) {
    const session = await newSession(groupId, {
      startsAt,
      endsAt: null,
      invitations: marks.map(([code, expectedLevel]) => ({ agencyId: agency(code), expectedLevel })),
    });
    await mark(
      session.id,
      marks.map(([code, , value, fields]) => m(code, value, fields)),
    );
    ids[session.number] = session.id;
    return session.id;
  }

  beforeAll(async () => {
    groupId = (await newGroup('Tổ công tác tính số liệu điểm danh')).id;
    // 1 — 10/3: finalised.
    await held('2026-03-10T08:00:00+07:00', [
      ['33.STP', 'head', 'present_head', { lateMinutes: 0 }],
      ['33.STC', 'head', 'absent_unexcused'],
      ['33.SNV', 'head', 'present_head'],
    ]);
    // 2 — 20/3: finalised.
    await held('2026-03-20T14:00:00+07:00', [
      ['33.STP', 'head', 'present_deputy', { lateMinutes: 10 }],
      ['33.STC', 'head', 'absent_excused', { absenceReason: 'Dự họp tại Bộ Tài chính' }],
    ]);
    // 3 — 23:30 on 31/3 in Hà Nội: still March.
    await held('2026-03-31T23:30:00+07:00', [
      ['33.STP', 'deputy_allowed', 'absent_unexcused'],
      ['33.STC', 'deputy_allowed', 'present_head', { lateMinutes: 20 }],
    ]);
    // 4 — 25/3: marked but never finalised.
    await held('2026-03-25T08:00:00+07:00', [
      ['33.STP', 'head', 'present_head'],
      ['33.STC', 'head', 'present_head'],
    ]);
    // 5 — 15/3: finalised, then cancelled.
    const cancelled = await held('2026-03-15T08:00:00+07:00', [
      ['33.STP', 'head', 'absent_unexcused'],
      ['33.STC', 'head', 'present_head'],
    ]);
    // 6 — 06:30 on 1/4 in Hà Nội, which is still 31/3 in UTC: April.
    await held('2026-04-01T06:30:00+07:00', [
      ['33.STP', 'head', 'present_head'],
      ['33.STC', 'head', 'present_deputy', { lateMinutes: 5 }],
    ]);
    for (const n of [1, 2, 3, 5, 6]) await finaliseSheet(t.db, secretariat, ids[n] ?? '');
    await updateSession(
      t.db,
      secretariat,
      ZSessionUpdate.parse({
        id: cancelled,
        title: 'Phiên họp bị hủy',
        startsAt: '2026-03-15T08:00:00+07:00',
        mode: 'online',
        status: 'cancelled',
      }),
    );
    // 7 — 27/3: only Sở Nội vụ invited, not marked yet.
    ids[7] = (
      await newSession(groupId, { startsAt: '2026-03-27T08:00:00+07:00', endsAt: null, invitations: invite('33.SNV') })
    ).id;
  });

  const figuresOf = async (viewer: Actor, query: { from?: string; to?: string }) => {
    const rows = await attendanceByAgency(t.db, viewer, { groupId, ...query });
    return Object.fromEntries(rows.map(({ agencyId: _id, agencyKind: _kind, ...r }) => [r.agencyName, r]));
  };

  describe('attendanceByAgency', () => {
    it('counts the finalised sessions of March for each department, figures worked out by hand', async () => {
      const figures = await figuresOf(secretariat, FULL_MARCH);
      // Sở Tư pháp: 1 head in person (asked: head) · 2 deputy, 10 min late (asked: head) · 3 unexcused (asked: head or deputy).
      expect(figures['Sở Tư pháp']).toEqual({
        agencyName: 'Sở Tư pháp',
        invited: 3,
        attended: 2,
        attendedByHead: 1,
        headExpected: 2,
        headExpectedAttendedByHead: 1,
        excused: 0,
        unexcused: 1,
        late: 1,
        attendanceRate: 66.7, // 2 of 3
        headAttendanceRate: 50, // 1 of the 2 sessions that asked for the head
      });
      // Sở Tài chính: 1 unexcused (asked: head) · 2 excused (asked: head) · 3 head in person, 20 min late (asked: head or deputy).
      expect(figures['Sở Tài chính']).toEqual({
        agencyName: 'Sở Tài chính',
        invited: 3,
        attended: 1,
        attendedByHead: 1,
        headExpected: 2,
        headExpectedAttendedByHead: 0,
        excused: 1,
        unexcused: 1,
        late: 1,
        attendanceRate: 33.3, // 1 of 3
        headAttendanceRate: 0, // the head came only when a deputy would have done
      });
      // Invited to session 1, and to 7, which is not finalised.
      expect(figures['Sở Nội vụ']).toMatchObject({ invited: 1, attended: 1, attendanceRate: 100, headAttendanceRate: 100 });
    });

    it('reads period bounds as calendar days in Vietnam', async () => {
      // Session 3 (23:30 on 31/3) ends March; session 6 (06:30 on 1/4, 23:30 on 31/3 UTC) opens April.
      expect((await figuresOf(secretariat, { to: '2026-03-30' }))['Sở Tư pháp']?.invited).toBe(2);
      expect((await figuresOf(secretariat, { to: '2026-03-31' }))['Sở Tư pháp']?.invited).toBe(3);
      const april = await figuresOf(secretariat, { from: '2026-04-01' });
      expect(Object.keys(april).sort()).toEqual(['Sở Tài chính', 'Sở Tư pháp']);
      expect(april['Sở Tư pháp']).toMatchObject({ invited: 1, attended: 1, attendedByHead: 1, attendanceRate: 100 });
      expect(april['Sở Tài chính']).toMatchObject({ invited: 1, attended: 1, late: 1, headAttendanceRate: 0 });
      expect(await figuresOf(secretariat, { from: '2026-04-02' })).toEqual({});
    });

    it('equals the domain figures over the same records read from the sheets (SQL twin)', async () => {
      const sheets = await Promise.all([1, 2, 3, 6].map((n) => getSession(t.db, secretariat, clock, ids[n] ?? '')));
      const rows = await attendanceByAgency(t.db, secretariat, { groupId });
      expect(rows.map((r) => r.agencyName)).toEqual(['Sở Nội vụ', 'Sở Tài chính', 'Sở Tư pháp']);
      for (const row of rows) {
        const records = sheets.flatMap((s) =>
          s.invitations
            .filter((i) => i.agencyId === row.agencyId)
            .map((i) => ({
              mark: i.mark,
              expectedLevel: i.expectedLevel,
              lateMinutes: i.lateMinutes,
            })),
        );
        const { agencyId: _id, agencyName: _name, agencyKind: _kind, ...figures } = row;
        expect(figures, row.agencyName).toEqual(attendanceFigures(records));
      }
    });

    it("gives an agency's officer and head their own agency's figures only", async () => {
      const all = await figuresOf(secretariat, FULL_MARCH);
      for (const viewer of [officer, head]) {
        expect(await figuresOf(viewer, FULL_MARCH)).toEqual({ 'Sở Tư pháp': all['Sở Tư pháp'] });
      }
    });
  });

  describe('attendanceMatrix', () => {
    it('lists the sessions that were not cancelled in time order, with each agency’s mark and lateness', async () => {
      const matrix = await attendanceMatrix(t.db, secretariat, { groupId });
      expect(matrix.sessions.map((s) => s.number)).toEqual([1, 2, 4, 7, 3, 6]);
      expect(matrix.sessions.map((s) => s.finalisedAt !== null)).toEqual([true, true, false, false, true, true]);
      expect(matrix.rows.map((r) => r.agencyName)).toEqual(['Sở Nội vụ', 'Sở Tài chính', 'Sở Tư pháp']);
      const marksOf = (name: string) => {
        const row = matrix.rows.find((r) => r.agencyName === name);
        return matrix.sessions.map((s) => row?.marks[s.id] ?? 'not invited');
      };
      expect(marksOf('Sở Tư pháp')).toEqual([
        { mark: 'present_head', lateMinutes: 0 },
        { mark: 'present_deputy', lateMinutes: 10 },
        { mark: 'present_head', lateMinutes: null },
        'not invited',
        { mark: 'absent_unexcused', lateMinutes: null },
        { mark: 'present_head', lateMinutes: null },
      ]);
      // Invited to sessions 1 and 7; not marked yet at 7.
      expect(marksOf('Sở Nội vụ')).toEqual([
        { mark: 'present_head', lateMinutes: null },
        'not invited',
        'not invited',
        { mark: null, lateMinutes: null },
        'not invited',
        'not invited',
      ]);
    });

    it('keeps to the period, in Vietnam time', async () => {
      const march = await attendanceMatrix(t.db, secretariat, { groupId, ...FULL_MARCH });
      expect(march.sessions.map((s) => s.number)).toEqual([1, 2, 4, 7, 3]);
      expect(await attendanceMatrix(t.db, secretariat, { groupId, from: '2026-04-02' })).toEqual({ sessions: [], rows: [] });
    });

    it("shows an agency's officer their own row, over the sessions their agency was invited to", async () => {
      const matrix = await attendanceMatrix(t.db, officer, { groupId });
      expect(matrix.rows.map((r) => r.agencyName)).toEqual(['Sở Tư pháp']);
      // Session 7 invited only Sở Nội vụ: an officer of Sở Tư pháp cannot open it, so it is no column of theirs.
      expect(matrix.sessions.map((s) => s.number)).toEqual([1, 2, 4, 3, 6]);
    });
  });
});

describe('session documents', () => {
  it('attaches the secretariat’s documents, shows them to invited agencies only, and removes them with an audit row', async () => {
    const groupId = (await newGroup('Tổ công tác thử tài liệu')).id;
    const session = await newSession(groupId, { invitations: invite('33.STP') });
    const file = await saveFile(t.db, secretariat, {
      fileName: 'Biên bản phiên họp.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF-1.4 biên bản'),
    });
    await attachSessionDocument(t.db, secretariat, { sessionId: session.id, fileId: file.id });
    const seen = await getSession(t.db, officer, clock, session.id);
    expect(seen.documents.map((d) => d.fileName)).toEqual(['Biên bản phiên họp.pdf']);
    // An officer of an invited agency downloads it; an officer of an agency not invited cannot.
    expect((await fileForViewer(t.db, officer, file.id)).fileName).toBe('Biên bản phiên họp.pdf');
    const stcUser = await t.db
      .insertInto('appUser')
      .values({
        username: 'canbo.stc.doc',
        displayName: 'Cán bộ Sở Tài chính',
        passwordHash: 'x',
        role: 'agency_officer',
        agencyId: agency('33.STC'),
        searchText: 'canbo stc',
      })
      .returning(['id', 'agencyId'])
      .executeTakeFirstOrThrow();
    const outsider = { userId: stcUser.id, role: 'agency_officer' as const, agencyId: stcUser.agencyId };
    expect((await appErrorOf(fileForViewer(t.db, outsider, file.id))).code).toBe('files.forbidden');
    // A file someone else uploaded cannot be attached.
    const foreign = await saveFile(t.db, officer, {
      fileName: 'khac.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF'),
    });
    expect((await appErrorOf(attachSessionDocument(t.db, secretariat, { sessionId: session.id, fileId: foreign.id }))).code).toBe(
      'meetings.bad_file',
    );

    await removeSessionDocument(t.db, secretariat, { sessionId: session.id, fileId: file.id });
    expect((await getSession(t.db, secretariat, clock, session.id)).documents).toEqual([]);
    expect((await auditOf(session.id, 'meeting.document_attached')).length).toBe(1);
    expect((await auditOf(session.id, 'meeting.document_removed')).length).toBe(1);
  });
});
