/** The holiday calendar as data: read a year, pre-fill it from the statutory rules, edit it, build the WorkingCalendar. */
import type { Database } from '@cchc/db/schema';
import { addDays, isIsoDate, yearOf } from '@cchc/domain/calendar/dates';
import { dueDateFor, type TimeUnit } from '@cchc/domain/calendar/deadlines';
import { CALENDAR_DAY_KINDS, type CalendarDay, statutoryCalendar } from '@cchc/domain/calendar/holidays';
import { WorkingCalendar } from '@cchc/domain/calendar/working-calendar';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError } from '../errors';
import { recomputeFeedbackDues } from '../feedback/dues';

type Db = Kysely<Database> | Transaction<Database>;

export async function loadWorkingCalendar(db: Db): Promise<WorkingCalendar> {
  const days = await db.selectFrom('calendarDay').select(['date', 'kind', 'name']).execute();
  return new WorkingCalendar(days as CalendarDay[]);
}

export async function listCalendarYears(db: Db) {
  return db
    .selectFrom('calendarYear as y')
    .leftJoin('appUser as u', 'u.id', 'y.updatedBy')
    .select(['y.year', 'y.status', 'y.note', 'y.updatedAt', 'u.username as updatedBy'])
    .orderBy('y.year')
    .execute();
}

export async function getCalendarYear(db: Db, year: number) {
  const meta = await db
    .selectFrom('calendarYear')
    .select(['year', 'status', 'note', 'updatedAt'])
    .where('year', '=', year)
    .executeTakeFirst();
  const days = await db
    .selectFrom('calendarDay')
    .select(['date', 'kind', 'name'])
    .where('year', '=', year)
    .orderBy('date')
    .execute();
  return {
    year,
    exists: meta !== undefined,
    status: meta?.status ?? null,
    note: meta?.note ?? null,
    days: days as CalendarDay[],
  };
}

export const ZCalendarYearInput = z
  .object({
    year: z.number().int().min(1990).max(2200),
    status: z.enum(['prefilled', 'published']),
    note: z.string().trim().max(500).nullable(),
    days: z
      .array(
        z.object({
          date: z.string().refine(isIsoDate, 'Ngày không hợp lệ.'),
          kind: z.enum(CALENDAR_DAY_KINDS),
          name: z.string().trim().min(1, 'Vui lòng nhập tên ngày.').max(200),
        }),
      )
      .max(120),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.days.forEach((d, i) => {
      if (isIsoDate(d.date) && yearOf(d.date) !== v.year) {
        ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `Ngày ${d.date} không thuộc năm ${v.year}.` });
      }
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `Ngày ${d.date} bị lặp.` });
      seen.add(d.date);
    });
  });
export type TCalendarYearInput = z.infer<typeof ZCalendarYearInput>;

/** Replaces a year's days; then moves the deadlines of open tasks computed from a time limit. */
export async function saveCalendarYear(db: Kysely<Database>, actor: AuditActor, input: TCalendarYearInput) {
  return db.transaction().execute(async (trx) => {
    const before = await getCalendarYear(trx, input.year);
    const calendarBefore = await loadWorkingCalendar(trx);
    await trx
      .insertInto('calendarYear')
      .values({ year: input.year, status: input.status, note: input.note, updatedBy: actor.userId })
      .onConflict((oc) =>
        oc.column('year').doUpdateSet({ status: input.status, note: input.note, updatedBy: actor.userId, updatedAt: new Date() }),
      )
      .execute();
    await trx.deleteFrom('calendarDay').where('year', '=', input.year).execute();
    if (input.days.length) {
      await trx
        .insertInto('calendarDay')
        .values(input.days.map((d) => ({ ...d, year: input.year })))
        .execute();
    }
    const moved = await recomputeTaskDeadlines(trx, actor);
    const feedbackMoved = await recomputeFeedbackDues(trx, actor, calendarBefore, await loadWorkingCalendar(trx));
    await recordAudit(trx, actor, {
      action: 'calendar.save_year',
      entityType: 'calendar_year',
      entityId: String(input.year),
      before: before.exists ? { status: before.status, days: before.days } : null,
      after: { status: input.status, days: input.days, tasksRescheduled: moved, feedbackRescheduled: feedbackMoved },
    });
    return { moved, feedbackMoved };
  });
}

