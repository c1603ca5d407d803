/**
 * Agency compliance scores on real module data: tasks, attendance, feedback and procedure reviews of
 * Nghị định 09's third quarter of 2026 (15/6 → 14/9) for three departments of Hưng Yên, each score
 * computed by hand below, then lineage, scorecards, the XLSX ranking, runs that fail or repeat, the
 * quarterly schedule, and scheme versions.
 */
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { AttendanceMark, ExpectedLevel } from '@cchc/domain/meetings/attendance';
import { type ComponentResult, DEFAULT_SCHEME, type ScoreScheme } from '@cchc/domain/scores/scheme';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AuditActor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { type Clock, fixedClock } from '../clock';
import { ZFeedbackAction, ZFeedbackCreate } from '../feedback/schemas';
import { actOnFeedback, createFeedback } from '../feedback/service';
import { ZMarkAttendance, ZSessionCreate } from '../meetings/schemas';
import { createSession, finaliseSheet, markAttendance } from '../meetings/service';
import { ZPlanCreate, ZProgressReport, ZTaskCreate } from '../plans/schemas';
import { cancelTask, createPlan, createTask, reportProgress } from '../plans/service';
import { importCatalogue } from '../procedures/catalogue';
import { openReview, proposeReview, ZReviewOpen, ZReviewPropose } from '../procedures/reviews';
import { seedDemo } from '../seed/demo';
import { actor, addUser, appErrorOf, departmentIds, type IdsByCode, procedureIds } from '../testing/fixtures';
import {
  componentItems,
  computeScoreRun,
  getRun,
  previewScheme,
  queueScoreRun,
  rankings,
  rankingsXlsx,
  SCORE_TASK,
  scheduleQuarterRun,
  scorecard,
} from './runs';
import { ensureDefaultScheme, listSchemes, saveScheme, ZSchemeBody, ZSchemeSave } from './schemes';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);

/** Sunday 20/9/2026, 10:00 in Hà Nội: the third quarter closed on the 14th. */
const AFTER = fixedClock('2026-09-20T03:00:00Z');
/** 10:00 in Hà Nội on a given day. */
const on = (date: string): Clock => fixedClock(`${date}T03:00:00Z`);

const Q2 = { from: '2026-03-15', to: '2026-06-14' };
const Q3 = { from: '2026-06-15', to: '2026-09-14' };

const SEED: AuditActor = { userId: null, username: 'seed' };

let t: TestDatabase;
let agency: IdsByCode;
let procedure: IdsByCode;
let manager: Actor; // sonoivu: Sở Nội vụ, manages plans, coordinates feedback, computes scores
let secretariat: Actor; // totongtac: takes attendance
let head: Actor; // giamdoc.stp: giám đốc Sở Tư pháp
let stpOfficer: Actor; // canbo.stp
let stcOfficer: Actor; // canbo.stc
let skhdtOfficer: Actor; // canbo.skhdt
let q3Run: string; // the quarter's run, scheme version 1
let q2Run: string; // the quarter before, for trends
const sessions: Record<string, string> = {};
const tasks: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  const catalogue = await importCatalogue(t.db, SEED, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
  expect(catalogue.ok).toBe(true);
  procedure = await procedureIds(t.db, ['1.000005', '1.000010', '1.000014']);
  agency = await departmentIds(t.db);
  await addReorganisedDepartments();
  await addUser(t.db, 'canbo.stc', 'agency_officer', agency('33.STC'));
  await addUser(t.db, 'canbo.skhdt', 'agency_officer', agency('33.SKHDT'));
  manager = await actor(t.db, 'sonoivu');
  secretariat = await actor(t.db, 'totongtac');
  head = await actor(t.db, 'giamdoc.stp');
  stpOfficer = await actor(t.db, 'canbo.stp');
  stcOfficer = await actor(t.db, 'canbo.stc');
  skhdtOfficer = await actor(t.db, 'canbo.skhdt');
  expect(await ensureDefaultScheme(t.db, SEED)).toBe(true); // version 1, in force from 1/1/2024
  await buildTasks();
  await buildSessions();
  await buildFeedback();
  await buildReviews();
  q2Run = await computed(Q2);
  q3Run = await computed(Q3);
});
afterAll(async () => t.drop());

/**
 * The 2026 reorganisation of this story: the Ban Quản lý khu kinh tế merged into the Sở Kế hoạch và
 * Đầu tư on 1/7/2026, which merged into the Sở Tài chính on 1/8/2026 (a chain of two merges).
 */
async function addReorganisedDepartments() {
  const province = await t.db
    .selectFrom('agency')
    .select('id')
    .where('kind', '=', 'province')
    .where('code', '=', '33')
    .executeTakeFirstOrThrow();
  for (const [code, name, validTo] of [
    ['33.BQLKKT', 'Ban Quản lý khu kinh tế', '2026-06-30'],
    ['33.SKHDT', 'Sở Kế hoạch và Đầu tư', '2026-07-31'],
  ] as const) {
    await t.db
      .insertInto('agency')
      .values({
        code,
        name,
        fullName: `${name} tỉnh Hưng Yên`,
        kind: 'department',
        parentId: province.id,
        validFrom: '2025-07-01',
        validTo,
        searchText: name.toLowerCase(),
      })
      .execute();
  }
  agency = await departmentIds(t.db);
  await t.db
    .insertInto('agencyLineage')
    .values([
      { kind: 'merge', fromAgencyId: agency('33.BQLKKT'), toAgencyId: agency('33.SKHDT'), effectiveDate: '2026-07-01' },
      { kind: 'merge', fromAgencyId: agency('33.SKHDT'), toAgencyId: agency('33.STC'), effectiveDate: '2026-08-01' },
    ])
    .execute();
}

