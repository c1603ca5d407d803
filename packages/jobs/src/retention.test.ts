/** feedback__anonymise run by a real graphile-worker: closed items past the retention lose the submitter's data, once. */
import { systemClock } from '@cchc/core/clock';
import { ANONYMISED_SUBMITTER, saveRetention } from '@cchc/core/feedback/retention';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskList } from './tasks';
import { runJobsOnce } from './testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe('feedback__anonymise', () => {
  it('anonymises a closed item past a 6-month retention and leaves a recent one; a second run changes nothing', async () => {
    await saveRetention(t.db, { userId: null, username: 'test' }, { months: 6 });
    const closedOn = (monthsAgo: number) => new Date(Date.now() - monthsAgo * 31 * 86_400_000);
    const item = (answeredAt: Date) => ({
      receivedAt: answeredAt,
      receivedOn: '2025-01-01',
      channel: 'email' as const,
      submitterType: 'citizen' as const,
      submitterName: 'Trần Thị Bình',
      submitterContact: 'binh.tran@example.vn',
      subject: 'Hồ sơ chậm',
      content: 'Bà Trần Thị Bình (binh.tran@example.vn) phản ánh hồ sơ chậm.',
      status: 'answered' as const,
      clockStart: '2025-01-01',
      refuseDue: '2025-01-03',
      infoDue: '2025-01-07',
      answerDue: '2025-01-31',
      answeredAt,
      answeredOn: answeredAt.toISOString().slice(0, 10),
      searchText: 'ho so cham',
    });
    const [old, recent] = await t.db
      .insertInto('feedback')
      .values([item(closedOn(8)), item(closedOn(2))])
      .returning('id')
      .execute();
    const run = async () => {
      await sql`select graphile_worker.add_job('feedback__anonymise', '{}'::json)`.execute(t.db);
      await runJobsOnce(t.pool, createTaskList({ db: t.db, clock: async () => systemClock() }));
    };
    await run();
    const rows = await t.db.selectFrom('feedback').select(['id', 'submitterName', 'submitterContact', 'content']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(old?.id ?? '')).toMatchObject({ submitterName: ANONYMISED_SUBMITTER, submitterContact: null });
    expect(byId.get(old?.id ?? '')?.content).not.toMatch(/Trần Thị Bình|binh\.tran/);
    expect(byId.get(recent?.id ?? '')).toMatchObject({ submitterName: 'Trần Thị Bình' });
    await run();
    const audits = await t.db
      .selectFrom('auditLog')
      .select('after')
      .where('action', '=', 'feedback.personal_data_anonymised')
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]?.after).toMatchObject({ months: 6, count: 1 });
    const failed = await sql<{
      n: number;
    }>`select count(*)::int as n from graphile_worker.jobs where last_error is not null`.execute(t.db);
    expect(failed.rows[0]?.n).toBe(0);
  });
});
