/** User management: list (scoped to the viewer's agencies), create, edit, deactivate, reset password. */
import type { Database } from '@cchc/db/schema';
import type { Role } from '@cchc/domain/roles';
import { escapeLike, foldVietnamese } from '@cchc/domain/text';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/service';
import { hashPassword } from '../auth/password';
import { assertStrongPassword } from '../auth/password-strength';
import { invalidateUserSessions } from '../auth/session';
import { AppError, notFound } from '../errors';
import { visibleAgencyIds } from '../org/scope';
import type { ZCreateUser, ZResetPassword, ZSetUserActive, ZUpdateUser, ZUserList } from './schemas';

const userColumns = [
  'u.id',
  'u.username',
  'u.displayName',
  'u.email',
  'u.role',
  'u.agencyId',
  'a.name as agencyName',
  'u.isActive',
  'u.mustChangePassword',
  'u.lastSignInAt',
  'u.createdAt',
] as const;

const userSearchText = (username: string, displayName: string, email: string | null) =>
  foldVietnamese(`${username} ${displayName} ${email ?? ''}`);

export async function listUsers(
  db: Kysely<Database>,
  viewer: { role: Role; agencyId: string },
  input: z.infer<typeof ZUserList>,
) {
  let q = db
    .selectFrom('appUser as u')
    .innerJoin('agency as a', 'a.id', 'u.agencyId')
    .select(userColumns)
    .orderBy('u.isActive', 'desc')
    .orderBy('u.displayName')
    .limit(input.limit);
  const scope = await visibleAgencyIds(db, viewer);
  if (scope) q = q.where('u.agencyId', 'in', scope);
  const folded = foldVietnamese(input.query);
  if (folded) q = q.where('u.searchText', 'like', `%${escapeLike(folded)}%`);
  if (input.role) q = q.where('u.role', '=', input.role);
  if (input.agencyId) q = q.where('u.agencyId', '=', input.agencyId);
  if (!input.includeInactive) q = q.where('u.isActive', '=', true);
  return q.execute();
}

async function loadUser(db: Kysely<Database> | Transaction<Database>, id: string) {
  const user = await db
    .selectFrom('appUser as u')
    .innerJoin('agency as a', 'a.id', 'u.agencyId')
    .select(userColumns)
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!user) throw notFound('người dùng');
  return user;
}

async function assertAgencyExists(db: Kysely<Database> | Transaction<Database>, agencyId: string) {
  const agency = await db.selectFrom('agency').select('id').where('id', '=', agencyId).executeTakeFirst();
  if (!agency) throw new AppError('bad_request', 'users.agency_not_found', 'Cơ quan đã chọn không tồn tại.');
}

export async function createUser(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZCreateUser>) {
  assertStrongPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    await assertAgencyExists(trx, input.agencyId);
    const taken = await trx
      .selectFrom('appUser')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
      .executeTakeFirst();
    if (taken) {
      throw new AppError('conflict', 'users.username_taken', `Tên đăng nhập "${input.username}" đã được dùng.`, {
        username: input.username,
      });
    }
    const { id } = await trx
      .insertInto('appUser')
      .values({
        username: input.username,
        displayName: input.displayName,
        email: input.email,
        role: input.role,
        agencyId: input.agencyId,
        passwordHash,
        mustChangePassword: true,
        searchText: userSearchText(input.username, input.displayName, input.email),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = await loadUser(trx, id);
    await recordAudit(trx, actor, { action: 'user.create', entityType: 'user', entityId: id, after });
    return after;
  });
}

export async function updateUser(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZUpdateUser>) {
  return db.transaction().execute(async (trx) => {
    const before = await loadUser(trx, input.id);
    await assertAgencyExists(trx, input.agencyId);
    if (before.id === actor.userId && input.role !== before.role) {
      throw new AppError('bad_request', 'users.cannot_change_own_role', 'Bạn không thể tự đổi vai trò của mình.');
    }
    await trx
      .updateTable('appUser')
      .set({
        displayName: input.displayName,
        email: input.email,
        role: input.role,
        agencyId: input.agencyId,
        searchText: userSearchText(before.username, input.displayName, input.email),
        updatedAt: new Date(),
      })
      .where('id', '=', input.id)
      .execute();
    // A new role or agency changes what the user may see: make them sign in again.
    if (input.role !== before.role || input.agencyId !== before.agencyId) await invalidateUserSessions(trx, input.id);
    const after = await loadUser(trx, input.id);
    await recordAudit(trx, actor, { action: 'user.update', entityType: 'user', entityId: input.id, before, after });
    return after;
  });
}

export async function setUserActive(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZSetUserActive>) {
  if (input.id === actor.userId && !input.isActive) {
    throw new AppError('bad_request', 'users.cannot_deactivate_self', 'Bạn không thể tự khóa tài khoản của mình.');
  }
  return db.transaction().execute(async (trx) => {
    const before = await loadUser(trx, input.id);
    await trx
      .updateTable('appUser')
      .set({ isActive: input.isActive, updatedAt: new Date() })
      .where('id', '=', input.id)
      .execute();
    if (!input.isActive) await invalidateUserSessions(trx, input.id);
    const after = await loadUser(trx, input.id);
    await recordAudit(trx, actor, {
      action: input.isActive ? 'user.activate' : 'user.deactivate',
      entityType: 'user',
      entityId: input.id,
      before,
      after,
    });
    return after;
  });
}

export async function resetUserPassword(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZResetPassword>) {
  assertStrongPassword(input.password, await loadUser(db, input.id));
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await loadUser(trx, input.id);
    await trx
      .updateTable('appUser')
      .set({ passwordHash, mustChangePassword: true, updatedAt: new Date() })
      .where('id', '=', input.id)
      .execute();
    await invalidateUserSessions(trx, input.id);
    await recordAudit(trx, actor, { action: 'user.reset_password', entityType: 'user', entityId: input.id });
  });
}
