/**
 * "Việc của tôi": the work waiting for the signed-in person, gathered from every module with its deadline
 * in working days. For an agency's officers and head: the open tasks their agency leads or coordinates
 * (overdue first, then by deadline), reviews to propose, feedback to answer and report sections to fill.
 * For the Sở Nội vụ and the working group: the items waiting for their decision (proposals to decide,
 * reports to accept, feedback to classify and assign). Each list shows its first rows; counts are totals.
 */
import type { Database } from '@cchc/db/schema';
import { regimePeriodByKey } from '@cchc/domain/reports/regime';
import { isAgencyScoped, type Role } from '@cchc/domain/roles';
import type { TaskStatus } from '@cchc/domain/tasks/status';
import { type Kysely, sql } from 'kysely';
import { loadWorkingCalendar } from '../calendar/service';
import type { Clock } from '../clock';
import { agencySubtreeIds } from '../org/scope';
import { taskStatusSql } from '../plans/status-sql';
import { listRegimes } from '../reports/regimes';
import { taskChasingSettings } from '../settings/service';

/** Rows shown per list; the counts say how many there are in all. */
export const MY_WORK_ROWS = 100;

const DECIDERS: readonly Role[] = ['home_affairs', 'working_group'];

export interface Viewer {
  role: Role;
  agencyId: string;
}

