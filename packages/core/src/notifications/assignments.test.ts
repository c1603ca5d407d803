/** Work finds its people: an agency's officers and head are told in the app and by e-mail when work is assigned to it. */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { ZPlanCreate, ZPlanUpdate, ZTaskCreate, ZTaskUpdate } from '../plans/schemas';
import { createPlan, createTask, updatePlan, updateTask } from '../plans/service';
import { importCatalogue } from '../procedures/catalogue';
import { decideReview, openReview, openReviews, proposeReview, ZReviewDecide, ZReviewPropose } from '../procedures/reviews';
import { runReportsDaily } from '../reports/submissions';
import { seedDemo } from '../seed/demo';
import { actor, addUser, departmentIds, type IdsByCode, procedureIds } from '../testing/fixtures';

/** Monday 2/3/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-03-02T03:00:00Z');

let t: TestDatabase;
let dept: IdsByCode;
let manager: Actor;
let stpOfficer: Actor;
let procedure: IdsByCode;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  dept = await departmentIds(t.db);
  // The demo users have no e-mail address; these officers do.
  await addUser(t.db, 'canbo.stc', 'agency_officer', dept('33.STC'), { email: 'canbo.stc@hungyen.gov.vn' });
  await addUser(t.db, 'canbo.sxd', 'agency_officer', dept('33.SXD'), { email: 'canbo.sxd@hungyen.gov.vn' });
  await addUser(t.db, 'nghiviec.stp', 'agency_officer', dept('33.STP'), { isActive: false });
  manager = await actor(t.db, 'sonoivu');
  stpOfficer = await actor(t.db, 'canbo.stp');
  const catalogue = await importCatalogue(t.db, manager, {
    fileName: 'tthc.csv',
    content: Buffer.from(
      'code,name,field\n1.000005,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp\n1.000010,Chứng thực bản sao,Chứng thực\n1.000014,Đăng ký khai sinh,Hộ tịch\n',
    ),
  });
  expect(catalogue.ok).toBe(true);
  procedure = await procedureIds(t.db, ['1.000005', '1.000010', '1.000014']);
});
afterAll(async () => t.drop());

/** The notices a user has, newest first. */
async function noticesOf(username: string, kind?: string) {
  let q = t.db
    .selectFrom('notification as n')
    .innerJoin('appUser as u', 'u.id', 'n.userId')
    .select(['n.kind', 'n.title', 'n.body', 'n.link'])
    .where('u.username', '=', username)
    .orderBy('n.id', 'desc');
  if (kind) q = q.where('n.kind', '=', kind);
  return q.execute();
}

async function mailsTo(address: string) {
  return t.db.selectFrom('emailOutbox').select(['subject', 'body']).where('toAddress', '=', address).orderBy('id').execute();
}

const plan = (title: string, status: 'draft' | 'active' = 'active') =>
  createPlan(t.db, manager, ZPlanCreate.parse({ year: 2026, title, status }));

