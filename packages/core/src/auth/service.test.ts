import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { SIGN_IN_LIMITS } from '@cchc/domain/rate-limit';
import type { Role } from '@cchc/domain/roles';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { appErrorOf } from '../testing/fixtures';
import { hashPassword, verifyPassword } from './password';
import { changePassword, signIn, signOut } from './service';
import { validateSessionToken } from './session';

const TTL_DAYS = 30;
const PASSWORD = 'Mat-khau-2026';
const WRONG_CREDENTIALS = 'Tên đăng nhập hoặc mật khẩu không đúng.';

let t: TestDatabase;
let agencyId: string;
let passwordHash: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const agency = await t.db
    .insertInto('agency')
    .values({ code: '33', name: 'Hưng Yên', fullName: 'Tỉnh Hưng Yên', kind: 'province', searchText: 'hung yen' })
    .returning('id')
    .executeTakeFirstOrThrow();
  agencyId = agency.id;
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => t.drop());

async function addUser(username: string, options: { isActive?: boolean; role?: Role } = {}): Promise<Actor> {
  const role = options.role ?? 'agency_officer';
  const { id } = await t.db
    .insertInto('appUser')
    .values({
      username,
      displayName: `Người dùng ${username}`,
      passwordHash,
      role,
      agencyId,
      isActive: options.isActive ?? true,
      searchText: username,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: id, username, role, agencyId, requestId: `req-${username}` };
}

const attempt = (username: string, password: string, address: string) =>
  signIn(t.db, { username, password, address, requestId: `req-${address}` }, TTL_DAYS);

const sessionCount = async (userId: string) =>
  Number(
    (
      await t.db
        .selectFrom('userSession')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('userId', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('signIn', () => {
  it('creates a session whose token validates to the signed-in user', async () => {
    const user = await addUser('an.nguyen');
    const result = await attempt('an.nguyen', PASSWORD, '10.0.0.1');
    expect(result.userId).toBe(user.userId);
    expect(result.expiresAt.getTime()).toBeGreaterThan(Date.now() + (TTL_DAYS - 1) * 86_400_000);

    const session = await validateSessionToken(t.db, result.token, TTL_DAYS);
    expect(session?.user).toMatchObject({
      id: user.userId,
      username: 'an.nguyen',
      role: 'agency_officer',
      agencyName: 'Hưng Yên',
    });
    const row = await t.db.selectFrom('appUser').select('lastSignInAt').where('id', '=', user.userId).executeTakeFirstOrThrow();
    expect(row.lastSignInAt).not.toBeNull();
  });

  it('accepts the username in any letter case and with surrounding spaces', async () => {
    const user = await addUser('Binh.Tran');
    const result = await attempt('  binh.TRAN ', PASSWORD, '10.0.0.2');
    expect(result.userId).toBe(user.userId);
  });

  it('stores only the SHA-256 of the session token, never the token itself', async () => {
    const user = await addUser('chi.le');
    const { token } = await attempt('chi.le', PASSWORD, '10.0.0.3');
    const sessions = await t.db.selectFrom('userSession').selectAll().where('userId', '=', user.userId).execute();
    expect(sessions.map((s) => s.id)).toEqual([createHash('sha256').update(token).digest('hex')]);
    // Nowhere in the database: not in sessions, sign-in attempts or the audit log.
    const { rows } = await sql<{ dump: string }>`
      select (select coalesce(string_agg(s::text, ''), '') from user_session s)
          || (select coalesce(string_agg(a::text, ''), '') from audit_log a)
          || (select coalesce(string_agg(i::text, ''), '') from sign_in_attempt i) as dump`.execute(t.db);
    expect(rows[0]?.dump).not.toContain(token);
  });

  it('writes an audit row naming the user and the request', async () => {
    const user = await addUser('dung.pham');
    await attempt('dung.pham', PASSWORD, '10.0.0.4');
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUserId', 'actorUsername', 'entityId', 'requestId'])
      .where('action', '=', 'auth.sign_in')
      .where('entityId', '=', user.userId)
      .execute();
    expect(audit).toEqual([
      { actorUserId: user.userId, actorUsername: 'dung.pham', entityId: user.userId, requestId: 'req-10.0.0.4' },
    ]);
  });

  it('refuses a wrong password with the Vietnamese message and creates no session', async () => {
    const user = await addUser('giang.vo');
    const error = await appErrorOf(attempt('giang.vo', 'Sai-mat-khau-1', '10.0.1.1'));
    expect(error).toMatchObject({ kind: 'unauthorized', code: 'auth.invalid_credentials', message: WRONG_CREDENTIALS });
    expect(await sessionCount(user.userId)).toBe(0);
  });

  it('gives an unknown username exactly the same answer as a wrong password', async () => {
    const error = await appErrorOf(attempt('khong.ton.tai', PASSWORD, '10.0.1.2'));
    expect(error).toMatchObject({ kind: 'unauthorized', code: 'auth.invalid_credentials', message: WRONG_CREDENTIALS });
  });

  it('locks a username at one address after 5 wrong passwords there, even for the right password, naming the minutes', async () => {
    await addUser('hoa.dang');
    expect(SIGN_IN_LIMITS.perUsernameAndAddress.maxFailures).toBe(5);
    for (let i = 0; i < 5; i++) {
      const error = await appErrorOf(attempt('hoa.dang', `Sai-mat-khau-${i}`, '10.0.2.1'));
      expect(error.code).toBe('auth.invalid_credentials');
    }
    const locked = await appErrorOf(attempt('HOA.DANG', PASSWORD, '10.0.2.1'));
    expect(locked).toMatchObject({ kind: 'too_many_requests', code: 'auth.rate_limited' });
    expect(locked.message).toMatch(/^Bạn đã nhập sai mật khẩu quá nhiều lần\. Vui lòng thử lại sau \d+ phút\.$/);
    expect(locked.params.minutes).toBe(SIGN_IN_LIMITS.perUsernameAndAddress.windowMinutes);
    expect(locked.message).toContain(`${locked.params.minutes} phút`);
  });

  it("does not let a stranger's wrong guesses from another address lock the owner out", async () => {
    const user = await addUser('hung.vu');
    for (let i = 0; i < 5; i++) await appErrorOf(attempt('hung.vu', `Sai-mat-khau-${i}`, '203.0.113.9'));
    expect((await appErrorOf(attempt('hung.vu', PASSWORD, '203.0.113.9'))).code).toBe('auth.rate_limited');
    expect((await attempt('hung.vu', PASSWORD, '10.0.2.50')).userId).toBe(user.userId);
  });

  it('slows a username guessed from many addresses with a growing wait, but not at an address it signed in from', async () => {
    const user = await addUser('ha.trinh');
    // The owner's own machine, known from an earlier sign-in.
    await attempt('ha.trinh', PASSWORD, '10.0.2.60');
    // 12 wrong guesses in the last minute, each from another address (recorded directly: argon2 is slow).
    await t.db
      .insertInto('signInAttempt')
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          usernameKey: 'ha.trinh',
          address: `198.51.100.${i}`,
          succeeded: false,
          attemptedAt: new Date(Date.now() - 1000),
        })),
      )
      .execute();
    const slowed = await appErrorOf(attempt('ha.trinh', PASSWORD, '198.51.100.200'));
    expect(slowed).toMatchObject({ kind: 'too_many_requests', code: 'auth.rate_limited_seconds' });
    expect(slowed.message).toMatch(/^Bạn đã nhập sai mật khẩu quá nhiều lần\. Vui lòng thử lại sau \d+ giây\.$/);
    expect((await attempt('ha.trinh', PASSWORD, '10.0.2.60')).userId).toBe(user.userId);
  });

  it('checks at most 5 of 50 parallel wrong guesses from one address: each attempt is counted before its password is', async () => {
    await addUser('tam.luu');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => attempt('tam.luu', `Sai-mat-khau-${i}`, '10.0.2.70')),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'signed_in'));
    expect(codes.filter((c) => c === 'auth.invalid_credentials')).toHaveLength(SIGN_IN_LIMITS.perUsernameAndAddress.maxFailures);
    expect(codes.filter((c) => c === 'auth.rate_limited')).toHaveLength(45);
    // Every password check left one attempt row and one audit row; refusals before a check left none.
    const rows = await t.db.selectFrom('signInAttempt').select('succeeded').where('usernameKey', '=', 'tam.luu').execute();
    expect(rows).toEqual(Array.from({ length: 5 }, () => ({ succeeded: false })));
  });

  it('checks only the free 10 (plus one per doubling wait the burst outlasts) of 50 parallel guesses from 50 addresses', async () => {
    await addUser('uyen.lai');
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => attempt('uyen.lai', `Sai-mat-khau-${i}`, `192.0.2.${i + 1}`)),
    );
    const seconds = (Date.now() - started) / 1000;
    const checked = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'auth.invalid_credentials',
    );
    // After the 10 free failures the waits are 1 s, 2 s, 4 s …: a burst of s seconds outlasts at most log2(s + 1) + 1 of them.
    expect(checked.length).toBeLessThanOrEqual(SIGN_IN_LIMITS.perUsername.freeFailures + Math.floor(Math.log2(seconds + 1)) + 1);
    expect(checked.length).toBeGreaterThan(0);
    const rows = await t.db.selectFrom('signInAttempt').select('id').where('usernameKey', '=', 'uyen.lai').execute();
    expect(rows).toHaveLength(checked.length);
  });

  it('audits a failed sign-in with the username, address and reason, and never the password', async () => {
    const user = await addUser('vinh.to');
    await appErrorOf(attempt('vinh.to', 'Mat-khau-doan-thu-9', '10.0.2.80'));
    await appErrorOf(attempt('khong.co.ai', 'Mat-khau-doan-thu-8', '10.0.2.80'));
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUserId', 'actorUsername', 'entityId', 'after', 'requestId'])
      .where('action', '=', 'auth.sign_in_failed')
      .where('requestId', '=', 'req-10.0.2.80')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      {
        actorUserId: null,
        actorUsername: 'anonymous',
        entityId: user.userId,
        after: { username: 'vinh.to', address: '10.0.2.80', reason: 'invalid_credentials' },
        requestId: 'req-10.0.2.80',
      },
      {
        actorUserId: null,
        actorUsername: 'anonymous',
        entityId: null,
        after: { username: 'khong.co.ai', address: '10.0.2.80', reason: 'invalid_credentials' },
        requestId: 'req-10.0.2.80',
      },
    ]);
    const { rows } = await sql<{ dump: string }>`select coalesce(string_agg(a::text, ''), '') as dump from audit_log a`.execute(
      t.db,
    );
    expect(rows[0]?.dump).not.toContain('Mat-khau-doan-thu');
  });

  it('does not lock other usernames when one is locked at an address', async () => {
    await addUser('khanh.bui');
    await addUser('lan.do');
    for (let i = 0; i < 5; i++) await appErrorOf(attempt('khanh.bui', 'Sai-mat-khau-1', '10.0.3.1'));
    expect((await appErrorOf(attempt('khanh.bui', PASSWORD, '10.0.3.1'))).code).toBe('auth.rate_limited');
    await expect(attempt('lan.do', PASSWORD, '10.0.3.1')).resolves.toHaveProperty('token');
  });

  it('lets a locked username sign in again once its failures are older than the 15-minute window', async () => {
    const user = await addUser('minh.ho');
    for (let i = 0; i < 5; i++) await appErrorOf(attempt('minh.ho', 'Sai-mat-khau-1', '10.0.4.1'));
    expect((await appErrorOf(attempt('minh.ho', PASSWORD, '10.0.4.1'))).code).toBe('auth.rate_limited');
    await t.db
      .updateTable('signInAttempt')
      .set({ attemptedAt: new Date(Date.now() - (SIGN_IN_LIMITS.perUsernameAndAddress.windowMinutes + 1) * 60_000) })
      .where('usernameKey', '=', 'minh.ho')
      .execute();
    expect((await attempt('minh.ho', PASSWORD, '10.0.4.1')).userId).toBe(user.userId);
  });

  it('locks an address after 30 failures across usernames', async () => {
    const user = await addUser('nam.ly');
    const address = '10.0.5.1';
    // Recorded directly: 30 argon2 verifications would only slow the test down.
    await t.db
      .insertInto('signInAttempt')
      .values(
        Array.from({ length: SIGN_IN_LIMITS.perAddress.maxFailures }, (_, i) => ({
          usernameKey: `guess${i}`,
          address,
          succeeded: false,
        })),
      )
      .execute();
    expect((await appErrorOf(attempt('nam.ly', PASSWORD, address))).code).toBe('auth.rate_limited');
    expect((await attempt('nam.ly', PASSWORD, '10.0.5.2')).userId).toBe(user.userId);
  });

  it('counts a check that never finished (a crash mid-check) as a failure', async () => {
    await addUser('quy.chu');
    await t.db
      .insertInto('signInAttempt')
      .values(Array.from({ length: 5 }, () => ({ usernameKey: 'quy.chu', address: '10.0.5.9', succeeded: null })))
      .execute();
    expect((await appErrorOf(attempt('quy.chu', PASSWORD, '10.0.5.9'))).code).toBe('auth.rate_limited');
  });

  it('refuses a deactivated user even with the right password, and says the account is locked', async () => {
    const user = await addUser('oanh.mai', { isActive: false });
    const error = await appErrorOf(attempt('oanh.mai', PASSWORD, '10.0.6.1'));
    expect(error).toMatchObject({ kind: 'unauthorized', code: 'auth.account_disabled' });
    expect(error.message).toBe('Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.');
    expect(await sessionCount(user.userId)).toBe(0);
  });

  it('does not reveal that an account is deactivated to someone with the wrong password', async () => {
    await addUser('phuc.cao', { isActive: false });
    const error = await appErrorOf(attempt('phuc.cao', 'Sai-mat-khau-1', '10.0.6.2'));
    expect(error).toMatchObject({ code: 'auth.invalid_credentials', message: WRONG_CREDENTIALS });
  });
});

