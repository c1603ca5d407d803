/**
 * Optional two-factor sign-in (issue 15, item 3; OWASP ASVS 2.8): time-based one-time passwords (RFC 6238,
 * the `otpauth` library) for the accounts the access policy lets turn it on (admin, Sở Nội vụ). Setting it up
 * takes a code from the authenticator app, so nobody locks themselves out with a secret they never stored;
 * ten single-use recovery codes are shown once (kept as SHA-256 hashes). A code is accepted once (its time
 * step is remembered); sign-in asks for it after the password, under the same throttle.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@cchc/db/schema';
import { may } from '@cchc/domain/access';
import type { Kysely, Transaction } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import { AppError } from '../errors';

type Db = Kysely<Database> | Transaction<Database>;

const ISSUER = 'CCHC';
const RECOVERY_CODES = 10;

function totpOf(secret: string, username: string) {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

const hashOf = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** "abcd-efgh": 40 random bits each, easy to type. */
function newRecoveryCode(): string {
  const text = randomBytes(5).toString('hex');
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

export const ZTwoFactorCode = z.object({
  code: z.string().trim().min(6, 'Vui lòng nhập mã gồm 6 chữ số.').max(20),
});

export async function twoFactorStatus(db: Db, actor: Actor) {
  const user = await db.selectFrom('appUser').select(['totpEnabledAt']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const left = await db
    .selectFrom('userRecoveryCode')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', actor.userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    available: may(actor.role, 'auth.startTwoFactor'),
    enabledAt: user.totpEnabledAt,
    recoveryCodesLeft: user.totpEnabledAt ? Number(left.n) : 0,
  };
}

/** A new secret to put in the authenticator app (not in force until a code from it is confirmed). */
export async function startTwoFactor(db: Kysely<Database>, actor: Actor) {
  if (!may(actor.role, 'auth.startTwoFactor'))
    throw new AppError('forbidden', 'auth.two_factor_unavailable', 'Tài khoản này không dùng xác thực hai lớp.');
  const user = await db
    .selectFrom('appUser')
    .select(['username', 'totpEnabledAt'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (user.totpEnabledAt) throw new AppError('conflict', 'auth.two_factor_on', 'Xác thực hai lớp đang bật.');
  const secret = new Secret({ size: 20 }).base32;
  await db.updateTable('appUser').set({ totpPendingSecret: secret }).where('id', '=', actor.userId).execute();
  return { secret, uri: totpOf(secret, user.username).toString() };
}

/** Turns it on with a code from the app; returns the recovery codes, shown this once. */
export async function confirmTwoFactor(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZTwoFactorCode>) {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('appUser')
      .select(['username', 'totpPendingSecret', 'totpEnabledAt'])
      .where('id', '=', actor.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (user.totpEnabledAt) throw new AppError('conflict', 'auth.two_factor_on', 'Xác thực hai lớp đang bật.');
    if (!user.totpPendingSecret)
      throw new AppError('bad_request', 'auth.two_factor_not_started', 'Vui lòng bắt đầu lại việc bật xác thực hai lớp.');
    const step = acceptedStep(user.totpPendingSecret, user.username, input.code, null);
    if (step === null) throw new AppError('bad_request', 'auth.otp_invalid', 'Mã xác thực không đúng hoặc đã hết hạn.');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await trx
      .updateTable('appUser')
      .set({ totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: String(step) })
      .where('id', '=', actor.userId)
      .execute();
    await trx.deleteFrom('userRecoveryCode').where('userId', '=', actor.userId).execute();
    await trx
      .insertInto('userRecoveryCode')
      .values(codes.map((c) => ({ userId: actor.userId, codeHash: hashOf(c), usedAt: null })))
      .execute();
    await recordAudit(trx, actor, { action: 'auth.two_factor_on', entityType: 'user', entityId: actor.userId });
    return { recoveryCodes: codes };
  });
}

/** Turns it off, with a current code or a recovery code. */
export async function disableTwoFactor(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZTwoFactorCode>) {
  return db.transaction().execute(async (trx) => {
    const how = await verifySecondFactor(trx, actor.userId, input.code);
    if (!how) throw new AppError('bad_request', 'auth.otp_invalid', 'Mã xác thực không đúng hoặc đã hết hạn.');
    await trx
      .updateTable('appUser')
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where('id', '=', actor.userId)
      .execute();
    await trx.deleteFrom('userRecoveryCode').where('userId', '=', actor.userId).execute();
    await recordAudit(trx, actor, {
      action: 'auth.two_factor_off',
      entityType: 'user',
      entityId: actor.userId,
      after: { with: how },
    });
  });
}

/** The time step a code belongs to (one step either side of now), if it is right and newer than `lastStep`. */
function acceptedStep(secret: string, username: string, code: string, lastStep: number | null): number | null {
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const totp = totpOf(secret, username);
  const delta = totp.validate({ token: digits, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(Date.now() / 1000 / totp.period) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/**
 * Checks a second factor for a user who has it on: a code from the app (each accepted once) or an unused
 * recovery code (then used up). Returns how it was given, or null when it is wrong.
 */
export async function verifySecondFactor(
  trx: Transaction<Database>,
  userId: string,
  code: string,
): Promise<'totp' | 'recovery' | null> {
  const user = await trx
    .selectFrom('appUser')
    .select(['username', 'totpSecret', 'totpLastStep'])
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (!user.totpSecret) return null;
  const step = acceptedStep(user.totpSecret, user.username, code, user.totpLastStep === null ? null : Number(user.totpLastStep));
  if (step !== null) {
    await trx
      .updateTable('appUser')
      .set({ totpLastStep: String(step) })
      .where('id', '=', userId)
      .execute();
    return 'totp';
  }
  const used = await trx
    .updateTable('userRecoveryCode')
    .set({ usedAt: new Date() })
    .where('userId', '=', userId)
    .where('codeHash', '=', hashOf(code))
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows > 0n ? 'recovery' : null;
}
