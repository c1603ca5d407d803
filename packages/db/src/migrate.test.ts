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

  it('repair a database migrated before 0004 and 0007 were edited (0008)', async () => {
    const repair = await createTestDatabase();
    try {
      // Down to 0007 as first written: no procedure_last_filing_any, a trigger that let a ready report's status move.
      // Every later migration is undone first, newest first, down to 0008.
      let undone: string[];
      do undone = await migrateDown(repair.db);
      while (undone.length > 0 && undone[0] !== '2026-12-07_0008_repair_edited_migrations');
      expect(undone).toEqual(['2026-12-07_0008_repair_edited_migrations']);
      expect(await tables(repair)).not.toContain('procedure_last_filing_any');
      const agency = await sql<{ id: string }>`
        insert into agency (code, name, full_name, kind, search_text) values ('T.1', 'Sở Thử', 'Sở Thử', 'department', 'so thu') returning id`.execute(
        repair.db,
      );
      const procedure = await sql<{ id: string }>`
        insert into procedure (code, name, search_text) values ('1.000001', 'Thủ tục thử', 'thu tuc thu') returning id`.execute(
        repair.db,
      );
      const agencyId = agency.rows[0]?.id;
      const procedureId = procedure.rows[0]?.id;
      await sql`insert into procedure_last_filing (procedure_id, agency_id, last_filing)
                values (${procedureId}, ${agencyId}, '2025-03-04')`.execute(repair.db);

      await migrateToLatest(repair.db, repair.pool);
      const last = await sql<{ lastFiling: string }>`select last_filing from procedure_last_filing_any`.execute(repair.db);
      expect(last.rows).toEqual([{ lastFiling: '2025-03-04' }]);
      const { rows } = await sql<{ body: string }>`select prosrc as body from pg_proc where proname = 'report_frozen'`.execute(
        repair.db,
      );
      expect(rows[0]?.body).toContain("old.status = 'ready' and new.status = 'finalised'");
    } finally {
      await repair.drop();
    }
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
