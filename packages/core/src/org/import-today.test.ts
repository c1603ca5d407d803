/** "Valid today" in the agency import is Vietnam's today from the app's clock, not the UTC date. */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../actor';
import { fixedClock } from '../clock';
import { importAgencies, readAgencyCsv } from './import';

const HEADER = 'code,name,full_name,name_en,kind,parent_code,parent_kind,valid_from,valid_to';
const ACTOR = { ...SYSTEM_ACTOR, username: 'csv-test' };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('importAgencies, a row without dates', () => {
  it('finds a parent that became valid today in Vietnam at 00:30, when the UTC date is still yesterday', async () => {
    // 00:30 on 1/7/2026 in Vietnam = 17:30 UTC on 30/6/2026.
    const clock = fixedClock('2026-06-30T17:30:00Z');
    const { rows, errors } = readAgencyCsv(
      [HEADER, '90,Tỉnh Mới,Tỉnh Mới,,province,,,2026-07-01,', '90.01,Sở Mới,Sở Mới,,department,90,province,,'].join('\n'),
    );
    const result = await importAgencies(t.db, ACTOR, {
      kind: 'agency_csv',
      fileName: 'moi.csv',
      rows,
      readErrors: errors,
      today: clock.today(),
    });
    expect(result.errors).toEqual([]);
    const child = await t.db
      .selectFrom('agency as a')
      .innerJoin('agency as p', 'p.id', 'a.parentId')
      .select('p.code')
      .where('a.code', '=', '90.01')
      .executeTakeFirstOrThrow();
    expect(child.code).toBe('90');
  });
});
