/** Resolves the database the app runs on: DATABASE_URL when given, else embedded PostgreSQL. */
import pg from 'pg';
import { StartupError } from './startup-error';

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
    await checkReachable(options.databaseUrl);
    return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  }
  // Imported only here: a process on an external PostgreSQL never loads the embedded server's code.
  const { startEmbeddedPostgres } = await import('./embedded');
  const server = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, onLog: options.onLog });
  try {
    await createDatabaseIfMissing(server.adminUrl, options.databaseName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: server.urlFor(options.databaseName), embedded: true, stop: () => server.stop() };
}

/** Connects once, so a wrong address, password or database name is one clear line at start, not a stack later. */
export async function checkReachable(url: string): Promise<void> {
  const where = redacted(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>("select current_setting('server_version_num') as version");
    const major = Math.floor(Number(rows[0]?.version ?? 0) / 10_000);
    if (major < 15) {
      throw new StartupError(
        `PostgreSQL tại ${where} là phiên bản ${major}; cần PostgreSQL 15 trở lên.`,
        `PostgreSQL at ${where} is version ${major}; PostgreSQL 15 or newer is required.`,
      );
    }
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const e = error as { code?: string; message?: string };
    throw new StartupError(
      `không kết nối được PostgreSQL tại ${where} (${e.code ?? e.message}); kiểm tra DATABASE_URL và máy chủ cơ sở dữ liệu.`,
      `cannot connect to PostgreSQL at ${where} (${e.code ?? e.message}); check DATABASE_URL and the database server.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL without its password, for messages. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(DATABASE_URL)';
  }
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
