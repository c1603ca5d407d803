/** API keys of other systems: issued once in clear, kept hashed, scoped, rate-limited in PostgreSQL, audited. */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { seedDemo } from '../seed/demo';
import { actor, appErrorOf } from '../testing/fixtures';
import { authenticateApiKey, hashApiKey, issueApiKey, listApiKeys, revokeApiKey, ZApiKeyIssue } from './api-keys';

let t: TestDatabase;
let admin: Actor;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  admin = await actor(t.db, 'admin');
});
afterAll(async () => {
  await t.drop();
});

const issue = (input: Partial<Parameters<typeof ZApiKeyIssue.parse>[0]> = {}) =>
  issueApiKey(
    t.db,
    admin,
    ZApiKeyIssue.parse({ name: 'Cổng DVC tỉnh', scopes: ['published:read'], rateLimitPerMinute: 60, ...input }),
  );

describe('issueApiKey', () => {
  it('shows the key once and stores only its SHA-256', async () => {
    const issued = await issue();
    expect(issued.key).toMatch(/^cchc_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.selectFrom('apiKey').selectAll().where('id', '=', issued.id).executeTakeFirstOrThrow();
    expect(stored.keyHash).toBe(hashApiKey(issued.key));
    expect(JSON.stringify(stored)).not.toContain(issued.key);
    const listed = (await listApiKeys(t.db)).find((k) => k.id === issued.id);
    expect(listed).toMatchObject({ name: 'Cổng DVC tỉnh', prefix: issued.key.slice(0, 13), scopes: ['published:read'] });
    expect(JSON.stringify(listed)).not.toContain(issued.key);
    const audit = await t.db.selectFrom('auditLog').selectAll().where('entityId', '=', issued.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['api_key.issued']);
    expect(JSON.stringify(audit)).not.toContain(issued.key);
  });

  it('refuses a key without scopes or with an unknown one, in Vietnamese', () => {
    const none = ZApiKeyIssue.safeParse({ name: 'Hệ thống A', scopes: [], rateLimitPerMinute: 10 });
    expect(none.error?.issues[0]?.message).toBe('Vui lòng chọn ít nhất một quyền.');
    expect(ZApiKeyIssue.safeParse({ name: 'Hệ thống A', scopes: ['admin:all'], rateLimitPerMinute: 10 }).success).toBe(false);
  });
});

describe('authenticateApiKey', () => {
  it('lets a key do what its scopes say and nothing else', async () => {
    const { key } = await issue({ scopes: ['published:read'] });
    await expect(authenticateApiKey(t.db, key, 'published:read')).resolves.toMatchObject({ name: 'Cổng DVC tỉnh' });
    const refused = await appErrorOf(authenticateApiKey(t.db, key, 'feedback:submit'));
    expect([refused.kind, refused.message]).toEqual(['forbidden', 'Khóa API này không có quyền feedback:submit.']);
  });

  it('refuses a missing, unknown or revoked key', async () => {
    expect((await appErrorOf(authenticateApiKey(t.db, null, 'published:read'))).message).toBe('Thiếu khóa API (api_key).');
    expect((await appErrorOf(authenticateApiKey(t.db, 'cchc_not-a-real-key', 'published:read'))).kind).toBe('unauthorized');
    const issued = await issue();
    await revokeApiKey(t.db, admin, issued.id);
    const revoked = await appErrorOf(authenticateApiKey(t.db, issued.key, 'published:read'));
    expect([revoked.kind, revoked.message]).toEqual(['unauthorized', 'Khóa API không hợp lệ hoặc đã bị thu hồi.']);
    const again = await appErrorOf(revokeApiKey(t.db, admin, issued.id));
    expect(again.kind).toBe('conflict');
    const audit = await t.db.selectFrom('auditLog').select('action').where('entityId', '=', issued.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['api_key.issued', 'api_key.revoked']);
  });

  it('counts requests per key and minute in PostgreSQL and refuses past the limit', async () => {
    const { id, key } = await issue({ rateLimitPerMinute: 3 });
    // The counter is per minute: start at the top of a fresh minute if this one is nearly over.
    const { rows } = await sql<{ s: number }>`select extract(second from now())::int as s`.execute(t.db);
    if ((rows[0]?.s ?? 0) > 55) await new Promise((r) => setTimeout(r, 6000));
    for (let i = 0; i < 3; i++) await authenticateApiKey(t.db, key, 'published:read');
    const limited = await appErrorOf(authenticateApiKey(t.db, key, 'published:read'));
    expect(limited.kind).toBe('too_many_requests');
    expect(limited.message).toMatch(/^Vượt quá giới hạn 3 yêu cầu mỗi phút của khóa API/);
    const usage = await t.db.selectFrom('apiKeyUsage').select('requests').where('keyId', '=', id).execute();
    expect(usage.map((u) => u.requests)).toEqual([4]);
    // Another key is not affected.
    const other = await issue({ rateLimitPerMinute: 3 });
    await expect(authenticateApiKey(t.db, other.key, 'published:read')).resolves.toBeTruthy();
  });

  it('audits every use of a write scope, naming the system, and not the reads', async () => {
    const { id, key } = await issue({ name: 'Hệ thống một cửa', scopes: ['published:read', 'feedback:submit'] });
    await authenticateApiKey(t.db, key, 'published:read');
    await authenticateApiKey(t.db, key, 'feedback:submit', { requestId: 'r-1', path: '/open311/v2/requests.json' });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorUsername', 'requestId', 'after'])
      .where('entityId', '=', id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['api_key.issued', 'api_key.used']);
    expect(audit[1]).toMatchObject({
      actorUsername: 'api:Hệ thống một cửa',
      requestId: 'r-1',
      after: { scope: 'feedback:submit', path: '/open311/v2/requests.json' },
    });
  });
});
