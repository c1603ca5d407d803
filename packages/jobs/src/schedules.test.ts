import { fixedClock } from '@cchc/core/clock';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { parseCrontab } from 'graphile-worker';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRONTAB, createTaskList } from './tasks';
import { runJobsOnce } from './testing';

/** The crontab's fields for a UTC instant. */
const at = (iso: string) => {
  const d = new Date(iso);
  return { min: d.getUTCMinutes(), hour: d.getUTCHours(), date: d.getUTCDate(), month: d.getUTCMonth() + 1, dow: d.getUTCDay() };
};
const item = (task: string) => {
  const found = parseCrontab(CRONTAB).find((i) => i.task === task);
  if (!found) throw new Error(`${task} is not scheduled`);
  return found;
};

describe('schedules in Vietnam time, run by the worker in UTC', () => {
  it.each([
    // [task, Vietnam wall clock, the UTC instant that must match, an instant that must not]
    ['feedback__chase', '00:45', '2026-11-21T17:45:00Z', '2026-11-21T00:45:00Z'],
    ['reports__daily', '00:15', '2026-09-14T17:15:00Z', '2026-09-15T00:15:00Z'],
    ['scores__schedule', '02:30', '2026-09-14T19:30:00Z', '2026-09-15T02:30:00Z'],
    ['files__remove_orphans', '03:10', '2026-11-21T20:10:00Z', '2026-11-22T03:10:00Z'],
    ['feedback__anonymise', '03:40', '2026-11-21T20:40:00Z', '2026-11-22T03:40:00Z'],
  ])('%s runs at %s in Vietnam', (task, _vietnam, yes, no) => {
    expect(item(task).match(at(yes))).toBe(true);
    expect(item(task).match(at(no))).toBe(false);
  });
});

describe('reports__daily and reports__generate through a real worker', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const { seedDemo } = await import('@cchc/core/seed/demo');
    const { ensureCalendarSeeded } = await import('@cchc/core/calendar/service');
    await seedDemo(t.db);
    await ensureCalendarSeeded(t.db);
  });
  afterAll(async () => t.drop());

  it('opens the Q3 reports after the cut-off, makes the province report after the agencies’ deadline, once however often the jobs run', async () => {
    const run = async (instant: string) => {
      const deps = { db: t.db, clock: async () => fixedClock(instant) };
      await sql`select graphile_worker.add_job('reports__daily', '{}'::json)`.execute(t.db);
      // The daily job queues the generation; a second pass runs it.
      await runJobsOnce(t.pool, createTaskList(deps));
      await runJobsOnce(t.pool, createTaskList(deps));
    };
    // 15/9/2026 in Vietnam: the day after Nghị định 09's Q3 cut-off (14/9): the agencies' reports open.
    await run('2026-09-15T03:00:00Z');
    const submissions = await t.db
      .selectFrom('reportSubmission')
      .select(['periodKey', 'dueDate'])
      .where('periodKey', '=', '2026-q3')
      .execute();
    expect(submissions.length).toBeGreaterThan(10);
    expect(new Set(submissions.map((s) => s.dueDate))).toEqual(new Set(['2026-09-17']));
    expect(await t.db.selectFrom('report').select('id').execute()).toEqual([]);
    // 18/9: the agencies' deadlines (16/9 monthly, 17/9 quarterly) have passed: the province reports are made.
    await run('2026-09-18T03:00:00Z');
    await run('2026-09-18T05:00:00Z');
    const reports = await t.db
      .selectFrom('report as r')
      .innerJoin('reportRegime as g', 'g.id', 'r.regimeId')
      .select(['g.code', 'r.periodKey', 'r.version', 'r.status'])
      .orderBy('g.code')
      .orderBy('r.periodKey')
      .execute();
    expect(reports).toEqual([
      { code: 'CCHC', periodKey: '2026-q3', version: 1, status: 'ready' },
      { code: 'PAKN-THANG', periodKey: '2026-month-9', version: 1, status: 'ready' },
    ]);
  });
});
