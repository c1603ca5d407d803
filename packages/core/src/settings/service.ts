/** Settings the law or the province lets vary, stored as data (ARCHITECTURE: configuration is data). */
import type { Database } from '@cchc/db/schema';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';

export const ZTaskChasingSettings = z.object({
  /** Remind the lead agency this many working days before a deadline. */
  remindWorkingDaysBefore: z.number().int().min(0).max(30),
  /** Flag an open task with no progress update for this many days as stale. */
  staleAfterDays: z.number().int().min(1).max(365),
});
export type TTaskChasingSettings = z.infer<typeof ZTaskChasingSettings>;

const DEFAULTS = {
  task_chasing: { remindWorkingDaysBefore: 3, staleAfterDays: 30 } satisfies TTaskChasingSettings,
};

export async function taskChasingSettings(db: Kysely<Database> | Transaction<Database>): Promise<TTaskChasingSettings> {
  const row = await db.selectFrom('appSetting').select('value').where('key', '=', 'task_chasing').executeTakeFirst();
  const parsed = ZTaskChasingSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULTS.task_chasing;
}

export async function saveTaskChasingSettings(db: Kysely<Database>, actor: AuditActor, value: TTaskChasingSettings) {
  await db.transaction().execute(async (trx) => {
    const before = await taskChasingSettings(trx);
    await trx
      .insertInto('appSetting')
      .values({ key: 'task_chasing', value: JSON.stringify(value), updatedBy: actor.userId })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedBy: actor.userId, updatedAt: new Date() }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'settings.update',
      entityType: 'setting',
      entityId: 'task_chasing',
      before,
      after: value,
    });
  });
}
