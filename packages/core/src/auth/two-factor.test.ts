/** Two-factor sign-in: set up with a code, asked for at sign-in, each code once, recovery codes once, off with a code. */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { AppError } from '../errors';
import { rejectionOf } from '../testing/fixtures';
import { hashPassword } from './password';
import { signIn } from './service';
import { confirmTwoFactor, disableTwoFactor, startTwoFactor, twoFactorStatus } from './two-factor';

const PASSWORD = 'Mat-khau-2026';
let t: TestDatabase;
let admin: Actor;
let officer: Actor;
let secret: string;
let recoveryCodes: string[];

const app = (at = Date.now()) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

let address = 0;
/** Each attempt from another address, so the throttle's per-address limit never gets in the way. */
const attempt = (otp?: string) =>
  signIn(t.db, { username: 'quantri', password: PASSWORD, otp, address: `10.0.0.${++address}` }, 30);

beforeAll(async () => {
  t = await createTestDatabase();
  const agency = await t.db
    .insertInto('agency')
    .values({ code: '33', name: 'Hưng Yên', fullName: 'Tỉnh Hưng Yên', kind: 'province', searchText: 'hung yen' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(PASSWORD);
  const add = async (username: string, role: Actor['role']): Promise<Actor> => {
    const { id } = await t.db
      .insertInto('appUser')
      .values({ username, displayName: username, passwordHash, role, agencyId: agency.id, searchText: username })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { userId: id, username, role, agencyId: agency.id };
  };
  admin = await add('quantri', 'admin');
  officer = await add('canbo', 'agency_officer');
});
afterAll(async () => t.drop());

describe('two-factor sign-in', () => {
  it('is offered to the admin and the Sở Nội vụ only', async () => {
    expect(await twoFactorStatus(t.db, admin)).toMatchObject({ available: true, enabledAt: null });
    expect(await twoFactorStatus(t.db, officer)).toMatchObject({ available: false });
    expect((await rejectionOf(startTwoFactor(t.db, officer), AppError)).code).toBe('auth.two_factor_unavailable');
  });

  it('turns on only with a code from the app, and gives ten recovery codes once', async () => {
    const started = await startTwoFactor(t.db, admin);
    secret = started.secret;
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/CCHC:quantri\?/);
    // Until confirmed, the password alone still signs in.
    await expect(attempt()).resolves.toMatchObject({ token: expect.any(String) });
    expect((await rejectionOf(confirmTwoFactor(t.db, admin, { code: '000000' }), AppError)).code).toBe('auth.otp_invalid');
    const confirmed = await confirmTwoFactor(t.db, admin, { code: app() });
    recoveryCodes = confirmed.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await twoFactorStatus(t.db, admin)).toMatchObject({ recoveryCodesLeft: 10, enabledAt: expect.any(Date) });
    const audit = await t.db.selectFrom('auditLog').select('action').where('action', '=', 'auth.two_factor_on').execute();
    expect(audit).toHaveLength(1);
  });

  it('asks for the code after the password, refuses a wrong one, and takes each code once', async () => {
    expect((await rejectionOf(attempt(), AppError)).code).toBe('auth.otp_required');
    expect((await rejectionOf(attempt('123456'), AppError)).code).toBe('auth.otp_invalid');
    // The code of the next 30 seconds (the app's clock may be ahead): accepted once, not twice.
    const code = app(Date.now() + 30_000);
    await expect(attempt(code)).resolves.toMatchObject({ token: expect.any(String) });
    expect((await rejectionOf(attempt(code), AppError)).code).toBe('auth.otp_invalid');
    const failures = await t.db
      .selectFrom('auditLog')
      .select(['after'])
      .where('action', '=', 'auth.sign_in_failed')
      .where('entityId', '=', admin.userId)
      .execute();
    expect(failures.map((f) => (f.after as { reason: string }).reason).sort()).toEqual([
      'otp_invalid',
      'otp_invalid',
      'otp_required',
    ]);
  });

  it('takes a recovery code once, in place of the code', async () => {
    const [first] = recoveryCodes;
    await expect(attempt(first)).resolves.toMatchObject({ token: expect.any(String) });
    expect((await rejectionOf(attempt(first), AppError)).code).toBe('auth.otp_invalid');
    expect((await twoFactorStatus(t.db, admin)).recoveryCodesLeft).toBe(9);
  });

  it('turns off only with a valid code; then the password alone signs in again', async () => {
    expect((await rejectionOf(disableTwoFactor(t.db, admin, { code: '999999' }), AppError)).code).toBe('auth.otp_invalid');
    await disableTwoFactor(t.db, admin, { code: recoveryCodes[1] as string });
    expect(await twoFactorStatus(t.db, admin)).toMatchObject({ enabledAt: null, recoveryCodesLeft: 0 });
    await expect(attempt()).resolves.toMatchObject({ token: expect.any(String) });
  });
});