/**
 * Tasks (status at the measure date 14/9/2026 for Q3, 14/6/2026 for Q2):
 * - Sở Tư pháp, Q3: T1 due 15/7 done 10/7 on time; T2 due 31/7 done 31/7 on time; T3 due 14/8 done 20/8 late;
 *   T4 due 10/9 at 60% overdue; T5 due 25/8 cancelled (not counted); T6 due 4/9 done 16/9, after the measure
 *   date, so overdue at it. Not counted either: a draft plan's task due 1/8, a task due 15/9 (next quarter).
 * - Sở Tư pháp, Q2: Q2a due 15/5 done 12/5 on time; EDGE due 12/6 never done, overdue.
 * - Sở Tài chính: C1 due 20/7 done 18/7, C2 due 28/8 done 25/8 on time; Sở KH&ĐT: K1 due 25/7 done 24/7
 *   on time, K2 due 28/7 overdue; Ban QL khu kinh tế: B1 due 26/6 done 25/6 on time.
 * - Sở Xây dựng: X1 due 14/8 done 14/8 on time; X2 due 4/9 done 7/9 late.
 */
async function buildTasks() {
  const plan = await createPlan(
    t.db,
    manager,
    ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch CCHC năm 2026', status: 'active' }),
  );
  const draft = await createPlan(
    t.db,
    manager,
    ZPlanCreate.parse({ year: 2026, title: 'Dự thảo kế hoạch bổ sung năm 2026', status: 'draft' }),
  );
  const add = async (key: string, code: string, deadline: string, planId = plan.id) => {
    const task = await createTask(
      t.db,
      manager,
      ZTaskCreate.parse({
        planId,
        title: `Nhiệm vụ ${key}: rà soát, đơn giản hóa thủ tục`,
        leadAgencyId: agency(code),
        deadline,
      }),
    );
    tasks[key] = task.id;
  };
  const report = (key: string, progress: number, reportedOn: string) =>
    reportProgress(
      t.db,
      manager,
      AFTER,
      ZProgressReport.parse({ taskId: tasks[key], progress, note: 'Báo cáo kết quả thực hiện.', reportedOn }),
    );
  for (const [key, code, deadline] of [
    ['T1', '33.STP', '2026-07-15'],
    ['T2', '33.STP', '2026-07-31'],
    ['T3', '33.STP', '2026-08-14'],
    ['T4', '33.STP', '2026-09-10'],
    ['T5', '33.STP', '2026-08-25'],
    ['T6', '33.STP', '2026-09-04'],
    ['NEXT', '33.STP', '2026-09-15'],
    ['Q2a', '33.STP', '2026-05-15'],
    ['EDGE', '33.STP', '2026-06-12'],
    ['C1', '33.STC', '2026-07-20'],
    ['C2', '33.STC', '2026-08-28'],
    ['K1', '33.SKHDT', '2026-07-25'],
    ['K2', '33.SKHDT', '2026-07-28'],
    ['B1', '33.BQLKKT', '2026-06-26'],
    ['X1', '33.SXD', '2026-08-14'],
    ['X2', '33.SXD', '2026-09-04'],
  ] as const) {
    await add(key, code, deadline);
  }
  await add('DRAFT', '33.STP', '2026-08-01', draft.id);
  for (const [key, done] of [
    ['T1', '2026-07-10'],
    ['T2', '2026-07-31'],
    ['T3', '2026-08-20'],
    ['T6', '2026-09-16'],
    ['Q2a', '2026-05-12'],
    ['C1', '2026-07-18'],
    ['C2', '2026-08-25'],
    ['K1', '2026-07-24'],
    ['B1', '2026-06-25'],
    ['X1', '2026-08-14'],
    ['X2', '2026-09-07'],
  ] as const) {
    await report(key, 100, done);
  }
  await report('T4', 60, '2026-08-01');
  await cancelTask(t.db, manager, { id: tasks.T5 as string, reason: 'Không còn phù hợp sau sắp xếp bộ máy.' });
}

type Invite = [code: string, level: ExpectedLevel, mark: AttendanceMark];

async function session(key: string, startsAt: string, invites: Invite[], finalise = true) {
  const s = await createSession(
    t.db,
    secretariat,
    ZSessionCreate.parse({
      groupId: (await t.db.selectFrom('workingGroup').select('id').executeTakeFirstOrThrow()).id,
      title: `Họp tổ công tác ${key}`,
      startsAt,
      mode: 'online',
      invitations: invites.map(([code, expectedLevel]) => ({ agencyId: agency(code), expectedLevel })),
    }),
  );
  sessions[key] = s.id;
  await markAttendance(
    t.db,
    secretariat,
    ZMarkAttendance.parse({
      sessionId: s.id,
      marks: invites.map(([code, , mark]) => ({
        agencyId: agency(code),
        mark,
        delegateName: mark === 'present_delegate' ? 'Trần Thị Bình' : null,
        absenceReason: mark === 'absent_excused' ? 'Dự hội nghị của Bộ' : null,
      })),
    }),
  );
  if (finalise) await finaliseSheet(t.db, secretariat, s.id);
}

/**
 * Sessions of the provincial working group (H = head expected, D = head or deputy):
 * - S0 10/6 (Q2): Sở Tư pháp H absent (excused); Sở Tài chính H head; Sở KH&ĐT H head.
 * - S1 8/7: Sở Tư pháp H deputy; Sở Tài chính H head; Sở Xây dựng D delegate; Sở KH&ĐT H head.
 * - S2 12/8: Sở Tư pháp H absent (unexcused); Sở Tài chính D deputy; Sở Xây dựng H head.
 * - S3 9/9: Sở Tư pháp H head; Sở Tài chính H head, then the mark cleared after finalising (unmarked row).
 * - S4 11/9: Sở Tư pháp H absent, never finalised (not counted).
 */
