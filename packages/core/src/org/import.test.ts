import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { AGENCY_KINDS } from '@cchc/domain/agency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../actor';
import { AppError } from '../errors';
import { importAgencies, readAgencyCsv } from './import';

const HEADER = 'code,name,full_name,name_en,kind,parent_code,parent_kind,valid_from,valid_to';
const ACTOR = { ...SYSTEM_ACTOR, username: 'csv-test' };

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');

/** Reads and imports a CSV as the admin app's upload does. */
function importCsv(text: string, fileName = 'co-quan.csv') {
  const { rows, errors } = readAgencyCsv(text);
  return importAgencies(t.db, ACTOR, { kind: 'agency_csv', fileName, rows, readErrors: errors });
}

async function agency(code: string) {
  return t.db
    .selectFrom('agency as a')
    .leftJoin('agency as p', 'p.id', 'a.parentId')
    .select([
      'a.id',
      'a.name',
      'a.fullName',
      'a.nameEn',
      'a.kind',
      'a.validFrom',
      'a.validTo',
      'a.searchText',
      'a.updatedAt',
      'p.code as parentCode',
    ])
    .where('a.code', '=', code)
    .executeTakeFirst();
}

const agencyCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('agency')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

function readError(text: string): AppError {
  try {
    readAgencyCsv(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected readAgencyCsv to fail');
}

describe('importAgencies from an agency CSV', () => {
  it('imports a province and its departments, resolving parents inside the file', async () => {
    const result = await importCsv(
      csv(
        '33,Hưng Yên,Tỉnh Hưng Yên,Hung Yen Province,province,,,2025-07-01,',
        '33.SNV,Sở Nội vụ,Sở Nội vụ tỉnh Hưng Yên,,department,33,province,2025-07-01,',
        '"33.VP","Văn phòng UBND tỉnh, Hưng Yên",,,department,33,,2025-07-01,',
      ),
    );
    expect(result).toMatchObject({ ok: true, rows: 3, inserted: 3, updated: 0, errors: [], warnings: [] });
    expect(await agency('33')).toMatchObject({
      name: 'Hưng Yên',
      nameEn: 'Hung Yen Province',
      validFrom: '2025-07-01',
      validTo: null,
    });
    expect(await agency('33.SNV')).toMatchObject({ kind: 'department', parentCode: '33', fullName: 'Sở Nội vụ tỉnh Hưng Yên' });
    // A quoted name keeps its comma; an empty full name falls back to the name.
    expect(await agency('33.VP')).toMatchObject({
      name: 'Văn phòng UBND tỉnh, Hưng Yên',
      fullName: 'Văn phòng UBND tỉnh, Hưng Yên',
    });
    expect((await agency('33.SNV'))?.searchText).toContain('so noi vu');

    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'after'])
      .where('action', '=', 'agency.import')
      .where('entityId', '=', result.runId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actorUsername: 'csv-test', after: { fileName: 'co-quan.csv', inserted: 3, rows: 3 } });
  });

  it('writes nothing when any row is bad, and reports each bad row by its line in the file', async () => {
    const before = await agencyCount();
    const result = await importCsv(
      csv(
        '33.STP,Sở Tư pháp,,,department,33,province,2025-07-01,',
        '33.XX,Sở Lạ,,,agency,33,province,2025-07-01,',
        '33.STC,Sở Tài chính,,,department,33,province,2025-07-01,',
        '33.SYT,Sở Y tế,,,department,33,province,2025-13-01,',
        '33.SXD,Sở Xây dựng,,,department,99,province,2025-07-01,',
      ),
      'loi.csv',
    );
    expect(result.ok).toBe(false);
    expect(result.inserted).toBe(0);
    expect(result.errors).toEqual([
      { row: 3, column: 'kind', message: `Loại cơ quan phải là một trong: ${AGENCY_KINDS.join(', ')}.` },
      { row: 5, column: 'valid_from', message: 'Ngày không hợp lệ (YYYY-MM-DD).' },
      { row: 6, column: 'parent_code', message: 'Không tìm thấy cơ quan cấp trên mã 99.' },
    ]);
    expect(await agencyCount()).toBe(before);
    expect(await agency('33.STP')).toBeUndefined();
    expect(await agency('33.STC')).toBeUndefined();

    const run = await t.db
      .selectFrom('importRun')
      .select(['status', 'fileName', 'rowsTotal', 'rowsOk', 'rowsFailed', 'errors'])
      .where('id', '=', result.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      status: 'failed',
      fileName: 'loi.csv',
      rowsTotal: 5,
      rowsOk: 0,
      rowsFailed: 3,
      errors: result.errors,
    });
    const audited = await t.db.selectFrom('auditLog').select('id').where('entityId', '=', result.runId).execute();
    expect(audited).toEqual([]);
  });

  it('counts a row with several problems once', async () => {
    const result = await importCsv(
      csv('33.SYT,Sở Y tế,,,agency,33,province,2025-13-01,', '33.SXD,Sở Xây dựng,,,department,33,,2025-07-01,'),
    );
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'kind'],
      [2, 'valid_from'],
    ]);
    const run = await t.db
      .selectFrom('importRun')
      .select(['rowsTotal', 'rowsFailed'])
      .where('id', '=', result.runId)
      .executeTakeFirstOrThrow();
    expect(run).toEqual({ rowsTotal: 2, rowsFailed: 1 });
  });

  it('refuses a code that appears twice in the file, and an end date before the start date', async () => {
    const result = await importCsv(
      csv(
        '33.SCT,Sở Công Thương,,,department,33,province,2025-07-01,',
        '33.SCT,Sở Công thương,,,department,33,province,2025-07-01,',
        '33.SXD,Sở Xây dựng,,,department,33,province,2025-07-01,2025-01-01',
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { row: 3, column: 'code', message: 'Mã 33.SCT (department) lặp lại trong tệp.' },
      { row: 4, column: 'valid_to', message: 'Ngày hết hiệu lực trước ngày có hiệu lực.' },
    ]);
    expect(await agency('33.SCT')).toBeUndefined();
  });

  it('asks for parent_kind when a parent code names more than one agency', async () => {
    // A commune coded "33" alongside the province "33", both valid on the day.
    expect((await importCsv(csv('33,Xã Ba Ba,,,commune,,,2025-07-01,'))).ok).toBe(true);
    const result = await importCsv(csv('33.STTTT,Sở Thông tin,,,department,33,,2025-07-01,'));
    expect(result.errors).toEqual([
      { row: 2, column: 'parent_kind', message: 'Mã cấp trên 33 trùng ở nhiều cơ quan; hãy ghi rõ loại (parent_kind).' },
    ]);
    const resolved = await importCsv(csv('33.STTTT,Sở Thông tin,,,department,33,province,2025-07-01,'));
    expect(resolved.ok).toBe(true);
    expect(await agency('33.STTTT')).toMatchObject({ parentCode: '33' });
  });

  it('updates a renamed agency on re-import and leaves unchanged ones untouched', async () => {
    const snv = await agency('33.SNV');
    const vp = await agency('33.VP');
    const result = await importCsv(
      csv(
        '33.SNV,Sở Nội vụ và Đào tạo,,,department,33,province,2025-07-01,',
        '"33.VP","Văn phòng UBND tỉnh, Hưng Yên",,,department,33,province,2025-07-01,',
      ),
    );
    expect(result).toMatchObject({ ok: true, inserted: 0, updated: 2 });
    const renamed = await agency('33.SNV');
    expect(renamed).toMatchObject({ id: snv?.id, name: 'Sở Nội vụ và Đào tạo', parentCode: '33' });
    expect(renamed?.searchText).toContain('so noi vu va dao tao');
    expect(renamed?.updatedAt.getTime()).toBeGreaterThan(snv?.updatedAt.getTime() ?? Number.POSITIVE_INFINITY);
    expect((await agency('33.VP'))?.updatedAt).toEqual(vp?.updatedAt);
  });
});

