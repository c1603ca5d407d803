/**
 * Real-PostgreSQL test databases. A vitest globalSetup (`setupTestPostgres`) starts embedded
 * PostgreSQL (or uses DATABASE_URL's server) and migrates one template database; each test
 * file then gets its own copy with `createTestDatabase()` (CREATE DATABASE … TEMPLATE, ~50 ms).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { removeAbandonedClusters, startEmbeddedPostgres } from './embedded';
import { migrateToLatest } from './migrate';
import { createDb, createPool } from './pool';
import type { Database } from './schema';

export interface TestPostgres {
  adminUrl: string;
  template: string;
}

const PROVIDE_KEY = 'cchcTestPostgres';

function urlWithDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** For vitest's globalSetup: `export default setupTestPostgres` in a package's test setup file. */
export async function setupTestPostgres(project: {
  provide: (key: string, value: TestPostgres) => void;
}): Promise<() => Promise<void>> {
  let adminUrl: string;
  let stopServer = async () => {};
  const external = process.env.DATABASE_URL;
  if (external) {
    adminUrl = external;
  } else {
    // Clusters left by a test run that was killed before its teardown: stopped and removed.
    await removeAbandonedClusters(tmpdir(), 'cchc-test-pg-');
    const dataDir = mkdtempSync(join(tmpdir(), 'cchc-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const template = `cchc_tpl_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${template}`);
  const pool = createPool(urlWithDatabase(adminUrl, template), { max: 2 });
  const db = createDb(pool);
  await migrateToLatest(db, pool);
  await db.destroy();
  project.provide(PROVIDE_KEY, { adminUrl, template });
  return async () => {
    await adminQuery(adminUrl, `drop database if exists ${template} with (force)`);
    await stopServer();
  };
}

export interface TestDatabase {
  db: Kysely<Database>;
  pool: pg.Pool;
  url: string;
  /** Drops the database; call in afterAll. */
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { inject } = await import('vitest');
  const config = (inject as (key: string) => TestPostgres | undefined)(PROVIDE_KEY);
  if (!config) throw new Error('No test PostgreSQL: add @cchc/db/test-global-setup as vitest globalSetup.');
  const name = `cchc_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(config.adminUrl, `create database ${name} template ${config.template}`);
  const url = urlWithDatabase(config.adminUrl, name);
  const pool = createPool(url, { max: 5 });
  const db = createDb(pool);
  return {
    db,
    pool,
    url,
    async drop() {
      await db.destroy();
      await adminQuery(config.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