async function buildSessions() {
  await session('S0', '2026-06-10T08:00:00+07:00', [
    ['33.STP', 'head', 'absent_excused'],
    ['33.STC', 'head', 'present_head'],
    ['33.SKHDT', 'head', 'present_head'],
  ]);
  await session('S1', '2026-07-08T08:00:00+07:00', [
    ['33.STP', 'head', 'present_deputy'],
    ['33.STC', 'head', 'present_head'],
    ['33.SXD', 'deputy_allowed', 'present_delegate'],
    ['33.SKHDT', 'head', 'present_head'],
  ]);
  await session('S2', '2026-08-12T14:00:00+07:00', [
    ['33.STP', 'head', 'absent_unexcused'],
    ['33.STC', 'deputy_allowed', 'present_deputy'],
    ['33.SXD', 'head', 'present_head'],
  ]);
  await session('S3', '2026-09-09T08:00:00+07:00', [
    ['33.STP', 'head', 'present_head'],
    ['33.STC', 'head', 'present_head'],
  ]);
  await markAttendance(
    t.db,
    secretariat,
    ZMarkAttendance.parse({
      sessionId: sessions.S3,
      marks: [{ agencyId: agency('33.STC'), mark: null }],
      reason: 'Nhầm cơ quan khi điểm danh',
    }),
  );
  await session('S4', '2026-09-11T08:00:00+07:00', [['33.STP', 'head', 'absent_unexcused']], false);
}