describe('readAgencyCsv', () => {
  it('refuses a file with an unclosed quote, naming the line', () => {
    const error = readError(
      csv('33.SNV,"Sở Nội vụ,,,department,33,province,2025-07-01,', '33.STP,Sở Tư pháp,,,department,33,,,'),
    );
    expect(error).toMatchObject({ kind: 'bad_request', code: 'import.malformed_csv' });
    expect(error.message).toMatch(/^Tệp CSV không đúng định dạng \(dòng \d+\)\.$/);
  });

  it('refuses a file without the required columns, naming them', () => {
    const error = readError('code,ghi chu\n33,Hưng Yên\n');
    expect(error).toMatchObject({ kind: 'bad_request', code: 'import.missing_columns', params: { columns: 'name, kind' } });
    expect(error.message).toBe('Không tìm thấy dòng tiêu đề có cột «Tên» (name), «Loại» (kind) trong 2 dòng đầu của tệp.');
  });

  it('refuses a file with a header and no rows', () => {
    expect(readError(`${HEADER}\n`)).toMatchObject({ code: 'import.empty', message: 'Tệp không có dòng dữ liệu nào.' });
  });

  it('reads a file saved with a byte-order mark and Windows line endings', () => {
    const { rows, errors } = readAgencyCsv(`\uFEFF${HEADER}\r\n33,Hưng Yên,,,province,,,2025-07-01,\r\n`);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        code: '33',
        name: 'Hưng Yên',
        fullName: 'Hưng Yên',
        nameEn: null,
        kind: 'province',
        parent: null,
        validFrom: '2025-07-01',
        validTo: null,
      },
    ]);
  });
});

describe('an agency file as a province keeps it', () => {
  it('finds Vietnamese headers below a title row, and lists the columns it does not use', () => {
    const { rows, errors, columns, ignoredColumns } = readAgencyCsv(
      [
        'DANH SÁCH CƠ QUAN TỈNH HƯNG YÊN,,,,',
        'STT,Mã cơ quan,Tên cơ quan,Loại,Mã cơ quan cấp trên,Số điện thoại',
        '1,33.SYT,Sở Y tế,department,33,0221 3863 555',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(columns).toEqual({ code: 'Mã cơ quan', name: 'Tên cơ quan', kind: 'Loại', parent_code: 'Mã cơ quan cấp trên' });
    expect(ignoredColumns).toEqual(['Số điện thoại']);
    expect(rows).toMatchObject([{ line: 3, code: '33.SYT', name: 'Sở Y tế', parent: { code: '33' } }]);
  });

  it('changes only the columns a file has: a list of codes and names keeps full names, English names and parents', async () => {
    await importCsv(
      csv(
        '36,Nam Định,Tỉnh Nam Định,Nam Dinh Province,province,,,2025-07-01,',
        '36.SNV,Sở Nội vụ,Sở Nội vụ tỉnh Nam Định,Department of Home Affairs,department,36,province,2025-07-01,',
      ),
    );
    const before = await agency('36.SNV');
    const result = await importCsv('Mã cơ quan,Tên,Loại,Có hiệu lực từ\n36.SNV,Sở Nội vụ (mới),department,2025-07-01\n');
    expect(result).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    expect(await agency('36.SNV')).toMatchObject({
      name: 'Sở Nội vụ (mới)',
      fullName: before?.fullName,
      nameEn: 'Department of Home Affairs',
      parentCode: '36',
      validTo: null,
    });
  });
});
