/** Resolves the database the app runs on: DATABASE_URL when given, else embedded PostgreSQL. */
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded';

export interface EnsuredDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EnsureOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  databaseName: string;
  onLog?: (message: string) => void;
}

export async function ensureDatabase(options: EnsureOptions): Promise<EnsuredDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, onLog: options.onLog });
  try {
    await createDatabaseIfMissing(server.adminUrl, options.databaseName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.urlFor(options.databaseName), embedded: true, stop: () => server.stop() };
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
