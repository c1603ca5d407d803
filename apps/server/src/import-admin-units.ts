/**
 * Imports the real administrative-unit data set (before/after 2025 and the mapping as lineage)
 * through the core agency import: `pnpm --filter @cchc/server import:admin-units <dir>`.
 */
import { SYSTEM_ACTOR } from '@cchc/core/actor';
import { readAdminUnitsDir } from '@cchc/core/org/admin-units';
import { importAgencies } from '@cchc/core/org/import';
import { ensureDatabase } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import { readEnv } from './env';

const dir = process.argv[2];
if (!dir) {
  console.error('Usage: import-admin-units <directory with the admin-units CSV files>');
  process.exit(2);
}
const env = readEnv();
const database = await ensureDatabase({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.PG_DATA_DIR,
  port: env.PG_PORT,
  databaseName: env.PG_DATABASE,
});
const pool = createPool(database.url);
const db = createDb(pool);
try {
  await migrateToLatest(db, pool);
  const started = Date.now();
  const { rows, lineage } = readAdminUnitsDir(dir);
  const result = await importAgencies(
    db,
    { ...SYSTEM_ACTOR, username: 'import-cli' },
    { kind: 'admin_units', fileName: dir, rows, lineage },
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
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await db.destroy();
  await database.stop();
}
