/** Background procedure imports end to end: queued by the Sở Nội vụ, run by a real graphile-worker, followed in the app. */
import { readFileSync } from 'node:fs';
import type { Actor } from '@cchc/core/actor';
import { systemClock } from '@cchc/core/clock';
import { AppError } from '@cchc/core/errors';
import { saveFile } from '@cchc/core/files/service';
import { importCatalogue } from '@cchc/core/procedures/catalogue';
import { DOSSIER_COLUMNS } from '@cchc/core/procedures/dossiers';
import { FILE_IMPORT_TASK, getImportRun, queueFileImport } from '@cchc/core/procedures/import-runs';
import { seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskList } from './tasks';
import { runJobsOnce } from './testing';

const SAMPLE = new URL('../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);

let t: TestDatabase;
let manager: Actor; // sonoivu, Sở Nội vụ
let workingGroup: Actor; // totongtac
let officer: Actor; // canbo.stp, Sở Tư pháp

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  const catalogue = await importCatalogue(
    t.db,
    { userId: null, username: 'test' },
    {
      fileName: 'tthc.csv',
      content: readFileSync(SAMPLE),
    },
  );
  expect(catalogue.ok).toBe(true);
  manager = await actor('sonoivu');
  workingGroup = await actor('totongtac');
  officer = await actor('canbo.stp');
});
afterAll(async () => t.drop());

async function actor(username: string): Promise<Actor> {
  const u = await t.db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: u.id, username, role: u.role, agencyId: u.agencyId };
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** A dossier CSV line of Sở Tư pháp under `procedureCode`. */
function dossierLine(id: string, procedureCode = '1.000005'): string {
  const values: Record<(typeof DOSSIER_COLUMNS)[number], string> = {
    dossier_id: id,
    procedure_code: procedureCode,
    receiving_agency_code: '33.STP',
    competent_agency_code: '33.STP',
    received_at: '02/03/2026 09:15',
    appointment_date: '13/03/2026',
    finished_at: '12/03/2026 15:00',
    channel: 'trực tuyến',
    status: 'finished',
    supplement_requests: '0',
    supplement_days: '0',
  };
  return DOSSIER_COLUMNS.map((c) => values[c]).join(',');
}

const dossierFile = (lines: string[]) => Buffer.from(`${[DOSSIER_COLUMNS.join(','), ...lines].join('\n')}\n`);

async function upload(by: Actor, content: Buffer, fileName = 'ho-so-thang-3.csv') {
  return saveFile(t.db, by, { fileName, contentType: 'text/csv', content });
}

/** Import jobs still in the queue (the public `jobs` view has no payload, hence the private tables). */
async function importJobs() {
  const { rows } = await sql<{ payload: { runId: string; fileId: string }; attempts: number; lastError: string | null }>`
    select j.payload, j.attempts, j.last_error from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = ${FILE_IMPORT_TASK} order by j.id`.execute(t.db);
  return rows;
}

