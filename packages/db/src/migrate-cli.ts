#!/usr/bin/env -S npx tsx
/** `pnpm --filter @cchc/db migrate [up|down]` against DATABASE_URL. */
import { migrateDown, migrateToLatest } from './migrate';
import { createDb, createPool } from './pool';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (the server migrates its embedded database on start).');
  process.exit(2);
}
const pool = createPool(url, { onError: (e) => console.error(e.message) });
const db = createDb(pool);
try {
  const direction = process.argv[2] ?? 'up';
  const applied = direction === 'down' ? await migrateDown(db) : await migrateToLatest(db, pool);
  console.log(applied.length ? `${direction}: ${applied.join(', ')}` : 'Nothing to migrate.');
} finally {
  await db.destroy();
}