async function feedbackItem(
  code: string,
  receivedOn: string,
  then: { answeredOn?: string; by?: Actor; rating?: 'satisfied' | 'unsatisfied'; refusedOn?: string } = {},
) {
  const { id } = await createFeedback(
    t.db,
    manager,
    ZFeedbackCreate.parse({
      receivedAt: `${receivedOn}T09:00:00+07:00`,
      channel: 'provincial_portal',
      submitterType: 'citizen',
      submitterName: 'Nguyễn Văn An',
      subject: 'Thời hạn giải quyết hồ sơ kéo dài',
      content: 'Hồ sơ nộp đã quá hạn nhưng chưa nhận được kết quả giải quyết.',
      competentAgencyId: agency(code),
    }),
    AFTER,
  );
  const act = (by: Actor, clock: Clock, fields: Record<string, unknown>) =>
    actOnFeedback(t.db, by, ZFeedbackAction.parse({ id, ...fields }), clock);
  if (then.refusedOn) await act(manager, on(then.refusedOn), { action: 'refuse', note: 'Không thuộc thẩm quyền giải quyết.' });
  if (then.answeredOn) {
    await act(then.by ?? stpOfficer, on(then.answeredOn), {
      action: 'answer',
      answerText: 'Cơ quan đã kiểm tra và trả lời như sau.',
    });
  }
  if (then.rating) await act(manager, AFTER, { action: 'rate', satisfaction: then.rating });
  return t.db.selectFrom('feedback').select('answerDue').where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Feedback (15 working days to answer), by first receipt:
 * - Sở Tư pháp: F1 1/7 (due 22/7) answered 6/7, satisfied; F2 1/7 (due 22/7) answered 20/8, late;
 *   F3 15/7 (due 5/8) answered 20/7, rated unsatisfied; F4 10/9 open, not yet due at 14/9;
 *   F5 20/6 refused; F6 3/8 (due Saturday 22/8, worked in exchange for 31/8) open, overdue at 14/9;
 *   F7 10/6 (Q2) answered 12/6.
 * - Sở Tài chính: G1 2/7 answered 10/7, satisfied; G2 4/8 answered 6/8. Sở KH&ĐT: H1 6/7 answered 9/7, unsatisfied.
 */
async function buildFeedback() {
  expect(await feedbackItem('33.STP', '2026-07-01', { answeredOn: '2026-07-06', rating: 'satisfied' })).toEqual({
    answerDue: '2026-07-22',
  });
  expect(await feedbackItem('33.STP', '2026-07-01', { answeredOn: '2026-08-20' })).toEqual({ answerDue: '2026-07-22' });
  expect(await feedbackItem('33.STP', '2026-07-15', { answeredOn: '2026-07-20', rating: 'unsatisfied' })).toEqual({
    answerDue: '2026-08-05',
  });
  await feedbackItem('33.STP', '2026-09-10');
  await feedbackItem('33.STP', '2026-06-20', { refusedOn: '2026-06-22' });
  expect(await feedbackItem('33.STP', '2026-08-03')).toEqual({ answerDue: '2026-08-22' });
  await feedbackItem('33.STP', '2026-06-10', { answeredOn: '2026-06-12' });
  await feedbackItem('33.STC', '2026-07-02', { answeredOn: '2026-07-10', by: stcOfficer, rating: 'satisfied' });
  await feedbackItem('33.STC', '2026-08-04', { answeredOn: '2026-08-06', by: stcOfficer });
  await feedbackItem('33.SKHDT', '2026-07-06', { answeredOn: '2026-07-09', by: skhdtOfficer, rating: 'unsatisfied' });
}

/**
 * Dormant-procedure reviews of Sở Tư pháp (10 working days to propose): R1 opened 16/6, due 30/6, proposed
 * 10/7 (late); R2 opened 3/8, due 17/8, proposed 10/8 (on time); R3 opened 17/8, due 28/8 (Saturday 22/8 is
 * worked), never proposed and past due at 14/9.
 */
async function buildReviews() {
  const open = async (code: string, date: string) =>
    openReview(t.db, manager, on(date), ZReviewOpen.parse({ procedureId: procedure(code), agencyId: agency('33.STP') }));
  const propose = (id: string, date: string) =>
    proposeReview(t.db, stpOfficer, on(date), ZReviewPropose.parse({ id, proposal: 'abolish' }));
  const r1 = await open('1.000005', '2026-06-16');
  await propose(r1.id, '2026-07-10');
  const r2 = await open('1.000010', '2026-08-03');
  await propose(r2.id, '2026-08-10');
  await open('1.000014', '2026-08-17');
  const dues = await t.db
    .selectFrom('procedureReview')
    .select('proposeDue')
    .where('agencyId', '=', agency('33.STP'))
    .orderBy('proposeDue')
    .execute();
  expect(dues.map((d) => d.proposeDue)).toEqual(['2026-06-30', '2026-08-17', '2026-08-28']);
}

/** Queues a quarter's run as the Sở Nội vụ does and runs it as the worker does. */
async function computed(period: { from: string; to: string }, clock: Clock = AFTER): Promise<string> {
  const { runId } = await queueScoreRun(t.db, manager, { periodKind: 'quarter', ...period, schemeId: null });
  await computeScoreRun(t.db, runId, clock);
  return runId;
}

async function resultOf(runId: string, code: string) {
  const row = await t.db
    .selectFrom('scoreResult')
    .selectAll()
    .where('runId', '=', runId)
    .where('agencyId', '=', agency(code))
    .executeTakeFirst();
  if (!row) return null;
  const { runId: _r, agencyId: _a, components, ...rest } = row;
  return {
    ...rest,
    components: (components as ComponentResult[]).map((c) => [c.key, c.numerator, c.denominator, c.rate, c.points]),
  };
}

async function resultCount(runId: string) {
  const { n } = await t.db
    .selectFrom('scoreResult')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('runId', '=', runId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function runRow(runId: string) {
  return t.db.selectFrom('scoreRun').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
}

/** Departments in force on the quarter's last day, and every commune: the agencies a Q3 run scores. */
async function q3AgencyCount() {
  const { n } = await t.db
    .selectFrom('agency')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'commune')
    .executeTakeFirstOrThrow();
  return 13 + Number(n);
}

async function tableCounts() {
  const count = async (table: 'scoreRun' | 'scoreResult' | 'scoreScheme' | 'auditLog') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    runs: await count('scoreRun'),
    results: await count('scoreResult'),
    schemes: await count('scoreScheme'),
    audit: await count('auditLog'),
  };
}

async function queuedJobs(runId: string) {
  const { rows } = await sql<{ payload: { runId: string }; maxAttempts: number }>`
    select j.payload, j.max_attempts from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = ${SCORE_TASK} and j.payload->>'runId' = ${runId}`.execute(t.db);
  return rows;
}

describe('computeScoreRun on the third quarter of 2026', () => {
  it('queues the run with its worker job in one transaction, under the scheme in force at the period end', async () => {
    const { runId, schemeVersion } = await queueScoreRun(t.db, manager, {
      periodKind: 'quarter',
      ...Q3,
      schemeId: null,
    });
    expect(schemeVersion).toBe(1);
    expect(await runRow(runId)).toMatchObject({
      periodKind: 'quarter',
      periodFrom: '2026-06-15',
      periodTo: '2026-09-14',
      status: 'queued',
      trigger: 'manual',
      createdBy: manager.userId,
    });
    expect(await queuedJobs(runId)).toEqual([{ payload: { runId }, maxAttempts: 3 }]);
  });

  it('refuses a period no scheme version covers yet, leaving neither run nor job behind', async () => {
    const before = await tableCounts();
    const error = await appErrorOf(
      queueScoreRun(t.db, manager, { periodKind: 'quarter', from: '2023-06-15', to: '2023-09-14', schemeId: null }),
    );
    expect(error).toMatchObject({ kind: 'bad_request', code: 'scores.no_scheme' });
    expect(await tableCounts()).toEqual(before);
  });

  it('stores the run as done, measured on the day it ran, with every department in force and every commune', async () => {
    const run = await runRow(q3Run);
    expect(run).toMatchObject({ status: 'done', phase: 'done', measure: '2026-09-20', error: null });
    const agencies = await q3AgencyCount();
    expect(run.agenciesTotal).toBe(agencies);
    expect(run.agenciesDone).toBe(agencies);
    expect(await resultCount(q3Run)).toBe(agencies);
  });

  it('scores Sở Tư pháp as computed by hand', async () => {
    // Default scheme (points / threshold): tasks 30/90, attendance 15/100, head 10/80, feedback on time 20/90,
    // satisfaction 15/90, reviews 10/80. Points = min(rate ÷ threshold, 1) × points.
    // - tasks: on time T1, T2 ÷ counted T1, T2, T3 (late), T4, T6 (overdue) = 2/5 = 40% → 40/90 × 30 = 13.33
    // - attendance: S1 deputy, S2 absent, S3 head = 2/3 = 66.7% → 10.00 (S4 is not finalised)
    // - head attendance: head at S3 only, of S1–S3 = 1/3 = 33.3% → 33.3/80 × 10 = 4.17
    // - feedback on time, judged on 20/9 (the run's day): F1, F3 ÷ F1, F2, F3, F6 (open, overdue); F4 not yet due
    //   is in neither part, F5 refused = 2/4 = 50% → 50/90 × 20 = 11.11
    // - satisfaction: 5 − F2 (late) − F3 (unsatisfied) − F6 (open past its due date) = 2/5 = 40% → 40/90 × 15 = 6.67
    // - reviews: R2 on time ÷ R1 (late), R2, R3 (past due) = 1/3 = 33.3% → 4.17
    // earned 13.33 + 10 + 4.17 + 11.11 + 6.67 + 4.17 = 49.45 of 100 → 49.5%, group C.
    expect(await resultOf(q3Run, '33.STP')).toEqual({
      peerGroup: 'department',
      total: 49.5,
      earned: 49.45,
      available: 100,
      grade: 'C',
      rank: 3,
      components: [
        ['tasks_on_time', 2, 5, 40, 13.33],
        ['attendance', 2, 3, 66.7, 10],
        ['head_attendance', 1, 3, 33.3, 4.17],
        ['feedback_on_time', 2, 4, 50, 11.11],
        ['feedback_satisfaction', 2, 5, 40, 6.67],
        ['reviews_on_time', 1, 3, 33.3, 4.17],
      ],
    });
  });

  it('scores Sở Tài chính by hand, with what its merged predecessors did in the quarter', async () => {
    // - tasks: C1, C2, K1 (Sở KH&ĐT), B1 (Ban QL khu kinh tế) on time, K2 overdue = 4/5 = 80% → 80/90 × 30 = 26.67
    // - attendance: S1 head, S2 deputy, S3 unmarked (= unexcused absence), Sở KH&ĐT at S1 head = 3/4 = 75% → 11.25
    // - head attendance: asked at S1, S3 and Sở KH&ĐT's S1; the head came to both S1 = 2/3 = 66.7% → 8.33
    // - feedback on time: G1, G2, H1 = 3/3 → 20; satisfaction 3 − H1 (unsatisfied) = 2/3 = 66.7% → 11.11
    // - reviews: none → N/A, its 10 points leave the maximum.
    // earned 26.67 + 11.25 + 8.33 + 20 + 11.11 = 77.36 of 90 → 86.0%, group B.
    expect(await resultOf(q3Run, '33.STC')).toEqual({
      peerGroup: 'department',
      total: 86,
      earned: 77.36,
      available: 90,
      grade: 'B',
      rank: 1,
      components: [
        ['tasks_on_time', 4, 5, 80, 26.67],
        ['attendance', 3, 4, 75, 11.25],
        ['head_attendance', 2, 3, 66.7, 8.33],
        ['feedback_on_time', 3, 3, 100, 20],
        ['feedback_satisfaction', 2, 3, 66.7, 11.11],
        ['reviews_on_time', 0, 0, null, null],
      ],
    });
  });

  it('scores Sở Xây dựng by hand, out of the 55 points it had occasion to earn', async () => {
    // - tasks: X1 on time (done on its deadline), X2 late = 1/2 = 50% → 50/90 × 30 = 16.67
    // - attendance: S1 delegate (head or deputy allowed), S2 head = 2/2 → 15; head asked at S2 only, came = 1/1 → 10
    // - no feedback, no review: N/A, 20 + 15 + 10 points leave the maximum.
    // earned 16.67 + 15 + 10 = 41.67 of 55 → 75.8%, group C.
    expect(await resultOf(q3Run, '33.SXD')).toEqual({
      peerGroup: 'department',
      total: 75.8,
      earned: 41.67,
      available: 55,
      grade: 'C',
      rank: 2,
      components: [
        ['tasks_on_time', 1, 2, 50, 16.67],
        ['attendance', 2, 2, 100, 15],
        ['head_attendance', 1, 1, 100, 10],
        ['feedback_on_time', 0, 0, null, null],
        ['feedback_satisfaction', 0, 0, null, null],
        ['reviews_on_time', 0, 0, null, null],
      ],
    });
  });

  it('gives an agency with no data at all no total and no rank, never 0', async () => {
    expect(await resultOf(q3Run, '33.SYT')).toEqual({
      peerGroup: 'department',
      total: null,
      earned: 0,
      available: 0,
      grade: null,
      rank: null,
      components: DEFAULT_SCHEME.components.map((c) => [c.key, 0, 0, null, null]),
    });
  });

  it('ranks departments among themselves only, and communes in their own group', async () => {
    const ranked = await t.db
      .selectFrom('scoreResult as r')
      .innerJoin('agency as a', 'a.id', 'r.agencyId')
      .select(['a.code', 'r.peerGroup', 'r.rank'])
      .where('r.runId', '=', q3Run)
      .where('r.rank', 'is not', null)
      .orderBy('r.rank')
      .execute();
    expect(ranked).toEqual([
      { code: '33.STC', peerGroup: 'department', rank: 1 },
      { code: '33.SXD', peerGroup: 'department', rank: 2 },
      { code: '33.STP', peerGroup: 'department', rank: 3 },
    ]);
    const communes = await t.db
      .selectFrom('scoreResult')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('runId', '=', q3Run)
      .where('peerGroup', '=', 'commune')
      .executeTakeFirstOrThrow();
    expect(Number(communes.n)).toBe((await q3AgencyCount()) - 13);
  });
});

describe('agency lineage', () => {
  it('scores no row for the merged departments in a quarter they ended in: their work counts for the Sở Tài chính', async () => {
    expect(await resultOf(q3Run, '33.SKHDT')).toBeNull();
    expect(await resultOf(q3Run, '33.BQLKKT')).toBeNull();
  });

  it('keeps a quarter before the merge as it was: the Sở KH&ĐT is scored for its own attendance', async () => {
    // Q2 (15/3 → 14/6), before either merge took effect; both merged departments were still in force on 14/6.
    // - Sở KH&ĐT: S0 head = 1/1 → 15 + 10 of 25 → 100.0%, A. Sở Tài chính: S0 head → 100.0%, A (tied first).
    // - Sở Tư pháp: tasks Q2a on time, EDGE overdue = 1/2 → 16.67; S0 absent → 0 of 15 and 0 of 10;
    //   feedback F7 on time and not unsatisfied → 20 + 15; earned 51.67 of 90 → 57.4%, C, third.
    // - Ban QL khu kinh tế: nothing → N/A.
    const q2 = async (code: string) => {
      const r = await resultOf(q2Run, code);
      return r && { total: r.total, grade: r.grade, rank: r.rank, components: r.components.filter((c) => c[2] !== 0) };
    };
    expect(await q2('33.SKHDT')).toEqual({
      total: 100,
      grade: 'A',
      rank: 1,
      components: [
        ['attendance', 1, 1, 100, 15],
        ['head_attendance', 1, 1, 100, 10],
      ],
    });
    expect(await q2('33.STC')).toEqual({
      total: 100,
      grade: 'A',
      rank: 1,
      components: [
        ['attendance', 1, 1, 100, 15],
        ['head_attendance', 1, 1, 100, 10],
      ],
    });
    expect(await q2('33.STP')).toEqual({
      total: 57.4,
      grade: 'C',
      rank: 3,
      components: [
        ['tasks_on_time', 1, 2, 50, 16.67],
        ['attendance', 0, 1, 0, 0],
        ['head_attendance', 0, 1, 0, 0],
        ['feedback_on_time', 1, 1, 100, 20],
        ['feedback_satisfaction', 1, 1, 100, 15],
      ],
    });
    expect(await q2('33.BQLKKT')).toMatchObject({ total: null, rank: null, components: [] });
  });

  it("lists the predecessors' tasks and sessions behind the Sở Tài chính's components, through the whole chain", async () => {
    const taskItems = await componentItems(
      t.db,
      manager,
      { runId: q3Run, agencyId: agency('33.STC'), key: 'tasks_on_time' },
      AFTER,
    );
    expect(taskItems.items.map((i) => ('status' in i ? [i.id, i.status, i.lost] : null))).toEqual([
      [tasks.B1, 'done_on_time', false],
      [tasks.C1, 'done_on_time', false],
      [tasks.K1, 'done_on_time', false],
      [tasks.K2, 'overdue', true],
      [tasks.C2, 'done_on_time', false],
    ]);
    const attendance = await componentItems(
      t.db,
      manager,
      { runId: q3Run, agencyId: agency('33.STC'), key: 'attendance' },
      AFTER,
    );
    expect(attendance.items.map((i) => ('mark' in i ? [i.id, i.mark, i.lost] : null))).toEqual([
      [sessions.S1, 'present_head', false],
      [sessions.S1, 'present_head', false], // the Sở KH&ĐT's invitation
      [sessions.S2, 'present_deputy', false],
      [sessions.S3, 'absent_unexcused', true], // unmarked after finalising
    ]);
  });
});

describe('scorecard and componentItems', () => {
  it("shows the Sở Tư pháp's head their own card: rank among ranked peers, where to gain, the trend over two quarters", async () => {
    const card = await scorecard(t.db, head, {});
    expect(card.agency).toMatchObject({ code: '33.STP', name: 'Sở Tư pháp' });
    expect(card.run).toMatchObject({ periodFrom: Q3.from, periodTo: Q3.to, schemeVersion: 1 });
    expect(card.result).toMatchObject({ total: 49.5, earned: 49.45, available: 100, group: 'C', rank: 3 });
    expect(card.peers).toBe(3); // the ranked departments; the ten without data are not peers in the ranking
    // Points missing ÷ 100 available: tasks 16.67, feedback on time 8.89, satisfaction 8.33, head 5.83, reviews 5.83, attendance 5.
    expect(card.gains).toEqual([
      { key: 'tasks_on_time', gain: 16.7 },
      { key: 'feedback_on_time', gain: 8.9 },
      { key: 'feedback_satisfaction', gain: 8.3 },
      { key: 'head_attendance', gain: 5.8 },
      { key: 'reviews_on_time', gain: 5.8 },
      { key: 'attendance', gain: 5 },
    ]);
    expect(card.trend.map((p) => [p.periodFrom, p.periodTo, p.total, p.grade, p.rank])).toEqual([
      ['2026-03-15', '2026-06-14', 57.4, 'C', 3],
      ['2026-06-15', '2026-09-14', 49.5, 'C', 3],
    ]);
  });

  it("shows the quarter asked for, and refuses another agency's card", async () => {
    const card = await scorecard(t.db, head, { runId: q2Run });
    expect(card.result).toMatchObject({ total: 57.4, rank: 3 });
    expect(card.peers).toBe(3); // Sở Tài chính and Sở KH&ĐT tied first, Sở Tư pháp third
    const error = await appErrorOf(scorecard(t.db, head, { agencyId: agency('33.STC') }));
    expect(error).toMatchObject({ kind: 'forbidden', code: 'scores.not_your_agency' });
    const items = await appErrorOf(
      componentItems(t.db, head, { runId: q3Run, agencyId: agency('33.STC'), key: 'attendance' }, AFTER),
    );
    expect(items).toMatchObject({ kind: 'forbidden' });
  });

  it('lists the sessions behind attendance, the one the agency missed marked as lost', async () => {
    const { items } = await componentItems(t.db, head, { runId: q3Run, agencyId: agency('33.STP'), key: 'attendance' }, AFTER);
    expect(items.map((i) => ('mark' in i ? [i.id, i.title, i.mark, i.lost] : null))).toEqual([
      [sessions.S1, 'Phiên 2: Họp tổ công tác S1', 'present_deputy', false],
      [sessions.S2, 'Phiên 3: Họp tổ công tác S2', 'absent_unexcused', true],
      [sessions.S3, 'Phiên 4: Họp tổ công tác S3', 'present_head', false],
    ]);
    const head_ = await componentItems(t.db, head, { runId: q3Run, agencyId: agency('33.STP'), key: 'head_attendance' }, AFTER);
    expect(head_.items.map((i) => ('lost' in i ? i.lost : null))).toEqual([true, true, false]);
  });

  it('lists the tasks behind the task component as counted by the score: not the cancelled, draft or next-quarter ones', async () => {
    const { items } = await componentItems(t.db, head, { runId: q3Run, agencyId: agency('33.STP'), key: 'tasks_on_time' }, AFTER);
    expect(items.map((i) => ('status' in i ? [i.id, i.status, i.lost] : null))).toEqual([
      [tasks.T1, 'done_on_time', false],
      [tasks.T2, 'done_on_time', false],
      [tasks.T3, 'done_late', true],
      [tasks.T6, 'overdue', true], // done on 16/9, after the quarter's measure date
      [tasks.T4, 'overdue', true],
    ]);
  });
});

describe('rankingsXlsx', () => {
  it('exports the ranking with a header row and each agency’s total and component points', async () => {
    const { fileName, body } = await rankingsXlsx(t.db, q3Run);
    expect(fileName).toBe('xep-hang-cchc-2026-06-15-2026-09-14.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Xếp hạng cải cách hành chính của cơ quan, kỳ 15/06/2026 – 14/09/2026']);
    expect(values(3)).toEqual(['Số liệu tính đến 20/09/2026']); // the day the run computed the figures
    expect(values(5)).toEqual([
      'Nhóm',
      'Hạng',
      'Mã',
      'Cơ quan',
      'Tổng điểm (%)',
      'Xếp loại',
      'Nhiệm vụ hoàn thành đúng hạn',
      'Tham dự phiên họp',
      'Thủ trưởng dự họp',
      'PAKN trả lời đúng hạn',
      'Hài lòng với trả lời PAKN',
      'Rà soát TTHC đúng hạn',
    ]);
    expect([6, 7, 8].map(values)).toEqual([
      ['Sở, ngành', 1, '33.STC', 'Sở Tài chính', 86, 'B', 26.67, 11.25, 8.33, 20, 11.11],
      ['Sở, ngành', 2, '33.SXD', 'Sở Xây dựng', 75.8, 'C', 16.67, 15, 10],
      ['Sở, ngành', 3, '33.STP', 'Sở Tư pháp', 49.5, 'C', 13.33, 10, 4.17, 11.11, 6.67, 4.17],
    ]);
    expect(sheet.rowCount).toBe(5 + (await q3AgencyCount()));
  });
});

