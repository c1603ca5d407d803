import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../actor';
import { seedDemo } from '../seed/demo';
import { getProcedure, importCatalogue } from './catalogue';
import { dormantPairs, dormantProcedures } from './dormancy';
import { DOSSIER_COLUMNS, importDossierFile } from './dossiers';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);
const actor: AuditActor = { userId: null, username: 'test' };
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const result = await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
  expect(result.ok).toBe(true);
});
afterAll(async () => t.drop());

const header = DOSSIER_COLUMNS.join(',');
async function importCsv(lines: string[]) {
  const { id: runId } = await t.db
    .insertInto('importRun')
    .values({ kind: 'dossiers', fileName: 'hs.csv', status: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const client = await t.pool.connect();
  try {
    return await importDossierFile(client, actor, {
      runId,
      content: Buffer.from(`${[header, ...lines].join('\n')}\n`),
      fileName: 'hs.csv',
    });
  } finally {
    client.release();
  }
}

describe('importCatalogue', () => {
  it('imports the national sample with names holding commas, quotes and line breaks, and again without change', async () => {
    const count = await t.db
      .selectFrom('procedure')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(2039);
    const p = await t.db
      .selectFrom('procedure')
      .select(['name', 'levels', 'field'])
      .where('code', '=', '1.000005')
      .executeTakeFirstOrThrow();
    expect(p.name).toBe('Thủ tục hải quan đối với khí, nguyên liệu xuất khẩu, nhập khẩu bằng đường ống chuyên dụng');
    expect(p.levels).toEqual(['commune']);
    const again = await importCatalogue(t.db, actor, { fileName: 'tthc.csv', content: readFileSync(SAMPLE) });
    // Nothing differs from what is stored: nothing is written.
    expect(again).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 2039 });
  });
});

describe('importDossierFile', () => {
  const row = (id: string, received: string, extra: Partial<Record<(typeof DOSSIER_COLUMNS)[number], string>> = {}) => {
    const values: Record<string, string> = {
      dossier_id: id,
      procedure_code: '1.000005',
      receiving_agency_code: '33.STP',
      competent_agency_code: '33.STP',
      received_at: received,
      appointment_date: '2026-03-13',
      finished_at: '',
      channel: 'online',
      status: 'finished',
      supplement_requests: '0',
      supplement_days: '0',
      ...extra,
    };
    return DOSSIER_COLUMNS.map((c) => values[c]).join(',');
  };

  it('streams a file through COPY, merges it, and re-importing it changes nothing', async () => {
    const lines = [row('HS-1', '2026-03-02 09:15'), row('HS-2', '05/03/2026 14:00', { finished_at: '2026-03-12 10:00' })];
    expect(await importCsv(lines)).toMatchObject({ ok: true, rows: 2, inserted: 2, updated: 0 });
    expect(await importCsv(lines)).toMatchObject({ ok: true, rows: 2, inserted: 0, updated: 0 });
    const rollup = await t.db.selectFrom('filingMonthly').select(['month', 'received']).execute();
    expect(rollup).toEqual([{ month: '2026-03-01', received: 2 }]);
    const last = await t.db.selectFrom('procedureLastFiling').select('lastFiling').executeTakeFirstOrThrow();
    expect(last.lastFiling).toBe('2026-03-05');
  });

  it('rejects a file with a bad date on row 7, naming the row, and writes nothing', async () => {
    const before = await t.db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const lines = [1, 2, 3, 4, 5].map((i) => row(`HS-B${i}`, '2026-04-01 08:00'));
    lines.push(row('HS-B6', '31/02/2026 08:00'));
    const result = await importCsv(lines);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { row: 7, column: 'received_at', message: 'Ngày tiếp nhận "31/02/2026 08:00" không hợp lệ.' },
    ]);
    const after = await t.db
      .selectFrom('dossier')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('getProcedure', () => {
  it("shows each agency's last filing and on-time rate over 12 months, an open dossier measured today", async () => {
    const p = await t.db.selectFrom('procedure').select('id').where('code', '=', '1.000005').executeTakeFirstOrThrow();
    // HS-2 finished on 12/3, before its appointment (13/3); HS-1 is still open: on time until 13/3, late after.
    const onTheDay = await getProcedure(t.db, p.id, '2026-03-13');
    expect(onTheDay.agencies.map((a) => [a.name, a.lastFiling, a.dossiers12m, a.onTimeRate12m])).toEqual([
      ['Sở Tư pháp', '2026-03-05', 2, 100],
    ]);
    const later = await getProcedure(t.db, p.id, '2026-03-20');
    expect(later.agencies[0]?.onTimeRate12m).toBe(50);
    const nextYear = await getProcedure(t.db, p.id, '2027-06-01');
    expect(nextYear.agencies[0]?.onTimeRate12m).toBeNull();
  });
});

describe('dormancy', () => {
  it('lists procedures without a filing in 36 months, and the living one is not among them', async () => {
    const dormant = await dormantProcedures(t.db, { months: 36, limit: 5000 }, '2026-11-21');
    expect(dormant.items.length).toBe(2038);
    expect(dormant.items.some((p) => p.code === '1.000005')).toBe(false);
    const later = await dormantProcedures(t.db, { months: 36, limit: 5000 }, '2029-06-01');
    expect(later.items.find((p) => p.code === '1.000005')?.lastFiling).toBe('2026-03-05');
    const pairs = await dormantPairs(t.db, { months: 36 }, '2029-06-01');
    expect(pairs.items.map((p) => [p.code, p.agencyName, p.lastFiling])).toEqual([['1.000005', 'Sở Tư pháp', '2026-03-05']]);
  });
});
