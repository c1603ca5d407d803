/**
 * The one access policy (domain/access.ts) against the real router: every procedure has a rule, every rule
 * names a real procedure, and the server enforces each rule for every role and for strangers.
 */
import type { ValidSession } from '@cchc/core/auth/session';
import { DEMO_USERS, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { PROCEDURE_POLICY, rolesOf } from '@cchc/domain/access';
import { ROLES, type Role } from '@cchc/domain/roles';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from './root';
import { sessionOf, testContext, trpcErrorOf } from './testing';

interface ProcedureDef {
  inputs: unknown[];
}
// Typed as the nested router shape; at runtime it is flat, keyed by dotted path.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>);

let t: TestDatabase;
const sessions = new Map<Role, ValidSession>();
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  for (const role of ROLES) {
    const demo = DEMO_USERS.find((u) => u.role === role);
    if (!demo) throw new Error(`no demo user for ${role}`);
    sessions.set(role, await sessionOf(t.db, demo.username));
  }
});
afterAll(async () => t.drop());

type Who = Role | 'anonymous';

/** Calls a procedure by its dotted path, as the HTTP adapter does for /trpc/<path>. */
function callAs(who: Who, path: string, input?: unknown): Promise<unknown> {
  const session = who === 'anonymous' ? null : (sessions.get(who) ?? null);
  let target: unknown = createCaller(testContext(t.db, session));
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  return (target as (input?: unknown) => Promise<unknown>)(input);
}

async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe('appRouter against the access policy', () => {
  it('has procedures to check', () => {
    expect(procedures.length).toBeGreaterThan(100);
  });

  it('has a rule for every procedure (a new one without a rule fails here, and is refused to everyone)', () => {
    const undeclared = procedures.map(([path]) => path).filter((path) => !Object.hasOwn(PROCEDURE_POLICY, path));
    expect(undeclared).toEqual([]);
  });

  it('has no rule for a procedure that does not exist', () => {
    const paths = new Set(procedures.map(([path]) => path));
    expect(Object.keys(PROCEDURE_POLICY).filter((action) => !paths.has(action))).toEqual([]);
  });
});

describe('access enforcement', () => {
  it.each(Object.keys(PROCEDURE_POLICY))('%s admits exactly the callers its policy names', async (path) => {
    const access = rolesOf(path);
    const procedure = procedures.find(([p]) => p === path)?.[1];
    if (!procedure) throw new Error(`unknown procedure ${path}`);
    // Input that fails validation proves a caller got past the access check without doing anything.
    const hasInput = procedure._def.inputs.length > 0;
    const admitted = hasInput ? 'BAD_REQUEST' : 'ok';
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const who of ['anonymous', ...ROLES] as Who[]) {
      const allowed = access === 'public' || (who !== 'anonymous' && access.includes(who));
      expected[who] = allowed ? admitted : who === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN';
      actual[who] = await outcome(callAs(who, path, hasInput ? 'not-an-object' : undefined));
    }
    expect(actual).toEqual(expected);
  });

  it('asks a stranger to sign in before listing users', async () => {
    const error = await trpcErrorOf(callAs('anonymous', 'users.list', {}));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Vui lòng đăng nhập.' });
  });

  it.each(['users.list', 'users.create', 'audit.list'])('refuses %s to an agency officer', async (path) => {
    const error = await trpcErrorOf(callAs('agency_officer', path, {}));
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'Bạn không có quyền thực hiện chức năng này.' });
  });

  it('checks access before validating input, so a stranger learns nothing about the input shape', async () => {
    const error = await trpcErrorOf(callAs('anonymous', 'users.create', { username: 'x' }));
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('lets an admin create a user, audited under the request id', async () => {
    const agency = await t.db.selectFrom('agency').select('id').where('code', '=', '33.STP').executeTakeFirstOrThrow();
    const caller = createCaller(testContext(t.db, await sessionOf(t.db, 'admin'), { requestId: 'req-create-1' }));
    const user = await caller.users.create({
      username: 'moi.tao',
      displayName: 'Người Mới Tạo',
      role: 'agency_officer',
      agencyId: agency.id,
      password: 'Hoa-sen-tim-2026',
    });
    expect(user).toMatchObject({ username: 'moi.tao', agencyName: 'Sở Tư pháp', mustChangePassword: true });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'requestId'])
      .where('action', '=', 'user.create')
      .where('entityId', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actorUsername: 'admin', requestId: 'req-create-1' });
  });

  it('shows an agency head only their own agency’s users through the API', async () => {
    const head = await sessionOf(t.db, 'giamdoc.stp');
    const users = await createCaller(testContext(t.db, head)).users.list({});
    expect(users.map((u) => u.username)).toContain('giamdoc.stp');
    expect(users.every((u) => u.agencyId === head.user.agencyId)).toBe(true);
  });
});
