/**
 * Scorecards and rankings are served from figures cached per data version: a run that finishes shows on
 * the very next call, and a card cached for one viewer is never served to a viewer who may not see it.
 */
import { systemClock } from '@cchc/core/clock';
import { computeScoreRun, queueScoreRun } from '@cchc/core/scores/runs';
import { ensureDefaultScheme } from '@cchc/core/scores/schemes';
import { seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../root';
import { sessionOf, testContext, trpcErrorOf } from '../testing';

const clock = systemClock();
let t: TestDatabase;
const as = async (username: string) => createCaller(testContext(t.db, await sessionOf(t.db, username), { clock }));

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureDefaultScheme(t.db, { userId: null, username: 'test' });
});
afterAll(async () => t.drop());

describe('scores.scorecard and scores.rankings', () => {
  it('show a run on the very next call once it has finished', async () => {
    const head = await as('giamdoc.stp');
    const coordinator = await as('sonoivu');
    expect((await head.scores.scorecard({})).run).toBeNull();

    const quarter = previousPeriod(periodContaining(clock.today(), 'quarter', 'nd09'), 'quarter', 'nd09');
    const { runId } = await queueScoreRun(t.db, { userId: null, username: 'test' }, { periodKind: 'quarter', ...quarter });
    const before = await coordinator.scores.rankings({ runId });
    expect(before.run.status).toBe('queued');
    expect(before.rows).toEqual([]);
    await computeScoreRun(t.db, runId, clock);

    const card = await head.scores.scorecard({});
    expect(card.run?.id).toBe(runId);
    expect(card.agency.name).toBe('Sở Tư pháp');
    expect(card.result).not.toBeNull();
    const after = await coordinator.scores.rankings({ runId });
    expect(after.run.status).toBe('done');
    expect(after.rows.find((r) => r.name === 'Sở Tư pháp')).toMatchObject({ total: card.result?.total, rank: card.result?.rank });
  });

  it('never serves a card cached for a coordinator to an officer of another agency', async () => {
    const finance = await t.db.selectFrom('agency').select('id').where('code', '=', '33.STC').executeTakeFirstOrThrow();
    const coordinator = await as('sonoivu');
    expect((await coordinator.scores.scorecard({ agencyId: finance.id })).agency.name).toBe('Sở Tài chính');
    const officer = await as('canbo.stp');
    expect((await trpcErrorOf(officer.scores.scorecard({ agencyId: finance.id }))).code).toBe('FORBIDDEN');
  });
});
