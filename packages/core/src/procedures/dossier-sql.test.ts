import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { vietnamDateOf } from '@cchc/domain/calendar/dates';
import { publishedCalendar } from '@cchc/domain/calendar/published';
import { WorkingCalendar } from '@cchc/domain/calendar/working-calendar';
import { countDossiers, type DossierStatus, judgeDossier } from '@cchc/domain/procedures/dossier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierCountsByAgency, dossierVerdictSql } from './dossier-sql';

/** Appointments: a plain Friday, a Thursday before a weekend, the Friday before Tết 2026 (16–20/2 off). */
const APPOINTMENTS = ['2026-03-13', '2026-03-05', '2026-02-13'];

/** When a dossier finished (UTC instants, relative to 13/3), named for what they are in Hà Nội. */
const FINISHED: Record<string, string | null> = {
  open: null,
  before: '2026-03-10T03:00:00Z',
  onDayEarly: '2026-03-12T18:00:00Z', // 01:00 on 13/3 in Hà Nội, still 12/3 in UTC
  onDay: '2026-03-13T09:00:00Z',
  onDayLastMinute: '2026-03-13T16:59:59Z', // 23:59:59 on 13/3 in Hà Nội
  nextDayAfterMidnight: '2026-03-13T17:30:00Z', // 00:30 on 14/3 in Hà Nội, still 13/3 in UTC
  fiveDaysLate: '2026-03-18T03:00:00Z',
  afterTet: '2026-02-23T03:00:00Z',
};
const STATUSES: DossierStatus[] = ['finished', 'returned', 'withdrawn'];
const SUPPLEMENT_REQUESTS = [0, 1, 2];
const SUPPLEMENT_DAYS = [0, 1, 3, 5];
const MEASURES = ['2026-02-13', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-18', '2026-03-19', '2026-06-14'];
const calendarDays = publishedCalendar(2026)?.days ?? [];
const calendar = new WorkingCalendar(calendarDays);

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
  // The published 2026 calendar, as the app stores it: the SQL and the domain read the same days.
  await t.db.insertInto('calendarYear').values({ year: 2026, status: 'published' }).execute();
  await t.db
    .insertInto('calendarDay')
    .values(calendarDays.map((d) => ({ date: d.date, year: 2026, kind: d.kind, name: d.name })))
    .execute();
  const rows = APPOINTMENTS.flatMap((appointment) =>
    Object.entries(FINISHED).flatMap(([name, finishedAt]) =>
      STATUSES.flatMap((status) =>
        SUPPLEMENT_REQUESTS.flatMap((requests) =>
          SUPPLEMENT_DAYS.map((days) => ({
            sourceId: `${appointment}/${name}/${status}/${requests}/${days}`,
            procedureId: procedure.id,
            competentAgencyId: agency.id,
            receivedAt: new Date('2026-02-02T02:00:00Z'),
            appointmentDate: appointment,
            finishedAt: finishedAt === null ? null : new Date(finishedAt),
            channel: 'online' as const,
            status: finishedAt === null && status === 'finished' ? ('processing' as const) : status,
            supplementRequests: requests,
            supplementDays: days,
          })),
        ),
      ),
    ),
  );
  await t.db.insertInto('dossier').values(rows).execute();
});
afterAll(async () => t.drop());

/** The SQL verdict for every dossier as of `measure`, next to the domain's on the same row. */
async function judged(measure: string) {
  const rows = await t.db
    .selectFrom('dossier as d')
    .select([
      'd.sourceId',
      'd.status',
      'd.appointmentDate',
      'd.finishedAt',
      'd.supplementRequests',
      'd.supplementDays',
      dossierVerdictSql(measure).as('verdict'),
    ])
    .orderBy('d.sourceId')
    .execute();
  return rows.map((r) => ({
    id: r.sourceId,
    sql: r.verdict,
    domain: judgeDossier(
      {
        status: r.status,
        appointmentDate: r.appointmentDate,
        finishedOn: r.finishedAt === null ? null : vietnamDateOf(new Date(r.finishedAt)),
        supplementRequests: r.supplementRequests,
        supplementDays: r.supplementDays,
      },
      calendar,
      measure,
    ),
  }));
}

describe('dossierVerdictSql', () => {
  it.each(MEASURES)('gives the same verdict as judgeDossier for every stored dossier, measured on %s', async (measure) => {
    const verdicts = await judged(measure);
    expect(verdicts).toHaveLength(
      APPOINTMENTS.length * Object.keys(FINISHED).length * STATUSES.length * SUPPLEMENT_REQUESTS.length * SUPPLEMENT_DAYS.length,
    );
    expect(verdicts.filter((v) => v.sql !== v.domain)).toEqual([]);
  });

  it('is a real check: every verdict occurs in the grid', async () => {
    const seen = new Set<string>();
    for (const m of MEASURES) for (const v of await judged(m)) seen.add(v.sql);
    expect(seen).toEqual(new Set(['early', 'on_time', 'late', 'not_yet_due', 'not_judged']));
  });

  it('judges the finishing day in Hà Nội time: 23:59 on the appointment day is on time, 00:30 the next day is late', async () => {
    const verdict = Object.fromEntries((await judged('2026-03-31')).map((v) => [v.id, v.sql]));
    expect(verdict['2026-03-13/onDayLastMinute/finished/0/0']).toBe('on_time');
    expect(verdict['2026-03-13/onDayEarly/finished/0/0']).toBe('on_time');
    expect(verdict['2026-03-13/before/finished/0/0']).toBe('early');
    expect(verdict['2026-03-13/nextDayAfterMidnight/finished/0/0']).toBe('late');
    // One working day spent supplementing moves Friday 13/3 to Monday 16/3: finishing on the 14th is early.
    expect(verdict['2026-03-13/nextDayAfterMidnight/finished/1/1']).toBe('early');
  });

  it('moves the appointment by working days across weekends and Tết, and two supplement requests make it late', async () => {
    const verdict = Object.fromEntries((await judged('2026-03-31')).map((v) => [v.id, v.sql]));
    // Thursday 5/3 + 3 working days = Tuesday 10/3.
    expect(verdict['2026-03-05/before/finished/1/3']).toBe('on_time');
    // Friday 13/2 + 1 working day = Monday 23/2 (Tết 16–20/2).
    expect(verdict['2026-02-13/afterTet/finished/1/1']).toBe('on_time');
    expect(verdict['2026-02-13/afterTet/finished/1/0']).toBe('late');
    expect(verdict['2026-03-13/before/finished/2/0']).toBe('late');
    expect(verdict['2026-03-13/before/withdrawn/2/0']).toBe('not_judged');
  });
});

describe('dossierCountsByAgency', () => {
  it('counts each agency’s dossiers received in the period as countDossiers does on the same rows', async () => {
    for (const measure of MEASURES) {
      const counts = await dossierCountsByAgency(t.db, { from: '2026-02-01', to: '2026-02-28' }, measure);
      const rows = await t.db.selectFrom('dossier').selectAll().execute();
      const expected = countDossiers(
        rows.map((r) => ({
          status: r.status,
          appointmentDate: r.appointmentDate,
          finishedOn: r.finishedAt === null ? null : vietnamDateOf(new Date(r.finishedAt)),
          supplementRequests: r.supplementRequests,
          supplementDays: r.supplementDays,
        })),
        calendar,
        measure,
      );
      expect([...counts.values()], measure).toEqual([expected]);
    }
    // Outside the period: nothing.
    expect((await dossierCountsByAgency(t.db, { from: '2026-03-01', to: '2026-03-31' }, '2026-06-14')).size).toBe(0);
  });
});