async function runCount() {
  const { n } = await t.db
    .selectFrom('importRun')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function runWorker() {
  await runJobsOnce(t.pool, createTaskList({ db: t.db, clock: async () => systemClock() }));
}

async function dossiersOf(runId: string) {
  return t.db
    .selectFrom('dossier')
    .select(['sourceId', 'channel'])
    .where('importRunId', '=', runId)
    .orderBy('sourceId')
    .execute();
}

describe('queueFileImport', () => {
  it('creates the run and its worker job together, and the run says it is queued', async () => {
    const file = await upload(manager, dossierFile([dossierLine('HS-J1')]));
    const { runId } = await queueFileImport(t.db, manager, file.id, 'dossiers');
    expect(await importJobs()).toEqual([{ payload: { runId, fileId: file.id }, attempts: 0, lastError: null }]);
    const run = await getImportRun(t.db, manager, runId);
    expect(run).toMatchObject({ kind: 'dossiers', fileName: 'ho-so-thang-3.csv', status: 'running', finishedAt: null });
    expect(run.summary).toMatchObject({ phase: 'queued', bytesTotal: file.sizeBytes });
    await runWorker();
    expect(await importJobs()).toEqual([]);
  });

  it('leaves neither a run nor a job behind when the transaction fails after the job is added', async () => {
    const file = await upload(manager, dossierFile([dossierLine('HS-J2')]));
    const runsBefore = await runCount();
    // The audit row is written after the job: make it fail, as a lost connection would.
    await sql`create function fail_import_audit() returns trigger language plpgsql as $$
      begin if new.action = 'procedure.import_queued' then raise exception 'audit unavailable'; end if; return new; end $$`.execute(
      t.db,
    );
    await sql`create trigger fail_import_audit before insert on audit_log for each row execute function fail_import_audit()`.execute(
      t.db,
    );
    try {
      await expect(queueFileImport(t.db, manager, file.id, 'dossiers')).rejects.toThrow('audit unavailable');
    } finally {
      await sql`drop trigger fail_import_audit on audit_log`.execute(t.db);
      await sql`drop function fail_import_audit()`.execute(t.db);
    }
    expect(await runCount()).toBe(runsBefore);
    expect(await importJobs()).toEqual([]);
  });

  it('refuses a file uploaded by someone else, or one that does not exist, and queues nothing', async () => {
    const theirs = await upload(workingGroup, dossierFile([dossierLine('HS-J3')]));
    const runsBefore = await runCount();
    for (const fileId of [theirs.id, '00000000-0000-4000-8000-000000000000']) {
      const error = await appErrorOf(queueFileImport(t.db, manager, fileId, 'dossiers'));
      expect(error).toMatchObject({ kind: 'bad_request', code: 'procedures.bad_file' });
    }
    expect(await runCount()).toBe(runsBefore);
    expect(await importJobs()).toEqual([]);
  });
});

describe('procedures__import_file', () => {
  it('runs a dossier file in a real worker: the run succeeds with its rows counted and the dossiers merged', async () => {
    const content = dossierFile([dossierLine('HS-R1'), dossierLine('HS-R2'), dossierLine('HS-R3', '1.000010')]);
    const file = await upload(manager, content);
    const { runId } = await queueFileImport(t.db, manager, file.id, 'dossiers');
    await runWorker();

    const run = await getImportRun(t.db, manager, runId);
    expect(run).toMatchObject({ status: 'succeeded', rowsTotal: 3, rowsOk: 3, rowsFailed: 0, errors: [] });
    expect(run.summary).toMatchObject({ phase: 'done', rows: 3, inserted: 3, updated: 0, bytesDone: content.length });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(await dossiersOf(runId)).toEqual([
      { sourceId: 'HS-R1', channel: 'online' },
      { sourceId: 'HS-R2', channel: 'online' },
      { sourceId: 'HS-R3', channel: 'online' },
    ]);
    // The merge is audited in the name of whoever queued it, not of the worker.
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'procedure.import_dossiers')
      .where('entityId', '=', runId)
      .execute();
    expect(audit).toEqual([
      { actorUsername: 'sonoivu', after: { fileName: 'ho-so-thang-3.csv', rows: 3, inserted: 3, updated: 0, skipped: 0 } },
    ]);
    expect(await importJobs()).toEqual([]);
  });

  it('ends a file with a bad row as failed, with the row errors, and writes no dossier', async () => {
    const file = await upload(manager, dossierFile([dossierLine('HS-F1'), dossierLine('HS-F2', '9.999999')]));
    const { runId } = await queueFileImport(t.db, manager, file.id, 'dossiers');
    await runWorker();
    const run = await getImportRun(t.db, manager, runId);
    expect(run).toMatchObject({ status: 'failed', rowsTotal: 2, rowsOk: 0, rowsFailed: 1 });
    expect(run.errors).toEqual([{ row: 3, column: 'procedure_code', message: 'Không có thủ tục mã 9.999999 trong danh mục.' }]);
    expect(run.summary).toMatchObject({ phase: 'failed' });
    expect(await t.db.selectFrom('dossier').select('id').where('sourceId', 'in', ['HS-F1', 'HS-F2']).execute()).toEqual([]);
    // The file was at fault, not the worker: the job is done, not left to fail again.
    expect(await importJobs()).toEqual([]);
  });

  it('ends a dossier file without the required columns as failed, naming them', async () => {
    const file = await upload(manager, Buffer.from(`ma_ho_so,ma_thu_tuc\n${dossierLine('HS-F3')}\n`));
    const { runId } = await queueFileImport(t.db, manager, file.id, 'dossiers');
    await runWorker();
    const run = await getImportRun(t.db, manager, runId);
    expect(run.status).toBe('failed');
    expect(run.errors).toEqual([
      {
        row: 0,
        column: null,
        message: expect.stringContaining('«Mã cơ quan giải quyết» (competent_agency_code), «Ngày tiếp nhận» (received_at)'),
      },
    ]);
    expect(await t.db.selectFrom('dossier').select('id').where('sourceId', '=', 'HS-F3').execute()).toEqual([]);
  });

  it('runs a monthly counts file, and the pair has its last filing', async () => {
    const file = await upload(
      manager,
      Buffer.from('procedure_code,agency_code,month,received\n1.000014,33.SNV,02/2026,7\n'),
      'so-lieu.csv',
    );
    const { runId } = await queueFileImport(t.db, manager, file.id, 'filing_counts');
    await runWorker();
    expect(await getImportRun(t.db, manager, runId)).toMatchObject({ status: 'succeeded', rowsTotal: 1, rowsOk: 1, errors: [] });
    const last = await t.db
      .selectFrom('procedureLastFiling as l')
      .innerJoin('procedure as p', 'p.id', 'l.procedureId')
      .innerJoin('agency as a', 'a.id', 'l.agencyId')
      .select(['a.code', 'l.lastFiling'])
      .where('p.code', '=', '1.000014')
      .execute();
    expect(last).toEqual([{ code: '33.SNV', lastFiling: '2026-02-01' }]);
  });

  it('tells the uploader which columns a counts file lacks, instead of a system error', async () => {
    const file = await upload(manager, Buffer.from('procedure_code,agency_code,month\n1.000014,33.SNV,03/2026\n'), 'so-lieu.csv');
    const { runId } = await queueFileImport(t.db, manager, file.id, 'filing_counts');
    await runWorker();
    const run = await getImportRun(t.db, manager, runId);
    expect(run.status).toBe('failed');
    expect(run.errors).toEqual([
      {
        row: 0,
        column: null,
        message: 'Không tìm thấy dòng tiêu đề có cột «Số hồ sơ tiếp nhận» (received) trong 2 dòng đầu của tệp.',
      },
    ]);
    expect(await importJobs()).toEqual([]);
  });
});

describe('getImportRun', () => {
  it('shows a run to whoever queued it and to the Sở Nội vụ, and refuses an agency officer', async () => {
    const file = await upload(workingGroup, dossierFile([dossierLine('HS-G1')]));
    const { runId } = await queueFileImport(t.db, workingGroup, file.id, 'dossiers');
    expect((await getImportRun(t.db, workingGroup, runId)).id).toBe(runId);
    expect((await getImportRun(t.db, manager, runId)).id).toBe(runId);
    const error = await appErrorOf(getImportRun(t.db, officer, runId));
    expect(error).toMatchObject({ kind: 'forbidden', code: 'procedures.not_your_import' });
    await runWorker();
  });
});
