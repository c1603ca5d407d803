/**
 * API keys of other systems (issue 19): issued and revoked by an admin, one per system, with scopes
 * and a per-minute rate limit. Only the SHA-256 of a key is stored; the key is shown once, at issue.
 * The rate limit is a counter per key and minute in PostgreSQL (api_key_usage), so every server
 * process on the same database counts the same requests.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@cchc/db/schema';
import { FEEDBACK_CHANNELS, type FeedbackChannel } from '@cchc/domain/feedback/workflow';
import { API_KEY_SCOPES, type ApiKeyScope, WRITE_SCOPES } from '@cchc/domain/roles';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError, notFound } from '../errors';

/** Keys start with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'cchc_';
/** Characters of the key kept in clear to recognise it in lists. */
const SHOWN_CHARS = 13;

export const ZApiKeyIssue = z.object({
  name: z.string().trim().min(3, 'Tên hệ thống cần ít nhất 3 ký tự.').max(200, 'Tối đa 200 ký tự.'),
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { error: 'Quyền không hợp lệ.' }))
    .min(1, 'Vui lòng chọn ít nhất một quyền.')
    .transform((v) => [...new Set(v)]),
  rateLimitPerMinute: z
    .number({ error: 'Vui lòng nhập số yêu cầu mỗi phút.' })
    .int('Số yêu cầu là số nguyên.')
    .min(1, 'Tối thiểu 1.')
    .max(100_000, 'Tối đa 100.000.'),
  /** The channel a feedback item submitted with this key is recorded under. */
  feedbackChannel: z.enum(FEEDBACK_CHANNELS).default('provincial_portal'),
  note: z
    .string()
    .trim()
    .max(1000, 'Tối đa 1.000 ký tự.')
    .nullish()
    .transform((v) => v || null),
});
export type TApiKeyIssue = z.output<typeof ZApiKeyIssue>;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Issues a key; the returned `key` is the only time it is ever available. */
export async function issueApiKey(db: Kysely<Database>, actor: AuditActor, input: TApiKeyIssue) {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, SHOWN_CHARS);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('apiKey')
      .values({
        name: input.name,
        prefix,
        keyHash: hashApiKey(key),
        scopes: input.scopes,
        rateLimitPerMinute: input.rateLimitPerMinute,
        feedbackChannel: input.feedbackChannel,
        note: input.note,
        createdBy: actor.userId,
      })
      .returning(['id', 'name', 'prefix', 'scopes', 'rateLimitPerMinute', 'createdAt'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'api_key.issued',
      entityType: 'api_key',
      entityId: row.id,
      after: { name: input.name, prefix, scopes: input.scopes, rateLimitPerMinute: input.rateLimitPerMinute, note: input.note },
    });
    return { ...row, key };
  });
}

export async function revokeApiKey(db: Kysely<Database>, actor: AuditActor, id: string) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('apiKey')
      .select(['id', 'name', 'prefix', 'revokedAt'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('khóa API');
    if (before.revokedAt) throw new AppError('conflict', 'api_keys.already_revoked', 'Khóa API này đã bị thu hồi.');
    await trx.updateTable('apiKey').set({ revokedAt: new Date(), revokedBy: actor.userId }).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: id,
      before: { name: before.name, prefix: before.prefix },
    });
    return { ok: true as const };
  });
}

/** Every key, newest first, with its requests in the current minute; never the hash. */
export async function listApiKeys(db: Kysely<Database>) {
  return db
    .selectFrom('apiKey as k')
    .leftJoin('appUser as c', 'c.id', 'k.createdBy')
    .leftJoin('apiKeyUsage as u', (j) =>
      j.onRef('u.keyId', '=', 'k.id').on('u.windowStart', '=', sql<Date>`date_trunc('minute', now())`),
    )
    .select([
      'k.id',
      'k.name',
      'k.prefix',
      'k.scopes',
      'k.rateLimitPerMinute',
      'k.feedbackChannel',
      'k.note',
      'k.createdAt',
      'k.lastUsedAt',
      'k.revokedAt',
      'c.displayName as createdByName',
      sql<number>`coalesce(u.requests, 0)`.as('requestsThisMinute'),
    ])
    .orderBy('k.createdAt', 'desc')
    .execute();
}

/** The system behind a request that carried a valid key with the scope it needs. */
export interface ApiClient {
  keyId: string;
  name: string;
  scopes: ApiKeyScope[];
  feedbackChannel: FeedbackChannel;
  /** Who the audit rows name: the system, never a person. */
  actor: AuditActor;
}

/**
 * Checks a key for one request: known, not revoked, carrying `scope`, and within its rate limit
 * (counted in PostgreSQL per minute). A use of a write scope is audited.
 */
export async function authenticateApiKey(
  db: Kysely<Database>,
  key: string | null | undefined,
  scope: ApiKeyScope,
  request: { requestId?: string; address?: string; path?: string } = {},
): Promise<ApiClient> {
  if (!key) throw new AppError('unauthorized', 'api.key_missing', 'Thiếu khóa API (api_key).');
  if (key.length > 200 || !key.startsWith(API_KEY_PREFIX)) {
    throw new AppError('unauthorized', 'api.key_invalid', 'Khóa API không hợp lệ hoặc đã bị thu hồi.');
  }
  const row = await db
    .selectFrom('apiKey')
    .select(['id', 'name', 'scopes', 'rateLimitPerMinute', 'feedbackChannel', 'revokedAt'])
    .where('keyHash', '=', hashApiKey(key))
    .executeTakeFirst();
  if (!row || row.revokedAt) throw new AppError('unauthorized', 'api.key_invalid', 'Khóa API không hợp lệ hoặc đã bị thu hồi.');
  if (!row.scopes.includes(scope)) {
    throw new AppError('forbidden', 'api.scope_missing', `Khóa API này không có quyền ${scope}.`, { scope });
  }
  const usage = await sql<{ requests: number; retryAfter: number }>`
    insert into api_key_usage (key_id, window_start, requests)
    values (${row.id}, date_trunc('minute', now()), 1)
    on conflict (key_id, window_start) do update set requests = api_key_usage.requests + 1
    returning requests, 60 - extract(second from now())::int as "retryAfter"
  `.execute(db);
  const counted = usage.rows[0];
  if (counted?.requests === 1) {
    // First request of a minute: keep the key's last use and let its old counters go.
    await db.updateTable('apiKey').set({ lastUsedAt: new Date() }).where('id', '=', row.id).execute();
    await db
      .deleteFrom('apiKeyUsage')
      .where('keyId', '=', row.id)
      .where('windowStart', '<', sql<Date>`now() - interval '1 hour'`)
      .execute();
  }
  if (counted && counted.requests > row.rateLimitPerMinute) {
    throw new AppError(
      'too_many_requests',
      'api.rate_limited',
      `Vượt quá giới hạn ${row.rateLimitPerMinute} yêu cầu mỗi phút của khóa API. Vui lòng thử lại sau ${Math.max(1, counted.retryAfter)} giây.`,
      { limit: row.rateLimitPerMinute, retryAfter: Math.max(1, counted.retryAfter) },
    );
  }
  const actor: AuditActor = { userId: null, username: `api:${row.name}`.slice(0, 100), requestId: request.requestId };
  if (WRITE_SCOPES.includes(scope)) {
    await recordAudit(db, actor, {
      action: 'api_key.used',
      entityType: 'api_key',
      entityId: row.id,
      after: { scope, path: request.path ?? null, address: request.address ?? null },
    });
  }
  return { keyId: row.id, name: row.name, scopes: row.scopes, feedbackChannel: row.feedbackChannel, actor };
}
