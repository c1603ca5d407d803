/** The real administrative-unit data set (before and after the 1/7/2025 reorganisation), imported once for this file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import type { AgencyKind } from '@cchc/domain/agency';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../actor';
import { parseCsv } from '../imports/csv';
import { ADMIN_UNIT_FILES, LAST_DAY_BEFORE, REORGANISATION_DATE, readAdminUnitsDir } from './admin-units';
import { getAgency, searchAgencies, ZAgencySearch } from './agencies';
import { type AgencyImportResult, importAgencies } from './import';

const DATA_DIR = '/work/shared/data/admin-units';
const ACTOR = { ...SYSTEM_ACTOR, username: 'import-test' };

let t: TestDatabase;
let data: ReturnType<typeof readAdminUnitsDir>;
let first: AgencyImportResult;
beforeAll(async () => {
  t = await createTestDatabase();
  data = readAdminUnitsDir(DATA_DIR);
  first = await importAgencies(t.db, ACTOR, { kind: 'admin_units', fileName: DATA_DIR, ...data });
}, 120_000);
afterAll(async () => t.drop());

const dataFile = (file: string, columns: string[]) => parseCsv(readFileSync(join(DATA_DIR, file), 'utf8'), columns);

async function countAgencies(kind: AgencyKind, era: 'before' | 'after'): Promise<number> {
  let q = t.db
    .selectFrom('agency')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kind', '=', kind);
  q = era === 'after' ? q.where('validFrom', '=', REORGANISATION_DATE) : q.where('validTo', '=', LAST_DAY_BEFORE);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function tableCounts() {
  const { rows } = await sql<{ agencies: string; lineage: string }>`
    select (select count(*) from agency) as agencies, (select count(*) from agency_lineage) as lineage`.execute(t.db);
  return { agencies: Number(rows[0]?.agencies), lineage: Number(rows[0]?.lineage) };
}

async function province(code: string, era: 'before' | 'after') {
  return t.db
    .selectFrom('agency')
    .select(['id', 'name', 'fullName', 'validFrom', 'validTo'])
    .where('kind', '=', 'province')
    .where('code', '=', code)
    .where('validFrom', era === 'after' ? '=' : 'is', era === 'after' ? REORGANISATION_DATE : null)
    .executeTakeFirstOrThrow();
}

describe('importAgencies with the real administrative-unit data set', () => {
  it('succeeds and inserts every unit of both eras', async () => {
    expect(first.ok).toBe(true);
    expect(first.errors).toEqual([]);
    expect(first.inserted).toBe(data.rows.length);
    expect(first.updated).toBe(0);
    expect(await countAgencies('province', 'after')).toBe(34);
    expect(await countAgencies('commune', 'after')).toBe(3321);
    expect(await countAgencies('province', 'before')).toBe(63);
    expect(await countAgencies('district', 'before')).toBe(696);
    expect(await countAgencies('commune', 'before')).toBe(10_035);
    expect((await tableCounts()).agencies).toBe(34 + 3321 + 63 + 696 + 10_035);
  });

  it('hangs each unit under the parent of its own era', async () => {
    const { rows } = await sql<{ child: string; parent: string | null; n: string }>`
      select c.kind || case when c.valid_to is null then ' after' else ' before' end as child,
             p.kind || case when p.valid_to is null then ' after' else ' before' end as parent,
             count(*) as n
      from agency c left join agency p on p.id = c.parent_id
      group by 1, 2 order by 1, 2`.execute(t.db);
    expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { child: 'commune after', parent: 'province after', n: 3321 },
      { child: 'commune before', parent: 'district before', n: 10_035 },
      { child: 'district before', parent: 'province before', n: 696 },
      { child: 'province after', parent: null, n: 34 },
      { child: 'province before', parent: null, n: 63 },
    ]);
  });

  it('ends the old units on 30/6/2025 and starts the new ones on 1/7/2025', async () => {
    expect(await province('02', 'before')).toMatchObject({ name: 'Hà Giang', validFrom: null, validTo: '2025-06-30' });
    expect(await province('08', 'after')).toMatchObject({ name: 'Tuyên Quang', validFrom: '2025-07-01', validTo: null });
  });

  it('links every old province to its new province exactly as the province map says', async () => {
    const map = dataFile(ADMIN_UNIT_FILES.provinceMap, ['new_province_code', 'old_province_code']);
    const sources = (newCode: string) => map.filter((r) => r.new_province_code === newCode).length;
    const expected = map
      .map((r) => `${r.old_province_code}→${r.new_province_code} ${sources(r.new_province_code ?? '') > 1 ? 'merge' : 'rename'}`)
      .sort();
    const { rows } = await sql<{ edge: string }>`
      select f.code || '→' || t.code || ' ' || l.kind as edge
      from agency_lineage l join agency f on f.id = l.from_agency_id join agency t on t.id = l.to_agency_id
      where f.kind = 'province' order by 1`.execute(t.db);
    expect(rows.map((r) => r.edge)).toEqual(expected);
    expect(expected).toContain('02→08 merge');
  });

  it('shows Hà Giang merging into Tuyên Quang on the new province, effective 1/7/2025', async () => {
    const tuyenQuang = await getAgency(t.db, (await province('08', 'after')).id);
    const fromNames = tuyenQuang.lineage.map((l) => `${l.kind} ${l.fromName} → ${l.toName} ${l.effectiveDate}`);
    expect(fromNames.sort()).toEqual([
      'merge Tỉnh Hà Giang → Tỉnh Tuyên Quang 2025-07-01',
      'merge Tỉnh Tuyên Quang → Tỉnh Tuyên Quang 2025-07-01',
    ]);
  });

  it('records merges, splits and renames of communes', async () => {
    const { rows } = await sql<{ kind: string; n: string }>`
      select l.kind, count(*) as n from agency_lineage l join agency f on f.id = l.from_agency_id
      where f.kind = 'commune' group by l.kind`.execute(t.db);
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    expect(byKind.merge).toBeGreaterThan(0);
    expect(byKind.split).toBeGreaterThan(0);
    expect(byKind.rename).toBeGreaterThan(0);
    expect(byKind.dissolve).toBeUndefined();
  });

  it('reports mapping rows whose codes do not exist as warnings, and imports every other edge', async () => {
    const oldCodes = new Set(dataFile(ADMIN_UNIT_FILES.wardsBefore, ['code']).map((r) => r.code));
    const newCodes = new Set(dataFile(ADMIN_UNIT_FILES.wardsAfter, ['code']).map((r) => r.code));
    const wardMap = dataFile(ADMIN_UNIT_FILES.wardMap, ['old_ward_code', 'new_ward_code']);
    const unresolvable = wardMap
      .map((r, i) => ({ line: i + 2, old: r.old_ward_code ?? '', new: r.new_ward_code ?? '' }))
      .filter((r) => !oldCodes.has(r.old) || !newCodes.has(r.new));
    expect(unresolvable.length).toBeGreaterThan(0);

    expect(first.warnings.map((w) => w.row).sort((a, b) => a - b)).toEqual(unresolvable.map((r) => r.line));
    for (const w of first.warnings) {
      const row = unresolvable.find((r) => r.line === w.row);
      const missing = row && !oldCodes.has(row.old) ? row.old : row?.new;
      expect(w.message).toBe(`Bỏ qua quan hệ kế thừa: không tìm thấy mã ${missing}.`);
    }
    expect(first.lineage).toBe(data.lineage.length - unresolvable.length);
    expect((await tableCounts()).lineage).toBe(first.lineage);

    const run = await t.db
      .selectFrom('importRun')
      .select(['status', 'rowsOk', 'errors'])
      .where('id', '=', first.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', rowsOk: data.rows.length });
    expect(run.errors).toHaveLength(unresolvable.length);
  });

  it('changes nothing when the same data is imported again', async () => {
    const before = await tableCounts();
    const stamps = await t.db.selectFrom('agency').select(['id', 'updatedAt', 'parentId']).orderBy('id').execute();

    const again = await importAgencies(t.db, ACTOR, { kind: 'admin_units', fileName: DATA_DIR, ...readAdminUnitsDir(DATA_DIR) });

    expect(again).toMatchObject({ ok: true, inserted: 0, updated: data.rows.length, lineage: 0 });
    expect(again.warnings).toEqual(first.warnings);
    expect(await tableCounts()).toEqual(before);
    // Same parents, and no agency looks edited.
    expect(await t.db.selectFrom('agency').select(['id', 'updatedAt', 'parentId']).orderBy('id').execute()).toEqual(stamps);
  });
});

describe('searchAgencies on the real data set', () => {
  const search = (input: Partial<ReturnType<typeof ZAgencySearch.parse>>) => searchAgencies(t.db, ZAgencySearch.parse(input));

  it('finds Đà Nẵng first for "da nang", without accents', async () => {
    const results = await search({ query: 'da nang' });
    expect(results[0]).toMatchObject({ name: 'Đà Nẵng', kind: 'province' });
    expect((await search({ query: 'ĐÀ NẴNG', validOn: '2026-01-01' }))[0]).toMatchObject({
      name: 'Đà Nẵng',
      validFrom: REORGANISATION_DATE,
    });
  });

  it('finds a unit by its administrative code', async () => {
    const results = await search({ query: '08', kinds: ['province'] });
    expect(results.map((r) => r.name).sort()).toEqual(['Tuyên Quang', 'Tuyên Quang']);
  });

  it('limits results to units valid on a day', async () => {
    const before = await search({ query: 'ha giang', kinds: ['province'], validOn: '2025-06-30' });
    const after = await search({ query: 'ha giang', kinds: ['province'], validOn: '2025-07-01' });
    expect(before.map((r) => r.name)).toEqual(['Hà Giang']);
    expect(after).toEqual([]);
  });

  it('treats % and _ in a query as plain characters', async () => {
    expect(await search({ query: '%' })).toEqual([]);
    expect(await search({ query: '_' })).toEqual([]);
  });

  it('sorts names in Vietnamese alphabetical order', async () => {
    const provinces = await search({ kinds: ['province'], validOn: '2026-01-01', limit: 100 });
    const names = provinces.map((p) => p.name);
    expect(names).toHaveLength(34);
    // Vietnamese order: ă, â after a; đ after d; ư after u — unlike a plain or English sort.
    const order = (...expected: string[]) => expect(names.filter((n) => expected.includes(n))).toEqual(expected);
    order(
      'An Giang',
      'Bắc Ninh',
      'Cà Mau',
      'Cao Bằng',
      'Cần Thơ',
      'Đà Nẵng',
      'Đắk Lắk',
      'Điện Biên',
      'Đồng Nai',
      'Đồng Tháp',
      'Gia Lai',
    );
    order('Hà Nội', 'Hà Tĩnh', 'Hải Phòng', 'Hồ Chí Minh', 'Huế', 'Hưng Yên');
    order('Lai Châu', 'Lạng Sơn', 'Lào Cai', 'Lâm Đồng');
    expect(names[0]).toBe('An Giang');
    expect(names[names.length - 1]).toBe('Vĩnh Long');
  });
});
