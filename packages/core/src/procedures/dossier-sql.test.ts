import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { isDossierOnTime } from '@cchc/domain/procedures/dossier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierOnTimeSql } from './dossier-sql';

/** Every dossier is due on Friday 13/3/2026. */
const APPOINTMENT = '2026-03-13';

/** When a dossier finished (UTC instants), named for what they are in Hà Nội. */
const FINISHED: Record<string, string | null> = {
  open: null,
  before: '2026-03-10T03:00:00Z',
  onDayEarly: '2026-03-12T18:00:00Z', // 01:00 on 13/3 in Hà Nội, still 12/3 in UTC
  onDay: '2026-03-13T09:00:00Z',
  onDayLastMinute: '2026-03-13T16:59:59Z', // 23:59:59 on 13/3 in Hà Nội
  nextDayAfterMidnight: '2026-03-13T17:30:00Z', // 00:30 on 14/3 in Hà Nội, still 13/3 in UTC
  fiveDaysLate: '2026-03-18T03:00:00Z',
};
const SUPPLEMENT_REQUESTS = [0, 1, 2];
const SUPPLEMENT_DAYS = [0, 1, 5];
const PERIOD_ENDS = ['2026-03-12', '2026-03-13', '2026-03-14', '2026-03-18', '2026-03-19', '2026-06-14'];

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const agency = await t.db
    .insertInto('agency')
    .values({
      code: '33.STP',
      name: 'Sở Tư pháp',
      fullName: 'Sở Tư pháp tỉnh Hưng Yên',
      kind: 'department',
      searchText: 'so tu phap',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const procedure = await t.db
    .insertInto('procedure')
    .values({ code: '2.000908', name: 'Cấp bản sao từ sổ gốc', searchText: '2.000908 cap ban sao tu so goc' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = Object.entries(FINISHED).flatMap(([name, finishedAt]) =>
    SUPPLEMENT_REQUESTS.flatMap((requests) =>
      SUPPLEMENT_DAYS.map((days) => ({
        sourceId: `${name}/${requests}/${days}`,
        procedureId: procedure.id,
        competentAgencyId: agency.id,
        receivedAt: new Date('2026-03-02T02:00:00Z'),
        appointmentDate: APPOINTMENT,
        finishedAt: finishedAt === null ? null : new Date(finishedAt),
        channel: 'online' as const,
        status: finishedAt === null ? ('processing' as const) : ('finished' as const),
        supplementRequests: requests,
        supplementDays: days,
      })),
    ),
  );
  await t.db.insertInto('dossier').values(rows).execute();
});
afterAll(async () => t.drop());

/** The SQL verdict for every dossier as of `periodEnd`, with what the domain rule needs to judge it. */
async function judged(periodEnd: string) {
  const rows = await t.db
    .selectFrom('dossier as d')
    .select([
      'd.sourceId',
      'd.appointmentDate',
      'd.finishedAt',
      'd.supplementRequests',
      'd.supplementDays',
      dossierOnTimeSql(periodEnd).as('onTime'),
    ])
    .orderBy('d.sourceId')
    .execute();
  return rows.map((r) => ({
    id: r.sourceId,
    sql: r.onTime,
    domain: isDossierOnTime(
      {
        appointmentDate: r.appointmentDate,
        finishedOn: r.finishedAt === null ? null : vietnamDateOf(new Date(r.finishedAt)),
        supplementRequests: r.supplementRequests,
        supplementDays: r.supplementDays,
      },
      periodEnd,
    ),
  }));
}

describe('dossierOnTimeSql', () => {
  it.each(PERIOD_ENDS)('gives the same verdict as isDossierOnTime for every stored dossier, period ending %s', async (end) => {
    const verdicts = await judged(end);
    expect(verdicts).toHaveLength(Object.keys(FINISHED).length * SUPPLEMENT_REQUESTS.length * SUPPLEMENT_DAYS.length);
    const disagreements = verdicts.filter((v) => v.sql !== v.domain);
    expect(disagreements).toEqual([]);
    // The grid is only a check if both verdicts occur.
    expect(new Set(verdicts.map((v) => v.sql))).toEqual(new Set([true, false]));
  });

  it('judges the finishing day in Hà Nội time: 23:59 on the appointment day is on time, 00:30 the next day is late', async () => {
    const verdict = Object.fromEntries((await judged('2026-03-31')).map((v) => [v.id, v.sql]));
    expect(verdict['onDayLastMinute/0/0']).toBe(true);
    expect(verdict['onDayEarly/0/0']).toBe(true);
    expect(verdict['nextDayAfterMidnight/0/0']).toBe(false);
    // One day spent supplementing makes up for the day past the appointment.
    expect(verdict['nextDayAfterMidnight/1/1']).toBe(true);
  });

  it('subtracts the supplement days, but two supplement requests make any dossier late', async () => {
    const verdict = Object.fromEntries((await judged('2026-03-31')).map((v) => [v.id, v.sql]));
    expect(verdict['fiveDaysLate/0/0']).toBe(false);
    expect(verdict['fiveDaysLate/1/1']).toBe(false);
    expect(verdict['fiveDaysLate/1/5']).toBe(true);
    expect(verdict['before/1/0']).toBe(true);
    expect(verdict['before/2/0']).toBe(false);
    expect(verdict['fiveDaysLate/2/5']).toBe(false);
  });

  it('measures an open dossier at the period end', async () => {
    const onTimeBy = async (end: string) =>
      Object.fromEntries((await judged(end)).filter((v) => v.id.startsWith('open/')).map((v) => [v.id, v.sql]));
    expect(await onTimeBy('2026-03-13')).toMatchObject({ 'open/0/0': true, 'open/1/0': true, 'open/2/0': false });
    expect(await onTimeBy('2026-03-14')).toMatchObject({ 'open/0/0': false, 'open/1/1': true, 'open/1/5': true });
    expect(await onTimeBy('2026-03-19')).toMatchObject({ 'open/1/5': false, 'open/0/5': false });
  });
});
