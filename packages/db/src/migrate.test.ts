import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('migrations', () => {
  it('leave the schema able to go down and up again without losing its shape', async () => {
    const before = await tables(t);
    expect(before).toEqual(expect.arrayContaining(['agency', 'app_user', 'audit_log', 'user_session']));
    // Every migration's down() undoes its up(): step all the way down, then back up.
    while ((await migrateDown(t.db)).length > 0) {}
    expect(await tables(t)).toEqual([]);
    await migrateToLatest(t.db, t.pool);
    expect(await tables(t)).toEqual(before);
  });

  it('sort Vietnamese names with the vi-VN ICU collation', async () => {
    const { rows } = await sql<{ name: string }>`
      select name from (values ('Đà Nẵng'), ('Yên Bái'), ('Dak Lak'), ('An Giang'), ('Ê Đê')) v(name)
      order by name collate "vi-VN-x-icu"`.execute(t.db);
    // In Vietnamese order Đ comes after D and Ê after E.
    expect(rows.map((r) => r.name)).toEqual(['An Giang', 'Dak Lak', 'Đà Nẵng', 'Ê Đê', 'Yên Bái']);
  });

  it('keep calendar dates as YYYY-MM-DD strings', async () => {
    const { rows } = await sql<{ d: unknown }>`select date '2026-02-13' as d`.execute(t.db);
    expect(rows[0]?.d).toBe('2026-02-13');
  });
});

async function tables(t: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%' order by tablename`.execute(
    t.db,
  );
  return rows.map((r) => r.tablename);
}
