import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { signIn } from '../auth/service';
import { createSession, validateSessionToken } from '../auth/session';
import { seedDemo } from '../seed/demo';
import { actor, appErrorOf, departmentIds, type IdsByCode } from '../testing/fixtures';
import { ZCreateUser, ZUserList } from './schemas';
import { createUser, listUsers, resetUserPassword, setUserActive, updateUser } from './service';

const TTL_DAYS = 30;
const PASSWORD = 'Hoa-sen-tim-2026';

let t: TestDatabase;
let admin: Actor;
let head: Actor;
let agencyId: IdsByCode;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  agencyId = await departmentIds(t.db);
  admin = await actor(t.db, 'admin');
  head = await actor(t.db, 'giamdoc.stp');
});
afterAll(async () => t.drop());

const newUser = (overrides: Partial<Parameters<typeof ZCreateUser.parse>[0]> = {}) =>
  ZCreateUser.parse({
    username: 'tuan.vu',
    displayName: 'Vũ Anh Tuấn',
    email: '',
    role: 'agency_officer',
    agencyId: agencyId('33.STP'),
    password: PASSWORD,
    ...overrides,
  });

async function auditOf(entityId: string) {
  return t.db
    .selectFrom('auditLog')
    .select(['action', 'actorUsername', 'requestId', 'before', 'after'])
    .where('entityType', '=', 'user')
    .where('entityId', '=', entityId)
    .orderBy('id')
    .execute();
}

describe('createUser', () => {
  it('creates a user who must change the password at first sign-in, with an audit row written in the same transaction', async () => {
    const user = await createUser(
      t.db,
      admin,
      newUser({ username: 'xuan.trinh', displayName: 'Trịnh Thị Xuân', email: 'xuan@hungyen.gov.vn' }),
    );
    expect(user).toMatchObject({
      username: 'xuan.trinh',
      role: 'agency_officer',
      agencyName: 'Sở Tư pháp',
      mustChangePassword: true,
      isActive: true,
    });

    const audit = await auditOf(user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'user.create', actorUsername: 'admin', requestId: 'req-admin', before: null });
    expect(audit[0]?.after).toMatchObject({
      id: user.id,
      username: 'xuan.trinh',
      email: 'xuan@hungyen.gov.vn',
      role: 'agency_officer',
    });
    // Same transaction: the user row and its audit row were written by one transaction id.
    const { rows } = await sql<{ same: boolean }>`
      select (select xmin::text from app_user where id = ${user.id}::uuid)
           = (select xmin::text from audit_log where entity_type = 'user' and entity_id = ${user.id}) as same`.execute(t.db);
    expect(rows[0]?.same).toBe(true);
  });

  it('keeps the password and its hash out of the audit log', async () => {
    const user = await createUser(t.db, admin, newUser({ username: 'yen.quach' }));
    const { passwordHash } = await t.db
      .selectFrom('appUser')
      .select('passwordHash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const logged = JSON.stringify(await auditOf(user.id));
    expect(logged).not.toContain(passwordHash);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toMatch(/"password(Hash)?"/);
    expect(logged).not.toContain('$argon2');
  });

  it('lets the new user sign in with the password the admin set', async () => {
    const user = await createUser(t.db, admin, newUser({ username: 'bao.khuc' }));
    const result = await signIn(t.db, { username: 'bao.khuc', password: PASSWORD, address: '10.2.0.1' }, TTL_DAYS);
    expect(result.userId).toBe(user.id);
  });

  it('refuses a username already taken in another letter case, in Vietnamese, and writes nothing', async () => {
    const audits = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(t.db)).rows[0]?.n);
    const before = await audits();
    const error = await appErrorOf(createUser(t.db, admin, newUser({ username: 'ADMIN' })));
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'users.username_taken',
      message: 'Tên đăng nhập "ADMIN" đã được dùng.',
    });
    expect(await audits()).toBe(before);
    const admins = await t.db.selectFrom('appUser').select('username').where(sql`lower(username)`, '=', 'admin').execute();
    expect(admins).toEqual([{ username: 'admin' }]);
  });

  it('refuses an agency that does not exist', async () => {
    const error = await appErrorOf(
      createUser(t.db, admin, newUser({ username: 'ma.agency', agencyId: '00000000-0000-4000-8000-000000000000' })),
    );
    expect(error).toMatchObject({
      kind: 'bad_request',
      code: 'users.agency_not_found',
      message: 'Cơ quan đã chọn không tồn tại.',
    });
  });
});

