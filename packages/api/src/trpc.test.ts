/** How errors reach a client: the shape the error formatter gives each kind of failure. */
import { DEMO_PASSWORD, seedDemo } from '@cchc/core/seed/demo';
import { createDb, createPool } from '@cchc/db/pool';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { getTRPCErrorShape, TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from './root';
import { sessionOf, testContext } from './testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => t.drop());

/** Runs a call that must fail and returns what a client would receive for it. */
async function errorShapeOf(path: string, call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return getTRPCErrorShape({ config: appRouter._def._config, error, type: 'mutation', path, input: undefined, ctx: undefined });
}

async function adminCaller() {
  return createCaller(testContext(t.db, await sessionOf(t.db, 'admin')));
}

describe('error formatter', () => {
  it('turns invalid input into BAD_REQUEST with a Vietnamese message for each field', async () => {
    const caller = await adminCaller();
    const shape = await errorShapeOf(
      'users.create',
      caller.users.create({
        username: 'a',
        displayName: 'X',
        email: 'khong-phai-email',
        role: 'agency_officer',
        agencyId: 'x',
        password: 'ngan',
      }),
    );
    expect(shape.message).toBe('Dữ liệu nhập không hợp lệ.');
    expect(shape.data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      path: 'users.create',
      appCode: null,
      formErrors: [],
    });
    expect(shape.data.fieldErrors).toEqual({
      username: ['Tên đăng nhập cần ít nhất 3 ký tự.'],
      displayName: ['Họ tên cần ít nhất 2 ký tự.'],
      email: ['Email không hợp lệ.'],
      agencyId: ['Vui lòng chọn cơ quan.'],
      password: ['Mật khẩu cần ít nhất 12 ký tự.'],
    });
  });

  it("uses zod's Vietnamese messages where a schema gives none", async () => {
    const caller = await adminCaller();
    // @ts-expect-error: a client that forgets a required field
    const shape = await errorShapeOf('users.setActive', caller.users.setActive({ id: '00000000-0000-4000-8000-000000000000' }));
    const fieldErrors = shape.data.fieldErrors as Record<string, string[]> | null;
    expect(fieldErrors?.isActive?.[0]).toMatch(/^Đầu vào không hợp lệ/);
  });

  it('reports a form-level rule on the field it concerns', async () => {
    const caller = createCaller(testContext(t.db, await sessionOf(t.db, 'canbo.stp')));
    const shape = await errorShapeOf(
      'auth.changePassword',
      caller.auth.changePassword({ currentPassword: 'Mat-khau-2026', newPassword: 'Mat-khau-2026' }),
    );
    expect(shape.data.fieldErrors).toEqual({ newPassword: ['Mật khẩu mới phải khác mật khẩu hiện tại.'] });
  });

  it("turns a service's refusal into its HTTP code, with the i18n key and its parameters", async () => {
    const caller = await adminCaller();
    const agency = await t.db.selectFrom('agency').select('id').where('code', '=', '33.SNV').executeTakeFirstOrThrow();
    const shape = await errorShapeOf(
      'users.create',
      caller.users.create({
        username: 'Admin',
        displayName: 'Trùng tên',
        role: 'admin',
        agencyId: agency.id,
        password: 'Hoa-sen-tim-2026',
      }),
    );
    expect(shape).toMatchObject({
      code: -32009,
      message: 'Tên đăng nhập "Admin" đã được dùng.',
      data: {
        code: 'CONFLICT',
        httpStatus: 409,
        appCode: 'users.username_taken',
        params: { username: 'Admin' },
        fieldErrors: null,
      },
    });
  });

  it('maps a sign-in lock to TOO_MANY_REQUESTS with the minutes to wait', async () => {
    const caller = createCaller(testContext(t.db, null, { address: '10.9.0.1' }));
    for (let i = 0; i < 5; i++) await caller.auth.signIn({ username: 'sonoivu', password: 'Sai-mat-khau-1' }).catch(() => {});
    const shape = await errorShapeOf('auth.signIn', caller.auth.signIn({ username: 'sonoivu', password: DEMO_PASSWORD }));
    expect(shape.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', httpStatus: 429, appCode: 'auth.rate_limited' });
    expect(shape.message).toContain(`${shape.data.params?.minutes} phút`);
  });

  it('answers 400 with a Vietnamese message, not 500, when PostgreSQL refuses a value (a NUL pasted from a PDF)', async () => {
    const caller = createCaller(testContext(t.db, await sessionOf(t.db, 'totongtac')));
    const title = 'Kế hoạch CCHC\u0000 năm 2026';
    const shape = await errorShapeOf('plans.create', caller.plans.create({ year: 2026, title, status: 'draft' }));
    expect(shape.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(shape.message).toContain('không hợp lệ');
    // Nothing was stored.
    const plans = await t.db.selectFrom('plan').select('title').where('title', 'like', 'Kế hoạch%năm 2026').execute();
    expect(plans).toEqual([]);
  });

  it('hides an unexpected failure behind a generic Vietnamese message, with no stack or internal detail', async () => {
    // A database that does not exist: every query fails inside the procedure.
    const url = new URL(t.url);
    url.pathname = '/khong_ton_tai';
    const pool = createPool(url.toString(), { max: 1 });
    const broken = createDb(pool);
    try {
      const caller = createCaller(testContext(broken, null));
      const shape = await errorShapeOf('auth.signIn', caller.auth.signIn({ username: 'admin', password: DEMO_PASSWORD }));
      expect(shape.message).toBe('Đã có lỗi xảy ra. Vui lòng thử lại sau.');
      expect(shape.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, appCode: null });
      const text = JSON.stringify(shape);
      expect(text).not.toContain('stack');
      expect(text).not.toContain('khong_ton_tai');
    } finally {
      await broken.destroy();
    }
  });
});
