/** Holds the SQL twin of a task's status equal to the domain rule, over a grid of real task rows. */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { addDays } from '@cchc/domain/calendar/dates';
import { TASK_STATUSES, type TaskFacts, type TaskStatus, taskStatus } from '@cchc/domain/tasks/status';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../seed/demo';
import { taskStatusSql } from './status-sql';

let t: TestDatabase;
let planId: string;
let leadAgencyId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  leadAgencyId = (
    await t.db
      .selectFrom('agency')
      .select('id')
      .where('code', '=', '33.STP')
      .where('kind', '=', 'department')
      .executeTakeFirstOrThrow()
  ).id;
  planId = (
    await t.db
      .insertInto('plan')
      .values({ year: 2026, title: 'Kế hoạch CCHC năm 2026', searchText: 'ke hoach cchc nam 2026' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => t.drop());

const DEADLINES = [null, '2026-02-27', '2026-03-02', '2026-03-10'] as const;
/** "Today" before, on and after each deadline above. */
const TODAYS = ['2026-02-26', '2026-02-27', '2026-03-02', '2026-03-03', '2026-03-10', '2026-03-11'] as const;
/** Progress with its completion date relative to the deadline (or to 2/3/2026 when there is none). */
const PROGRESS = [
  { progress: 0, completedOffset: null },
  { progress: 50, completedOffset: null },
  { progress: 100, completedOffset: -1 },
  { progress: 100, completedOffset: 0 },
  { progress: 100, completedOffset: 1 },
] as const;

function grid(): TaskFacts[] {
  const facts: TaskFacts[] = [];
  for (const deadline of DEADLINES)
    for (const p of PROGRESS)
      for (const cancelled of [false, true]) {
        const completedOn = p.completedOffset === null ? null : addDays(deadline ?? '2026-03-02', p.completedOffset);
        facts.push({ deadline, progress: p.progress, completedOn, cancelled });
      }
  return facts;
}

async function insertGrid(facts: TaskFacts[]): Promise<Map<string, TaskFacts>> {
  const rows = await t.db
    .insertInto('task')
    .values(
      facts.map((f, i) => ({
        planId,
        title: `Nhiệm vụ mẫu ${i + 1}`,
        leadAgencyId,
        deadline: f.deadline,
        progress: f.progress,
        completedOn: f.completedOn,
        cancelledAt: f.cancelled ? new Date('2026-02-20T02:00:00Z') : null,
        searchText: `nhiem vu mau ${i + 1}`,
      })),
    )
    .returning('id')
    .execute();
  return new Map(rows.map((r, i) => [r.id, facts[i] as TaskFacts]));
}

async function sqlStatuses(today: string, ids: string[]): Promise<Map<string, TaskStatus>> {
  const rows = await t.db
    .selectFrom('task as t')
    .select(['t.id', taskStatusSql(today).as('status')])
    .where('t.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.status]));
}

describe('taskStatusSql', () => {
  let byId: Map<string, TaskFacts>;
  beforeAll(async () => {
    byId = await insertGrid(grid());
  });

  it.each(TODAYS)('gives every task the same status as the domain rule when today is %s', async (today) => {
    const fromSql = await sqlStatuses(today, [...byId.keys()]);
    expect(fromSql.size).toBe(byId.size);
    const mismatches = [...byId].flatMap(([id, facts]) => {
      const expected = taskStatus(facts, today);
      const actual = fromSql.get(id);
      return actual === expected ? [] : [{ facts, expected, actual }];
    });
    expect(mismatches).toEqual([]);
  });

  it('reaches every status somewhere in the grid, so the comparison covers each branch', async () => {
    const seen = new Set<TaskStatus>();
    for (const today of TODAYS) for (const status of (await sqlStatuses(today, [...byId.keys()])).values()) seen.add(status);
    expect([...seen].sort()).toEqual([...TASK_STATUSES].sort());
  });

  it('calls a task due today still open, and overdue from the next day', async () => {
    const ids = [...(await insertGrid([{ deadline: '2026-03-13', progress: 20, completedOn: null, cancelled: false }])).keys()];
    expect([...(await sqlStatuses('2026-03-13', ids)).values()]).toEqual(['in_progress']);
    expect([...(await sqlStatuses('2026-03-14', ids)).values()]).toEqual(['overdue']);
  });

  it('works under another table alias', async () => {
    const rows = await t.db
      .selectFrom('task as x')
      .select(['x.id', taskStatusSql('2026-03-03', 'x').as('status')])
      .where('x.id', 'in', [...byId.keys()])
      .execute();
    expect(rows).toHaveLength(byId.size);
    expect(rows.filter((r) => r.status !== taskStatus(byId.get(r.id) as TaskFacts, '2026-03-03'))).toEqual([]);
  });
});
