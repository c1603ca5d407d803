/**
 * The province overview is served from figures computed once per data version: what a coordinator sees is
 * never older than the data — a task completed or a feedback item answered shows on the very next call —
 * and the figures are exactly those a fresh computation gives.
 */
import { createDb } from '@cchc/db/pool';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import type { Role } from '@cchc/domain/roles';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor';
import { ensureCalendarSeeded } from './calendar/service';
import { fixedClock } from './clock';
import { VERSIONED_TABLES } from './data-version';
import { ZFeedbackAction, ZFeedbackCreate } from './feedback/schemas';
import { actOnFeedback, createFeedback } from './feedback/service';
import { provinceOverview } from './overview';
import { ZProgressReport } from './plans/schemas';
import { reportProgress } from './plans/service';
import { seedDemo } from './seed/demo';

/** Friday 20/11/2026, 10:00 in Hà Nội. */
const clock = fixedClock('2026-11-20T03:00:00Z');
const TODAY = '2026-11-20';
const CURRENT = periodContaining(TODAY, 'quarter', 'nd09');
const PREVIOUS = previousPeriod(CURRENT, 'quarter', 'nd09');

let t: TestDatabase;
let group: Actor;
let officer: Actor;
let stp: string;

async function actor(username: string): Promise<Actor> {
  const u = await t.db
    .selectFrom('appUser')
    .select(['id', 'role', 'agencyId'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return { userId: u.id, username, role: u.role as Role, agencyId: u.agencyId, requestId: `req-${username}` };
}

/** The same figures computed from scratch: another Kysely instance on the same database has no cache. */
async function fresh(period: { from: string; to: string }) {
  const db = createDb(t.pool);
  return provinceOverview(db, clock, period);
}

const withoutAsOf = <T extends { asOf: Date }>({ asOf: _asOf, ...rest }: T) => rest;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, TODAY);
  await ensureCalendarSeeded(t.db);
  group = await actor('totongtac');
  officer = await actor('canbo.stp');
  stp = officer.agencyId;
});
afterAll(async () => t.drop());

