/** The holiday calendar as data: read a year, pre-fill it from the statutory rules, edit it, build the WorkingCalendar. */
import type { Database } from '@cchc/db/schema';
import { addDays, isIsoDate, yearOf } from '@cchc/domain/calendar/dates';
import { dueDateFor, unconfirmedYearsOf } from '@cchc/domain/calendar/deadlines';
import { CALENDAR_DAY_KINDS, CALENDAR_YEAR_STATUSES, type CalendarDay, statutoryCalendar } from '@cchc/domain/calendar/holidays';
import { PUBLISHED_CALENDARS, publishedCalendar } from '@cchc/domain/calendar/published';
import { WorkingCalendar } from '@cchc/domain/calendar/working-calendar';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError } from '../errors';
import { publishedCalendarYears, recomputeFeedbackDues } from '../feedback/dues';

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
    .select(['date', 'kind', 'name', 'source'])
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
    year: z.number().int().min(1990).max(2100),
    status: z.enum(CALENDAR_YEAR_STATUSES),
    note: z.string().trim().max(500).nullable(),
    days: z
      .array(
        z.object({
          date: z.string().refine(isIsoDate, 'Ngày không hợp lệ.'),
          kind: z.enum(CALENDAR_DAY_KINDS),
          name: z.string().trim().min(1, 'Vui lòng nhập tên ngày.').max(200),
          /** The document that sets the day; blank means none. */
          source: z
            .string()
            .trim()
            .max(500)
            .nullish()
            .transform((v) => v || null),
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
/** A year as sent (a day's source may be left out); `saveCalendarYear` takes it parsed, or days as the domain writes them. */
export type TCalendarYearInput = z.input<typeof ZCalendarYearInput>;
type CalendarYearSave = Omit<z.output<typeof ZCalendarYearInput>, 'days'> & { days: CalendarDay[] };

/** Replaces a year's days; then moves the deadlines of open tasks computed from a time limit. */
export async function saveCalendarYear(db: Kysely<Database>, actor: AuditActor, input: CalendarYearSave) {
  return db.transaction().execute((trx) => writeCalendarYear(trx, actor, input));
}

async function writeCalendarYear(trx: Transaction<Database>, actor: AuditActor, input: CalendarYearSave) {
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
      .values(input.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: d.source ?? null, year: input.year })))
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
    const due = dueDateFor(calendar, { date: t.startDate }, { value: t.timeLimitValue, unit: t.timeLimitUnit }).date;
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

const SEED: AuditActor = { userId: null, username: 'seed' };
const PREFILL_NOTE = 'Điền sẵn theo Bộ luật Lao động 2019; cần đối chiếu thông báo hoán đổi ngày làm việc của năm';

/**
 * What earlier versions seeded: every year the statutory pre-fill, and 2026 with its Quốc khánh swap
 * only (it lacked the New Year swap of Công văn 12729/VPCP-KGVX). A year still exactly like this,
 * saved by nobody but the seed, is brought up to the published calendar.
 */
function formerSeeds(year: number): CalendarDay[][] {
  const statutory = statutoryCalendar(year);
  if (year !== 2026) return [statutory];
  return [
    statutory,
    [
      ...statutory,
      { date: '2026-08-31', kind: 'day_off', name: 'Nghỉ Quốc khánh (hoán đổi, làm bù thứ Bảy 22/8)' },
      { date: '2026-08-22', kind: 'working_day', name: 'Làm bù cho ngày 31/8' },
    ],
  ];
}

const dayKey = (d: CalendarDay) => `${d.date}|${d.kind}|${d.name}|${d.source ?? ''}`;
const sameDays = (a: readonly CalendarDay[], b: readonly CalendarDay[]) =>
  a.length === b.length && a.map(dayKey).sort().join('\n') === b.map(dayKey).sort().join('\n');

/** A year nobody has edited in the app: only the seed saved it (updated_by and the audit log say so), and its days are a former seed's. */
async function isUntouchedSeed(trx: Transaction<Database>, year: number): Promise<boolean> {
  // The row lock makes two servers starting together upgrade a year once.
  const meta = await trx.selectFrom('calendarYear').select(['updatedBy']).where('year', '=', year).forUpdate().executeTakeFirst();
  if (!meta || meta.updatedBy !== null) return false;
  const edited = await trx
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', 'calendar.save_year')
    .where('entityId', '=', String(year))
    .where('actorUsername', '<>', SEED.username)
    .limit(1)
    .executeTakeFirst();
  if (edited) return false;
  const { days } = await getCalendarYear(trx, year);
  return formerSeeds(year).some((seeded) => sameDays(days, seeded));
}

/**
 * Reference data every deployment needs. An empty database gets the calendars of 2024–2027: the
 * published ones (published.ts) as published, the others as the statutory pre-fill. A database seeded
 * before gets the published days of any year still exactly as seeded (never a year someone edited),
 * and the open deadlines counted on it move as after any calendar edit. True when anything changed.
 */
export async function ensureCalendarSeeded(db: Kysely<Database>): Promise<boolean> {
  const any = await db.selectFrom('calendarYear').select('year').limit(1).executeTakeFirst();
  if (!any) {
    for (const year of [2024, 2025, 2026, 2027]) {
      const published = publishedCalendar(year);
      await saveCalendarYear(
        db,
        SEED,
        published
          ? { year, status: 'published', note: published.note, days: published.days }
          : { year, status: 'prefilled', note: PREFILL_NOTE, days: statutoryCalendar(year) },
      );
    }
    return true;
  }
  let changed = false;
  for (const published of PUBLISHED_CALENDARS) {
    const upgraded = await db.transaction().execute(async (trx) => {
      if (!(await isUntouchedSeed(trx, published.year))) return false;
      await writeCalendarYear(trx, SEED, {
        year: published.year,
        status: 'published',
        note: published.note,
        days: published.days,
      });
      return true;
    });
    changed ||= upgraded;
  }
  return changed;
}

/**
 * Years whose calendar someone has confirmed as published; a deadline counted through any other year carries a
 * warning. One query for the whole app: the feedback due dates (which this service re-dates) hold it.
 */
export const confirmedCalendarYears: (db: Db) => Promise<Set<number>> = publishedCalendarYears;

/** The unconfirmed (pre-filled or missing) years a due date counted from `from` ran through; empty when there is none. */
export async function unconfirmedYearsFor(db: Db, from: string | null, due: string | null): Promise<number[]> {
  if (!from || !due) return [];
  return unconfirmedYearsOf(from, due, await confirmedCalendarYears(db));
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
  return {
    deadline: due,
    skippedNonWorking: nonWorkingBetween(calendar, input.startDate, due),
    unconfirmedYears: await unconfirmedYearsFor(db, input.startDate, due),
  };
}

function nonWorkingBetween(calendar: WorkingCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (!calendar.isWorkingDay(d)) n++;
  return n;
}
