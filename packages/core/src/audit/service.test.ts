import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../actor';
import { auditFacets, listAudit, recordAudit, redact, ZAuditFilter } from './service';

let t: TestDatabase;
let userId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const agency = await t.db
    .insertInto('agency')
    .values({ code: '33', name: 'Hưng Yên', fullName: 'Tỉnh Hưng Yên', kind: 'province', searchText: 'hung yen' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await t.db
    .insertInto('appUser')
    .values({
      username: 'Admin',
      displayName: 'Quản trị',
      passwordHash: 'x',
      role: 'admin',
      agencyId: agency.id,
      searchText: 'admin',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  userId = user.id;
  const admin = { userId, username: 'Admin', requestId: 'req-1' };
  const system = { ...SYSTEM_ACTOR, username: 'system' };
  // Twelve rows, oldest first: users touched by the admin, agencies by the system.
  for (let i = 1; i <= 8; i++) {
    await recordAudit(t.db, admin, { action: 'user.update', entityType: 'user', entityId: `u${i}`, after: { n: i } });
  }
  for (let i = 1; i <= 4; i++) {
    await recordAudit(t.db, system, { action: 'agency.import', entityType: 'import_run', entityId: `r${i}` });
  }
});
afterAll(async () => t.drop());

const list = (filter: Partial<Parameters<typeof ZAuditFilter.parse>[0]>) => listAudit(t.db, ZAuditFilter.parse(filter));

describe('listAudit', () => {
  it('lists the newest first', async () => {
    const { items } = await list({});
    expect(items).toHaveLength(12);
    expect(items.map((i) => i.entityId).slice(0, 5)).toEqual(['r4', 'r3', 'r2', 'r1', 'u8']);
  });

  it('filters by entity type', async () => {
    const { items } = await list({ entityType: 'import_run' });
    expect(items.map((i) => i.entityId)).toEqual(['r4', 'r3', 'r2', 'r1']);
  });

  it('filters by actor, whatever the letter case of the username', async () => {
    const { items } = await list({ actorUsername: 'admin' });
    expect(items).toHaveLength(8);
    expect(items.every((i) => i.actorUsername === 'Admin' && i.requestId === 'req-1')).toBe(true);
    expect((await list({ actorUsername: 'SYSTEM' })).items).toHaveLength(4);
    expect((await list({ actorUsername: 'nobody' })).items).toEqual([]);
  });

  it('pages backwards with beforeId until every row has been seen exactly once', async () => {
    const seen: string[] = [];
    let beforeId: number | undefined;
    let pages = 0;
    do {
      const page = await list({ entityType: 'user', limit: 3, beforeId });
      seen.push(...page.items.map((i) => i.entityId ?? ''));
      beforeId = page.nextBeforeId ?? undefined;
      pages++;
    } while (beforeId !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['u8', 'u7', 'u6', 'u5', 'u4', 'u3', 'u2', 'u1']);
  });

  it('says there is no next page when the last page is exactly full', async () => {
    const page = await list({ entityType: 'import_run', limit: 4 });
    expect(page.items).toHaveLength(4);
    expect(page.nextBeforeId).toBeNull();
  });

  it('reads from/to as calendar days in Vietnam, not UTC', async () => {
    // 17:30 UTC on 13/2/2026 is already 00:30 on 14/2 in Hà Nội.
    await t.db
      .insertInto('auditLog')
      .values({ action: 'user.update', entityType: 'tz', entityId: 'late', occurredAt: new Date('2026-02-13T17:30:00Z') })
      .execute();
    expect((await list({ entityType: 'tz', from: '2026-02-14', to: '2026-02-14' })).items.map((i) => i.entityId)).toEqual([
      'late',
    ]);
    expect((await list({ entityType: 'tz', to: '2026-02-13' })).items).toEqual([]);
  });
});

describe('auditFacets', () => {
  it('offers the entity types and actions present in the log, sorted', async () => {
    const facets = await auditFacets(t.db);
    expect(facets.entityTypes).toEqual(['import_run', 'tz', 'user']);
    expect(facets.actions).toEqual(['agency.import', 'user.update']);
  });
});

describe('redact', () => {
  it('drops passwords, hashes and tokens at any depth and writes dates as ISO instants', () => {
    const at = new Date('2026-02-13T08:00:00Z');
    expect(
      redact({ username: 'a', passwordHash: 'h', nested: [{ token: 't', sessionId: 's', password: 'p', ok: 1 }], at }),
    ).toEqual({ username: 'a', nested: [{ ok: 1 }], at: '2026-02-13T08:00:00.000Z' });
  });
});
