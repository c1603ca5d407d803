import { validateSessionToken } from '@cchc/core/auth/session';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { modulesForRole } from '@cchc/domain/access';
import { MODULES } from '@cchc/domain/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';
import { sessionOf, TEST_SESSION_TTL_DAYS, testContext, trpcErrorOf } from '../testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => t.drop());

describe('auth.signIn', () => {
  it('sets the session cookie with a token that validates, and never returns the token', async () => {
    const ctx = testContext(t.db, null, { address: '10.8.0.1', requestId: 'req-sign-in' });
    const result = await createCaller(ctx).auth.signIn({ username: 'sonoivu', password: DEMO_PASSWORD });
    expect(result).toEqual({ ok: true });
    expect(ctx.cookieCalls).toHaveLength(1);
    const [call] = ctx.cookieCalls;
    if (call?.kind !== 'set') throw new Error('expected the cookie to be set');
    expect(call.expiresAt.getTime()).toBeGreaterThan(Date.now() + (TEST_SESSION_TTL_DAYS - 1) * 86_400_000);
    expect((await validateSessionToken(t.db, call.token, TEST_SESSION_TTL_DAYS))?.user.username).toBe('sonoivu');
    const audit = await t.db.selectFrom('auditLog').select('requestId').where('action', '=', 'auth.sign_in').execute();
    expect(audit).toEqual([{ requestId: 'req-sign-in' }]);
  });

  it('refuses a wrong password with UNAUTHORIZED and the Vietnamese message, and sets no cookie', async () => {
    const ctx = testContext(t.db, null, { address: '10.8.0.2' });
    const error = await trpcErrorOf(createCaller(ctx).auth.signIn({ username: 'sonoivu', password: 'Sai-mat-khau-1' }));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    expect(ctx.cookieCalls).toEqual([]);
  });

  it('asks for both fields in Vietnamese before trying anything', async () => {
    const ctx = testContext(t.db, null, { address: '10.8.0.3' });
    const error = await trpcErrorOf(createCaller(ctx).auth.signIn({ username: '  ', password: '' }));
    expect(error.code).toBe('BAD_REQUEST');
    const attempts = await t.db.selectFrom('signInAttempt').select('id').where('address', '=', '10.8.0.3').execute();
    expect(attempts).toEqual([]);
  });
});

describe('auth.me', () => {
  it('returns null to a stranger', async () => {
    expect(await createCaller(testContext(t.db, null)).auth.me()).toBeNull();
  });

  it.each(DEMO_USERS.map((u) => [u.role, u.username] as const))(
    'gives a %s the modules of their role',
    async (role, username) => {
      const me = await createCaller(testContext(t.db, await sessionOf(t.db, username))).auth.me();
      expect(me).toMatchObject({ username, role, mustChangePassword: false });
      expect(me?.modules).toEqual(modulesForRole(role));
    },
  );

  it('opens user management and the audit log to admins only', async () => {
    const admin = await createCaller(testContext(t.db, await sessionOf(t.db, 'admin'))).auth.me();
    const officer = await createCaller(testContext(t.db, await sessionOf(t.db, 'canbo.stp'))).auth.me();
    expect(admin?.modules).toEqual(MODULES);
    expect(officer?.modules).not.toContain('users');
    expect(officer?.modules).not.toContain('audit');
    expect(officer).toMatchObject({ agencyName: 'Sở Tư pháp' });
  });
});

describe('auth.signOut', () => {
  it('ends the current session and clears the cookie', async () => {
    const session = await sessionOf(t.db, 'totongtac');
    const ctx = testContext(t.db, session);
    expect(await createCaller(ctx).auth.signOut()).toEqual({ ok: true });
    expect(ctx.cookieCalls).toEqual([{ kind: 'clear' }]);
    const left = await t.db.selectFrom('userSession').select('id').where('id', '=', session.sessionId).execute();
    expect(left).toEqual([]);
  });
});

describe('auth.changePassword', () => {
  it('changes the password and keeps the caller signed in on this device only', async () => {
    const here = await sessionOf(t.db, 'giamdoc.stp');
    const there = await sessionOf(t.db, 'giamdoc.stp');
    await createCaller(testContext(t.db, here)).auth.changePassword({
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Mat-khau-moi-2027',
    });
    const ids = await t.db.selectFrom('userSession').select('id').where('userId', '=', here.user.id).execute();
    expect(ids.map((s) => s.id)).toEqual([here.sessionId]);
    expect(ids.map((s) => s.id)).not.toContain(there.sessionId);

    const ctx = testContext(t.db, null, { address: '10.8.1.1' });
    await createCaller(ctx).auth.signIn({ username: 'giamdoc.stp', password: 'Mat-khau-moi-2027' });
    expect(ctx.cookieCalls.map((c) => c.kind)).toEqual(['set']);
  });

  it('refuses a wrong current password with BAD_REQUEST', async () => {
    const session = await sessionOf(t.db, 'canbo.stp');
    const error = await trpcErrorOf(
      createCaller(testContext(t.db, session)).auth.changePassword({
        currentPassword: 'Sai-mat-khau-1',
        newPassword: 'Mat-khau-moi-2027',
      }),
    );
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: 'Mật khẩu hiện tại không đúng.' });
  });
});