describe('signOut', () => {
  it('ends only the session it is called from and audits it', async () => {
    const user = await addUser('quang.ton');
    const here = await attempt('quang.ton', PASSWORD, '10.0.7.1');
    const elsewhere = await attempt('quang.ton', PASSWORD, '10.0.7.2');
    const session = await validateSessionToken(t.db, here.token, TTL_DAYS);
    if (!session) throw new Error('session should be valid');
    await signOut(t.db, user, session.sessionId);
    expect(await validateSessionToken(t.db, here.token, TTL_DAYS)).toBeNull();
    expect(await validateSessionToken(t.db, elsewhere.token, TTL_DAYS)).not.toBeNull();
    const audit = await t.db.selectFrom('auditLog').select('action').where('entityId', '=', user.userId).execute();
    expect(audit.map((a) => a.action)).toContain('auth.sign_out');
  });
});

describe('changePassword', () => {
  const NEW_PASSWORD = 'Mat-khau-moi-2027';

  it('refuses a wrong current password and leaves the password as it was', async () => {
    const user = await addUser('son.lam');
    const { token } = await attempt('son.lam', PASSWORD, '10.0.8.1');
    const session = await validateSessionToken(t.db, token, TTL_DAYS);
    if (!session) throw new Error('session should be valid');
    const error = await appErrorOf(
      changePassword(t.db, user, { currentPassword: 'Sai-mat-khau-1', newPassword: NEW_PASSWORD }, session.sessionId, '10.0.8.1'),
    );
    expect(error).toMatchObject({
      kind: 'bad_request',
      code: 'auth.wrong_current_password',
      message: 'Mật khẩu hiện tại không đúng.',
    });
    const row = await t.db.selectFrom('appUser').select('passwordHash').where('id', '=', user.userId).executeTakeFirstOrThrow();
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).not.toBeNull();
  });

  it('signs out every other device but keeps the current session, and the new password is the one that works', async () => {
    const user = await addUser('thao.kieu');
    await t.db.updateTable('appUser').set({ mustChangePassword: true }).where('id', '=', user.userId).execute();
    const current = await attempt('thao.kieu', PASSWORD, '10.0.9.1');
    const phone = await attempt('thao.kieu', PASSWORD, '10.0.9.2');
    const laptop = await attempt('thao.kieu', PASSWORD, '10.0.9.3');
    const session = await validateSessionToken(t.db, current.token, TTL_DAYS);
    if (!session) throw new Error('session should be valid');

    await changePassword(t.db, user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, session.sessionId, '10.0.9.1');

    expect((await validateSessionToken(t.db, current.token, TTL_DAYS))?.user.mustChangePassword).toBe(false);
    expect(await validateSessionToken(t.db, phone.token, TTL_DAYS)).toBeNull();
    expect(await validateSessionToken(t.db, laptop.token, TTL_DAYS)).toBeNull();
    expect((await appErrorOf(attempt('thao.kieu', PASSWORD, '10.0.9.4'))).code).toBe('auth.invalid_credentials');
    expect((await attempt('thao.kieu', NEW_PASSWORD, '10.0.9.5')).userId).toBe(user.userId);

    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'before', 'after'])
      .where('action', '=', 'auth.change_password')
      .where('entityId', '=', user.userId)
      .execute();
    expect(audit).toEqual([{ action: 'auth.change_password', before: null, after: null }]);
  });

  it('throttles the current-password check like sign-in: after 5 wrong ones even the right one waits, and each is audited', async () => {
    const user = await addUser('xuan.kha');
    const { token } = await attempt('xuan.kha', PASSWORD, '10.0.10.1');
    const session = await validateSessionToken(t.db, token, TTL_DAYS);
    if (!session) throw new Error('session should be valid');
    const change = (currentPassword: string) =>
      changePassword(t.db, user, { currentPassword, newPassword: NEW_PASSWORD }, session.sessionId, '10.0.10.1');
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => change(`Sai-mat-khau-${i}`)));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'changed'));
    expect(codes.filter((c) => c === 'auth.wrong_current_password')).toHaveLength(5);
    expect(codes.filter((c) => c === 'auth.rate_limited')).toHaveLength(15);
    expect((await appErrorOf(change(PASSWORD))).code).toBe('auth.rate_limited');
    const audit = await t.db
      .selectFrom('auditLog')
      .select('after')
      .where('action', '=', 'auth.change_password_failed')
      .where('entityId', '=', user.userId)
      .execute();
    expect(audit).toHaveLength(5);
    expect(audit[0]?.after).toEqual({ address: '10.0.10.1', reason: 'wrong_current_password' });
  });

  it('refuses a common or guessable new password before checking the current one', async () => {
    const user = await addUser('yen.ngo');
    const { token } = await attempt('yen.ngo', PASSWORD, '10.0.11.1');
    const session = await validateSessionToken(t.db, token, TTL_DAYS);
    if (!session) throw new Error('session should be valid');
    for (const weak of ['Password1234', 'Matkhau@2026', 'Qwerty123456', 'Yen.Ngo.2026']) {
      const error = await appErrorOf(
        changePassword(t.db, user, { currentPassword: 'Sai-mat-khau-1', newPassword: weak }, session.sessionId, '10.0.11.1'),
      );
      expect(error).toMatchObject({ kind: 'bad_request', code: 'auth.weak_password', params: { field: 'newPassword' } });
    }
    // No attempt was spent on them.
    const rows = await t.db.selectFrom('signInAttempt').select('succeeded').where('usernameKey', '=', 'yen.ngo').execute();
    expect(rows).toEqual([{ succeeded: true }]);
  });
});
