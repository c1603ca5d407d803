/**
 * Feedback due dates: the time-limit rules, the dates they give, and their recomputation when the
 * holiday calendar changes. Free of the calendar service (the calendar comes in), so the calendar
 * service can call it when a year is saved.
 */
import type { Database } from '@cchc/db/schema';
import type { IsoDate } from '@cchc/domain/calendar/dates';
import { unconfirmedYearsOf } from '@cchc/domain/calendar/deadlines';
import type { WorkingCalendar } from '@cchc/domain/calendar/working-calendar';
import { feedbackBucket } from '@cchc/domain/feedback/figures';
import { type FeedbackChannel, type FeedbackLimitRule, resolveFeedbackLimits } from '@cchc/domain/feedback/workflow';
import type { Kysely, Transaction } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { type RollupKey, refreshRollups } from './figures-sql';

type Db = Kysely<Database> | Transaction<Database>;

export async function loadLimitRules(db: Db): Promise<FeedbackLimitRule[]> {
  const rows = await db
    .selectFrom('feedbackLimit')
    .select(['agencyId', 'channel', 'refuseDays', 'infoDays', 'answerDays', 'publishDays'])
    .execute();
  return rows as FeedbackLimitRule[];
}

export interface Dues {
  refuseDue: IsoDate;
  infoDue: IsoDate;
  answerDue: IsoDate;
}

/** Due dates counted in working days from the clock start (receipt, or the day of forwarding). */
export function duesFor(
  calendar: WorkingCalendar,
  rules: readonly FeedbackLimitRule[],
  agencyId: string | null,
  channel: FeedbackChannel,
  clockStart: IsoDate,
): Dues {
  const limits = resolveFeedbackLimits(rules, agencyId, channel);
  return {
    refuseDue: calendar.addWorkingDays(clockStart, limits.refuseDays),
    infoDue: calendar.addWorkingDays(clockStart, limits.infoDays),
    answerDue: calendar.addWorkingDays(clockStart, limits.answerDays),
  };
}

/** The computed dates of an item, as stored: what a calendar change may move. */
export interface ComputedDates {
  status: string;
  clockStart: IsoDate;
  refuseDue: IsoDate;
  infoDue: IsoDate;
  answerDue: IsoDate;
  dueSource: string;
  answeredOn: IsoDate | null;
  publishDue: IsoDate | null;
}

/** Items the calendar no longer moves: a refused or returned item has no deadline left to keep. */
const CLOSED_WITHOUT_DEADLINE = new Set(['refused', 'returned']);

/**
 * The years without a published calendar that an item's computed dates were counted through (its due
 * dates unless its source gave the answer due date, its working days to answer, its publication due date):
 * its dates are provisional while this is not empty. Empty for a refused or returned item.
 *
 * @example provisionalYears({ clockStart: '2026-12-28', answerDue: '2027-01-08', … }, new Set([2026])) // [2027]
 */
export function provisionalYears(item: ComputedDates, confirmed: ReadonlySet<number>): number[] {
  if (CLOSED_WITHOUT_DEADLINE.has(item.status)) return [];
  const ends = [item.refuseDue, item.infoDue, item.answeredOn, item.publishDue];
  if (item.dueSource === 'computed') ends.push(item.answerDue);
  const last = ends.reduce<IsoDate>((a, d) => (d !== null && d > a ? d : a), item.clockStart);
  return unconfirmedYearsOf(item.clockStart, last, confirmed);
}

/** Years whose holiday calendar someone has confirmed as published. */
export async function publishedCalendarYears(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom('calendarYear').select('year').where('status', '=', 'published').execute();
  return new Set(rows.map((r) => r.year));
}

