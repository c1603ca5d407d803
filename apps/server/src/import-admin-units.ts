/**
 * Imports the real administrative units (before/after 1/7/2025, the old→new mapping as lineage) through
 * the core agency import: `pnpm import:admin-units [dir]`, by default the data shipped with the app.
 */
import { SYSTEM_ACTOR } from '@cchc/core/actor';
import { systemClock } from '@cchc/core/clock';
import { readAdminUnitsDir } from '@cchc/core/org/admin-units';
import { importAgencies } from '@cchc/core/org/import';
import { ADMIN_UNITS_DIR } from '@cchc/db/seed-data';
import { cliPath, withCliDatabase } from './cli-database';

const dir = process.argv[2] ? cliPath(process.argv[2]) : ADMIN_UNITS_DIR;

await withCliDatabase(async (db) => {
  const started = Date.now();
  const { rows, lineage } = readAdminUnitsDir(dir);
  const result = await importAgencies(
    db,
    { ...SYSTEM_ACTOR, username: 'import-cli' },
    { kind: 'admin_units', fileName: dir, rows, lineage, today: systemClock().today() },
  );
  console.log(
    JSON.stringify({
      ok: result.ok,
      rows: result.rows,
      inserted: result.inserted,
      updated: result.updated,
      lineage: result.lineage,
      errors: result.errors.length,
      warnings: result.warnings.length,
      ms: Date.now() - started,
    }),
  );
  for (const w of result.warnings.slice(0, 20)) console.log(`warning line ${w.row}: ${w.message}`);
  for (const e of result.errors.slice(0, 20)) console.log(`error line ${e.row} ${e.column ?? ''}: ${e.message}`);
  return result.ok ? 0 : 1;
});