describe('computeScoreRun: once, and all or nothing', () => {
  it('leaves exactly one result per agency, unchanged, when the worker runs the same run twice', async () => {
    const runId = await computed(Q3);
    const first = await runRow(runId);
    const stp = await resultOf(runId, '33.STP');
    await expect(computeScoreRun(t.db, runId, AFTER)).resolves.toEqual({ agencies: await q3AgencyCount() });
    expect(await runRow(runId)).toEqual(first);
    expect(await resultCount(runId)).toBe(await q3AgencyCount());
    expect(await resultOf(runId, '33.STP')).toEqual(stp);
    const done = await t.db
      .selectFrom('auditLog')
      .select('actorUsername')
      .where('action', '=', 'score.run_done')
      .where('entityId', '=', runId)
      .execute();
    expect(done).toEqual([{ actorUsername: `job:${SCORE_TASK}` }]);
  });

  it('marks a run whose results transaction fails as failed, keeps none of its results, and a retry completes it', async () => {
    const { runId } = await queueScoreRun(t.db, manager, { periodKind: 'quarter', ...Q3, schemeId: null });
    // The last write of the results transaction (its audit row) fails, after every result was inserted.
    await sql`
      create function reject_score_run_done() returns trigger language plpgsql as $$
      begin
        if new.action = 'score.run_done' then raise exception 'audit log unavailable'; end if;
        return new;
      end $$`.execute(t.db);
    await sql`create trigger reject_score_run_done before insert on audit_log
      for each row execute function reject_score_run_done()`.execute(t.db);
    try {
      await expect(computeScoreRun(t.db, runId, AFTER)).rejects.toThrow('audit log unavailable');
    } finally {
      await sql`drop trigger reject_score_run_done on audit_log`.execute(t.db);
      await sql`drop function reject_score_run_done()`.execute(t.db);
    }
    expect(await runRow(runId)).toMatchObject({ status: 'failed', phase: 'failed', error: 'audit log unavailable' });
    expect(await resultCount(runId)).toBe(0);
    expect((await rankings(t.db, runId)).rows).toEqual([]);
    // The earlier run of the same quarter is untouched.
    expect(await resultCount(q3Run)).toBe(await q3AgencyCount());

    // The worker retries once the fault is gone.
    await computeScoreRun(t.db, runId, AFTER);
    expect(await runRow(runId)).toMatchObject({ status: 'done', phase: 'done', error: null });
    expect(await resultCount(runId)).toBe(await q3AgencyCount());
    expect(await resultOf(runId, '33.STP')).toEqual(await resultOf(q3Run, '33.STP'));
  });
});

