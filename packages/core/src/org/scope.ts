/** Which agencies a user's data is limited to: their agency and its sub-agencies, for agency-scoped roles. */
import type { Database } from '@cchc/db/schema';
import { type Action, agencyScopeOf } from '@cchc/domain/access';
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

/**
 * The agencies a viewer may act on for an action, as the access policy (domain/access.ts) grants the role:
 * null = all; [] = none (the role may not do the action at all).
 */
export async function agenciesInScope(
  db: Kysely<Database>,
  viewer: { role: Role; agencyId: string },
  action: Action,
): Promise<string[] | null> {
  const scope = agencyScopeOf(action, viewer.role);
  if (scope === 'all') return null;
  if (scope === 'own') return [viewer.agencyId];
  if (scope === 'subtree') return agencySubtreeIds(db, viewer.agencyId);
  return [];
}

/** Whether the policy lets the viewer do the action on this agency's data. */
export async function isAgencyInScope(
  db: Kysely<Database>,
  viewer: { role: Role; agencyId: string },
  action: Action,
  agencyId: string,
): Promise<boolean> {
  const ids = await agenciesInScope(db, viewer, action);
  return ids === null || ids.includes(agencyId);
}
