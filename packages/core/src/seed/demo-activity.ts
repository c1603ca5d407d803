/**
 * Demo activity for a first run, in the last closed Nghị định 09 quarter before `today`: a reform plan
 * with tasks led by the departments (some done on time, some late, some overdue) and three finalised
 * working-group sessions (the Sở Tư pháp missed the second), so scores, scorecards and the overview
 * have something real to show. Invented content; deterministic.
 */
import type { Database } from '@cchc/db/schema';
import { addDays, type IsoDate } from '@cchc/domain/calendar/dates';
import { periodContaining, previousPeriod } from '@cchc/domain/calendar/periods';
import { foldVietnamese } from '@cchc/domain/text';
import type { Kysely } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';

const DEPARTMENTS = ['STP', 'STC', 'SXD', 'SNNMT', 'SCT', 'SYT', 'SGDDT', 'SNV'];
const TASKS = [
  'Rà soát, đơn giản hóa thủ tục hành chính nội bộ',
  'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
  'Công khai thủ tục hành chính trên Cổng dịch vụ công',
];

export async function seedDemoActivity(db: Kysely<Database>, actor: AuditActor, provinceCode: string, today: IsoDate) {
  const quarter = previousPeriod(periodContaining(today, 'quarter', 'nd09'), 'quarter', 'nd09');
  const agencies = await db
    .selectFrom('agency')
    .select(['id', 'code'])
    .where(
      'code',
      'in',
      DEPARTMENTS.map((d) => `${provinceCode}.${d}`),
    )
    .where('kind', '=', 'department')
    .execute();
  const group = await db.selectFrom('workingGroup').select('id').limit(1).executeTakeFirst();
  if (!agencies.length || !group) return;
  const byCode = new Map(agencies.map((a) => [a.code.split('.')[1] as string, a.id]));
  await db.transaction().execute(async (trx) => {
    const plan = await trx
      .insertInto('plan')
      .values({
        year: Number(quarter.to.slice(0, 4)),
        title: `Kế hoạch cải cách hành chính năm ${quarter.to.slice(0, 4)} (minh họa)`,
        status: 'active',
        searchText: foldVietnamese(`ke hoach cai cach hanh chinh nam ${quarter.to.slice(0, 4)} minh hoa`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Each department leads three tasks due in the quarter; how they went depends on the department.
    const outcomes: Record<string, ('on_time' | 'late' | 'open')[]> = {
      STP: ['on_time', 'on_time', 'late'],
      STC: ['on_time', 'on_time', 'on_time'],
      SXD: ['on_time', 'late', 'open'],
      SNNMT: ['late', 'open', 'open'],
      SCT: ['on_time', 'on_time', 'open'],
      SYT: ['on_time', 'on_time', 'on_time'],
      SGDDT: ['on_time', 'late', 'late'],
      SNV: ['on_time', 'on_time', 'on_time'],
    };
    const tasks = [];
    for (const [code, list] of Object.entries(outcomes)) {
      const lead = byCode.get(code);
      if (!lead) continue;
      for (const [i, outcome] of list.entries()) {
        const deadline = addDays(quarter.from, 20 + i * 25);
        tasks.push({
          planId: plan.id,
          title: `${TASKS[i]} — ${code}`,
          leadAgencyId: lead,
          deadline,
          progress: outcome === 'open' ? 60 : 100,
          completedOn: outcome === 'on_time' ? addDays(deadline, -3) : outcome === 'late' ? addDays(deadline, 9) : null,
          searchText: foldVietnamese(`${TASKS[i]} ${code}`),
        });
      }
    }
    await trx.insertInto('task').values(tasks).execute();
    // Three finalised sessions in the quarter; every department invited, the head expected.
    for (let n = 1; n <= 3; n++) {
      const day = addDays(quarter.from, 15 + (n - 1) * 28);
      const session = await trx
        .insertInto('meetingSession')
        .values({
          groupId: group.id,
          number: n,
          title: `Phiên họp thứ ${n} của Tổ công tác (minh họa)`,
          startsAt: new Date(`${day}T08:00:00+07:00`),
          mode: 'online',
          status: 'held',
          finalisedAt: new Date(`${day}T12:00:00+07:00`),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('sessionInvitation')
        .values(
          agencies.map((a) => {
            const code = a.code.split('.')[1] as string;
            // The Sở Tư pháp missed the second session; the Sở Xây dựng sent its deputy twice.
            const mark =
              code === 'STP' && n === 2
                ? 'absent_unexcused'
                : code === 'SXD' && n > 1
                  ? 'present_deputy'
                  : code === 'SNNMT' && n === 3
                    ? 'absent_excused'
                    : 'present_head';
            return {
              sessionId: session.id,
              agencyId: a.id,
              expectedLevel: 'head',
              mark,
              absenceReason: mark === 'absent_excused' ? 'Trùng lịch công tác của tỉnh (minh họa)' : null,
              markedAt: new Date(`${day}T08:30:00+07:00`),
            };
          }),
        )
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'demo.activity_seeded',
      entityType: 'plan',
      entityId: plan.id,
      after: { quarter, tasks: tasks.length, sessions: 3 },
    });
  });
}
