/** The audit log: one row per write, in the writer's own transaction; browsing for admins. */
import type { Database } from '@cchc/db/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';

const SECRET_KEYS = new Set(['passwordHash', 'password', 'token', 'sessionId']);

/** Drops secrets from a before/after image so they never land in the log. */
export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!SECRET_KEYS.has(k)) out[k] = redact(v);
    }
    return out;
  }
  return value;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(
  trx: Transaction<Database> | Kysely<Database>,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await trx
    .insertInto('auditLog')
    .values({
      actorUserId: actor.userId,
      actorUsername: actor.username,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
      requestId: actor.requestId ?? null,
    })
    .execute();
}

export const ZAuditFilter = z.object({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(100).optional(),
  action: z.string().max(64).optional(),
  actorUsername: z.string().max(100).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Keyset pagination: the smallest id of the previous page. */
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

export async function listAudit(db: Kysely<Database>, filter: TAuditFilter) {
  let q = db
    .selectFrom('auditLog')
    .select(['id', 'occurredAt', 'actorUsername', 'action', 'entityType', 'entityId', 'before', 'after', 'requestId'])
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.entityType) q = q.where('entityType', '=', filter.entityType);
  if (filter.entityId) q = q.where('entityId', '=', filter.entityId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.actorUsername) q = q.where(sql`lower(actor_username)`, '=', filter.actorUsername.toLowerCase());
  // Dates are calendar days in Vietnam's zone.
  if (filter.from) q = q.where(sql<boolean>`occurred_at >= (${filter.from}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`);
  if (filter.to) q = q.where(sql<boolean>`occurred_at < ((${filter.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`);
  if (filter.beforeId) q = q.where('id', '<', filter.beforeId);
  const rows = await q.execute();
  const hasMore = rows.length > filter.limit;
  const items = rows.slice(0, filter.limit);
  return { items, nextBeforeId: hasMore ? (items[items.length - 1]?.id ?? null) : null };
}

export async function auditFacets(db: Kysely<Database>) {
  const [entityTypes, actions] = await Promise.all([
    db.selectFrom('auditLog').select('entityType').distinct().orderBy('entityType').execute(),
    db.selectFrom('auditLog').select('action').distinct().orderBy('action').execute(),
  ]);
  return { entityTypes: entityTypes.map((r) => r.entityType), actions: actions.map((r) => r.action) };
}
