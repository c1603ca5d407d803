/** The stored clock offset (whole days) used only where ALLOW_CLOCK_CONTROL is on. */
import type { Database } from '@cchc/db/schema';
import type { Kysely } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';

export async function readClockOffsetDays(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('appSetting').select('value').where('key', '=', 'clock_offset_days').executeTakeFirst();
  return typeof row?.value === 'number' ? row.value : 0;
}

export async function setClockOffsetDays(db: Kysely<Database>, actor: AuditActor, days: number) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('appSetting')
      .values({ key: 'clock_offset_days', value: JSON.stringify(days), updatedBy: actor.userId })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(days), updatedBy: actor.userId, updatedAt: new Date() }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'settings.clock_offset',
      entityType: 'setting',
      entityId: 'clock_offset_days',
      after: { days },
    });
  });
}