describe('a task assigned to agencies', () => {
  it("tells the lead agency's officers and head, and each coordinating agency, with the deadline and a link to the task", async () => {
    const { id: planId } = await plan('Kế hoạch CCHC năm 2026');
    const task = await createTask(
      t.db,
      manager,
      ZTaskCreate.parse({
        planId,
        title: 'Rà soát thủ tục lĩnh vực hộ tịch',
        leadAgencyId: dept('33.STP'),
        coordinatorIds: [dept('33.STC')],
        deadline: '2026-03-31',
      }),
    );
    for (const username of ['canbo.stp', 'giamdoc.stp']) {
      expect(await noticesOf(username, 'task_assigned')).toEqual([
        {
          kind: 'task_assigned',
          title: 'Nhiệm vụ mới: Rà soát thủ tục lĩnh vực hộ tịch',
          body: 'Cơ quan được giao chủ trì nhiệm vụ "Rà soát thủ tục lĩnh vực hộ tịch" (Kế hoạch CCHC năm 2026) — hạn 31/03/2026.',
          link: `/tasks/${task.id}`,
        },
      ]);
    }
    expect((await noticesOf('canbo.stc', 'task_assigned'))[0]?.body).toContain('phối hợp thực hiện');
    // Nobody outside the two agencies, and no inactive account.
    expect(await noticesOf('canbo.sxd', 'task_assigned')).toEqual([]);
    expect(await noticesOf('nghiviec.stp', 'task_assigned')).toEqual([]);
    expect(await noticesOf('sonoivu', 'task_assigned')).toEqual([]);
    // The officer with an address gets the e-mail through the outbox, with its send job.
    expect(await mailsTo('canbo.stc@hungyen.gov.vn')).toEqual([
      expect.objectContaining({ subject: '[CCHC] Nhiệm vụ mới: Rà soát thủ tục lĩnh vực hộ tịch' }),
    ]);
  });

  it('tells only the agency newly added when a task is edited, and nobody when nothing about its agencies changed', async () => {
    const { id: planId } = await plan('Kế hoạch số hóa 2026');
    const input = {
      planId,
      title: 'Số hóa hồ sơ chứng thực',
      leadAgencyId: dept('33.STP'),
      coordinatorIds: [dept('33.STC')],
    };
    const task = await createTask(t.db, manager, ZTaskCreate.parse(input));
    const before = { stp: (await noticesOf('canbo.stp')).length, stc: (await noticesOf('canbo.stc')).length };
    const { planId: _plan, ...fields } = input;
    await updateTask(
      t.db,
      manager,
      ZTaskUpdate.parse({ id: task.id, ...fields, coordinatorIds: [dept('33.STC'), dept('33.SXD')], title: 'Số hóa hồ sơ' }),
    );
    expect(await noticesOf('canbo.sxd', 'task_assigned')).toEqual([
      expect.objectContaining({ title: 'Nhiệm vụ mới: Số hóa hồ sơ', link: `/tasks/${task.id}` }),
    ]);
    expect((await noticesOf('canbo.stp')).length).toBe(before.stp);
    expect((await noticesOf('canbo.stc')).length).toBe(before.stc);
    // The same form saved again notifies nobody.
    await updateTask(
      t.db,
      manager,
      ZTaskUpdate.parse({ id: task.id, ...fields, coordinatorIds: [dept('33.STC'), dept('33.SXD')], title: 'Số hóa hồ sơ' }),
    );
    expect(await noticesOf('canbo.sxd', 'task_assigned')).toHaveLength(1);
    // Reassigned to another lead: the new lead is told it leads now.
    await updateTask(
      t.db,
      manager,
      ZTaskUpdate.parse({ id: task.id, ...fields, leadAgencyId: dept('33.SXD'), coordinatorIds: [], title: 'Số hóa hồ sơ' }),
    );
    const sxd = await noticesOf('canbo.sxd', 'task_assigned');
    expect(sxd).toHaveLength(2);
    expect(sxd[0]?.body).toContain('được giao chủ trì');
  });

  it('waits while the plan is a draft and tells every agency once when the plan comes into force', async () => {
    const draft = await plan('Kế hoạch dự thảo 2026', 'draft');
    await createTask(t.db, manager, ZTaskCreate.parse({ planId: draft.id, title: 'Nhiệm vụ một', leadAgencyId: dept('33.SXD') }));
    await createTask(t.db, manager, ZTaskCreate.parse({ planId: draft.id, title: 'Nhiệm vụ hai', leadAgencyId: dept('33.SXD') }));
    const before = (await noticesOf('canbo.sxd')).length;
    expect((await noticesOf('canbo.sxd')).some((n) => n.body?.includes('Nhiệm vụ một'))).toBe(false);
    const update = ZPlanUpdate.parse({ id: draft.id, year: 2026, title: draft.title, status: 'active' });
    await updatePlan(t.db, manager, update);
    const after = await noticesOf('canbo.sxd');
    expect(after).toHaveLength(before + 1);
    // Two tasks for one agency in one go: one notice naming both, pointing to the agency's own work.
    expect(after[0]).toMatchObject({ title: '2 nhiệm vụ mới được giao cho cơ quan', link: '/my-work' });
    expect(after[0]?.body).toContain('"Nhiệm vụ một"');
    // Back to draft and in force again: nobody is told twice.
    await updatePlan(t.db, manager, { ...update, status: 'draft' });
    await updatePlan(t.db, manager, update);
    expect(await noticesOf('canbo.sxd')).toHaveLength(before + 1);
  });
});

