/**
 * The nightly chasing of tasks: mark overdue, remind before deadlines, flag stale tasks.
 * Bookkeeping columns (overdue_notified_for, reminded_for, stale_notified_at) make it idempotent:
 * running it twice notifies nobody twice.
 */
import type { Database } from '@cchc/db/schema';
import { formatVietnameseDate } from '@cchc/domain/calendar/dates';
import { type Kysely, sql } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import type { Clock } from '../clock';
import { agencyStaff, notifyUsers } from '../notifications/service';
import { taskChasingSettings } from '../settings/service';

const JOB_ACTOR: AuditActor = { userId: null, username: 'job:tasks__chase' };

export interface ChasingResult {
  overdue: number;
  reminded: number;
  stale: number;
  notifications: number;
}

export async function runTaskChasing(db: Kysely<Database>, clock: Clock): Promise<ChasingResult> {
  const today = clock.today();
  const settings = await taskChasingSettings(db);
  const calendar = await loadWorkingCalendar(db);
  const result: ChasingResult = { overdue: 0, reminded: 0, stale: 0, notifications: 0 };

  await db.transaction().execute(async (trx) => {
    const overdue = await trx
      .updateTable('task')
      .set({ overdueNotifiedFor: sql`deadline` })
      .where('completedOn', 'is', null)
      .where('cancelledAt', 'is', null)
      // Draft plans are not yet in force: nobody is chased for them.
      .where(sql<boolean>`exists (select 1 from plan p where p.id = task.plan_id and p.status <> 'draft')`)
      .where('deadline', '<', today)
      .where(sql<boolean>`overdue_notified_for is distinct from deadline`)
      .returning(['id', 'title', 'deadline', 'leadAgencyId'])
      .execute();
    for (const t of overdue) {
      result.overdue++;
      await recordAudit(trx, JOB_ACTOR, {
        action: 'task.overdue',
        entityType: 'task',
        entityId: t.id,
        after: { deadline: t.deadline, asOf: today },
      });
      result.notifications += await notifyUsers(trx, await agencyStaff(trx, [t.leadAgencyId]), {
        kind: 'task_overdue',
        title: `Nhiệm vụ quá hạn: ${t.title}`,
        body: `Nhiệm vụ "${t.title}" đã quá hạn ${formatVietnameseDate(t.deadline ?? today)} mà chưa hoàn thành.`,
        link: `/tasks/${t.id}`,
        entityType: 'task',
        entityId: t.id,
        dedupeKey: `task-overdue:${t.id}:${t.deadline}`,
      });
    }

    if (settings.remindWorkingDaysBefore > 0) {
      const horizon = calendar.addWorkingDays(today, settings.remindWorkingDaysBefore);
      const upcoming = await trx
        .updateTable('task')
        .set({ remindedFor: sql`deadline` })
        .where('completedOn', 'is', null)
        .where('cancelledAt', 'is', null)
        // Draft plans are not yet in force: nobody is chased for them.
        .where(sql<boolean>`exists (select 1 from plan p where p.id = task.plan_id and p.status <> 'draft')`)
        .where('deadline', '>=', today)
        .where('deadline', '<=', horizon)
        .where(sql<boolean>`reminded_for is distinct from deadline`)
        .returning(['id', 'title', 'deadline', 'leadAgencyId'])
        .execute();
      for (const t of upcoming) {
        result.reminded++;
        const left = calendar.workingDaysBetween(today, t.deadline ?? today);
        result.notifications += await notifyUsers(trx, await agencyStaff(trx, [t.leadAgencyId]), {
          kind: 'task_due_soon',
          title: `Sắp đến hạn: ${t.title}`,
          body: `Nhiệm vụ "${t.title}" đến hạn ngày ${formatVietnameseDate(t.deadline ?? today)} (còn ${left} ngày làm việc).`,
          link: `/tasks/${t.id}`,
          entityType: 'task',
          entityId: t.id,
          dedupeKey: `task-due-soon:${t.id}:${t.deadline}`,
        });
      }
    }

    const staleBefore = new Date(clock.now().getTime() - settings.staleAfterDays * 86_400_000);
    const stale = await trx
      .updateTable('task')
      .set({ staleNotifiedAt: clock.now() })
      .where('completedOn', 'is', null)
      .where('cancelledAt', 'is', null)
      // Draft plans are not yet in force: nobody is chased for them.
      .where(sql<boolean>`exists (select 1 from plan p where p.id = task.plan_id and p.status <> 'draft')`)
      .where(sql<boolean>`coalesce(last_update_at, created_at) < ${staleBefore}`)
      .where(sql<boolean>`(stale_notified_at is null or stale_notified_at < coalesce(last_update_at, created_at))`)
      .returning(['id', 'title', 'leadAgencyId'])
      .execute();
    for (const t of stale) {
      result.stale++;
      result.notifications += await notifyUsers(trx, await agencyStaff(trx, [t.leadAgencyId]), {
        kind: 'task_stale',
        title: `Chưa cập nhật tiến độ: ${t.title}`,
        body: `Nhiệm vụ "${t.title}" chưa được cập nhật tiến độ trong ${settings.staleAfterDays} ngày.`,
        link: `/tasks/${t.id}`,
        entityType: 'task',
        entityId: t.id,
        dedupeKey: `task-stale:${t.id}:${today}`,
      });
    }
  });
  return result;
}
