import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { ZPlanCreate, ZProgressReport, ZTaskCreate } from '../plans/schemas';
import { createPlan, createTask, reportProgress } from '../plans/service';
import { importCatalogue } from '../procedures/catalogue';
import { openReview, proposeReview, ZReviewPropose } from '../procedures/reviews';
import { seedDemo } from '../seed/demo';
import { actor, addUser, departmentIds, type IdsByCode, procedureIds } from '../testing/fixtures';
import { myWork } from './my-work';

/** Monday 2/3/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-03-02T03:00:00Z');

let t: TestDatabase;
let dept: IdsByCode;
let manager: Actor;
let officer: Actor;
let head: Actor;
let other: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  dept = await departmentIds(t.db);
  await addUser(t.db, 'canbo.sxd', 'agency_officer', dept('33.SXD'));
  manager = await actor(t.db, 'sonoivu');
  officer = await actor(t.db, 'canbo.stp');
  head = await actor(t.db, 'giamdoc.stp');
  other = await actor(t.db, 'canbo.sxd');
  const active = await createPlan(
    t.db,
    manager,
    ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch CCHC 2026', status: 'active' }),
  );
  const draft = await createPlan(t.db, manager, ZPlanCreate.parse({ year: 2026, title: 'Kế hoạch dự thảo', status: 'draft' }));
  const task = (title: string, fields: Record<string, unknown> = {}, planId = active.id) =>
    createTask(t.db, manager, ZTaskCreate.parse({ planId, title, leadAgencyId: dept('33.STP'), ...fields }));
  await task('Đến hạn cuối tháng', { deadline: '2026-03-31' });
  await task('Đã quá hạn', { deadline: '2026-02-20' });
  await task('Không có hạn');
  await task('Đến hạn tuần sau', { deadline: '2026-03-09' });
  await task('Phối hợp với Sở Xây dựng', {
    leadAgencyId: dept('33.SXD'),
    coordinatorIds: [dept('33.STP')],
    deadline: '2026-03-20',
  });
  await task('Trong kế hoạch dự thảo', { deadline: '2026-03-05' }, draft.id);
  const done = await task('Đã xong', { deadline: '2026-03-20' });
  await reportProgress(t.db, officer, clock, ZProgressReport.parse({ taskId: done.id, progress: 100, note: 'Đã hoàn thành.' }));
  await importCatalogue(t.db, manager, {
    fileName: 'tthc.csv',
    content: Buffer.from('code,name\n1.000005,Cấp phiếu lý lịch tư pháp\n'),
  });
  const procedure = await procedureIds(t.db, ['1.000005']);
  await openReview(t.db, manager, clock, { procedureId: procedure('1.000005'), agencyId: dept('33.STP') });
});
afterAll(async () => t.drop());

describe('myWork', () => {
  it("lists the agency's open tasks overdue first, then by deadline, with working days left", async () => {
    const work = await myWork(t.db, officer, clock);
    expect(work.tasks.map((k) => [k.title, k.role, k.daysLeft])).toEqual([
      ['Đã quá hạn', 'lead', -6],
      ['Đến hạn tuần sau', 'lead', 5],
      ['Phối hợp với Sở Xây dựng', 'coordinator', 14],
      ['Đến hạn cuối tháng', 'lead', 21],
      ['Không có hạn', 'lead', null],
    ]);
    expect(work.tasks[0]?.status).toBe('overdue');
    expect(work.counts.tasks).toBe(5);
  });

  it('lists the review the agency has to propose, due in 10 working days', async () => {
    const work = await myWork(t.db, head, clock);
    expect(work.reviews).toEqual([
      expect.objectContaining({ code: '1.000005', status: 'open', due: '2026-03-16', daysLeft: 10 }),
    ]);
    expect(work.counts.total).toBe(work.counts.tasks + work.counts.reviews + work.counts.feedback + work.counts.reports);
  });

  it('shows another agency only its own work', async () => {
    const work = await myWork(t.db, other, clock);
    expect(work.tasks.map((k) => k.title)).toEqual(['Phối hợp với Sở Xây dựng']);
    expect(work.reviews).toEqual([]);
  });

  it('gives the deciders the proposals waiting for their decision', async () => {
    expect((await myWork(t.db, manager, clock)).reviews).toEqual([]);
    const review = await t.db.selectFrom('procedureReview').select('id').executeTakeFirstOrThrow();
    await proposeReview(t.db, officer, clock, ZReviewPropose.parse({ id: review.id, proposal: 'abolish' }));
    const work = await myWork(t.db, manager, clock);
    expect(work.kind).toBe('decider');
    expect(work.reviews).toEqual([expect.objectContaining({ code: '1.000005', status: 'proposed', agencyName: 'Sở Tư pháp' })]);
    expect((await myWork(t.db, officer, clock)).reviews).toEqual([]);
  });
});
