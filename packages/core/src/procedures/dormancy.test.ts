/** Dormant procedures as the Sở Nội vụ reads them: per procedure, per implementing agency, with the window as a parameter. */
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../actor';
import { seedDemo } from '../seed/demo';
import { departmentIds, type IdsByCode } from '../testing/fixtures';
import { importCatalogue } from './catalogue';
import { dormancyXlsx, dormantPairs, dormantProcedures, listScans, recordDormancyScan } from './dormancy';
import { DOSSIER_COLUMNS, importDossierFile } from './dossiers';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);
const actor: AuditActor = { userId: null, username: 'test' };
const AS_OF = '2026-11-21';
let t: TestDatabase;
let agency: IdsByCode;
let catalogueSize: number;

/**
 * The filings of the story, as of 21/11/2026 (36 months = since 22/11/2023; 60 months = since 22/11/2021):
 * - 1.000005 (Hải quan, cấp xã): Sở Tư pháp 5/3/2026 (alive), Sở Nội vụ 10/6/2022 (dormant there at 36 months)
 * - 1.000010 (Đăng kiểm, cấp bộ): Sở Tư pháp 10/1/2022 (dormant at 36 months, alive at 60)
 * - 1.000014 (Hải quan, cấp xã): Sở Nội vụ 1/5/2020 (dormant at both)
 * - 1.000016 (cấp tỉnh): Sở Tư pháp 1/3/2019, then abolished
 */
const FILINGS: [id: string, procedure: string, agency: string, received: string][] = [
  ['HS-A1', '1.000005', '33.STP', '2026-03-05 09:00'],
  ['HS-A2', '1.000005', '33.SNV', '2022-06-10 09:00'],
  ['HS-A3', '1.000010', '33.STP', '2022-01-10 09:00'],
  ['HS-A4', '1.000014', '33.SNV', '2020-05-01 09:00'],
  ['HS-A5', '1.000016', '33.STP', '2019-03-01 09:00'],
];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const catalogue = await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
  expect(catalogue.ok).toBe(true);
  catalogueSize = catalogue.rows;
  agency = await departmentIds(t.db);

  const lines = FILINGS.map(([id, procedure, agency, received]) => {
    const values: Record<(typeof DOSSIER_COLUMNS)[number], string> = {
      dossier_id: id,
      procedure_code: procedure,
      receiving_agency_code: agency,
      competent_agency_code: agency,
      received_at: received,
      appointment_date: received.slice(0, 10),
      finished_at: received,
      channel: 'direct',
      status: 'finished',
      supplement_requests: '0',
      supplement_days: '0',
    };
    return DOSSIER_COLUMNS.map((c) => values[c]).join(',');
  });
  const { id: runId } = await t.db
    .insertInto('importRun')
    .values({ kind: 'dossiers', fileName: 'hs.csv', status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const client = await t.pool.connect();
  try {
    const content = Buffer.from(`${[DOSSIER_COLUMNS.join(','), ...lines].join('\n')}\n`);
    expect(await importDossierFile(client, actor, { runId, content, fileName: 'hs.csv' })).toMatchObject({
      ok: true,
      inserted: 5,
    });
  } finally {
    client.release();
  }
  // The abolition itself is the reviews' story (reviews.test.ts); here only its effect on the lists matters.
  await t.db
    .updateTable('procedure')
    .set({ status: 'abolished', statusSince: '2026-06-01' })
    .where('code', '=', '1.000016')
    .execute();
});
afterAll(async () => t.drop());

const codes = (items: { code: string }[]) => items.map((i) => i.code);
const pairsOf = (items: { code: string; agencyName: string; lastFiling: string | null }[]) =>
  items.map((p) => [p.code, p.agencyName, p.lastFiling]);

