/**
 * The database of a command-line tool: DATABASE_URL when set; else the embedded PostgreSQL of the app
 * when it is running (on PG_PORT), else the embedded PostgreSQL started for the tool and stopped after.
 * Paths given on the command line are relative to where the command was typed (pnpm runs scripts
 * from the package's folder and says where it was called from in INIT_CWD).
 */
import { resolve } from 'node:path';
import { checkReachable, type EnsuredDatabase, ensureDatabase } from '@cchc/db/ensure-database';
import { migrateToLatest } from '@cchc/db/migrate';
import { createDb, createPool } from '@cchc/db/pool';
import type { Database } from '@cchc/db/schema';
import { StartupError } from '@cchc/db/startup-error';
import type { Kysely } from 'kysely';
import { readEnv } from './env';

export function cliPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** Runs `work` on the app's database (migrated), then closes what it opened; prints start-up problems as one line. */
export async function withCliDatabase(work: (db: Kysely<Database>) => Promise<number>): Promise<void> {
  let database: EnsuredDatabase | undefined;
  try {
    const env = readEnv();
    const running = `postgres://cchc:cchc@127.0.0.1:${env.PG_PORT}/${env.PG_DATABASE}`;
    const appIsUp =
      !env.DATABASE_URL &&
      (await checkReachable(running).then(
        () => true,
        () => false,
      ));
    database = await ensureDatabase({
      databaseUrl: env.DATABASE_URL ?? (appIsUp ? running : undefined),
      dataDir: env.PG_DATA_DIR,
      port: env.PG_PORT,
      databaseName: env.PG_DATABASE,
    });
    const pool = createPool(database.url, { max: 4 });
    const db = createDb(pool);
    try {
      await migrateToLatest(db, pool);
      process.exitCode = await work(db);
    } finally {
      await db.destroy();
    }
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    console.error(error.line());
    process.exitCode = 1;
  } finally {
    await database?.stop();
  }
}