/**
 * After a holiday-calendar change, every item's computed dates are counted again on the new calendar: its
 * due dates (not the answer due date its source gave), keeping its own time limits (counted on the calendar
 * they were computed with, so a later change of the limit rules does not reach them); its working days to
 * answer; its publication due date. Answered items too: their on-time verdict follows the new due date. An
 * item counted through a year without a published calendar is flagged provisional, and unflagged once every
 * year it runs through is published. The rollups of the items that moved are rebuilt. Returns what changed,
 * for the audit row and the screen.
 */
export async function recomputeFeedbackDues(
  trx: Transaction<Database>,
  actor: AuditActor,
  before: WorkingCalendar,
  calendar: WorkingCalendar,
): Promise<{ open: number; answered: number; verdictsChanged: number; confirmed: number }> {
  const confirmedYears = await publishedCalendarYears(trx);
  const items = await trx
    .selectFrom('feedback')
    .select([
      'id',
      'number',
      'status',
      'competentAgencyId',
      'clockStart',
      'receivedOn',
      'refuseDue',
      'infoDue',
      'answerDue',
      'dueSource',
      'duesProvisional',
      'answeredOn',
      'answerWorkingDays',
      'publishDue',
    ])
    .where('status', 'not in', [...CLOSED_WITHOUT_DEADLINE] as ('refused' | 'returned')[])
    .execute();
  const keys: RollupKey[] = [];
  const open: number[] = [];
  const answered: number[] = [];
  let verdictsChanged = 0;
  let confirmed = 0;
  for (const f of items) {
    const again = (from: string, due: string) => calendar.addWorkingDays(from, Math.max(0, before.workingDaysBetween(from, due)));
    const dates = {
      refuseDue: again(f.clockStart, f.refuseDue),
      infoDue: again(f.clockStart, f.infoDue),
      answerDue: f.dueSource === 'computed' ? again(f.clockStart, f.answerDue) : f.answerDue,
      publishDue: f.answeredOn !== null && f.publishDue !== null ? again(f.answeredOn, f.publishDue) : f.publishDue,
    };
    const days = f.answeredOn === null ? null : calendar.workingDaysBetween(f.clockStart, f.answeredOn);
    const provisional = provisionalYears({ ...f, ...dates }, confirmedYears).length > 0;
    const datesMoved =
      dates.answerDue !== f.answerDue ||
      dates.refuseDue !== f.refuseDue ||
      dates.infoDue !== f.infoDue ||
      dates.publishDue !== f.publishDue;
    if (!datesMoved && days === f.answerWorkingDays && provisional === f.duesProvisional) continue;
    if (f.duesProvisional && !provisional) confirmed++;
    if (!datesMoved && days === f.answerWorkingDays) {
      await trx.updateTable('feedback').set({ duesProvisional: provisional }).where('id', '=', f.id).execute();
      continue;
    }
    if (f.answeredOn === null) {
      await trx
        .updateTable('feedback')
        .set({ ...dates, duesProvisional: provisional, remindedOn: null, overdueNotifiedOn: null, updatedAt: new Date() })
        .where('id', '=', f.id)
        .execute();
      open.push(f.number);
    } else {
      await trx
        .updateTable('feedback')
        .set({ ...dates, duesProvisional: provisional, answerWorkingDays: days, updatedAt: new Date() })
        .where('id', '=', f.id)
        .execute();
      answered.push(f.number);
      if (f.answeredOn <= f.answerDue !== f.answeredOn <= dates.answerDue) verdictsChanged++;
    }
    if (f.competentAgencyId) keys.push({ agencyId: f.competentAgencyId, bucket: feedbackBucket(f.receivedOn) });
  }
  await refreshRollups(trx, keys);
  if (open.length || answered.length || confirmed) {
    await recordAudit(trx, actor, {
      action: 'feedback.rescheduled',
      entityType: 'feedback',
      entityId: null,
      after: { reason: 'calendar', numbers: open, answeredNumbers: answered, verdictsChanged, provisionalConfirmed: confirmed },
    });
  }
  return { open: open.length, answered: answered.length, verdictsChanged, confirmed };
}