/** Open tasks whose deadline comes from a start date + time limit follow the calendar when it changes. */
export async function recomputeTaskDeadlines(trx: Transaction<Database>, actor: AuditActor): Promise<number> {
  const calendar = await loadWorkingCalendar(trx);
  const tasks = await trx
    .selectFrom('task')
    .select(['id', 'startDate', 'timeLimitValue', 'timeLimitUnit', 'deadline'])
    .where('timeLimitValue', 'is not', null)
    .where('completedOn', 'is', null)
    .where('cancelledAt', 'is', null)
    .execute();
  let moved = 0;
  for (const t of tasks) {
    if (!t.startDate || t.timeLimitValue === null || !t.timeLimitUnit) continue;
    const due = dueDateFor(calendar, { date: t.startDate }, { value: t.timeLimitValue, unit: t.timeLimitUnit as TimeUnit }).date;
    if (due === t.deadline) continue;
    await trx.updateTable('task').set({ deadline: due, updatedAt: new Date() }).where('id', '=', t.id).execute();
    await recordAudit(trx, actor, {
      action: 'task.reschedule',
      entityType: 'task',
      entityId: t.id,
      before: { deadline: t.deadline },
      after: { deadline: due, reason: 'calendar' },
    });
    moved++;
  }
  return moved;
}

/** The statutory pre-fill of a year (not saved), for the editor's "pre-fill" button. */
export function prefillYear(year: number): CalendarDay[] {
  return statutoryCalendar(year);
}

/** The government's published 2026 swap (DOMAIN.md): Quốc khánh off 31/8–2/9 with Saturday 22/8 worked. */
const PUBLISHED_2026: CalendarDay[] = [
  { date: '2026-08-31', kind: 'day_off', name: 'Nghỉ Quốc khánh (hoán đổi, làm bù thứ Bảy 22/8)' },
  { date: '2026-08-22', kind: 'working_day', name: 'Làm bù cho ngày 31/8' },
];

/** Reference data every deployment needs: the calendars of 2024–2027, when no year exists yet. */
export async function ensureCalendarSeeded(db: Kysely<Database>): Promise<boolean> {
  const any = await db.selectFrom('calendarYear').select('year').limit(1).executeTakeFirst();
  if (any) return false;
  const actor: AuditActor = { userId: null, username: 'seed' };
  for (const year of [2024, 2025, 2026, 2027]) {
    const days = [...statutoryCalendar(year), ...(year === 2026 ? PUBLISHED_2026 : [])];
    await saveCalendarYear(db, actor, {
      year,
      status: year === 2026 ? 'published' : 'prefilled',
      note:
        year === 2026
          ? 'Lịch nghỉ lễ, Tết năm 2026 đã công bố'
          : 'Điền sẵn theo Bộ luật Lao động 2019; cần đối chiếu thông báo hoán đổi ngày làm việc của năm',
      days,
    });
  }
  return true;
}

export const ZDueDateQuery = z.object({
  startDate: z.string().refine(isIsoDate, 'Ngày không hợp lệ.'),
  value: z.number().int().min(0).max(3650),
  unit: z.enum(['working_day', 'day', 'month']),
});

/** A deadline is only as good as the calendar behind it: refuse to count through a year nobody has entered. */
export async function assertCalendarCovers(db: Db, from: string, to: string): Promise<void> {
  const known = new Set((await db.selectFrom('calendarYear').select('year').execute()).map((k) => k.year));
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    if (!known.has(year)) {
      throw new AppError(
        'bad_request',
        'calendar.year_missing',
        `Chưa có lịch nghỉ lễ của năm ${year}; vui lòng bổ sung lịch trước.`,
        { year },
      );
    }
  }
}

/** Preview of a due date, so forms show the date the server will store. */
export async function previewDueDate(db: Db, input: z.infer<typeof ZDueDateQuery>) {
  const calendar = await loadWorkingCalendar(db);
  const due = dueDateFor(calendar, { date: input.startDate }, { value: input.value, unit: input.unit }).date;
  await assertCalendarCovers(db, input.startDate, due);
  return { deadline: due, skippedNonWorking: nonWorkingBetween(calendar, input.startDate, due) };
}

function nonWorkingBetween(calendar: WorkingCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (!calendar.isWorkingDay(d)) n++;
  return n;
}