describe('a dormant procedure given to an agency to review', () => {
  it('tells the agency what to review and by when, and the deciders when it has proposed', async () => {
    await openReview(t.db, manager, clock, { procedureId: procedure('1.000005'), agencyId: dept('33.STP') });
    // Opened Monday 2/3/2026: 10 working days to propose, Monday 16/3/2026.
    expect(await noticesOf('canbo.stp', 'review_assigned')).toEqual([
      {
        kind: 'review_assigned',
        title: 'Rà soát thủ tục 1.000005',
        body: 'Cơ quan được giao rà soát thủ tục "Cấp phiếu lý lịch tư pháp" không phát sinh hồ sơ — hạn gửi đề xuất 16/03/2026.',
        link: '/procedures?tab=reviews',
      },
    ]);
    expect(await noticesOf('giamdoc.stp', 'review_assigned')).toHaveLength(1);
    const review = await t.db
      .selectFrom('procedureReview')
      .select('id')
      .where('procedureId', '=', procedure('1.000005'))
      .executeTakeFirstOrThrow();
    await proposeReview(t.db, stpOfficer, clock, ZReviewPropose.parse({ id: review.id, proposal: 'abolish' }));
    for (const decider of ['sonoivu', 'totongtac']) {
      expect(await noticesOf(decider, 'review_proposed')).toEqual([
        expect.objectContaining({ title: 'Đề xuất rà soát thủ tục 1.000005 chờ quyết định' }),
      ]);
    }
    await decideReview(t.db, manager, clock, ZReviewDecide.parse({ id: review.id, approve: false, note: 'Bổ sung số liệu' }));
    expect(await noticesOf('canbo.stp', 'review_rejected')).toEqual([
      expect.objectContaining({
        title: 'Đề xuất rà soát thủ tục 1.000005 bị trả lại',
        body: '"Cấp phiếu lý lịch tư pháp" — Bổ sung số liệu.',
      }),
    ]);
  });

  it('assigns many procedures at once with one notice, skipping those the agency already reviews', async () => {
    const before = (await noticesOf('canbo.sxd', 'review_assigned')).length;
    await openReview(t.db, manager, clock, { procedureId: procedure('1.000010'), agencyId: dept('33.SXD') });
    const result = await openReviews(t.db, manager, clock, {
      procedureIds: [procedure('1.000005'), procedure('1.000010'), procedure('1.000014')],
      agencyId: dept('33.SXD'),
    });
    expect(result).toMatchObject({ opened: 2, underReview: 1, abolished: 0, proposeDue: '2026-03-16' });
    const notices = await noticesOf('canbo.sxd', 'review_assigned');
    expect(notices).toHaveLength(before + 2);
    expect(notices[0]).toMatchObject({
      title: 'Rà soát 2 thủ tục không phát sinh hồ sơ',
      body: 'Cơ quan được giao rà soát 2 thủ tục (1.000005, 1.000014) — hạn gửi đề xuất 16/03/2026.',
    });
    expect((await mailsTo('canbo.sxd@hungyen.gov.vn')).map((m) => m.subject)).toContain(
      '[CCHC] Rà soát 2 thủ tục không phát sinh hồ sơ',
    );
  });
});

describe('a reporting period that opens', () => {
  it('tells each reporting agency its report is open and due, once however often the daily job runs', async () => {
    // 15/9/2026: the day after the third quarter's cut-off.
    await runReportsDaily(t.db, fixedClock('2026-09-15T03:00:00Z'));
    const opened = await noticesOf('canbo.stp', 'report_opened');
    expect(opened.map((n) => n.title).sort()).toEqual(['Kỳ báo cáo Quý III năm 2026 đã mở', 'Kỳ báo cáo Tháng 9 năm 2026 đã mở']);
    expect(opened.find((n) => n.title.includes('Quý III'))?.body).toContain('trước ngày 17/09/2026');
    expect(opened.every((n) => n.link?.endsWith('/submission'))).toBe(true);
    await runReportsDaily(t.db, fixedClock('2026-09-15T09:00:00Z'));
    expect(await noticesOf('canbo.stp', 'report_opened')).toHaveLength(2);
  });
});
