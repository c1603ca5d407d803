/**
 * Imports a national procedure catalogue file (CSV/XLSX in the dichvucong list format) through the same
 * service as the admin app: `pnpm import:catalogue [file]`, by default the 2,039-procedure sample shipped with the app.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SYSTEM_ACTOR } from '@cchc/core/actor';
import { importCatalogue } from '@cchc/core/procedures/catalogue';
import { CATALOGUE_SAMPLE } from '@cchc/db/seed-data';
import { cliPath, withCliDatabase } from './cli-database';

const file = process.argv[2] ? cliPath(process.argv[2]) : CATALOGUE_SAMPLE;

await withCliDatabase(async (db) => {
  const started = Date.now();
  const result = await importCatalogue(
    db,
    { ...SYSTEM_ACTOR, username: 'import-cli' },
    {
      fileName: basename(file),
      content: readFileSync(file),
    },
  );
  console.log(
    JSON.stringify({
      ok: result.ok,
      rows: result.rows,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      errors: result.errorCount,
      ms: Date.now() - started,
    }),
  );
  for (const e of result.errors.slice(0, 20)) console.log(`error line ${e.row} ${e.column ?? ''}: ${e.message}`);
  return result.ok ? 0 : 1;
});
