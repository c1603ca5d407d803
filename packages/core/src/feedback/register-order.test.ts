/** The feedback register as the people who answer read it: sorted by any column, with the working days left to answer. */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCalendarSeeded, loadWorkingCalendar } from '../calendar/service';
import { fixedClock } from '../clock';
import { seedDemo } from '../seed/demo';
import { actor } from '../testing/fixtures';
import { ZFeedbackFilter } from './schemas';
import { listFeedback } from './service';

const TODAY = '2026-11-21';
const clock = fixedClock(`${TODAY}T03:00:00Z`);
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureCalendarSeeded(t.db);
  await seedDemo(t.db, TODAY);
});
afterAll(async () => t.drop());

const list = async (filter: Record<string, unknown>) =>
  listFeedback(t.db, await actor(t.db, 'sonoivu'), ZFeedbackFilter.parse({ limit: 500, ...filter }), clock);

describe('the feedback register', () => {
  it('sorts by answer due date, nearest (overdue) first, and back the other way', async () => {
    const up = (await list({ sort: 'due', dir: 'asc' })).rows.map((r) => r.answerDue);
    expect(up.length).toBeGreaterThan(100);
    expect(up).toEqual([...up].sort());
    const down = (await list({ sort: 'due', dir: 'desc' })).rows.map((r) => r.answerDue);
    expect(down).toEqual([...up].reverse().sort().reverse());
  });

  it('sorts by register number and keeps every item exactly once across pages', async () => {
    const all = (await list({ sort: 'number', dir: 'asc' })).rows.map((r) => r.number);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    const first = (await list({ sort: 'number', dir: 'asc', limit: 50 })).rows.map((r) => r.number);
    const second = (await list({ sort: 'number', dir: 'asc', limit: 50, offset: 50 })).rows.map((r) => r.number);
    expect([...first, ...second]).toEqual(all.slice(0, 100));
  });

  it('gives the working days left to answer for items waiting at their agency, negative once overdue, none once answered', async () => {
    const calendar = await loadWorkingCalendar(t.db);
    const { rows } = await list({});
    const open = rows.filter((r) => r.answeredOn === null && ['assigned', 'forwarded', 'info_requested'].includes(r.status));
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) expect(r.workingDaysLeft).toBe(calendar.workingDaysBetween(TODAY, r.answerDue));
    expect(open.some((r) => (r.workingDaysLeft ?? 0) < 0 && r.overdue)).toBe(true);
    expect(rows.filter((r) => r.answeredOn !== null).every((r) => r.workingDaysLeft === null)).toBe(true);
  });
});
