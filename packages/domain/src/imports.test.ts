import { describe, expect, it } from 'vitest';
import {
  AGENCY_IMPORT_COLUMNS,
  CATALOGUE_IMPORT_COLUMNS,
  DOSSIER_IMPORT_COLUMNS,
  FILING_COUNT_IMPORT_COLUMNS,
  findHeaderRow,
  foldHeader,
  type ImportColumn,
  TASK_IMPORT_COLUMNS,
} from './imports';

const LISTS: [string, readonly ImportColumn[]][] = [
  ['catalogue', CATALOGUE_IMPORT_COLUMNS],
  ['dossiers', DOSSIER_IMPORT_COLUMNS],
  ['monthly counts', FILING_COUNT_IMPORT_COLUMNS],
  ['agencies', AGENCY_IMPORT_COLUMNS],
  ['tasks', TASK_IMPORT_COLUMNS],
];

describe('the columns every import recognises', () => {
  it.each(LISTS)('%s: no header name means two columns', (_name, columns) => {
    const owner = new Map<string, string>();
    for (const c of columns) {
      for (const name of [c.key, c.vi, ...c.aliases]) {
        const folded = foldHeader(name);
        expect(owner.get(folded) ?? c.key, `«${name}»`).toBe(c.key);
        owner.set(folded, c.key);
      }
    }
  });

  it.each(LISTS)('%s: our template header (the Vietnamese names) is found as is, below a title row', (_name, columns) => {
    const match = findHeaderRow([['DANH SÁCH'], [], columns.map((c) => c.vi.toUpperCase())], columns);
    expect(match.rowIndex).toBe(2);
    expect(match.missing).toEqual([]);
    expect(Object.keys(match.columns)).toEqual(columns.map((c) => c.key));
  });

  it('reads the task template of earlier versions, its long headers included', () => {
    const header = [
      'Số TT',
      'Tên nhiệm vụ (*)',
      'Cơ quan chủ trì (*) — mã hoặc tên',
      'Cơ quan phối hợp — mã hoặc tên, cách nhau bởi dấu ;',
      'Thời hạn (dd/MM/yyyy)',
      'Mức ưu tiên (Thấp / Bình thường / Cao)',
    ];
    expect(findHeaderRow([header], TASK_IMPORT_COLUMNS).columns).toEqual({
      code: 0,
      title: 1,
      lead: 2,
      coordinators: 3,
      deadline: 4,
      priority: 5,
    });
  });
});
