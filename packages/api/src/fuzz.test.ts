/**
 * Property-based fuzzing of every procedure through the real router on a seeded database: inputs are
 * generated from each procedure's own zod schema (valid shapes with hostile values — NUL, lone
 * surrogates, huge and negative numbers, dates in year 0 / 1900 / 9999, unknown and real ids), called
 * as a user the procedure admits, and no call may end in INTERNAL_SERVER_ERROR (a 500).
 *
 * FUZZ_RUNS sets the cases per procedure (default 15 in the suite; `FUZZ_RUNS=1000 pnpm --filter
 * @cchc/api vitest run src/fuzz.test.ts` is the deep run). FUZZ_SEED replays a run.
 */
import type { ValidSession } from '@cchc/core/auth/session';
import { DEMO_USERS, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { rolesOf } from '@cchc/domain/access';
import type { Role } from '@cchc/domain/roles';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter, createCaller } from './root';
import { sessionOf, testContext } from './testing';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/** Calls that would end the fuzzing session itself; everything else is fuzzed. */
const SKIPPED = new Set(['auth.signOut']);

let t: TestDatabase;
let ids: string[] = [];
let smallIds: number[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, '2026-03-02');
  // Real ids of every kind, so generated inputs reach past "not found".
  const pick = async (
    table:
      | 'agency'
      | 'plan'
      | 'task'
      | 'planGroup'
      | 'meetingSession'
      | 'workingGroup'
      | 'procedure'
      | 'feedback'
      | 'appUser'
      | 'scoreRun'
      | 'scoreScheme'
      | 'report'
      | 'reportRegime'
      | 'reportSubmission'
      | 'importRun'
      | 'procedureReview',
  ) => (await t.db.selectFrom(table).select('id').limit(5).execute()).map((r) => String(r.id));
  const tables = [
    'agency',
    'plan',
    'task',
    'planGroup',
    'meetingSession',
    'workingGroup',
    'procedure',
    'feedback',
    'appUser',
    'scoreRun',
    'scoreScheme',
    'report',
    'reportRegime',
    'reportSubmission',
    'importRun',
    'procedureReview',
  ] as const;
  ids = (await Promise.all(tables.map(pick))).flat().filter((id) => /^[0-9a-f-]{36}$/.test(id));
  smallIds = (await t.db.selectFrom('notification').select('id').limit(5).execute()).map((r) => Number(r.id));
}, 180_000);
afterAll(async () => t?.drop());

// ---- zod 4 schema → fast-check arbitrary -------------------------------------------------------------

type AnyDef = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): AnyDef => (schema as { _zod: { def: AnyDef } })._zod.def;
const checksOf = (def: AnyDef) =>
  ((def.checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def);

const HOSTILE_TEXT = [
  '',
  ' ',
  'Kế hoạch\u0000 năm 2026',
  '\u0000',
  'tiêu đề \uD800',
  '\uDFFF',
  "'; drop table plan; --",
  '%_\\',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '=HYPERLINK("http://x")',
  'năm 10',
  'Đ'.repeat(5000),
  '😀'.repeat(50),
  '0000-01-01',
  '9999-12-31',
];
const DATES = [
  '0000-01-01',
  '0001-01-01',
  '1899-12-31',
  '1900-01-01',
  '1970-01-01',
  '2000-01-01',
  '2026-02-28',
  '2026-03-02',
  '2026-12-31',
  '2100-12-31',
  '2101-01-01',
  '9999-12-31',
  '2026-02-30',
  'hôm nay',
];
const NUMBERS = [
  0,
  1,
  -1,
  2,
  10,
  100,
  2026,
  1900,
  9999,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  1e15,
  0.5,
  -0.5,
  Number.MAX_SAFE_INTEGER,
];

function stringArbitrary(def: AnyDef, key: string): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const min = Number(checks.find((c) => c.check === 'min_length')?.minimum ?? 0);
  const max = Number(checks.find((c) => c.check === 'max_length')?.maximum ?? 200);
  const format = def.format ?? checks.find((c) => c.check === 'string_format')?.format;
  const uuids = fc.oneof(
    fc.constantFrom(...(ids.length ? ids : ['00000000-0000-4000-8000-000000000000'])),
    fc.uuid({ version: 4 }),
  );
  if (format === 'uuid' || format === 'guid')
    return fc.oneof({ weight: 6, arbitrary: uuids }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXT) });
  if (format === 'date' || /date|from$|^to$|deadline|asOf|since|On$|day$/i.test(key)) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...DATES) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    );
  }
  if (format === 'email') return fc.constantFrom('a@b.vn', '', 'khong-phai-email', 'x\u0000@b.vn');
  if (/url|link/i.test(key))
    return fc.constantFrom('https://dichvucong.gov.vn/p/1', 'javascript:alert(1)', 'data:text/html,x', 'ftp://x', '');
  const ordinary = fc.string({ minLength: Math.min(min, 40), maxLength: Math.min(Math.max(min, 1) + 40, max) });
  return fc.oneof(
    { weight: 3, arbitrary: ordinary },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 1, arbitrary: uuids },
  );
}

