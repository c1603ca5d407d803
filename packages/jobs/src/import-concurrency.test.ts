/**
 * Dossier imports side by side: eight files touching the same (procedure, agency) pairs and months, some dossiers
 * in two files, queued at once and run by two real graphile-worker runners (each on its own connection pool, two
 * jobs at a time) — every import succeeds, and the rollups and last filings are what the dossiers say.
 */
import { readFileSync } from 'node:fs';
import type { Actor } from '@cchc/core/actor';
import { systemClock } from '@cchc/core/clock';
import { saveFile } from '@cchc/core/files/service';
import { importCatalogue } from '@cchc/core/procedures/catalogue';
import { DOSSIER_COLUMNS } from '@cchc/core/procedures/dossiers';
import { queueFileImport } from '@cchc/core/procedures/import-runs';
import { seedDemo } from '@cchc/core/seed/demo';
import { createPool } from '@cchc/db/pool';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { Logger, run } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskList } from './tasks';
import { runJobsOnce } from './testing';

const SAMPLE = new URL('../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);
const PROCEDURES = ['1.000005', '1.000014'];
const AGENCIES = ['33.STP', '33.SNV'];
const FILES = 8;

let t: TestDatabase;
let manager: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const catalogue = await importCatalogue(
    t.db,
    { userId: null, username: 'test' },
    { fileName: 'tthc.csv', content: readFileSync(SAMPLE) },
  );
  expect(catalogue.ok).toBe(true);
  const u = await t.db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', 'sonoivu')
    .executeTakeFirstOrThrow();
  manager = { userId: u.id, username: 'sonoivu', role: u.role, agencyId: u.agencyId };
});
afterAll(async () => t.drop());

/** File `n` of FILES: 1,500 dossiers over both procedures, both agencies and three months; its last 300 are also in file n+1. */
function dossierFile(n: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const id = i < 1200 ? `HS-${n}-${i}` : `HS-${(n + 1) % FILES}-shared-${i}`;
    const month = 3 + (i % 3);
    const day = String(2 + (i % 20)).padStart(2, '0');
    const values: Record<(typeof DOSSIER_COLUMNS)[number], string> = {
      dossier_id: id,
      procedure_code: PROCEDURES[i % 2] as string,
      receiving_agency_code: AGENCIES[(i >> 1) % 2] as string,
      competent_agency_code: AGENCIES[(i >> 1) % 2] as string,
      received_at: `${day}/0${month}/2026 09:15`,
      appointment_date: `28/0${month}/2026`,
      finished_at: '',
      channel: 'online',
      status: 'processing',
      supplement_requests: '0',
      supplement_days: '0',
    };
    lines.push(DOSSIER_COLUMNS.map((c) => values[c]).join(','));
  }
  // The 300 shared dossiers of file n are the last 300 of file n-1 (same values): written by whichever comes first.
  for (let i = 1200; i < 1500; i++) {
    const shared = lines[i] as string;
    lines.push(shared.replace(`HS-${(n + 1) % FILES}-shared-`, `HS-${n}-shared-`));
  }
  return Buffer.from(`${[DOSSIER_COLUMNS.join(','), ...lines].join('\n')}\n`);
}

async function runs(ids: string[]) {
  return t.db.selectFrom('importRun').select(['id', 'status', 'errors', 'rowsOk']).where('id', 'in', ids).execute();
}

