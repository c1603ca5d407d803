/**
 * How long submitters' personal data is kept on closed feedback items (Nghị định 13/2023/NĐ-CP, Luật Bảo vệ
 * dữ liệu cá nhân 2025: kept no longer than needed; issue 15, item 7). A setting (appSetting
 * 'feedback_personal_data_retention', months after the item was closed; null = keep), and a daily job that
 * anonymises every closed item past it: the submitter's name becomes «(đã ẩn danh)», the contact is removed,
 * and names, e-mails and phone numbers are removed from the subject, content, answer and the item's history
 * notes (domain/feedback/public-text). Figures are untouched. Idempotent (an anonymised item is never matched
 * again), in batches, one audit entry per batch naming the items' numbers.
 */
import type { Database } from '@cchc/db/schema';
import { removePersonalData } from '@cchc/domain/feedback/public-text';
import type { FeedbackStatus } from '@cchc/domain/feedback/workflow';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { type AuditActor, SYSTEM_ACTOR } from '../actor';
import { recordAudit } from '../audit/service';
import { feedbackSearchText } from './service';

const KEY = 'feedback_personal_data_retention';
/** What an anonymised item's submitter is called. */
export const ANONYMISED_SUBMITTER = '(đã ẩn danh)';
/** Closed items: nobody needs to reach the submitter any more. */
export const CLOSED_STATUSES: readonly FeedbackStatus[] = ['answered', 'published', 'refused', 'returned'];
/** Unless the province says otherwise: two years after the item was closed. */
export const DEFAULT_RETENTION_MONTHS = 24;
const BATCH = 500;

export const ZRetention = z.object({
  months: z
    .number({ error: 'Vui lòng nhập số tháng.' })
    .int('Số tháng phải là số nguyên.')
    .min(1, 'Thời hạn lưu tối thiểu 1 tháng.')
    .max(240, 'Thời hạn lưu tối đa 240 tháng (20 năm).')
    .nullable(),
});
export type TRetention = z.output<typeof ZRetention>;

export async function readRetention(db: Kysely<Database>): Promise<TRetention> {
  const row = await db.selectFrom('appSetting').select('value').where('key', '=', KEY).executeTakeFirst();
  const parsed = ZRetention.safeParse(row?.value);
  return parsed.success ? parsed.data : { months: DEFAULT_RETENTION_MONTHS };
}

export async function saveRetention(db: Kysely<Database>, actor: AuditActor, input: TRetention): Promise<TRetention> {
  return db.transaction().execute(async (trx) => {
    const before = await readRetention(trx as unknown as Kysely<Database>);
    const value = JSON.stringify(input);
    await trx
      .insertInto('appSetting')
      .values({ key: KEY, value, updatedBy: actor.userId })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedBy: actor.userId, updatedAt: new Date() }))
      .execute();
    await recordAudit(trx, actor, {
      action: 'settings.feedback_retention',
      entityType: 'setting',
      entityId: KEY,
      before,
      after: input,
    });
    return input;
  });
}

/**
 * Anonymises the closed items whose personal data is past the retention (at `now`). Returns how many were
 * anonymised; 0 when the setting keeps data, or on a second run.
 */
export async function anonymiseExpiredFeedback(
  db: Kysely<Database>,
  now: Date,
): Promise<{ anonymised: number; months: number | null }> {
  const { months } = await readRetention(db);
  if (months === null) return { anonymised: 0, months };
  let anonymised = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const items = await trx
        .selectFrom('feedback')
        .select(['id', 'number', 'externalId', 'submitterName', 'submitterContact', 'subject', 'content', 'answerText'])
        .where('status', 'in', CLOSED_STATUSES)
        .where('submitterName', '<>', ANONYMISED_SUBMITTER)
        .where(
          sql<Date>`coalesce(answered_at, updated_at)`,
          '<',
          sql<Date>`${now}::timestamptz - make_interval(months => ${months})`,
        )
        .orderBy('number')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (items.length === 0) return 0;
      for (const item of items) {
        const known = [item.submitterName, item.submitterContact];
        const subject = removePersonalData(item.subject, known) ?? item.subject;
        await trx
          .updateTable('feedback')
          .set({
            submitterName: ANONYMISED_SUBMITTER,
            submitterContact: null,
            subject,
            content: removePersonalData(item.content, known) ?? '',
            answerText: removePersonalData(item.answerText, known),
            searchText: feedbackSearchText(item.externalId, subject, item.number),
          })
          .where('id', '=', item.id)
          .execute();
        const events = await trx
          .selectFrom('feedbackEvent')
          .select(['id', 'note'])
          .where('feedbackId', '=', item.id)
          .where('note', 'is not', null)
          .execute();
        for (const event of events) {
          const note = removePersonalData(event.note, known);
          if (note !== event.note) await trx.updateTable('feedbackEvent').set({ note }).where('id', '=', event.id).execute();
        }
      }
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'feedback.personal_data_anonymised',
        entityType: 'feedback',
        entityId: null,
        after: { months, count: items.length, numbers: items.map((i) => i.number) },
      });
      return items.length;
    });
    anonymised += done;
    if (done < BATCH) break;
  }
  return { anonymised, months };
}