function numberArbitrary(def: AnyDef): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const lo = checks.find((c) => c.check === 'greater_than')?.value as number | undefined;
  const hi = checks.find((c) => c.check === 'less_than')?.value as number | undefined;
  const int = checks.some((c) => c.check === 'number_format' && String(c.format).includes('int'));
  const edges = [...NUMBERS, ...(lo !== undefined ? [lo, lo - 1] : []), ...(hi !== undefined ? [hi, hi + 1] : [])];
  const inRange = int
    ? fc.integer({ min: Math.max(lo ?? -1000, -1e6), max: Math.min(hi ?? 5000, 1e6) })
    : fc.double({ min: lo ?? -1000, max: hi ?? 5000, noNaN: true });
  if (smallIds.length) edges.push(...smallIds);
  return fc.oneof({ weight: 2, arbitrary: inRange }, { weight: 2, arbitrary: fc.constantFrom(...edges) });
}

function arbitraryOf(schema: unknown, key = '', depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return fc.constant(undefined);
  switch (def.type) {
    case 'string':
      return stringArbitrary(def, key);
    case 'number':
    case 'int':
      return numberArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...Object.values(def.entries as Record<string, string>)) },
        { weight: 1, arbitrary: fc.constant('khong_co') },
      );
    case 'optional':
      return fc.option(arbitraryOf(def.innerType, key, depth), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(arbitraryOf(def.innerType, key, depth), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
    case 'success':
      return arbitraryOf(def.innerType, key, depth);
    case 'pipe':
      return arbitraryOf(def.in, key, depth);
    case 'transform':
      return fc.constant(undefined);
    case 'lazy':
      return depth > 3 ? fc.constant(null) : arbitraryOf((def.getter as () => unknown)(), key, depth + 1);
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => arbitraryOf(o, key, depth + 1)));
    case 'intersection':
      return arbitraryOf(def.left, key, depth + 1);
    case 'array': {
      const checks = checksOf(def);
      const max = Number(checks.find((c) => c.check === 'max_length')?.maximum ?? 4);
      const min = Number(checks.find((c) => c.check === 'min_length')?.minimum ?? 0);
      return fc.array(arbitraryOf(def.element, key, depth + 1), {
        minLength: Math.min(min, 4),
        maxLength: Math.min(Math.max(min, 4), max),
      });
    }
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map((i) => arbitraryOf(i, key, depth + 1)));
    case 'record':
      return fc.dictionary(fc.constantFrom('a', 'b', 'tong', 'x\u0000'), arbitraryOf(def.valueType, key, depth + 1), {
        maxKeys: 3,
      });
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const entries = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbitraryOf(v, k, depth + 1)]));
      return fc.record(entries);
    }
    case 'date':
      return fc.date({ min: new Date(-62_000_000_000_000), max: new Date(253_402_300_000_000) });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function inputArbitrary(inputs: readonly unknown[]): fc.Arbitrary<unknown> {
  if (inputs.length === 0) return fc.constant(undefined);
  if (inputs.length === 1) return arbitraryOf(inputs[0]);
  return fc.tuple(...inputs.map((i) => arbitraryOf(i))).map((parts) => Object.assign({}, ...parts));
}

// ---- the run -------------------------------------------------------------------------------------------

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] };
}
const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, ProcedureDef> }).procedures);

/** A user the policy admits (an admin where admins may), or nobody for a public procedure. */
function callerRole(path: string): Role | null {
  const access = rolesOf(path);
  if (access === 'public') return null;
  return access.includes('admin') ? 'admin' : (access[0] ?? null);
}

async function call(path: string, session: ValidSession | null, input: unknown) {
  const caller = createCaller(testContext(t.db, session, { address: `10.77.${Math.floor(Math.random() * 250)}.1` }));
  let fn: unknown = caller;
  for (const part of path.split('.')) fn = (fn as Record<string, unknown>)[part];
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

describe('fuzzing every procedure with inputs built from its own schema', () => {
  it('has procedures to fuzz', () => {
    expect(procedures.length).toBeGreaterThan(80);
  });

  it.each(procedures.filter(([path]) => !SKIPPED.has(path)).map(([path, p]) => [path, p] as const))(
    '%s never answers 500',
    async (path, procedure) => {
      // Earlier procedures may have deactivated a demo user or reset their password: undo that first.
      await t.db
        .updateTable('appUser')
        .set({ isActive: true, mustChangePassword: false })
        .where(
          'username',
          'in',
          DEMO_USERS.map((u) => u.username),
        )
        .execute();
      const role = callerRole(path);
      const username = role ? DEMO_USERS.find((u) => u.role === role)?.username : undefined;
      let session = username ? await sessionOf(t.db, username) : null;
      const failures: string[] = [];
      await fc
        .assert(
          fc.asyncProperty(inputArbitrary(procedure._def.inputs), async (input) => {
            try {
              await call(path, session, input);
            } catch (error) {
              if (!(error instanceof TRPCError)) {
                failures.push(
                  `${path} ${JSON.stringify(input)?.slice(0, 300)} → not a TRPCError: ${String(error).slice(0, 300)}`,
                );
                return false;
              }
              // A call may end the session (a password reset of oneself): carry on with a fresh one.
              if (error.code === 'UNAUTHORIZED' && username) session = await sessionOf(t.db, username);
              if (error.code === 'INTERNAL_SERVER_ERROR') {
                const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : String(error.cause);
                failures.push(`${path} ${JSON.stringify(input)?.slice(0, 300)} → ${cause.slice(0, 300)}`);
                return false;
              }
            }
            return true;
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        )
        .catch(() => {}); // the failing case is in `failures`, with its input and cause

      expect(failures).toEqual([]);
    },
    120_000,
  );
});
