import { systemClock } from '@cchc/core/clock';
import { notifyUsers } from '@cchc/core/notifications/service';
import { recordingTransport } from '@cchc/core/testing/mail';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { parseCrontab } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRONTAB, createTaskList } from './tasks';
import { runJobsOnce } from './testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('auth__prune_sessions', () => {
  it('removes expired sessions and keeps live ones, run by a real graphile-worker', async () => {
    const agency = await t.db
      .insertInto('agency')
      .values({ code: '01', name: 'Hà Nội', fullName: 'Thành phố Hà Nội', kind: 'province', searchText: 'ha noi' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await t.db
      .insertInto('appUser')
      .values({ username: 'u1', displayName: 'U', passwordHash: 'x', role: 'admin', agencyId: agency.id, searchText: 'u1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('userSession')
      .values([
        { id: 'expired', userId: user.id, expiresAt: new Date(Date.now() - 1000) },
        { id: 'live', userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) },
      ])
      .execute();
    await sql`select graphile_worker.add_job('auth__prune_sessions', '{}'::json)`.execute(t.db);
    await runJobsOnce(t.pool, createTaskList({ db: t.db, clock: async () => systemClock() }));
    const left = await t.db.selectFrom('userSession').select('id').execute();
    expect(left.map((s) => s.id)).toEqual(['live']);
  });
});

describe('CRONTAB', () => {
  it('schedules the prune daily at 02:15 Vietnam time (19:15 UTC)', () => {
    const [item] = parseCrontab(CRONTAB).filter((i) => i.task === 'auth__prune_sessions');
    expect(item?.task).toBe('auth__prune_sessions');
    expect(item?.match).toBeDefined();
    // 19:15 UTC on any day matches; 02:15 UTC does not.
    const at = (iso: string) => {
      const d = new Date(iso);
      return {
        min: d.getUTCMinutes(),
        hour: d.getUTCHours(),
        date: d.getUTCDate(),
        month: d.getUTCMonth() + 1,
        dow: d.getUTCDay(),
      };
    };
    expect(item?.match(at('2026-11-21T19:15:00Z'))).toBe(true);
    expect(item?.match(at('2026-11-21T02:15:00Z'))).toBe(false);
  });
});

describe('notifications__send_email', () => {
  it('sends each notified user one e-mail through a real worker, however often the worker runs', async () => {
    const agency = await t.db
      .insertInto('agency')
      .values({ code: '02', name: 'Hưng Yên', fullName: 'Tỉnh Hưng Yên', kind: 'province', searchText: 'hung yen' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await t.db
      .insertInto('appUser')
      .values({
        username: 'mail1',
        displayName: 'M',
        passwordHash: 'x',
        role: 'agency_officer',
        agencyId: agency.id,
        searchText: 'mail1',
        email: 'canbo@hungyen.gov.vn',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notice = { kind: 'task_overdue', title: 'Nhiệm vụ quá hạn', dedupeKey: 'mail-test' };
    await notifyUsers(t.db, [user.id], notice);
    await notifyUsers(t.db, [user.id], notice);
    const { transport, delivered: sent } = recordingTransport();
    const taskList = createTaskList({
      db: t.db,
      clock: async () => systemClock(),
      mail: { transport, from: 'cchc@hungyen.gov.vn' },
    });
    await runJobsOnce(t.pool, taskList);
    await runJobsOnce(t.pool, taskList);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('canbo@hungyen.gov.vn');
    expect(sent[0]).toContain('Nhiệm vụ quá hạn');
    const { rows } = await sql`select 1 from graphile_worker.jobs where task_identifier = 'notifications__send_email'`.execute(
      t.db,
    );
    expect(rows).toHaveLength(0);
  });
});

describe('tasks__chase', () => {
  // Its own database: the demo seed only runs on an empty one.
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('chases as of the payload date through a real worker, once however often it runs', async () => {
    const { seedDemo } = await import('@cchc/core/seed/demo');
    const { ensureCalendarSeeded } = await import('@cchc/core/calendar/service');
    await seedDemo(t.db);
    await ensureCalendarSeeded(t.db);
    const stp = await t.db.selectFrom('agency').select('id').where('code', '=', '33.STP').executeTakeFirstOrThrow();
    const plan = await t.db
      .insertInto('plan')
      .values({ year: 2026, title: 'Kế hoạch', status: 'active', searchText: 'ke hoach' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('task')
      .values({ planId: plan.id, title: 'Nhiệm vụ hộ tịch', leadAgencyId: stp.id, deadline: '2026-03-13', searchText: 'x' })
      .execute();
    const taskList = createTaskList({ db: t.db, clock: async () => systemClock() });
    for (let i = 0; i < 2; i++) {
      await sql`select graphile_worker.add_job('tasks__chase', '{"asOf":"2026-03-16"}'::json)`.execute(t.db);
      await runJobsOnce(t.pool, taskList);
    }
    const notices = await t.db.selectFrom('notification').select(['kind', 'title']).where('kind', '=', 'task_overdue').execute();
    // One for the officer and one for the head of Sở Tư pháp; the second run adds nothing.
    expect(notices).toHaveLength(2);
    expect(notices[0]?.title).toBe('Nhiệm vụ quá hạn: Nhiệm vụ hộ tịch');
  });

  it('refuses a malformed asOf date instead of guessing', async () => {
    const taskList = createTaskList({ db: t.db, clock: async () => systemClock() });
    const task = taskList.tasks__chase;
    await expect(
      // biome-ignore lint/suspicious/noExplicitAny: the helpers are not used before validation fails
      task?.({ asOf: '16/03/2026' }, {} as any),
    ).rejects.toThrow();
  });
});
