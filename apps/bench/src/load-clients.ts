/**
 * The users of the load benchmark, in a worker thread so that the server's event loop (the main thread)
 * serves requests only: each signs in over HTTP and browses the admin app's screens with their real tRPC
 * calls and inputs, one user alone first (the idle reference), then 50 and 100 at once.
 */
import { loadavg } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SESSION_COOKIE } from '@cchc/core/auth/session';
import { createDb, createPool } from '@cchc/db/pool';
import type { Role } from '@cchc/domain/roles';
import { sql } from 'kysely';

export interface Samples {
  ms: number[];
  errors: number;
}
export interface PhaseResult {
  users: number;
  samples: Record<string, Samples>;
  calls: number;
  seconds: number;
  load: number;
}
export interface ClientsInput {
  address: string;
  databaseUrl: string;
  accounts: { username: string; role: Role }[];
  password: string;
  periods: { from: string; to: string }[];
  phases: number[];
  seconds: number;
  warmUpMs: number;
  thinkMs: [number, number];
  writeShare: number;
  idleRuns: number;
}
export interface ClientsOutput {
  idle: Record<string, Samples>;
  recomputed: number[];
  idleLoad: number;
  results: PhaseResult[];
  errorExamples: string[];
}

const input = workerData as ClientsInput;
const {
  address,
  accounts,
  password: PASSWORD,
  periods,
  phases: PHASES,
  seconds: SECONDS,
  warmUpMs: WARM_UP_MS,
  thinkMs: THINK_MS,
  writeShare: WRITE_SHARE,
  idleRuns: IDLE_RUNS,
} = input;
const db = createDb(createPool(input.databaseUrl, { max: 1 }));

let samples = new Map<string, Samples>();
const errorExamples: string[] = [];
let countFrom = 0;
function record(name: string, ms: number, ok: boolean, started: number) {
  if (started < countFrom) return;
  const s = samples.get(name) ?? { ms: [], errors: 0 };
  s.ms.push(ms);
  if (!ok) s.errors++;
  samples.set(name, s);
}
const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------- users and the admin app's calls ----------

interface User {
  role: Role;
  cookie: string;
  taskIds: string[];
  runId: string | null;
}

async function trpc(user: User, name: string, path: string, input?: unknown, parse = false): Promise<unknown> {
  const started = performance.now();
  let ok = false;
  try {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const res = await fetch(`${address}/trpc/${path}${query}`, { headers: { cookie: user.cookie } });
    const text = await res.text();
    ok = res.ok;
    if (!ok && errorExamples.length < 10) errorExamples.push(`${path} ${res.status} ${text.slice(0, 200)}`);
    return ok && parse ? (JSON.parse(text) as { result: { data: unknown } }).result.data : null;
  } catch (error) {
    if (errorExamples.length < 10) errorExamples.push(`${path} ${String(error)}`);
    return null;
  } finally {
    record(name, performance.now() - started, ok, started);
  }
}