describe('scheduleQuarterRun', () => {
  const scheduled = () =>
    t.db
      .selectFrom('scoreRun')
      .select(['id', 'periodKind', 'periodFrom', 'periodTo', 'status', 'trigger'])
      .where('trigger', '=', 'schedule')
      .execute();

  it('does nothing on 16/9 (Vietnam date), even while it is still the 15th in UTC', async () => {
    // 01:00 on 16/9 in Hà Nội = 18:00 on 15/9 UTC.
    expect(await scheduleQuarterRun(t.db, fixedClock('2026-09-15T18:00:00Z'))).toBeNull();
    expect(await scheduled()).toEqual([]);
  });

  it('queues the quarter 15/6 → 14/9 once on 15/9, however often it runs that day', async () => {
    // 01:00 on 15/9 in Hà Nội = 18:00 on 14/9 UTC: the cron's 19:30 UTC on the 14th.
    const runId = await scheduleQuarterRun(t.db, fixedClock('2026-09-14T18:00:00Z'));
    expect(runId).not.toBeNull();
    expect(await scheduled()).toEqual([
      {
        id: runId,
        periodKind: 'quarter',
        periodFrom: '2026-06-15',
        periodTo: '2026-09-14',
        status: 'queued',
        trigger: 'schedule',
      },
    ]);
    expect(await queuedJobs(runId as string)).toHaveLength(1);
    expect(await scheduleQuarterRun(t.db, fixedClock('2026-09-15T03:00:00Z'))).toBeNull();
    expect(await scheduleQuarterRun(t.db, fixedClock('2026-09-15T16:59:00Z'))).toBeNull(); // 23:59 in Hà Nội
    expect(await scheduled()).toHaveLength(1);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'score.run_queued')
      .where('entityId', '=', runId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actorUsername: 'job:scores__schedule', after: { trigger: 'schedule' } });
  });

  it('does nothing on other days of the month or in other months', async () => {
    for (const instant of ['2026-09-16T03:00:00Z', '2026-10-15T03:00:00Z', '2026-09-14T03:00:00Z']) {
      expect(await scheduleQuarterRun(t.db, fixedClock(instant))).toBeNull();
    }
    expect(await scheduled()).toHaveLength(1);
  });
});

