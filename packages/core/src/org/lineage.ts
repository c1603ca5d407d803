/**
 * Who carries an agency's history after the 2025 reorganisation (or any later one): merges and
 * renames always pass it to their successor; a split passes it to one heir, by default the successor
 * that keeps the unit's code, else the first in the mapping, and the province may name another.
 */
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError, notFound } from '../errors';

type Db = Kysely<Database> | Transaction<Database>;

/** Names the default heir of every split that has none yet (after an import of lineage rows). */
export async function markSplitHeirs(db: Db): Promise<number> {
  const result = await sql`
    update agency_lineage l set carries_history = true
    from (
      select distinct on (l2.from_agency_id) l2.id
      from agency_lineage l2
      join agency f on f.id = l2.from_agency_id
      join agency t on t.id = l2.to_agency_id
      where l2.kind = 'split'
        and not exists (select 1 from agency_lineage x where x.kind = 'split' and x.from_agency_id = l2.from_agency_id and x.carries_history)
      order by l2.from_agency_id, (t.code = f.code) desc, l2.id
    ) m
    where l.id = m.id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Makes the successor of one split row the heir of the unit's history (the other rows stop being it). */
export async function setSplitHeir(db: Kysely<Database>, actor: AuditActor, lineageId: number) {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('agencyLineage').selectAll().where('id', '=', lineageId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('quan hệ kế thừa');
    if (row.kind !== 'split')
      throw new AppError('bad_request', 'org.not_a_split', 'Chỉ chọn đơn vị kế thừa số liệu cho trường hợp chia tách.');
    const before = await trx
      .selectFrom('agencyLineage')
      .select('toAgencyId')
      .where('kind', '=', 'split')
      .where('fromAgencyId', '=', row.fromAgencyId)
      .where('carriesHistory', '=', true)
      .executeTakeFirst();
    await trx
      .updateTable('agencyLineage')
      .set({ carriesHistory: false })
      .where('kind', '=', 'split')
      .where('fromAgencyId', '=', row.fromAgencyId)
      .execute();
    await trx.updateTable('agencyLineage').set({ carriesHistory: true }).where('id', '=', lineageId).execute();
    await recordAudit(trx, actor, {
      action: 'org.split_heir',
      entityType: 'agency',
      entityId: row.fromAgencyId,
      before: { heir: before?.toAgencyId ?? null },
      after: { heir: row.toAgencyId },
    });
    return { fromAgencyId: row.fromAgencyId, heir: row.toAgencyId };
  });
}