describe('updateUser', () => {
  it('signs the user out everywhere when their role changes, and audits before and after', async () => {
    const user = await createUser(t.db, admin, newUser({ username: 'cuong.ninh' }));
    const { token } = await createSession(t.db, user.id, TTL_DAYS);
    const updated = await updateUser(t.db, admin, {
      id: user.id,
      displayName: user.displayName,
      email: null,
      role: 'agency_head',
      agencyId: user.agencyId,
    });
    expect(updated.role).toBe('agency_head');
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).toBeNull();
    const audit = (await auditOf(user.id)).find((a) => a.action === 'user.update');
    expect(audit).toMatchObject({ before: { role: 'agency_officer' }, after: { role: 'agency_head' } });
  });

  it('signs the user out when their agency changes, but not for a new display name', async () => {
    const user = await createUser(t.db, admin, newUser({ username: 'dao.lai' }));
    const { token } = await createSession(t.db, user.id, TTL_DAYS);
    const base = { id: user.id, email: null, role: user.role as Actor['role'], agencyId: user.agencyId };
    await updateUser(t.db, admin, { ...base, displayName: 'Lại Thị Đào' });
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).not.toBeNull();
    await updateUser(t.db, admin, { ...base, displayName: 'Lại Thị Đào', agencyId: agencyId('33.SNV') });
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).toBeNull();
  });

  it('does not let an admin change their own role', async () => {
    const me = await t.db.selectFrom('appUser').selectAll().where('id', '=', admin.userId).executeTakeFirstOrThrow();
    const error = await appErrorOf(
      updateUser(t.db, admin, {
        id: me.id,
        displayName: me.displayName,
        email: null,
        role: 'agency_officer',
        agencyId: me.agencyId,
      }),
    );
    expect(error).toMatchObject({ code: 'users.cannot_change_own_role', message: 'Bạn không thể tự đổi vai trò của mình.' });
    expect((await actor(t.db, 'admin')).role).toBe('admin');
  });
});

describe('setUserActive', () => {
  it('does not let an admin deactivate themself', async () => {
    const error = await appErrorOf(setUserActive(t.db, admin, { id: admin.userId, isActive: false }));
    expect(error).toMatchObject({
      kind: 'bad_request',
      code: 'users.cannot_deactivate_self',
      message: 'Bạn không thể tự khóa tài khoản của mình.',
    });
    const me = await t.db.selectFrom('appUser').select('isActive').where('id', '=', admin.userId).executeTakeFirstOrThrow();
    expect(me.isActive).toBe(true);
  });

  it('ends a deactivated user’s sessions and stops them signing in until reactivated', async () => {
    const user = await createUser(t.db, admin, newUser({ username: 'em.luu' }));
    const { token } = await createSession(t.db, user.id, TTL_DAYS);
    expect((await setUserActive(t.db, admin, { id: user.id, isActive: false })).isActive).toBe(false);
    expect(await validateSessionToken(t.db, token, TTL_DAYS)).toBeNull();
    const refused = await appErrorOf(signIn(t.db, { username: 'em.luu', password: PASSWORD, address: '10.2.1.1' }, TTL_DAYS));
    expect(refused.code).toBe('auth.account_disabled');

    await setUserActive(t.db, admin, { id: user.id, isActive: true });
    expect((await signIn(t.db, { username: 'em.luu', password: PASSWORD, address: '10.2.1.1' }, TTL_DAYS)).userId).toBe(user.id);
    expect((await auditOf(user.id)).map((a) => a.action)).toEqual([
      'user.create',
      'user.deactivate',
      'auth.sign_in_failed',
      'user.activate',
      'auth.sign_in',
    ]);
  });
});

