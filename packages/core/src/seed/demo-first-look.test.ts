/** A fresh start's first look: every module of every role has something to show. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CATALOGUE_SAMPLE } from '@cchc/db/seed-data';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { importCatalogue } from '../procedures/catalogue';
import { dormantProcedures } from '../procedures/dormancy';
import { listReviews } from '../procedures/reviews';
import { getRegime, listRegimes, periodOf } from '../reports/regimes';
import { buildSnapshot, snapshotTables } from '../reports/snapshot';
import { listRuns, scorecard } from '../scores/runs';
import { ensureDefaultScheme } from '../scores/schemes';
import { actor } from '../testing/fixtures';
import { myWork } from '../work/my-work';
import { seedDemo } from './demo';

const TODAY = '2026-12-07';
const clock = fixedClock(`${TODAY}T03:00:00Z`);
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  // As the server starts: calendars and the default scheme first, then the demo.
  await ensureCalendarSeeded(t.db);
  await ensureDefaultScheme(t.db, { userId: null, username: 'system' });
  expect(await seedDemo(t.db, TODAY, { pool: t.pool })).toBe(true);
}, 300_000);
afterAll(async () => t.drop());

describe('the demo seed of a first start', () => {
  it('loads the national catalogue sample and a dormancy list with filings, dates and never-filed procedures', async () => {
    const count = await t.db
      .selectFrom('procedure')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2039);
    const dormant = await dormantProcedures(t.db, { limit: 100 }, TODAY);
    expect(dormant.total).toBeGreaterThan(500);
    expect(dormant.total).toBeLessThan(2039);
    expect(dormant.items.some((p) => p.lastFiling !== null)).toBe(true);
    const scans = await t.db.selectFrom('dormancyScan').select('dormantProcedures').execute();
    expect(scans).toEqual([{ dormantProcedures: dormant.total }]);
  });

  it('computes the last closed quarter, so the head of the Sở Tư pháp sees a scorecard with a rank', async () => {
    const runs = await listRuns(t.db);
    expect(runs.map((r) => r.status)).toEqual(['done']);
    const card = await scorecard(t.db, await actor(t.db, 'giamdoc.stp'), {});
    expect(card.run).not.toBeNull();
    expect(card.result?.rank).toBeGreaterThan(0);
    expect(card.peers).toBeGreaterThan(1);
  });

  it("gives the Sở Tư pháp's officer work waiting, with notices, and the Sở Nội vụ a proposal to decide", async () => {
    const work = await myWork(t.db, await actor(t.db, 'canbo.stp'), clock);
    expect(work.counts.tasks).toBeGreaterThanOrEqual(2);
    expect(work.counts.reviews).toBeGreaterThanOrEqual(2);
    expect(work.counts.feedback).toBeGreaterThan(0);
    const notices = await t.db
      .selectFrom('notification as n')
      .innerJoin('appUser as u', 'u.id', 'n.userId')
      .select('n.kind')
      .where('u.username', '=', 'canbo.stp')
      .execute();
    expect(new Set(notices.map((n) => n.kind))).toEqual(new Set(['task_assigned', 'review_assigned']));
    const manager = await actor(t.db, 'sonoivu');
    expect((await myWork(t.db, manager, clock)).counts.reviews).toBe(1);
    expect((await listReviews(t.db, manager, clock, {})).length).toBe(6);
  });

  it('takes the same catalogue file again as the Sở Nội vụ would upload it: every row read, nothing added', async () => {
    const again = await importCatalogue(t.db, await actor(t.db, 'sonoivu'), {
      fileName: basename(CATALOGUE_SAMPLE),
      content: readFileSync(CATALOGUE_SAMPLE),
    });
    expect(again).toMatchObject({ ok: true, rows: 2039, inserted: 0 });
  });

  it('keeps history across the 1/7/2025 reorganisation: the May 2025 report (15/4–14/5, Nghị định 09/2019) lists the six former units of Phường Phố Hiến with their own items', async () => {
    const regime = await getRegime(t.db, (await listRegimes(t.db)).find((r) => r.code === 'PAKN-THANG')?.id ?? '');
    const snapshot = await buildSnapshot(t.db, regime, await periodOf(t.db, regime, '2025-month-5'), TODAY);
    const former = snapshot.agencies.filter((a) => a.nowPartOf === 'Phố Hiến');
    expect(former.map((a) => a.name).sort()).toEqual(['An Tảo', 'Hiến Nam', 'Liên Phương', 'Lê Lợi', 'Minh Khai', 'Trung Nghĩa']);
    expect(former.reduce((n, a) => n + a.feedback.received, 0)).toBeGreaterThan(0);
    // Today's ward did not exist in May 2025: it is not in that month's report.
    expect(snapshot.agencies.some((a) => a.name === 'Phố Hiến')).toBe(false);
    const table = snapshotTables(snapshot, ['feedback'])[0];
    expect(table?.rows.some((r) => r[1] === 'Hiến Nam (nay thuộc Phố Hiến)')).toBe(true);
  });
});
