import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_UNITS_DIR } from '@cchc/db/seed-data';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { ROLES } from '@cchc/domain/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password';
import { parseCsv } from '../imports/csv';
import { ADMIN_UNIT_FILES } from '../org/admin-units';
import { DEMO_PASSWORD, DEMO_PROVINCE_CODE, DEMO_USERS, isSeeded, seedDemo } from './demo';

let t: TestDatabase;
let firstRun: boolean;
beforeAll(async () => {
  t = await createTestDatabase();
  firstRun = await seedDemo(t.db);
});
afterAll(async () => t.drop());

const seedCsv = (file: string, columns: string[]) => parseCsv(readFileSync(join(ADMIN_UNITS_DIR, file), 'utf8'), columns);

async function hungYen() {
  return t.db
    .selectFrom('agency')
    .select(['id', 'name', 'validFrom', 'validTo'])
    .where('kind', '=', 'province')
    .where('code', '=', DEMO_PROVINCE_CODE)
    .executeTakeFirstOrThrow();
}

describe('seedDemo', () => {
  it('reports that it seeded an empty database', async () => {
    expect(firstRun).toBe(true);
    expect(await isSeeded(t.db)).toBe(true);
  });

  it('seeds every province of the post-2025 map, valid from 1/7/2025', async () => {
    const expected = seedCsv(ADMIN_UNIT_FILES.provincesAfter, ['code', 'name']);
    const provinces = await t.db
      .selectFrom('agency')
      .select(['code', 'name', 'validFrom', 'validTo', 'parentId'])
      .where('kind', '=', 'province')
      .orderBy('code')
      .execute();
    expect(provinces).toHaveLength(34);
    expect(provinces.map((p) => p.code)).toEqual(expected.map((p) => p.code).sort());
    expect(provinces.every((p) => p.validFrom === '2025-07-01' && p.validTo === null && p.parentId === null)).toBe(true);
  });

  it('expands Hưng Yên with its 13 departments, including the Sở Nội vụ and the provincial office', async () => {
    const province = await hungYen();
    expect(province.name).toBe('Hưng Yên');
    const departments = await t.db
      .selectFrom('agency')
      .select(['code', 'name', 'fullName', 'parentId'])
      .where('kind', '=', 'department')
      .execute();
    expect(departments).toHaveLength(13);
    expect(departments.every((d) => d.parentId === province.id)).toBe(true);
    expect(departments.map((d) => d.name)).toEqual(
      expect.arrayContaining(['Sở Nội vụ', 'Văn phòng UBND tỉnh', 'Thanh tra tỉnh']),
    );
    // Full names read naturally: no "tỉnh tỉnh".
    expect(departments.filter((d) => d.fullName.includes('tỉnh tỉnh'))).toEqual([]);
    expect(departments.find((d) => d.name === 'Sở Tư pháp')?.fullName).toBe('Sở Tư pháp tỉnh Hưng Yên');
  });

  it("seeds all of Hưng Yên's communes from the ward file, and no other province's", async () => {
    const expected = seedCsv(ADMIN_UNIT_FILES.wardsAfter, ['code', 'province_code']).filter(
      (w) => w.province_code === DEMO_PROVINCE_CODE,
    );
    expect(expected.length).toBeGreaterThan(0);
    const province = await hungYen();
    const communes = await t.db.selectFrom('agency').select(['code', 'parentId']).where('kind', '=', 'commune').execute();
    expect(communes).toHaveLength(expected.length);
    expect(communes.every((c) => c.parentId === province.id)).toBe(true);
    expect(communes.map((c) => c.code).sort()).toEqual(expected.map((w) => w.code).sort());
  });

  it('creates one user per role, at the agencies the demo names, able to sign in with the demo password', async () => {
    const users = await t.db
      .selectFrom('appUser as u')
      .innerJoin('agency as a', 'a.id', 'u.agencyId')
      .select(['u.username', 'u.role', 'a.code as agencyCode', 'u.isActive', 'u.passwordHash'])
      .execute();
    expect(users).toHaveLength(5);
    expect(users.map((u) => u.role).sort()).toEqual([...ROLES].sort());
    for (const demo of DEMO_USERS) {
      const user = users.find((u) => u.username === demo.username);
      expect(user, demo.username).toMatchObject({ role: demo.role, agencyCode: demo.agencyCode, isActive: true });
    }
    const admin = users.find((u) => u.role === 'admin');
    expect(admin && (await verifyPassword(admin.passwordHash, DEMO_PASSWORD))).toBe(true);
  });

  it('audits the import and every user it creates, as the seed actor', async () => {
    const audit = await t.db.selectFrom('auditLog').select(['action', 'actorUsername', 'actorUserId']).execute();
    expect(audit.filter((a) => a.action === 'user.create')).toHaveLength(5);
    expect(audit.filter((a) => a.action === 'agency.import')).toHaveLength(1);
    expect(audit.every((a) => a.actorUsername === 'seed' && a.actorUserId === null)).toBe(true);
  });

  it('does nothing on a database that already has users, and says so', async () => {
    const count = async (table: 'agency' | 'appUser' | 'auditLog' | 'importRun') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = [await count('agency'), await count('appUser'), await count('auditLog'), await count('importRun')];
    expect(await seedDemo(t.db)).toBe(false);
    expect([await count('agency'), await count('appUser'), await count('auditLog'), await count('importRun')]).toEqual(before);
  });
});
