/**
 * Converts the public administrative-unit data set (thanglequoc/vietnamese-provinces-database
 * and dvhcvn's 2025 mapping; see docs/imports.md) into rows for the core agency import.
 * Units before 1/7/2025 end on 30/6/2025; units after start on 1/7/2025; the mapping becomes lineage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LineageKind } from '@cchc/domain/agency';
import { parseCsv } from '../imports/csv';
import type { AgencyImportRow, LineageImportRow } from './import';

export const REORGANISATION_DATE = '2025-07-01';
export const LAST_DAY_BEFORE = '2025-06-30';

export const ADMIN_UNIT_FILES = {
  provincesAfter: 'post2025_provinces_34.csv',
  wardsAfter: 'post2025_wards_3321.csv',
  provincesBefore: 'pre2025_provinces_63.csv',
  districtsBefore: 'pre2025_districts_696.csv',
  wardsBefore: 'pre2025_wards_10035.csv',
  provinceMap: 'map_2025_new_to_old_provinces.csv',
  wardMap: 'map_2025_old_to_new_wards.csv',
} as const;

type Csv = Record<string, string>[];
const NAME_COLUMNS = ['code', 'name', 'full_name'] as const;

function unit(r: Record<string, string>, line: number) {
  return { line, code: r.code ?? '', name: r.name ?? '', fullName: r.full_name || r.name || '', nameEn: r.full_name_en || null };
}

export function provincesAfter(csv: Csv): AgencyImportRow[] {
  return csv.map((r, i) => ({
    ...unit(r, i + 2),
    kind: 'province',
    parent: null,
    validFrom: REORGANISATION_DATE,
    validTo: null,
  }));
}

export function wardsAfter(csv: Csv, onlyProvince?: string): AgencyImportRow[] {
  return csv
    .map((r, i) => ({ r, line: i + 2 }))
    .filter(({ r }) => !onlyProvince || r.province_code === onlyProvince)
    .map(({ r, line }) => ({
      ...unit(r, line),
      kind: 'commune',
      parent: { kind: 'province', code: r.province_code ?? '' },
      validFrom: REORGANISATION_DATE,
      validTo: null,
    }));
}

function before(
  csv: Csv,
  kind: 'province' | 'district' | 'commune',
  parent: (r: Record<string, string>) => AgencyImportRow['parent'],
): AgencyImportRow[] {
  return csv.map((r, i) => ({ ...unit(r, i + 2), kind, parent: parent(r), validFrom: null, validTo: LAST_DAY_BEFORE }));
}

/** Lineage from the mapping files: one old unit to several new = split; several into one = merge; one to one = rename. */
export function lineageFromMaps(provinceMap: Csv, wardMap: Csv): LineageImportRow[] {
  const out: LineageImportRow[] = [];
  const provinceSources = new Map<string, number>();
  for (const r of provinceMap)
    provinceSources.set(r.new_province_code ?? '', (provinceSources.get(r.new_province_code ?? '') ?? 0) + 1);
  provinceMap.forEach((r, i) => {
    const kind: LineageKind = (provinceSources.get(r.new_province_code ?? '') ?? 0) > 1 ? 'merge' : 'rename';
    out.push({
      line: i + 2,
      kind,
      from: { kind: 'province', code: r.old_province_code ?? '', validFrom: null },
      to: { kind: 'province', code: r.new_province_code ?? '', validFrom: REORGANISATION_DATE },
      effectiveDate: REORGANISATION_DATE,
    });
  });
  const wardSources = new Map<string, number>();
  for (const r of wardMap) wardSources.set(r.new_ward_code ?? '', (wardSources.get(r.new_ward_code ?? '') ?? 0) + 1);
  wardMap.forEach((r, i) => {
    const split = Number(r.n_targets ?? '1') > 1;
    const kind: LineageKind = split ? 'split' : (wardSources.get(r.new_ward_code ?? '') ?? 0) > 1 ? 'merge' : 'rename';
    out.push({
      line: i + 2,
      kind,
      from: { kind: 'commune', code: r.old_ward_code ?? '', validFrom: null },
      to: { kind: 'commune', code: r.new_ward_code ?? '', validFrom: REORGANISATION_DATE },
      effectiveDate: REORGANISATION_DATE,
    });
  });
  return out;
}

/** Reads whichever of the data set's files are in `dir` (the post-2025 provinces are required). */
export function readAdminUnitsDir(dir: string): { rows: AgencyImportRow[]; lineage: LineageImportRow[] } {
  const read = (file: string, columns: readonly string[]): Csv | null => {
    const path = join(dir, file);
    return existsSync(path) ? parseCsv(readFileSync(path, 'utf8'), columns) : null;
  };
  const provinces = read(ADMIN_UNIT_FILES.provincesAfter, NAME_COLUMNS);
  if (!provinces) throw new Error(`${ADMIN_UNIT_FILES.provincesAfter} is missing in ${dir}`);
  const rows: AgencyImportRow[] = provincesAfter(provinces);
  const wards = read(ADMIN_UNIT_FILES.wardsAfter, [...NAME_COLUMNS, 'province_code']);
  if (wards) rows.push(...wardsAfter(wards));
  const oldProvinces = read(ADMIN_UNIT_FILES.provincesBefore, NAME_COLUMNS);
  if (oldProvinces) rows.push(...before(oldProvinces, 'province', () => null));
  const districts = read(ADMIN_UNIT_FILES.districtsBefore, [...NAME_COLUMNS, 'province_code']);
  if (districts) rows.push(...before(districts, 'district', (r) => ({ kind: 'province', code: r.province_code ?? '' })));
  const oldWards = read(ADMIN_UNIT_FILES.wardsBefore, [...NAME_COLUMNS, 'district_code']);
  if (oldWards) rows.push(...before(oldWards, 'commune', (r) => ({ kind: 'district', code: r.district_code ?? '' })));
  const provinceMap = read(ADMIN_UNIT_FILES.provinceMap, ['new_province_code', 'old_province_code']);
  const wardMap = read(ADMIN_UNIT_FILES.wardMap, ['old_ward_code', 'new_ward_code', 'n_targets']);
  const lineage = provinceMap && wardMap && oldProvinces ? lineageFromMaps(provinceMap, wardMap) : [];
  return { rows, lineage };
}