export async function myWork(db: Kysely<Database>, viewer: Viewer, clock: Clock) {
  const today = clock.today();
  const calendar = await loadWorkingCalendar(db);
  /** Working days from today to the deadline: 0 due today, negative when overdue. */
  const daysLeft = (due: string | null) => (due ? calendar.workingDaysBetween(today, due) : null);
  const scoped = isAgencyScoped(viewer.role);
  const decider = DECIDERS.includes(viewer.role);
  const scope = scoped ? await agencySubtreeIds(db, viewer.agencyId) : [];
  const none = ['00000000-0000-0000-0000-000000000000'];
  const inScope = scope.length ? scope : none;

  // Tasks the agency leads or coordinates, open, in plans in force.
  const status = taskStatusSql(today);
  const taskQuery = db
    .selectFrom('task as t')
    .innerJoin('plan as p', 'p.id', 't.planId')
    .where('p.status', '<>', 'draft')
    .where('t.completedOn', 'is', null)
    .where('t.cancelledAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb('t.leadAgencyId', 'in', inScope),
        eb.exists(
          eb
            .selectFrom('taskCoordinator as tc')
            .select('tc.taskId')
            .whereRef('tc.taskId', '=', 't.id')
            .where('tc.agencyId', 'in', inScope),
        ),
      ]),
    );
  const settings = await taskChasingSettings(db);
  const staleBefore = new Date(clock.now().getTime() - settings.staleAfterDays * 86_400_000);
  const [taskRows, taskCount] = scoped
    ? await Promise.all([
        taskQuery
          .select([
            't.id',
            't.code',
            't.title',
            't.planId',
            'p.title as planTitle',
            't.deadline',
            't.progress',
            't.lastUpdateAt',
            't.createdAt',
            status.as('status'),
            sql<boolean>`t.lead_agency_id in (${sql.join(inScope)})`.as('leads'),
          ])
          // Overdue first, then the nearest deadline; tasks without one last.
          .orderBy(sql`case when t.deadline < ${today}::date then 0 else 1 end`)
          .orderBy(sql`t.deadline asc nulls last`)
          .orderBy('t.id')
          .limit(MY_WORK_ROWS)
          .execute(),
        taskQuery.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ])
    : [[], { n: '0' }];
  const tasks = taskRows.map((t) => ({
    id: t.id,
    code: t.code,
    title: t.title,
    planId: t.planId,
    planTitle: t.planTitle,
    role: t.leads ? ('lead' as const) : ('coordinator' as const),
    deadline: t.deadline,
    progress: t.progress,
    status: t.status as TaskStatus,
    daysLeft: daysLeft(t.deadline),
    stale: (t.lastUpdateAt ?? t.createdAt) < staleBefore,
  }));

  // Reviews: the agency proposes (open or sent back); the deciders decide.
  const reviewQuery = db
    .selectFrom('procedureReview as r')
    .innerJoin('procedure as p', 'p.id', 'r.procedureId')
    .innerJoin('agency as a', 'a.id', 'r.agencyId')
    .$if(scoped, (q) => q.where('r.agencyId', 'in', inScope).where('r.status', 'in', ['open', 'rejected']))
    .$if(!scoped, (q) => q.where('r.status', '=', 'proposed'));
  const due = sql<string | null>`case when r.status = 'proposed' then r.decide_due else r.propose_due end`;
  const [reviewRows, reviewCount] =
    scoped || decider
      ? await Promise.all([
          reviewQuery
            .select(['r.id', 'r.procedureId', 'p.code', 'p.name', 'r.status', 'a.name as agencyName', due.as('due')])
            .orderBy(due)
            .orderBy('r.id')
            .limit(MY_WORK_ROWS)
            .execute(),
          reviewQuery.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
        ])
      : [[], { n: '0' }];
  const reviews = reviewRows.map((r) => ({ ...r, daysLeft: daysLeft(r.due) }));

  // Feedback: the agency answers what is with it; the coordinators classify and assign what came in.
  const feedbackQuery = db
    .selectFrom('feedback as f')
    .leftJoin('agency as a', 'a.id', 'f.competentAgencyId')
    .$if(scoped, (q) =>
      q
        .where('f.competentAgencyId', 'in', inScope)
        .where('f.status', 'in', ['assigned', 'forwarded', 'info_requested'])
        .where('f.answeredOn', 'is', null),
    )
    .$if(!scoped, (q) => q.where('f.status', 'in', ['received', 'classified']));
  const feedbackDue = sql<string>`case when f.status in ('received', 'classified') then f.refuse_due else f.answer_due end`;
  const [feedbackRows, feedbackCount] =
    scoped || decider
      ? await Promise.all([
          feedbackQuery
            .select(['f.id', 'f.number', 'f.subject', 'f.status', 'a.name as agencyName', feedbackDue.as('due')])
            .orderBy(feedbackDue)
            .orderBy('f.number')
            .limit(MY_WORK_ROWS)
            .execute(),
          feedbackQuery.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
        ])
      : [[], { n: '0' }];
  const feedback = feedbackRows.map((f) => ({ ...f, daysLeft: daysLeft(f.due) }));

  // Reports: the agency fills and sends its sections; the Sở Nội vụ accepts or sends back.
  const receiver = viewer.role === 'home_affairs';
  const reportQuery = db
    .selectFrom('reportSubmission as s')
    .innerJoin('agency as a', 'a.id', 's.agencyId')
    .$if(scoped, (q) => q.where('s.agencyId', 'in', inScope).where('s.status', 'in', ['draft', 'returned']))
    .$if(!scoped, (q) => q.where('s.status', '=', 'submitted'));
  const [reportRows, reportCount] =
    scoped || receiver
      ? await Promise.all([
          reportQuery
            .select(['s.id', 's.regimeId', 's.periodKey', 's.status', 's.dueDate', 'a.name as agencyName'])
            .orderBy('s.dueDate')
            .orderBy('s.id')
            .limit(MY_WORK_ROWS)
            .execute(),
          reportQuery.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
        ])
      : [[], { n: '0' }];
  const regimes = reportRows.length ? new Map((await listRegimes(db)).map((r) => [r.id, r])) : new Map();
  const reports = reportRows.map((s) => {
    const regime = regimes.get(s.regimeId);
    return {
      ...s,
      regimeName: regime?.name ?? '',
      periodLabel: (regime && regimePeriodByKey(regime.rules, s.periodKey, calendar)?.label) ?? s.periodKey,
      daysLeft: daysLeft(s.dueDate),
    };
  });

  const counts = {
    tasks: Number(taskCount.n),
    reviews: Number(reviewCount.n),
    feedback: Number(feedbackCount.n),
    reports: Number(reportCount.n),
  };
  return {
    today,
    kind: scoped ? ('agency' as const) : decider ? ('decider' as const) : ('none' as const),
    tasks,
    reviews,
    feedback,
    reports,
    counts: { ...counts, total: counts.tasks + counts.reviews + counts.feedback + counts.reports },
  };
}