describe('resetUserPassword', () => {
  it('replaces the password, ends the user’s sessions and makes them choose a new one, without logging it', async () => {
    const user = await createUser(t.db, admin, newUser({ username: 'gia.mac' }));
    await t.db.updateTable('appUser').set({ mustChangePassword: false }).where('id', '=', user.id).execute();
    const { token } = await createSession(t.db, user.id, TTL_DAYS);
    const reset = 'Mat-khau-cap-lai-9';
    await resetUserPassword(t.db, admin, { id: user.id, password: reset });

    expect(await validateSessionToken(t.db, token, TTL_DAYS)).toBeNull();
    const session = await signIn(t.db, { username: 'gia.mac', password: reset, address: '10.2.2.1' }, TTL_DAYS);
    expect((await validateSessionToken(t.db, session.token, TTL_DAYS))?.user.mustChangePassword).toBe(true);
    expect(JSON.stringify(await auditOf(user.id))).not.toContain(reset);
  });
});

describe('listUsers', () => {
  it('shows an agency head only the users of their agency and its sub-agencies', async () => {
    const office = await t.db
      .insertInto('agency')
      .values({
        code: '33.STP.PHC',
        name: 'Phòng Hành chính tư pháp',
        fullName: 'Phòng Hành chính tư pháp, Sở Tư pháp',
        kind: 'other',
        parentId: agencyId('33.STP'),
        searchText: 'phong hanh chinh tu phap',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createUser(t.db, admin, newUser({ username: 'hanh.phong', displayName: 'Phòng Thị Hạnh', agencyId: office.id }));
    await createUser(t.db, admin, newUser({ username: 'khoa.snv', displayName: 'Ngô Khoa', agencyId: agencyId('33.SNV') }));

    const scoped = await listUsers(t.db, head, ZUserList.parse({}));
    const inScope = await t.db
      .selectFrom('appUser')
      .select('username')
      .where('agencyId', 'in', [agencyId('33.STP'), office.id])
      .execute();
    expect(scoped.map((u) => u.username).sort()).toEqual(inScope.map((u) => u.username).sort());
    expect(scoped.map((u) => u.username)).toEqual(expect.arrayContaining(['giamdoc.stp', 'canbo.stp', 'hanh.phong']));
    expect(scoped.map((u) => u.username)).not.toContain('khoa.snv');
    expect(scoped.map((u) => u.username)).not.toContain('admin');

    // Asking for another agency's users does not widen the scope.
    expect(await listUsers(t.db, head, ZUserList.parse({ agencyId: agencyId('33.SNV') }))).toEqual([]);
  });

  it('shows province-wide roles every user', async () => {
    const all = await t.db.selectFrom('appUser').select('username').execute();
    const listed = await listUsers(t.db, admin, ZUserList.parse({}));
    expect(listed.map((u) => u.username).sort()).toEqual(all.map((u) => u.username).sort());
  });

  it('finds users accent-insensitively and can hide deactivated accounts', async () => {
    const found = await listUsers(t.db, admin, ZUserList.parse({ query: 'le van duc' }));
    expect(found.map((u) => u.username)).toEqual(['giamdoc.stp']);
    const user = await createUser(t.db, admin, newUser({ username: 'lam.tat', displayName: 'Tất Lâm' }));
    await setUserActive(t.db, admin, { id: user.id, isActive: false });
    expect((await listUsers(t.db, admin, ZUserList.parse({ query: 'tat lam' }))).map((u) => u.isActive)).toEqual([false]);
    expect(await listUsers(t.db, admin, ZUserList.parse({ query: 'tat lam', includeInactive: false }))).toEqual([]);
  });

  it('never returns password hashes', async () => {
    const listed = await listUsers(t.db, admin, ZUserList.parse({}));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.some((u) => 'passwordHash' in u)).toBe(false);
    expect(JSON.stringify(listed)).not.toContain('$argon2');
  });
});
