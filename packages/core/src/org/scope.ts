/** Which agencies a user's data is limited to: their agency and its sub-agencies, for agency-scoped roles. */
import type { Database } from '@cchc/db/schema';
import { isAgencyScoped, type Role } from '@cchc/domain/roles';
import { type Kysely, sql } from 'kysely';

export async function agencySubtreeIds(db: Kysely<Database>, rootId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive sub(id) as (
      select id from agency where id = ${rootId}
      union
      select a.id from agency a join sub on a.parent_id = sub.id
    )
    select id from sub`.execute(db);
  return rows.map((r) => r.id);
}

/** null = no limit (province-wide roles); otherwise the agency ids the viewer may see. */
export async function visibleAgencyIds(db: Kysely<Database>, viewer: { role: Role; agencyId: string }): Promise<string[] | null> {
  if (!isAgencyScoped(viewer.role)) return null;
  return agencySubtreeIds(db, viewer.agencyId);
}
