/**
 * Feedback due dates: the time-limit rules, the dates they give, and their recomputation when the
 * holiday calendar changes. Free of the calendar service (the calendar comes in), so the calendar
 * service can call it when a year is saved.
 */
import type { Database } from '@cchc/db/schema';
import type { IsoDate } from '@cchc/domain/calendar/dates';
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

/**
 * After a holiday-calendar change, every item whose due dates were computed (not given by its source)
 * gets them again on the new calendar, keeping its own time limits (counted on the calendar they were
 * computed with, so a later change of the limit rules does not reach them). Answered items too: their
 * on-time verdict follows the new due date, and their working days to answer are counted again. The
 * rollups of the items that moved are rebuilt. Returns what changed, for the audit row and the screen.
 */
export async function recomputeFeedbackDues(
  trx: Transaction<Database>,
  actor: AuditActor,
  before: WorkingCalendar,
  calendar: WorkingCalendar,
): Promise<{ open: number; answered: number; verdictsChanged: number }> {
  const items = await trx
    .selectFrom('feedback')
    .select([
      'id',
      'number',
      'competentAgencyId',
      'clockStart',
      'receivedOn',
      'refuseDue',
      'infoDue',
      'answerDue',
      'answeredOn',
      'answerWorkingDays',
    ])
    .where('dueSource', '=', 'computed')
    .where('status', 'not in', ['refused', 'returned'])
    .execute();
  const keys: RollupKey[] = [];
  const open: number[] = [];
  const answered: number[] = [];
  let verdictsChanged = 0;
  for (const f of items) {
    const again = (due: string) =>
      calendar.addWorkingDays(f.clockStart, Math.max(0, before.workingDaysBetween(f.clockStart, due)));
    const dues = { refuseDue: again(f.refuseDue), infoDue: again(f.infoDue), answerDue: again(f.answerDue) };
    const days = f.answeredOn === null ? null : calendar.workingDaysBetween(f.clockStart, f.answeredOn);
    const datesMoved = dues.answerDue !== f.answerDue || dues.refuseDue !== f.refuseDue || dues.infoDue !== f.infoDue;
    if (!datesMoved && days === f.answerWorkingDays) continue;
    if (f.answeredOn === null) {
      await trx
        .updateTable('feedback')
        .set({ ...dues, remindedOn: null, overdueNotifiedOn: null, updatedAt: new Date() })
        .where('id', '=', f.id)
        .execute();
      open.push(f.number);
    } else {
      await trx
        .updateTable('feedback')
        .set({ ...dues, answerWorkingDays: days, updatedAt: new Date() })
        .where('id', '=', f.id)
        .execute();
      answered.push(f.number);
      if (f.answeredOn <= f.answerDue !== f.answeredOn <= dues.answerDue) verdictsChanged++;
    }
    if (f.competentAgencyId) keys.push({ agencyId: f.competentAgencyId, bucket: feedbackBucket(f.receivedOn) });
  }
  await refreshRollups(trx, keys);
  if (open.length || answered.length) {
    await recordAudit(trx, actor, {
      action: 'feedback.rescheduled',
      entityType: 'feedback',
      entityId: null,
      after: { reason: 'calendar', numbers: open, answeredNumbers: answered, verdictsChanged },
    });
  }
  return { open: open.length, answered: answered.length, verdictsChanged };
}
