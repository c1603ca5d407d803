import { systemClock } from '@cchc/core/clock';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { parseCrontab, runOnce } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRONTAB, createTaskList } from './tasks';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('auth__prune_sessions', () => {
  it('removes expired sessions and keeps live ones, run by a real graphile-worker', async () => {
    const agency = await t.db
      .insertInto('agency')
      .values({ code: '01', name: 'Hà Nội', fullName: 'Thành phố Hà Nội', kind: 'province', searchText: 'ha noi' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await t.db
      .insertInto('appUser')
      .values({ username: 'u1', displayName: 'U', passwordHash: 'x', role: 'admin', agencyId: agency.id, searchText: 'u1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('userSession')
      .values([
        { id: 'expired', userId: user.id, expiresAt: new Date(Date.now() - 1000) },
        { id: 'live', userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) },
      ])
      .execute();
    await sql`select graphile_worker.add_job('auth__prune_sessions', '{}'::json)`.execute(t.db);
    await runOnce({ pgPool: t.pool, taskList: createTaskList({ db: t.db, clock: async () => systemClock() }) });
    const left = await t.db.selectFrom('userSession').select('id').execute();
    expect(left.map((s) => s.id)).toEqual(['live']);
  });
});

describe('CRONTAB', () => {
  it('schedules the prune daily at 02:15 Vietnam time (19:15 UTC)', () => {
    const [item] = parseCrontab(CRONTAB).filter((i) => i.task === 'auth__prune_sessions');
    expect(item?.task).toBe('auth__prune_sessions');
    expect(item?.match).toBeDefined();
    // 19:15 UTC on any day matches; 02:15 UTC does not.
    const at = (iso: string) => {
      const d = new Date(iso);
      return {
        min: d.getUTCMinutes(),
        hour: d.getUTCHours(),
        date: d.getUTCDate(),
        month: d.getUTCMonth() + 1,
        dow: d.getUTCDay(),
      };
    };
    expect(item?.match(at('2026-11-21T19:15:00Z'))).toBe(true);
    expect(item?.match(at('2026-11-21T02:15:00Z'))).toBe(false);
  });
});
