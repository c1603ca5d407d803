/**
 * What the public pages and the open data publish (issue 19), chosen by an admin and stored as a
 * setting: published feedback answers, the results of finished score runs, the register of
 * procedures under review. Personal data is never published, whatever the setting.
 */
import type { Database } from '@cchc/db/schema';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';

export const ZPublicationSettings = z.object({
  /** Feedback answers the coordinators marked published (status 'published'). */
  feedbackAnswers: z.boolean(),
  /** Agency results of finished score runs (the latest one first). */
  scoreResults: z.boolean(),
  /** Procedures under review after the dormancy scan, with proposals and decisions. */
  reviewRegister: z.boolean(),
  /** Licence the open data is published under, named in every file. */
  licence: z.string().trim().min(2, 'Vui lòng nhập giấy phép dữ liệu.').max(200, 'Tối đa 200 ký tự.'),
  /** Working days the reviewing agency has to answer a citizen's challenge to a procedure. */
  challengeAnswerDays: z
    .number({ error: 'Vui lòng nhập số ngày làm việc.' })
    .int('Số ngày là số nguyên.')
    .min(1, 'Tối thiểu 1.')
    .max(60, 'Tối đa 60.')
    .default(10),
});
export type TPublicationSettings = z.output<typeof ZPublicationSettings>;

export const DEFAULT_PUBLICATION: TPublicationSettings = {
  feedbackAnswers: true,
  scoreResults: true,
  reviewRegister: true,
  licence: 'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
  challengeAnswerDays: 10,
};

const KEY = 'publication';

export async function publicationSettings(db: Kysely<Database> | Transaction<Database>): Promise<TPublicationSettings> {
  const row = await db.selectFrom('appSetting').select('value').where('key', '=', KEY).executeTakeFirst();
  const parsed = ZPublicationSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_PUBLICATION;
}

export async function savePublicationSettings(db: Kysely<Database>, actor: AuditActor, value: TPublicationSettings) {
  await db.transaction().execute(async (trx) => {
    const before = await publicationSettings(trx);
    await trx
      .insertInto('appSetting')
      .values({ key: KEY, value: JSON.stringify(value), updatedBy: actor.userId })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedBy: actor.userId, updatedAt: new Date() }),
      )
      .execute();
    await recordAudit(trx, actor, { action: 'settings.update', entityType: 'setting', entityId: KEY, before, after: value });
  });
}