describe('scheme versions and previewScheme', () => {
  /** Tasks weigh more; feedback less. */
  const V2: ScoreScheme = {
    components: [
      { key: 'tasks_on_time', points: 40, threshold: 90 },
      { key: 'attendance', points: 15, threshold: 100 },
      { key: 'head_attendance', points: 10, threshold: 80 },
      { key: 'feedback_on_time', points: 15, threshold: 90 },
      { key: 'feedback_satisfaction', points: 10, threshold: 90 },
      { key: 'reviews_on_time', points: 10, threshold: 80 },
    ],
    groups: DEFAULT_SCHEME.groups,
  };
  let v2Run: string;

  it('adds a version on every save and never edits one', async () => {
    const v2 = await saveScheme(
      t.db,
      manager,
      ZSchemeSave.parse({ name: 'Bộ tiêu chí năm 2026', effectiveFrom: '2026-01-01', note: '', scheme: V2 }),
    );
    const v3 = await saveScheme(
      t.db,
      manager,
      ZSchemeSave.parse({ name: 'Bộ tiêu chí năm 2027', effectiveFrom: '2027-01-01', scheme: DEFAULT_SCHEME }),
    );
    expect([v2.version, v3.version]).toEqual([2, 3]);
    expect(await ensureDefaultScheme(t.db, SEED)).toBe(false);
    const all = await listSchemes(t.db);
    expect(all.map((s) => [s.version, s.name, s.effectiveFrom, s.note])).toEqual([
      [3, 'Bộ tiêu chí năm 2027', '2027-01-01', null],
      [2, 'Bộ tiêu chí năm 2026', '2026-01-01', null],
      [1, 'Bộ tiêu chí đánh giá CCHC của cơ quan (mặc định)', '2024-01-01', expect.any(String)],
    ]);
    expect(all.find((s) => s.version === 1)?.scheme).toEqual(DEFAULT_SCHEME);
    expect(all.find((s) => s.version === 2)?.scheme).toEqual(V2);
  });

  it('numbers versions saved at the same moment distinctly', async () => {
    const saved = await Promise.all(
      [1, 2].map((i) =>
        saveScheme(
          t.db,
          manager,
          ZSchemeSave.parse({ name: `Dự thảo ${i}`, effectiveFrom: '2030-01-01', scheme: DEFAULT_SCHEME }),
        ),
      ),
    );
    expect(saved.map((s) => s.version).sort()).toEqual([4, 5]);
  });

  it('refuses, in Vietnamese, a scheme whose points do not add up to 100 or with no group from 0%', () => {
    const result = ZSchemeBody.safeParse({
      components: [
        { key: 'tasks_on_time', points: 60, threshold: 90 },
        { key: 'attendance', points: 30, threshold: 100 },
      ],
      groups: [{ name: 'A', min: 90 }],
    });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Tổng điểm các thành phần phải bằng 100 (hiện là 90).',
      'Cần một nhóm xếp loại bắt đầu từ 0 %.',
    ]);
  });

  it('keeps a computed run on its version; a new run of the quarter takes the version in force on 14/9', async () => {
    expect(await getRun(t.db, q3Run)).toMatchObject({ schemeVersion: 1 });
    expect((await resultOf(q3Run, '33.STP'))?.total).toBe(49.5);
    const queued = await queueScoreRun(t.db, manager, { periodKind: 'quarter', ...Q3, schemeId: null });
    expect(queued.schemeVersion).toBe(2); // version 3 takes effect only in 2027
    await computeScoreRun(t.db, queued.runId, AFTER);
    v2Run = queued.runId;
    const next = await queueScoreRun(t.db, manager, {
      periodKind: 'month',
      from: '2027-01-01',
      to: '2027-01-31',
      schemeId: null,
    });
    expect(next.schemeVersion).toBe(3);
  });

  it('ranks the new run by the new weights, beside the old run', async () => {
    // Version 2 (tasks 40, feedback on time 15, satisfaction 10):
    // - Sở Tài chính: 80/90 × 40 = 35.56 + 11.25 + 8.33 + 15 + 66.7/90 × 10 = 7.41 → 77.55 of 90 → 86.2%
    // - Sở Xây dựng: 50/90 × 40 = 22.22 + 15 + 10 → 47.22 of 65 → 72.6%
    // - Sở Tư pháp: 40/90 × 40 = 17.78 + 10 + 4.17 + 50/90 × 15 = 8.33 + 40/90 × 10 = 4.44 + 4.17 → 48.89 of 100 → 48.9%
    const { run, rows } = await rankings(t.db, v2Run, q3Run);
    expect(run.schemeVersion).toBe(2);
    expect(rows.slice(0, 4).map((r) => [r.code, r.total, r.grade, r.rank, r.previousTotal, r.previousRank])).toEqual([
      ['33.STC', 86.2, 'B', 1, 86, 1],
      ['33.SXD', 72.6, 'C', 2, 75.8, 2],
      ['33.STP', 48.9, 'C', 3, 49.5, 3],
      [expect.any(String), null, null, null, null, null],
    ]);
  });

  it('previews another weighting on a run’s stored inputs, new totals and ranks, writing nothing', async () => {
    // Attendance 50 (threshold 100), head attendance 30 (80), tasks 20 (90):
    // - Sở Xây dựng: 50 + 30 + 50/90 × 20 = 11.11 → 91.1%, A, first (was second)
    // - Sở Tài chính: 75% × 50 = 37.5 + 66.7/80 × 30 = 25 + 80/90 × 20 = 17.78 → 80.3%, B, second (was first)
    // - Sở Tư pháp: 66.7% × 50 = 33.33 + 33.3/80 × 30 = 12.5 + 40/90 × 20 = 8.89 → 54.7%, C, third
    const scheme = ZSchemeBody.parse({
      components: [
        { key: 'attendance', points: 50, threshold: 100 },
        { key: 'head_attendance', points: 30, threshold: 80 },
        { key: 'tasks_on_time', points: 20, threshold: 90 },
      ],
      groups: DEFAULT_SCHEME.groups,
    });
    const before = await tableCounts();
    const preview = await previewScheme(t.db, q3Run, scheme);
    expect(preview.map((p) => [p.name, p.total, p.rank, p.grade, p.newTotal, p.newRank, p.newGrade])).toEqual([
      ['Sở Xây dựng', 75.8, 2, 'C', 91.1, 1, 'A'],
      ['Sở Tài chính', 86, 1, 'B', 80.3, 2, 'B'],
      ['Sở Tư pháp', 49.5, 3, 'C', 54.7, 3, 'C'],
    ]);
    expect(await tableCounts()).toEqual(before);
    expect((await resultOf(q3Run, '33.SXD'))?.total).toBe(75.8);
  });
});
