/**
 * Issue 15 at the API: the forced change of an admin-issued password is enforced by the server, and
 * input PostgreSQL or the calendar cannot take (NUL, lone surrogates, huge integers, dates out of range,
 * unknown referenced rows) is a 400 with a Vietnamese message, never a 500.
 */
import { DEMO_PASSWORD, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { getTRPCErrorShape, TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from './root';
import { sessionOf, testContext } from './testing';
import { MUST_CHANGE_PASSWORD } from './trpc';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, '2026-03-02');
});
afterAll(async () => t.drop());

async function shapeOf(path: string, call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return getTRPCErrorShape({ config: appRouter._def._config, error, type: 'mutation', path, input: undefined, ctx: undefined });
}

describe('the forced change of an admin-issued password', () => {
  it('answers every call but "who am I", sign-out and change-password with a 403 in Vietnamese until the password is changed', async () => {
    await t.db.updateTable('appUser').set({ mustChangePassword: true }).where('username', '=', 'canbo.stp').execute();
    const session = await sessionOf(t.db, 'canbo.stp');
    const caller = createCaller(testContext(t.db, session));

    for (const [path, call] of [
      ['plans.list', () => caller.plans.list({})],
      ['notifications.mine', () => caller.notifications.mine()],
      ['feedback.list', () => caller.feedback.list({})],
    ] as const) {
      const shape = await shapeOf(path, call());
      expect(shape.message).toBe(MUST_CHANGE_PASSWORD);
      expect(shape.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, appCode: 'auth.must_change_password' });
    }
    expect(await caller.auth.me()).toMatchObject({ username: 'canbo.stp', mustChangePassword: true });
    // The app's frame needs "today" to show the change-password form.
    expect(await caller.system.clock()).toHaveProperty('today');

    await caller.auth.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'Song-Hong-xanh-7' });
    const after = createCaller(testContext(t.db, await sessionOf(t.db, 'canbo.stp')));
    await expect(after.plans.list({})).resolves.toBeDefined();
  });
});

describe('hostile input is a 400 naming the field, never a 500', () => {
  const managerCaller = async () => createCaller(testContext(t.db, await sessionOf(t.db, 'totongtac')));

  it('refuses a NUL or a lone surrogate in any text, before the schema', async () => {
    const caller = await managerCaller();
    const nul = await shapeOf('plans.create', caller.plans.create({ year: 2026, title: 'Kế hoạch\u0000 2026', status: 'draft' }));
    expect(nul.data).toMatchObject({ httpStatus: 400, appCode: 'input.bad_text', params: { field: 'title' } });
    expect(nul.message).toMatch(/^Dữ liệu nhập có ký tự không hợp lệ/);
    const surrogate = await shapeOf('plans.list', caller.plans.list({ query: 'cải cách \uD800' }));
    expect(surrogate.data).toMatchObject({ httpStatus: 400, appCode: 'input.bad_text', params: { field: 'query' } });
  });

  it('refuses an integer past PostgreSQL integer', async () => {
    const caller = await managerCaller();
    const shape = await shapeOf('plans.list', caller.plans.list({ year: 2147483648 }));
    expect(shape.data).toMatchObject({ httpStatus: 400, appCode: 'input.number_range', params: { field: 'year' } });
  });

  it('refuses dates in year 0 or 9999 anywhere, saying the range — not "năm 10"', async () => {
    const caller = await managerCaller();
    for (const startDate of ['0010-05-01', '0000-01-01', '9999-12-31']) {
      const shape = await shapeOf('calendar.dueDate', caller.calendar.dueDate({ startDate, value: 10, unit: 'working_day' }));
      expect(shape.data).toMatchObject({ httpStatus: 400, appCode: 'input.date_range', params: { field: 'startDate' } });
      expect(shape.message).toBe('Ngày phải nằm trong khoảng từ 01/01/1900 đến 31/12/2100.');
    }
  });

  it('refuses a task deadline in 1900 or 9999: dates of work lie in 2000–2100', async () => {
    const caller = await managerCaller();
    const plan = await t.db.selectFrom('plan').select('id').executeTakeFirstOrThrow();
    const agency = await t.db.selectFrom('agency').select('id').where('code', '=', '33.STP').executeTakeFirstOrThrow();
    const create = (deadline: string) =>
      shapeOf(
        'plans.createTask',
        caller.plans.createTask({ planId: plan.id, title: 'Rà soát thủ tục', leadAgencyId: agency.id, deadline }),
      );
    for (const deadline of ['1900-01-01', '1999-12-31']) {
      const shape = await create(deadline);
      expect(shape.data.httpStatus).toBe(400);
      expect(shape.data.fieldErrors).toMatchObject({ deadline: ['Ngày phải nằm trong khoảng từ 01/01/2000 đến 31/12/2100.'] });
    }
    // Past 2100 the guard over every input answers first.
    expect((await create('9999-12-31')).data).toMatchObject({
      httpStatus: 400,
      appCode: 'input.date_range',
      params: { field: 'deadline' },
    });
  });

  it('answers 400 for a meeting site hosted by an agency that does not exist', async () => {
    const caller = await managerCaller();
    const group = await t.db.selectFrom('workingGroup').select('id').executeTakeFirstOrThrow();
    const agency = await t.db.selectFrom('agency').select('id').where('code', '=', '33.STP').executeTakeFirstOrThrow();
    const shape = await shapeOf(
      'meetings.createSession',
      caller.meetings.createSession({
        groupId: group.id,
        title: 'Phiên họp thử',
        startsAt: '2026-03-10T08:00:00+07:00',
        mode: 'online',
        sites: [{ name: 'Điểm cầu lạ', hostAgencyId: '00000000-0000-4000-8000-000000000001' }],
        invitations: [{ agencyId: agency.id }],
      }),
    );
    expect(shape.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(shape.message).toMatch(/không tồn tại/);
  });
});

describe('the feedback import preview', () => {
  it('is audited: it shows submitters’ personal data as the file has it', async () => {
    const { saveFile } = await import('@cchc/core/files/service');
    const session = await sessionOf(t.db, 'sonoivu');
    const u = session.user;
    const actor = { userId: u.id, username: u.username, role: u.role, agencyId: u.agencyId };
    const csv = 'Mã,Ngày nhận,Người gửi,Điện thoại,Nội dung\nPA-1,02/03/2026,Nguyễn Văn An,0912345678,Hồ sơ chậm trả kết quả\n';
    const file = await saveFile(t.db, actor, { fileName: 'phan-anh.csv', contentType: 'text/csv', content: Buffer.from(csv) });
    const preview = await createCaller(testContext(t.db, session, { requestId: 'req-preview' })).feedback.importPreview({
      fileId: file.id,
    });
    expect(preview.rowCount).toBe(1);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorUsername', 'entityId', 'after', 'requestId'])
      .where('action', '=', 'feedback.import_previewed')
      .execute();
    expect(audit).toEqual([
      {
        actorUsername: 'sonoivu',
        entityId: file.id,
        after: { fileName: 'phan-anh.csv', rowCount: 1, sampleRows: 1 },
        requestId: 'req-preview',
      },
    ]);
  });
});