describe('dormantProcedures', () => {
  it('lists every procedure without a filing at any agency in 36 months, except the abolished', async () => {
    const { windowStart, items } = await dormantProcedures(t.db, { months: 36, limit: 5000 }, AS_OF);
    expect(windowStart).toBe('2023-11-22');
    // All of the catalogue but the procedure still filed (1.000005) and the abolished one (1.000016).
    expect(items).toHaveLength(catalogueSize - 2);
    expect(codes(items)).not.toContain('1.000005');
    expect(codes(items)).not.toContain('1.000016');
    expect(items.find((p) => p.code === '1.000010')?.lastFiling).toBe('2022-01-10');
    expect(items.find((p) => p.code === '1.000014')?.lastFiling).toBe('2020-05-01');
    expect(items.find((p) => p.code === '1.000017')?.lastFiling).toBeNull();
  });

  it('takes the window as a parameter: over 60 months the procedure filed in January 2022 is alive', async () => {
    const { windowStart, items } = await dormantProcedures(t.db, { months: 60, limit: 5000 }, AS_OF);
    expect(windowStart).toBe('2021-11-22');
    expect(items).toHaveLength(catalogueSize - 3);
    expect(codes(items)).not.toContain('1.000010');
    expect(codes(items)).toContain('1.000014');
  });

  it('evaluates the window as of the day asked, not only today', async () => {
    const { items } = await dormantProcedures(t.db, { months: 36, asOf: '2024-12-31', limit: 5000 }, AS_OF);
    expect(codes(items)).not.toContain('1.000010');
    expect(codes(items)).toContain('1.000014');
  });

  it('filters by field, by level and by implementing agency', async () => {
    const customs = await t.db
      .selectFrom('procedure')
      .select('code')
      .where('field', '=', 'Hải quan')
      .where('status', '<>', 'abolished')
      .execute();
    const byField = await dormantProcedures(t.db, { months: 36, field: 'Hải quan', limit: 5000 }, AS_OF);
    expect(byField.items).toHaveLength(customs.length - 1);
    expect(byField.items.every((p) => p.field === 'Hải quan')).toBe(true);
    expect(codes(byField.items)).toContain('1.000014');
    expect(codes(byField.items)).not.toContain('1.000005');

    const byLevel = await dormantProcedures(t.db, { months: 36, level: 'ministry', limit: 5000 }, AS_OF);
    expect(byLevel.items.length).toBeGreaterThan(0);
    expect(byLevel.items.every((p) => p.levels.includes('ministry'))).toBe(true);
    expect(codes(byLevel.items)).toContain('1.000010');
    expect(codes(byLevel.items)).not.toContain('1.000014');

    // Sở Nội vụ implements 1.000005 and 1.000014; only 1.000014 is dormant everywhere.
    const byAgency = await dormantProcedures(t.db, { months: 36, agencyId: agency('33.SNV') }, AS_OF);
    expect(codes(byAgency.items)).toEqual(['1.000014']);
    const stp = await dormantProcedures(t.db, { months: 36, agencyId: agency('33.STP') }, AS_OF);
    expect(codes(stp.items)).toEqual(['1.000010']);
  });
});

describe('dormantPairs', () => {
  it('lists a procedure alive at one agency and dormant at another among the pairs, not among the procedures', async () => {
    const pairs = await dormantPairs(t.db, { months: 36 }, AS_OF);
    expect(pairsOf(pairs.items)).toEqual([
      ['1.000014', 'Sở Nội vụ', '2020-05-01'],
      ['1.000010', 'Sở Tư pháp', '2022-01-10'],
      ['1.000005', 'Sở Nội vụ', '2022-06-10'],
    ]);
    const procedures = await dormantProcedures(t.db, { months: 36, limit: 5000 }, AS_OF);
    expect(codes(procedures.items)).not.toContain('1.000005');
  });

  it('changes with the window, and filters by agency and field', async () => {
    expect(pairsOf((await dormantPairs(t.db, { months: 60 }, AS_OF)).items)).toEqual([['1.000014', 'Sở Nội vụ', '2020-05-01']]);
    const snv = await dormantPairs(t.db, { months: 36, agencyId: agency('33.SNV') }, AS_OF);
    expect(codes(snv.items)).toEqual(['1.000014', '1.000005']);
    const registry = await dormantPairs(t.db, { months: 36, field: 'Đăng kiểm' }, AS_OF);
    expect(codes(registry.items)).toEqual(['1.000010']);
    const ministry = await dormantPairs(t.db, { months: 36, level: 'ministry' }, AS_OF);
    expect(codes(ministry.items)).toEqual(['1.000010']);
  });
});

