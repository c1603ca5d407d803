import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../feedback/figures-sql';
import { gatherInputs } from '../scores/inputs';
import { appErrorOf } from '../testing/fixtures';
import { markSplitHeirs, setSplitHeir } from './lineage';

let t: TestDatabase;
const ids: Record<string, string> = {};
const actor = { userId: null, username: 'test' };

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [code, name, validTo] of [
    ['33.XA', 'Xã A (cũ)', '2025-06-30'],
    ['33.XB', 'Xã B', null],
    ['33.XA2', 'Xã A', null],
    ['33.XC', 'Xã C (cũ)', '2025-06-30'],
  ] as const) {
    const row = await t.db
      .insertInto('agency')
      .values({ code, name, fullName: name, kind: 'commune', validTo, searchText: code.toLowerCase() })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[code] = row.id;
  }
  // Xã A (cũ) split on 1/7/2025 into Xã B (listed first) and Xã A, which keeps its name; Xã C merged into Xã B.
  await t.db
    .insertInto('agencyLineage')
    .values([
      { kind: 'split', fromAgencyId: ids['33.XA'] as string, toAgencyId: ids['33.XB'] as string, effectiveDate: '2025-07-01' },
      { kind: 'split', fromAgencyId: ids['33.XA'] as string, toAgencyId: ids['33.XA2'] as string, effectiveDate: '2025-07-01' },
      { kind: 'merge', fromAgencyId: ids['33.XC'] as string, toAgencyId: ids['33.XB'] as string, effectiveDate: '2025-07-01' },
    ])
    .execute();
  // One feedback item of Xã A (cũ) received in June 2025, answered on time.
  await t.db
    .insertInto('feedback')
    .values({
      externalId: 'SPLIT-1',
      receivedAt: new Date('2025-06-20T02:00:00Z'),
      receivedOn: '2025-06-20',
      channel: 'letter',
      submitterType: 'citizen',
      submitterName: 'Người gửi',
      subject: 'Phản ánh',
      content: 'Nội dung.',
      competentAgencyId: ids['33.XA'] as string,
      status: 'answered',
      clockStart: '2025-06-20',
      refuseDue: '2025-06-24',
      infoDue: '2025-06-27',
      answerDue: '2025-07-11',
      answeredOn: '2025-07-01',
      answeredAt: new Date('2025-07-01T03:00:00Z'),
      answerWorkingDays: 7,
      searchText: 'split-1',
    })
    .execute();
  await refreshRollups(t.db, null);
});
afterAll(async () => t.drop());

/** Which agency the June 2025 item counts for in the third quarter of 2025 (after the split). */
async function countedFor(): Promise<string[]> {
  const inputs = await gatherInputs(t.db, { from: '2025-06-15', to: '2025-09-14' }, '2026-01-10', ['feedback']);
  return [...inputs.entries()].filter(([, i]) => (i.feedback_on_time?.denominator ?? 0) > 0).map(([id]) => id);
}

describe('history across a split', () => {
  it('goes to one heir: by default the first successor in the mapping, unless one keeps the unit’s code', async () => {
    expect(await markSplitHeirs(t.db)).toBe(1);
    // Neither successor keeps the code 33.XA: the first row of the mapping (Xã B) is the heir.
    expect(await countedFor()).toEqual([ids['33.XB']]);
    expect(await markSplitHeirs(t.db)).toBe(0); // an heir named stays named
  });

  it('follows the province’s choice of another heir, audited, and refuses a choice on a merge', async () => {
    const toA = await t.db
      .selectFrom('agencyLineage')
      .select('id')
      .where('toAgencyId', '=', ids['33.XA2'] as string)
      .executeTakeFirstOrThrow();
    await setSplitHeir(t.db, actor, toA.id);
    expect(await countedFor()).toEqual([ids['33.XA2']]);
    const audit = await t.db.selectFrom('auditLog').select(['action', 'after']).where('action', '=', 'org.split_heir').execute();
    expect(audit).toEqual([{ action: 'org.split_heir', after: { heir: ids['33.XA2'] } }]);
    const merge = await t.db.selectFrom('agencyLineage').select('id').where('kind', '=', 'merge').executeTakeFirstOrThrow();
    expect((await appErrorOf(setSplitHeir(t.db, actor, merge.id))).code).toBe('org.not_a_split');
  });
});
