/**
 * The access policy of every procedure, as a specification: each one declares who may call it,
 * the declarations match this table, and the server enforces them for every role and for strangers.
 */
import type { ValidSession } from '@cchc/core/auth/session';
import { DEMO_USERS, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { ROLES, type Role } from '@cchc/domain/roles';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from './root';
import { sessionOf, testContext, trpcErrorOf } from './testing';
import type { Access } from './trpc';

const ADMIN_ONLY: Access = ['admin'];
const MANAGERS: Access = ['working_group', 'home_affairs'];
const ALL_ROLES: Access = ['admin', 'home_affairs', 'working_group', 'agency_head', 'agency_officer'];

/** Who may call what. A new procedure must be added here, with a reason to allow anyone at all. */
const POLICY: Record<string, Access> = {
  'auth.me': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'authenticated',
  'auth.changePassword': 'authenticated',
  'org.children': 'authenticated',
  'org.search': 'authenticated',
  'org.agency': 'authenticated',
  'org.importCsv': ADMIN_ONLY,
  // Which successor of a split unit carries its history: the Sở Nội vụ decides, as for schemes.
  'org.setSplitHeir': ['admin', 'home_affairs'],
  'org.importRuns': ADMIN_ONLY,
  'org.importRunErrors': ADMIN_ONLY,
  'users.list': ['admin', 'home_affairs', 'agency_head'],
  'users.create': ADMIN_ONLY,
  'users.update': ADMIN_ONLY,
  'users.setActive': ADMIN_ONLY,
  'users.resetPassword': ADMIN_ONLY,
  'audit.list': ['admin', 'home_affairs'],
  'audit.facets': ['admin', 'home_affairs'],
  // The holiday calendar is reference data everyone's deadlines depend on; the Sở Nội vụ keeps it.
  'calendar.years': 'authenticated',
  'calendar.year': 'authenticated',
  'calendar.dueDate': 'authenticated',
  'calendar.prefill': ['admin', 'home_affairs'],
  'calendar.saveYear': ['admin', 'home_affairs'],
  // Plans are public within the administration; tasks are filtered to the viewer's agency by the service.
  'plans.list': 'authenticated',
  'plans.get': 'authenticated',
  'plans.tasks': 'authenticated',
  'plans.taskPage': 'authenticated',
  'plans.task': 'authenticated',
  'plans.create': MANAGERS,
  'plans.update': MANAGERS,
  'plans.delete': MANAGERS,
  'plans.createGroup': MANAGERS,
  'plans.changes': MANAGERS,
  'plans.createTask': MANAGERS,
  'plans.importTasks': MANAGERS,
  'plans.updateTask': MANAGERS,
  'plans.cancelTask': MANAGERS,
  'plans.updateGroup': MANAGERS,
  'plans.deleteGroup': MANAGERS,
  'plans.reopenTask': MANAGERS,
  'plans.reportProgress': ['agency_officer', 'working_group', 'home_affairs'],
  // Sessions: the secretariat (working_group) manages; every role reads, agency roles only their own records.
  'meetings.groups': ALL_ROLES,
  'meetings.createGroup': ['working_group', 'home_affairs'],
  'meetings.sessions': ALL_ROLES,
  'meetings.session': ALL_ROLES,
  'meetings.createSession': ['working_group'],
  'meetings.updateSession': ['working_group'],
  'meetings.markAttendance': ['working_group'],
  'meetings.markAllPresent': ['working_group'],
  'meetings.finalise': ['working_group'],
  'meetings.addConclusion': ['working_group'],
  'meetings.attachDocument': ['working_group'],
  'meetings.removeDocument': ['working_group'],
  'meetings.conclusionToTask': ['working_group'],
  'meetings.attendance': ALL_ROLES,
  'meetings.matrix': ALL_ROLES,
  // Procedures: everyone reads the catalogue and the dormancy lists; imports and scans by the province-wide roles.
  'procedures.search': ALL_ROLES,
  'procedures.get': ALL_ROLES,
  'procedures.importCatalogue': ['admin', 'home_affairs', 'working_group'],
  'procedures.importFile': ['admin', 'home_affairs', 'working_group'],
  'procedures.importRun': ['admin', 'home_affairs', 'working_group'],
  'procedures.importRuns': ['admin', 'home_affairs', 'working_group'],
  'procedures.dormant': ALL_ROLES,
  'procedures.dormantPairs': ALL_ROLES,
  'procedures.dormantXlsx': ALL_ROLES,
  'procedures.scan': ['admin', 'home_affairs', 'working_group'],
  'procedures.scans': ALL_ROLES,
  'procedures.reviews': ALL_ROLES,
  'procedures.openReview': ['home_affairs', 'working_group'],
  'procedures.openReviews': ['home_affairs', 'working_group'],
  'procedures.proposeReview': ['agency_officer', 'home_affairs', 'working_group'],
  'procedures.decideReview': ['home_affairs', 'working_group'],
  'feedback.list': ALL_ROLES,
  'feedback.get': ALL_ROLES,
  'feedback.create': ['admin', 'home_affairs', 'working_group'],
  'feedback.act': ALL_ROLES,
  'feedback.figures': ALL_ROLES,
  'feedback.agencyPage': ALL_ROLES,
  'feedback.limits': ALL_ROLES,
  'feedback.saveLimit': ['admin', 'home_affairs'],
  'feedback.deleteLimit': ['admin', 'home_affairs'],
  'feedback.importPreview': ['admin', 'home_affairs', 'working_group'],
  'feedback.importProfiles': ['admin', 'home_affairs', 'working_group'],
  'feedback.deleteImportProfile': ['admin', 'home_affairs', 'working_group'],
  'feedback.importStart': ['admin', 'home_affairs', 'working_group'],
  'feedback.importRun': ['admin', 'home_affairs', 'working_group'],
  'feedback.importRuns': ['admin', 'home_affairs', 'working_group'],
  'scores.schemes': ALL_ROLES,
  'scores.saveScheme': ['admin', 'home_affairs'],
  'scores.previewScheme': ['admin', 'home_affairs'],
  'scores.compute': ['admin', 'home_affairs'],
  'scores.runs': ['admin', 'home_affairs', 'working_group'],
  'scores.run': ['admin', 'home_affairs', 'working_group'],
  'scores.rankings': ['admin', 'home_affairs', 'working_group'],
  'scores.scorecard': ALL_ROLES,
  'scores.componentItems': ALL_ROLES,
  'overview.province': ['admin', 'home_affairs', 'working_group'],
  'reports.regimes': ALL_ROLES,
  'reports.saveRegime': ['admin', 'home_affairs'],
  'reports.calendar': ALL_ROLES,
  'reports.period': ['admin', 'home_affairs', 'working_group'],
  'reports.generate': ['admin', 'home_affairs'],
  'reports.progress': ['admin', 'home_affairs', 'working_group'],
  'reports.view': ['admin', 'home_affairs', 'working_group'],
  'reports.finalise': ['home_affairs'],
  // Numbering and the signed original belong to the Sở Nội vụ's văn thư; the document format to it and the admin.
  'reports.nextNumber': ['home_affairs'],
  'reports.attachSigned': ['home_affairs'],
  'reports.documentSettings': ['admin', 'home_affairs'],
  'reports.saveDocumentSettings': ['admin', 'home_affairs'],
  'reports.mine': ['agency_head', 'agency_officer'],
  'reports.submission': ALL_ROLES,
  'reports.saveSubmission': ['agency_head', 'agency_officer'],
  'reports.submit': ['agency_head', 'agency_officer'],
  'reports.acceptSubmission': ['admin', 'home_affairs'],
  'reports.returnSubmission': ['admin', 'home_affairs'],
  'notifications.mine': 'authenticated',
  'notifications.markRead': 'authenticated',
  'notifications.work': 'authenticated',
  'notifications.outbox': ADMIN_ONLY,
  'system.clock': 'authenticated',
  'system.setClockOffset': ADMIN_ONLY,
  'system.runTaskChasing': ['admin', 'home_affairs'],
  'system.chasingSettings': 'authenticated',
  'system.saveChasingSettings': ['admin', 'home_affairs'],
  // Keys of other systems and what is published: the system's administrator only.
  'integrations.apiKeys': ADMIN_ONLY,
  'integrations.issueApiKey': ADMIN_ONLY,
  'integrations.revokeApiKey': ADMIN_ONLY,
  'integrations.publication': ADMIN_ONLY,
  // Citizens' challenges go to the reviewing agency; the Sở Nội vụ and the working group follow all of them.
  'integrations.challenges': ['agency_officer', 'agency_head', 'home_affairs', 'working_group'],
  'integrations.answerChallenge': ['agency_officer', 'agency_head', 'home_affairs', 'working_group'],
  'integrations.savePublication': ADMIN_ONLY,
};

interface ProcedureDef {
  meta?: { access?: Access };
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

describe('appRouter access declarations', () => {
  it('has procedures to check', () => {
    expect(procedures.length).toBeGreaterThan(0);
  });

  it('declares who may call every procedure (deny by default)', () => {
    const undeclared = procedures.filter(([, p]) => p._def.meta?.access === undefined).map(([path]) => path);
    expect(undeclared).toEqual([]);
  });

  it('grants exactly the access the policy table names', () => {
    const declared = Object.fromEntries(procedures.map(([path, p]) => [path, p._def.meta?.access]));
    expect(declared).toEqual(POLICY);
  });
});

describe('access enforcement', () => {
  it.each(Object.keys(POLICY))('%s admits exactly the callers its policy names', async (path) => {
    const access = POLICY[path];
    const procedure = procedures.find(([p]) => p === path)?.[1];
    if (!access || !procedure) throw new Error(`unknown procedure ${path}`);
    // Input that fails validation proves a caller got past the access check without doing anything.
    const hasInput = procedure._def.inputs.length > 0;
    const admitted = hasInput ? 'BAD_REQUEST' : 'ok';
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const who of ['anonymous', ...ROLES] as Who[]) {
      const allowed = access === 'public' || (who !== 'anonymous' && (access === 'authenticated' || access.includes(who)));
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