describe('recordDormancyScan', () => {
  it('keeps the scan with its counts and every dormant procedure and pair', async () => {
    const scan = await recordDormancyScan(
      t.db,
      { userId: null, username: 'job:procedures__dormancy_scan' },
      { asOf: AS_OF, months: 36 },
    );
    expect(scan).toMatchObject({ asOf: AS_OF, months: 36, dormantProcedures: catalogueSize - 2, dormantPairs: 3 });
    const results = await t.db
      .selectFrom('dormancyResult as r')
      .innerJoin('procedure as p', 'p.id', 'r.procedureId')
      .select(['p.code', 'r.agencyId', 'r.lastFiling'])
      .where('r.scanId', '=', scan.id)
      .execute();
    expect(results.filter((r) => r.agencyId === null)).toHaveLength(catalogueSize - 2);
    expect(
      results
        .filter((r) => r.agencyId !== null)
        .map((r) => [r.code, r.agencyId, r.lastFiling])
        .sort(),
    ).toEqual(
      [
        ['1.000005', agency('33.SNV'), '2022-06-10'],
        ['1.000010', agency('33.STP'), '2022-01-10'],
        ['1.000014', agency('33.SNV'), '2020-05-01'],
      ].sort(),
    );
    expect((await listScans(t.db))[0]).toMatchObject({ id: scan.id, dormantProcedures: catalogueSize - 2, dormantPairs: 3 });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername'])
      .where('action', '=', 'procedure.dormancy_scan')
      .where('entityId', '=', scan.id)
      .execute();
    expect(audit).toEqual([{ actorUsername: 'job:procedures__dormancy_scan' }]);
  });

  it('a scan with a longer window finds fewer, and both scans are kept', async () => {
    const scan = await recordDormancyScan(t.db, actor, { asOf: AS_OF, months: 60 });
    expect(scan).toMatchObject({ dormantProcedures: catalogueSize - 3, dormantPairs: 1 });
    expect((await listScans(t.db)).map((s) => s.months)).toEqual([60, 36]);
  });

  it('counts and keeps every dormant pair of a whole province, not only the first page of the list', async () => {
    // Every department implementing every procedure: more pairs than any list page shows.
    await t.db
      .insertInto('procedureAgency')
      .columns(['procedureId', 'agencyId'])
      .expression((eb) =>
        eb
          .selectFrom('procedure as p')
          .crossJoin('agency as a')
          .select(['p.id', 'a.id as agencyId'])
          .where('a.kind', '=', 'department'),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
    const departments = agency.codes.length;
    // All pairs, less the one still filed (1.000005 at Sở Tư pháp) and those of the abolished procedure.
    const expected = catalogueSize * departments - 1 - departments;
    expect(expected).toBeGreaterThan(20000);
    const scan = await recordDormancyScan(t.db, actor, { asOf: AS_OF, months: 36 });
    expect(scan.dormantPairs).toBe(expected);
    const kept = await t.db
      .selectFrom('dormancyResult')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('scanId', '=', scan.id)
      .where('agencyId', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(kept.n)).toBe(expected);
  });
});

describe('the dormant list a page at a time', () => {
  it('gives the true total beside each page, and the pages together are the whole list without overlap', async () => {
    const whole = await dormantProcedures(t.db, { asOf: AS_OF, limit: 20000 }, AS_OF);
    expect(whole.total).toBe(whole.items.length);
    expect(whole.total).toBeGreaterThan(500);
    const first = await dormantProcedures(t.db, { asOf: AS_OF, limit: 500 }, AS_OF);
    const last = await dormantProcedures(t.db, { asOf: AS_OF, limit: 500, offset: 500 * Math.floor(whole.total / 500) }, AS_OF);
    expect(first.total).toBe(whole.total);
    expect(first.items).toHaveLength(500);
    expect(last.items.length).toBe(whole.total % 500);
    const pages = [];
    for (let offset = 0; offset < whole.total; offset += 500)
      pages.push(...(await dormantProcedures(t.db, { asOf: AS_OF, limit: 500, offset }, AS_OF)).items.map((p) => p.id));
    expect(pages).toEqual(whole.items.map((p) => p.id));
  });

  it('exports every matching row, not only the page on screen, with the last filing as people read it', async () => {
    const whole = await dormantProcedures(t.db, { asOf: AS_OF, limit: 20000 }, AS_OF);
    const file = await dormancyXlsx(t.db, { asOf: AS_OF, limit: 100 }, 'procedure', AS_OF);
    expect(file.rows).toBe(whole.total);
    expect(file.fileName).toBe('thu-tuc-khong-phat-sinh-ho-so-2026-11-21.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const cells = book.worksheets[0]?.getSheetValues().flat().map(String) ?? [];
    expect(cells).toContain('1.000014');
    expect(cells).toContain('Chưa từng có hồ sơ');
    const pairs = await dormancyXlsx(t.db, { asOf: AS_OF, query: '1.000010', limit: 1 }, 'pair', AS_OF);
    expect(pairs.rows).toBe((await dormantPairs(t.db, { asOf: AS_OF, query: '1.000010' }, AS_OF)).total);
    expect(pairs.rows).toBeGreaterThan(0);
  });
});