describe('provinceOverview', () => {
  it('shows dossiers early, on time and late apart on the next call, and a calendar edit re-judges them', async () => {
    const before = await provinceOverview(t.db, clock, CURRENT);
    const procedure = await t.db
      .insertInto('procedure')
      .values({ code: '9.999001', name: 'Thủ tục thử nghiệm', searchText: '9.999001' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Received 2/11/2026, due Friday 6/11; 1 working day of supplement moves it to Monday 9/11.
    const dossier = (sourceId: string, finishedAt: string | null, supplementDays: number) => ({
      sourceId,
      procedureId: procedure.id,
      competentAgencyId: stp,
      receivedAt: new Date('2026-11-02T02:00:00Z'),
      appointmentDate: '2026-11-06',
      finishedAt: finishedAt === null ? null : new Date(finishedAt),
      channel: 'online' as const,
      status: finishedAt === null ? ('processing' as const) : ('finished' as const),
      supplementRequests: supplementDays > 0 ? 1 : 0,
      supplementDays,
    });
    await t.db
      .insertInto('dossier')
      .values([
        dossier('OV-1', '2026-11-05T03:00:00Z', 0), // early
        dossier('OV-2', '2026-11-06T03:00:00Z', 0), // on time
        dossier('OV-3', '2026-11-09T03:00:00Z', 1), // on time: the supplement day moved the appointment
        dossier('OV-4', '2026-11-10T03:00:00Z', 0), // late
        dossier('OV-5', null, 0), // open past its appointment on 20/11: late
      ])
      .execute();
    const after = await provinceOverview(t.db, clock, CURRENT);
    expect(after.dossiers.received - before.dossiers.received).toBe(5);
    expect(after.dossiers.early - before.dossiers.early).toBe(1);
    expect(after.dossiers.onTime - before.dossiers.onTime).toBe(2);
    expect(after.dossiers.late - before.dossiers.late).toBe(2);
    expect(withoutAsOf(after)).toEqual(withoutAsOf(await fresh(CURRENT)));
    // Monday 9/11 becomes a day off: OV-3's supplement day now ends on Tuesday 10/11, so finishing on the 9th is early.
    await t.db
      .insertInto('calendarDay')
      .values({ date: '2026-11-09', year: 2026, kind: 'day_off', name: 'Ngày nghỉ thử nghiệm' })
      .execute();
    const rejudged = await provinceOverview(t.db, clock, CURRENT);
    expect(rejudged.dossiers.early).toBe(after.dossiers.early + 1);
    expect(rejudged.dossiers.onTime).toBe(after.dossiers.onTime - 1);
    expect(rejudged.dossiers.late).toBe(after.dossiers.late);
    await t.db.deleteFrom('calendarDay').where('date', '=', '2026-11-09').execute();
    await t.db.deleteFrom('dossier').where('sourceId', 'like', 'OV-%').execute();
  });

  it('shows a task completed on the very next call, the same figures as a fresh computation', async () => {
    const before = await provinceOverview(t.db, clock, PREVIOUS);
    expect(before.tasks.overdue).toBeGreaterThan(0);
    // Asked again with nothing written: the same figures.
    expect(withoutAsOf(await provinceOverview(t.db, clock, PREVIOUS))).toEqual(withoutAsOf(before));

    const overdue = await t.db
      .selectFrom('task')
      .select('id')
      .where('completedOn', 'is', null)
      .where('cancelledAt', 'is', null)
      .where('deadline', '<', TODAY)
      .where('leadAgencyId', '=', stp)
      .executeTakeFirst();
    const task =
      overdue ??
      (await t.db
        .selectFrom('task')
        .select('id')
        .where('completedOn', 'is', null)
        .where('deadline', '<', TODAY)
        .executeTakeFirstOrThrow());
    await reportProgress(
      t.db,
      group,
      clock,
      ZProgressReport.parse({ taskId: task.id, progress: 100, note: 'Đã hoàn thành, có văn bản kèm theo.' }),
    );

    const after = await provinceOverview(t.db, clock, PREVIOUS);
    expect(after.tasks.overdue).toBe(before.tasks.overdue - 1);
    expect(withoutAsOf(after)).toEqual(withoutAsOf(await fresh(PREVIOUS)));
  });

  it('shows a feedback item assigned, then answered late, on the very next call', async () => {
    const before = await provinceOverview(t.db, clock, CURRENT);
    const created = await createFeedback(
      t.db,
      group,
      ZFeedbackCreate.parse({
        receivedAt: '2026-10-01T09:15:00+07:00',
        channel: 'provincial_portal',
        submitterType: 'citizen',
        submitterName: 'Trần Thị Bình',
        submitterContact: '0987 654 321',
        subject: 'Chậm cấp phiếu lý lịch tư pháp',
        content: 'Hồ sơ nộp ngày 15/09/2026 đã quá hạn nhưng chưa có kết quả.',
      }),
      clock,
    );
    // Not counted until it has a competent agency.
    expect(withoutAsOf(await provinceOverview(t.db, clock, CURRENT))).toEqual(withoutAsOf(await fresh(CURRENT)));

    const act = (by: Actor, fields: Record<string, unknown>) =>
      actOnFeedback(t.db, by, ZFeedbackAction.parse({ id: created.id, ...fields }), clock);
    await act(group, { action: 'classify', classification: 'regulation', field: 'Lý lịch tư pháp' });
    await act(group, { action: 'assign', agencyId: stp });
    // Due 15 working days after 01/10: received by the Sở Tư pháp, open and overdue today.
    const assigned = await provinceOverview(t.db, clock, CURRENT);
    expect(assigned.feedback.received).toBe(before.feedback.received + 1);
    expect(assigned.feedback.openOverdue).toBe(before.feedback.openOverdue + 1);
    expect(withoutAsOf(assigned)).toEqual(withoutAsOf(await fresh(CURRENT)));

    await act(officer, { action: 'answer', answerText: 'Sở Tư pháp đã trả kết quả ngày 19/11/2026.' });
    const answered = await provinceOverview(t.db, clock, CURRENT);
    expect(answered.feedback.openOverdue).toBe(assigned.feedback.openOverdue - 1);
    expect(withoutAsOf(answered)).toEqual(withoutAsOf(await fresh(CURRENT)));
  });

  it('is told of a write to every table cached figures read (a trigger bumps the data version)', async () => {
    const { rows } = await sql<{ table: string }>`
      select c.relname as table from pg_trigger g join pg_class c on c.oid = g.tgrelid
      where g.tgname = c.relname || '_data_version' and not g.tgisinternal`.execute(t.db);
    expect(rows.map((r) => r.table).sort()).toEqual([...VERSIONED_TABLES].sort());
  });
});