async function mutate(user: User, name: string, path: string, input: unknown): Promise<void> {
  const started = performance.now();
  let ok = false;
  try {
    const res = await fetch(`${address}/trpc/${path}`, {
      method: 'POST',
      headers: { cookie: user.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const text = await res.text();
    ok = res.ok;
    if (!ok && errorExamples.length < 10) errorExamples.push(`${path} ${res.status} ${text.slice(0, 200)}`);
  } catch (error) {
    if (errorExamples.length < 10) errorExamples.push(`${path} ${String(error)}`);
  } finally {
    record(name, performance.now() - started, ok, started);
  }
}

async function signIn(account: (typeof accounts)[number]): Promise<User> {
  const res = await fetch(`${address}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!res.ok || !cookie) throw new Error(`sign-in of ${account.username} failed: ${res.status} ${await res.text()}`);
  return { role: account.role, cookie: cookie.split(';')[0] as string, taskIds: [], runId: null };
}

const taskPage = async (user: User, filter: Record<string, unknown>, offset: number) => {
  const page = (await trpc(user, 'plans.taskPage (100 rows)', 'plans.taskPage', { ...filter, offset, limit: 100 }, true)) as {
    rows: { id: string }[];
    total: number;
  } | null;
  if (page?.rows.length) user.taskIds = page.rows.slice(0, 20).map((r) => r.id);
  return page;
};
/** The task table: the first page, then a few more as the user scrolls. */
const tasksScreen = async (user: User, filter: Record<string, unknown>) => {
  const first = await taskPage(user, filter, 0);
  const scrolls = Math.floor(rand(0, 3));
  for (let i = 1; i <= scrolls && first && i * 100 < first.total; i++) {
    await sleep(rand(300, 800));
    await taskPage(user, filter, i * 100);
  }
};
const TASK_FILTERS: Record<string, unknown>[] = [
  { sort: 'deadline' },
  { sort: 'deadline' },
  { statuses: ['overdue'], sort: 'deadline' },
  { query: 'ho tich', sort: 'title' },
  { sort: 'progress', dir: 'desc' },
];
const feedbackList = (user: User) =>
  trpc(user, 'feedback.list (register, 50 rows)', 'feedback.list', {
    q: null,
    status: [],
    channel: null,
    agencyId: null,
    from: null,
    to: null,
    drill: null,
    overdueOnly: false,
    limit: 50,
    offset: Math.random() < 0.7 ? 0 : 50 * Math.floor(rand(1, 10)),
  });

type Screen = [weight: number, run: (user: User) => Promise<unknown>];
const SCREENS: Record<'coordinator' | 'head' | 'officer', Screen[]> = {
  coordinator: [
    [
      30,
      (u) =>
        trpc(u, 'overview.province', 'overview.province', { period: pick([periods[0], periods[0], periods[1], periods[2]]) }),
    ],
    [25, (u) => tasksScreen(u, pick(TASK_FILTERS))],
    [20, feedbackList],
    [10, (u) => trpc(u, 'feedback.figures (every agency)', 'feedback.figures', { ...periods[0] })],
    [
      10,
      async (u) => {
        const runs = (await trpc(u, 'scores.runs', 'scores.runs', undefined, true)) as { id: string; status: string }[] | null;
        u.runId = runs?.find((r) => r.status === 'done')?.id ?? u.runId;
        if (u.runId) await trpc(u, 'scores.rankings', 'scores.rankings', { runId: u.runId, compareRunId: null });
      },
    ],
    [5, (u) => trpc(u, 'meetings.sessions', 'meetings.sessions', {})],
  ],
  head: [
    [50, (u) => trpc(u, 'scores.scorecard', 'scores.scorecard', { agencyId: null, runId: null })],
    [25, (u) => tasksScreen(u, { mine: true, sort: 'deadline' })],
    [15, (u) => trpc(u, 'feedback.agencyPage', 'feedback.agencyPage', { ...periods[0] })],
    [10, feedbackList],
  ],
  officer: [
    [45, (u) => tasksScreen(u, { mine: true, sort: 'deadline' })],
    [
      20,
      (u) => (u.taskIds.length ? trpc(u, 'plans.task', 'plans.task', { id: pick(u.taskIds) }) : tasksScreen(u, { mine: true })),
    ],
    [25, feedbackList],
  ],
};
const kindOf = (role: Role) =>
  role === 'agency_head' ? 'head' : role === 'agency_officer' ? 'officer' : ('coordinator' as 'coordinator' | 'head' | 'officer');
const screenFor = (user: User) => {
  const list = SCREENS[kindOf(user.role)];
  let r = rand(
    0,
    list.reduce((s, [w]) => s + w, 0),
  );
  for (const [w, run] of list) {
    r -= w;
    if (r <= 0) return run;
  }
  return (list[0] as Screen)[1];
};
/** The app shell on every screen: the bell is polled, and refetched as screens mount. */
const shell = (u: User) => (Math.random() < 0.3 ? trpc(u, 'notifications.mine', 'notifications.mine') : null);

const writeProgress = async (u: User) => {
  if (!u.taskIds.length) return;
  await mutate(u, 'plans.reportProgress (write)', 'plans.reportProgress', {
    taskId: pick(u.taskIds),
    progress: Math.floor(rand(10, 90)),
    note: 'Đã triển khai, đang hoàn thiện báo cáo kết quả.',
  });
};

const users: User[] = [];
for (const account of accounts) users.push(await signIn(account));
for (const u of users) {
  await trpc(u, 'auth.me', 'auth.me');
  await trpc(u, 'system.clock', 'system.clock');
  if (u.role !== 'agency_head' && u.role !== 'agency_officer') await trpc(u, 'scores.runs', 'scores.runs', undefined, true);
  await taskPage(u, { mine: u.role === 'agency_officer' || u.role === 'agency_head' ? true : undefined }, 0);
}

// ---------- idle reference: one user at a time ----------
const byKind = (kind: 'coordinator' | 'head' | 'officer') => users.find((u) => kindOf(u.role) === kind) as User;
const coordinator = byKind('coordinator');
const head = byKind('head');
const officer = byKind('officer');
const runs = (await trpc(coordinator, 'scores.runs', 'scores.runs', undefined, true)) as { id: string; status: string }[];
coordinator.runId = runs.find((r) => r.status === 'done')?.id ?? null;
const IDLE: [string, () => Promise<unknown>][] = [
  ['overview.province', () => trpc(coordinator, 'overview.province', 'overview.province', { period: periods[0] })],
  ['plans.taskPage (100 rows)', () => taskPage(coordinator, { sort: 'deadline' }, 0)],
  ['feedback.list (register, 50 rows)', () => feedbackList(coordinator)],
  [
    'feedback.figures (every agency)',
    () => trpc(coordinator, 'feedback.figures (every agency)', 'feedback.figures', { ...periods[0] }),
  ],
  ['scores.runs', () => trpc(coordinator, 'scores.runs', 'scores.runs')],
  [
    'scores.rankings',
    () => trpc(coordinator, 'scores.rankings', 'scores.rankings', { runId: coordinator.runId, compareRunId: null }),
  ],
  ['meetings.sessions', () => trpc(coordinator, 'meetings.sessions', 'meetings.sessions', {})],
  ['scores.scorecard', () => trpc(head, 'scores.scorecard', 'scores.scorecard', { agencyId: null, runId: null })],
  ['feedback.agencyPage', () => trpc(head, 'feedback.agencyPage', 'feedback.agencyPage', { ...periods[0] })],
  ['plans.task', () => trpc(officer, 'plans.task', 'plans.task', { id: officer.taskIds[0] })],
  ['notifications.mine', () => trpc(officer, 'notifications.mine', 'notifications.mine')],
  ['plans.reportProgress (write)', () => writeProgress(officer)],
];
samples = new Map();
for (const [, run] of IDLE) {
  for (let i = 0; i < 3; i++) await run(); // warm-up
}
samples = new Map();
for (const [, run] of IDLE) {
  for (let i = 0; i < IDLE_RUNS; i++) {
    await run();
    await sleep(20);
  }
}
const idle = Object.fromEntries(samples);
// The overview right after a write: recomputed (a statement on a table it reads bumps the data version).
samples = new Map();
for (let i = 0; i < 5; i++) {
  await sql`update plan set title = title where false`.execute(db);
  await trpc(coordinator, 'overview.province, after a write (recomputed)', 'overview.province', { period: periods[0] });
}
const recomputed = samples.get('overview.province, after a write (recomputed)')?.ms ?? [];

// ---------- the load ----------
const results: PhaseResult[] = [];
const idleLoad = loadavg()[0] ?? 0;
for (const n of PHASES) {
  samples = new Map();
  let stop = false;
  const began = performance.now();
  countFrom = began + WARM_UP_MS;
  // The server's own measures (its event loop, the process's memory) over the counted part of the step.
  setTimeout(() => parentPort?.postMessage({ type: 'count' }), WARM_UP_MS);
  const loops = users.slice(0, n).map(async (u, i) => {
    await sleep((i / n) * 5000); // ramp up over 5 s
    while (!stop) {
      const tasks: Promise<unknown>[] = [screenFor(u)(u)];
      const bell = shell(u);
      if (bell) tasks.push(bell);
      if (u.role === 'agency_officer' && Math.random() < WRITE_SHARE) tasks.push(writeProgress(u));
      await Promise.all(tasks);
      await sleep(rand(...THINK_MS));
    }
  });
  await sleep(WARM_UP_MS + SECONDS * 1000);
  stop = true;
  parentPort?.postMessage({ type: 'stop' });
  await Promise.all(loops);
  const calls = [...samples.values()].reduce((s, x) => s + x.ms.length, 0);
  results.push({
    users: n,
    samples: Object.fromEntries(samples),
    calls,
    seconds: (performance.now() - began - WARM_UP_MS) / 1000,
    load: loadavg()[0] ?? 0,
  });
  countFrom = 0;
  process.stdout.write(`${n} users: ${calls} calls\n`);
}

const output: ClientsOutput = { idle, recomputed, idleLoad, results, errorExamples };
await db.destroy();
parentPort?.postMessage({ type: 'done', output });