describe('overlapping dossier imports on two workers at once', () => {
  it('all succeed, and the monthly rollups and last filings are those of the dossiers stored', { timeout: 180_000 }, async () => {
    const runIds: string[] = [];
    for (let n = 0; n < FILES; n++) {
      const file = await saveFile(t.db, manager, {
        fileName: `ho-so-${n}.csv`,
        contentType: 'text/csv',
        content: dossierFile(n),
      });
      runIds.push((await queueFileImport(t.db, manager, file.id, 'dossiers')).runId);
    }
    const silent = new Logger(() => () => {});
    const pools = [createPool(t.url, { max: 4 }), createPool(t.url, { max: 4 })];
    const runners = await Promise.all(
      pools.map((pgPool) =>
        run({
          pgPool,
          taskList: createTaskList({ db: t.db, clock: async () => systemClock() }),
          concurrency: 2,
          logger: silent,
          noHandleSignals: true,
          pollInterval: 100,
        }),
      ),
    );
    try {
      const deadline = Date.now() + 150_000;
      while ((await runs(runIds)).some((r) => r.status === 'running') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      await Promise.all(pools.map((p) => p.end()));
    }
    const done = await runs(runIds);
    expect(done.map((r) => [r.status, r.errors])).toEqual(runIds.map(() => ['succeeded', null]));

    // 8 × 1,200 own dossiers and 8 × 300 shared ones, each stored once.
    const { rows: stored } = await sql<{ n: string }>`select count(*) as n from dossier where source_id like 'HS-%'`.execute(
      t.db,
    );
    expect(Number(stored[0]?.n)).toBe(FILES * 1500);
    const { rows: rollupMismatch } = await sql<{ n: string }>`
      select count(*) as n from (
        (select procedure_id, agency_id, month, received from filing_monthly where source = 'dossiers'
         except
         select procedure_id, competent_agency_id, date_trunc('month', received_at at time zone 'Asia/Ho_Chi_Minh')::date, count(*)::int
         from dossier group by 1, 2, 3)
        union all
        (select procedure_id, competent_agency_id, date_trunc('month', received_at at time zone 'Asia/Ho_Chi_Minh')::date, count(*)::int
         from dossier group by 1, 2, 3
         except
         select procedure_id, agency_id, month, received from filing_monthly where source = 'dossiers')
      ) x`.execute(t.db);
    expect(Number(rollupMismatch[0]?.n)).toBe(0);
    const { rows: march } = await sql<{ received: number }>`
      select f.received from filing_monthly f join procedure p on p.id = f.procedure_id join agency a on a.id = f.agency_id
      where p.code = '1.000005' and a.code = '33.STP' and f.month = '2026-03-01' and f.source = 'dossiers'`.execute(t.db);
    expect(march).toEqual([{ received: FILES * 125 }]);
    const { rows: lastMismatch } = await sql<{ n: string }>`
      select count(*) as n from procedure_last_filing l
      join (select procedure_id, competent_agency_id, max((received_at at time zone 'Asia/Ho_Chi_Minh')::date) as last
            from dossier group by 1, 2) d on d.procedure_id = l.procedure_id and d.competent_agency_id = l.agency_id
      where l.last_filing < d.last`.execute(t.db);
    expect(Number(lastMismatch[0]?.n)).toBe(0);
  });

  it('runs an import again when its transaction lost a deadlock, and it succeeds once', async () => {
    // The first audit row of a dossier import fails as a deadlock victim would; the second goes through (a
    // sequence counts the tries: it is not rolled back with the transaction).
    await sql`create sequence deadlock_once`.execute(t.db);
    await sql`create function deadlock_once() returns trigger language plpgsql as $$
      begin
        if new.action = 'procedure.import_dossiers' and nextval('deadlock_once') = 1 then
          raise exception 'deadlock detected' using errcode = '40P01';
        end if;
        return new;
      end $$`.execute(t.db);
    await sql`create trigger deadlock_once before insert on audit_log for each row execute function deadlock_once()`.execute(
      t.db,
    );
    try {
      const content = Buffer.from(
        `${DOSSIER_COLUMNS.join(',')}\nHS-R1,1.000005,33.STP,33.STP,02/03/2026 09:15,13/03/2026,,online,processing,0,0\n`,
      );
      const file = await saveFile(t.db, manager, { fileName: 'ho-so-r.csv', contentType: 'text/csv', content });
      const { runId } = await queueFileImport(t.db, manager, file.id, 'dossiers');
      await runJobsOnce(t.pool, createTaskList({ db: t.db, clock: async () => systemClock() }));
      expect(await runs([runId])).toEqual([{ id: runId, status: 'succeeded', errors: null, rowsOk: 1 }]);
      // It did lose once, and ran twice.
      const { rows } = await sql<{ n: string }>`select last_value as n from deadlock_once`.execute(t.db);
      expect(Number(rows[0]?.n)).toBe(2);
    } finally {
      await sql`drop trigger deadlock_once on audit_log`.execute(t.db);
      await sql`drop function deadlock_once()`.execute(t.db);
      await sql`drop sequence deadlock_once`.execute(t.db);
    }
  });
});
