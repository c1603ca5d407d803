/**
 * A whole PAR Index year on the demo province: open → self-assess with evidence → submit (figures frozen)
 * → appraise with an adjustment → contest → decide → survey → publish, with ranks and grades.
 */
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { leavesOf } from '@cchc/domain/par/criteria';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { AppError } from '../errors';
import { refreshRollups } from '../feedback/figures-sql';
import { fileForViewer, saveFile } from '../files/service';
import { gatherInputs } from '../scores/inputs';
import { ensureDefaultScheme } from '../scores/schemes';
import { seedDemo } from '../seed/demo';
import { actor, addUser, rejectionOf } from '../testing/fixtures';
import {
  appraiseParAssessment,
  contestParAssessment,
  decideParContest,
  getParAssessment,
  importParSurvey,
  openParYear,
  parYearResults,
  publishParYear,
  saveParEntry,
  submitParAssessment,
} from './service';

const TODAY = '2026-12-07';
const clock = fixedClock(`${TODAY}T03:00:00Z`);
let t: TestDatabase;
let council: Actor;
let noiVu: Actor;
let officer: Actor;
let yearId: string;
let stpAssessment: string;

/** Fills every leaf someone enters, as an agency would, with one evidence file. */
async function selfAssess(who: Actor, assessmentId: string, evidence: string, points = (max: number) => max - 0.5) {
  const view = await getParAssessment(t.db, who, assessmentId, clock);
  for (const leaf of leavesOf(view.tree)) {
    const kind = leaf.method.kind;
    const input =
      kind === 'yes_no'
        ? { done: true }
        : kind === 'self_assessed'
          ? { points: points(leaf.maxPoints), explanation: `Đã thực hiện ${leaf.title.toLowerCase()}.` }
          : kind === 'deduction'
            ? { cases: 1 }
            : null;
    if (input) await saveParEntry(t.db, who, { assessmentId, leafCode: leaf.code, input, evidenceFileIds: [evidence] });
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureCalendarSeeded(t.db);
  await ensureDefaultScheme(t.db, { userId: null, username: 'system' });
  await seedDemo(t.db, TODAY, { pool: t.pool });
  council = await actor(t.db, 'totongtac');
  noiVu = await actor(t.db, 'sonoivu');
  officer = await actor(t.db, 'canbo.stp');
}, 300_000);
afterAll(async () => t.drop());

describe('a PAR Index year for the departments', () => {
  it('opens for every department on the seed tree', async () => {
    const opened = await openParYear(t.db, noiVu, {
      year: 2026,
      kind: 'department',
      selfDue: '2027-01-15',
      contestWorkingDays: 5,
    });
    const departments = await t.db.selectFrom('agency').select('id').where('kind', '=', 'department').execute();
    expect(opened).toMatchObject({ agencies: departments.length, schemeVersion: 1 });
    yearId = opened.id;
    const row = await t.db
      .selectFrom('parAssessment as a')
      .innerJoin('agency as g', 'g.id', 'a.agencyId')
      .select('a.id')
      .where('a.yearId', '=', yearId)
      .where('g.code', '=', '33.STP')
      .executeTakeFirstOrThrow();
    stpAssessment = row.id;
    const again = await rejectionOf(
      openParYear(t.db, noiVu, { year: 2026, kind: 'department', selfDue: '2027-01-15', contestWorkingDays: 5 }),
      AppError,
    );
    expect(again.message).toBe('Năm 2026 đã được mở đánh giá cho nhóm cơ quan này.');
  });

  it("fills the leaves the product computes from the agency's own data, and names what the agency still owes", async () => {
    const view = await getParAssessment(t.db, officer, stpAssessment, clock);
    expect(view.state).toBe('self_assessing');
    expect(view.frozen).toBe(false);
    // The demo's Sở Tư pháp received feedback this year: the leaf reads it, with its "Cách tính".
    const feedbackLeaf = view.score.leaves.find((l) => l.code === '3.4.1');
    expect(feedbackLeaf?.note).toMatch(/^\d+\/\d+ = /);
    expect(view.howComputed['3.4.1']).toContain('min(tỷ lệ ÷ 100 %, 1)');
    expect(view.score.missing.map((m) => m.code)).toContain('2.1.1');
    const refused = await rejectionOf(submitParAssessment(t.db, officer, clock, stpAssessment), AppError);
    expect(refused.code).toBe('par.incomplete');
    expect(refused.message).toContain('2.1.1 — Chưa tự đánh giá.');
  });

  it('takes the agency’s entries with evidence, refuses computed leaves and other agencies', async () => {
    const file = await saveFile(t.db, officer, {
      fileName: 'ke-hoach-cchc-2026.pdf',
      contentType: 'application/pdf',
      content: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    const computed = await rejectionOf(
      saveParEntry(t.db, officer, { assessmentId: stpAssessment, leafCode: '3.4.1', input: { points: 5 }, evidenceFileIds: [] }),
      AppError,
    );
    expect(computed.message).toBe('Tiêu chí 3.4.1 do hệ thống tính hoặc lấy từ khảo sát.');
    const stc = await t.db.selectFrom('agency').select('id').where('code', '=', '33.STC').executeTakeFirstOrThrow();
    await addUser(t.db, 'canbo.stc', 'agency_officer', stc.id);
    const other = await rejectionOf(
      saveParEntry(t.db, await actor(t.db, 'canbo.stc'), {
        assessmentId: stpAssessment,
        leafCode: '2.1.1',
        input: { points: 4, explanation: 'x' },
        evidenceFileIds: [],
      }),
      AppError,
    );
    expect(other.kind).toBe('forbidden');
    await selfAssess(officer, stpAssessment, file.id);
    // The evidence is the agency's and the council's to read, not another agency's.
    expect((await fileForViewer(t.db, council, file.id)).fileName).toBe('ke-hoach-cchc-2026.pdf');
    const foreign = await rejectionOf(fileForViewer(t.db, await actor(t.db, 'canbo.stc'), file.id), AppError);
    expect(foreign.code).toBe('files.forbidden');
    const view = await getParAssessment(t.db, officer, stpAssessment, clock);
    expect(view.score.missing).toEqual([]);
    expect(view.score.leaves.find((l) => l.code === '2.1.1')).toMatchObject({ points: 3.5 });
    // Deduction: one official disciplined.
    expect(view.score.deducted).toBe(1);
  });

  it('submits, freezing the figures: later changes in the modules no longer move them', async () => {
    const before = await getParAssessment(t.db, officer, stpAssessment, clock);
    await submitParAssessment(t.db, officer, clock, stpAssessment);
    const stp = await t.db.selectFrom('agency').select('id').where('code', '=', '33.STP').executeTakeFirstOrThrow();
    const live = async () =>
      (await gatherInputs(t.db, { from: '2026-01-01', to: '2026-12-31' }, TODAY)).get(stp.id)?.feedback_on_time;
    const liveBefore = await live();
    // Every open feedback item of the Sở Tư pháp answered today: the live figure moves.
    await t.db
      .updateTable('feedback')
      .set({ answeredOn: TODAY, answeredAt: new Date(`${TODAY}T03:00:00Z`), status: 'answered' })
      .where('competentAgencyId', '=', stp.id)
      .where('answeredOn', 'is', null)
      .execute();
    await refreshRollups(t.db, null);
    expect(await live()).not.toEqual(liveBefore);
    const after = await getParAssessment(t.db, officer, stpAssessment, clock);
    expect(after.frozen).toBe(true);
    expect(after.state).toBe('submitted');
    expect(after.score.leaves.find((l) => l.code === '3.4.1')).toEqual(before.score.leaves.find((l) => l.code === '3.4.1'));
    const late = await rejectionOf(
      saveParEntry(t.db, officer, {
        assessmentId: stpAssessment,
        leafCode: '2.1.1',
        input: { points: 4, explanation: 'x' },
        evidenceFileIds: [],
      }),
      AppError,
    );
    expect(late.message).toBe('Kết quả đã nộp: không sửa được nữa.');
  });

  it('is appraised with a reasoned adjustment, contested once, and decided', async () => {
    const noReason = await rejectionOf(
      appraiseParAssessment(t.db, council, clock, {
        id: stpAssessment,
        adjustments: [{ leafCode: '2.1.1', points: 2, reason: '' }],
      }),
      AppError,
    );
    expect(noReason.message).toBe('Vui lòng ghi lý do điều chỉnh điểm 2.1.1.');
    const appraised = await appraiseParAssessment(t.db, council, clock, {
      id: stpAssessment,
      adjustments: [{ leafCode: '2.1.1', points: 2, reason: 'Chỉ có 2/4 văn bản ban hành đúng kế hoạch.' }],
    });
    // Five working days from Monday 7/12/2026.
    expect(appraised).toEqual({ state: 'appraised', contestDue: '2026-12-14' });
    const notAdjusted = await rejectionOf(
      contestParAssessment(t.db, officer, clock, { id: stpAssessment, leaves: [{ leafCode: '2.1.2', text: 'Xin xem lại.' }] }),
      AppError,
    );
    expect(notAdjusted.code).toBe('par.contest_unadjusted');
    await contestParAssessment(t.db, officer, clock, {
      id: stpAssessment,
      leaves: [{ leafCode: '2.1.1', text: 'Văn bản thứ ba ban hành ngày 28/12, kèm theo quyết định.' }],
    });
    await decideParContest(t.db, noiVu, clock, {
      id: stpAssessment,
      adjustments: [{ leafCode: '2.1.1', points: 3, reason: 'Chấp nhận văn bản thứ ba.' }],
    });
    const view = await getParAssessment(t.db, officer, stpAssessment, clock);
    expect(view.state).toBe('decided');
    expect(view.score.leaves.find((l) => l.code === '2.1.1')).toMatchObject({ points: 3, computed: 3.5, adjusted: true });
    const twice = await rejectionOf(
      contestParAssessment(t.db, officer, clock, { id: stpAssessment, leaves: [{ leafCode: '2.1.1', text: 'Lần nữa.' }] }),
      AppError,
    );
    expect(twice.code).toBe('par.step_refused');
  });

  it('takes survey results per agency, naming every bad row', async () => {
    const bad = await rejectionOf(
      importParSurvey(t.db, noiVu, {
        yearId,
        rows: [
          { agencyCode: '33.STP', leafCode: '8.1.1', score: 85 },
          { agencyCode: '99.XXX', leafCode: '8.1.1', score: 70 },
          { agencyCode: '33.STP', leafCode: '8.2.1', score: 120 },
        ],
      }),
      AppError,
    );
    expect(bad.message).toBe('Dòng 3: cơ quan 99.XXX không thuộc đợt đánh giá. Dòng 4: kết quả khảo sát phải từ 0 đến 100.');
    expect(
      await importParSurvey(t.db, noiVu, {
        yearId,
        rows: [
          { agencyCode: '33.STP', leafCode: '8.1.1', score: 85 },
          { agencyCode: '33.STP', leafCode: '8.2.1', score: 70 },
        ],
      }),
    ).toEqual({ rows: 2 });
  });

  it('publishes only when every department is through, then grades and ranks them all', async () => {
    const early = await rejectionOf(publishParYear(t.db, noiVu, clock, yearId), AppError);
    expect(early.code).toBe('par.not_ready');
    // The other departments self-assess (lower), submit and are appraised without change.
    const others = await t.db
      .selectFrom('parAssessment as a')
      .innerJoin('appUser as u', 'u.agencyId', 'a.agencyId')
      .select(['a.id', 'a.agencyId'])
      .where('a.yearId', '=', yearId)
      .where('a.id', '<>', stpAssessment)
      .execute();
    const rest = await t.db
      .selectFrom('parAssessment')
      .select(['id', 'agencyId'])
      .where('yearId', '=', yearId)
      .where('id', '<>', stpAssessment)
      .execute();
    expect(others.length).toBeLessThan(rest.length);
    // One department never submits: before the deadline it cannot be appraised.
    const [silent, ...submitting] = rest;
    if (!silent) throw new Error('no other department');
    const notYet = await rejectionOf(appraiseParAssessment(t.db, council, clock, { id: silent.id, adjustments: [] }), AppError);
    expect(notYet.message).toBe('Cơ quan chưa nộp; chỉ thẩm định được khi đã nộp hoặc đã quá hạn tự đánh giá (15/01/2027).');
    for (const [i, a] of submitting.entries()) {
      const username = `canbo.par${i}`;
      await addUser(t.db, username, 'agency_officer', a.agencyId);
      const who = await actor(t.db, username);
      const file = await saveFile(t.db, who, {
        fileName: 'minh-chung.pdf',
        contentType: 'application/pdf',
        content: Buffer.from(`%PDF-1.4\n%${i}\n%%EOF\n`),
      });
      await selfAssess(who, a.id, file.id, (max) => (i % 2 ? max / 2 : max - 1));
      await submitParAssessment(t.db, who, clock, a.id);
      await appraiseParAssessment(t.db, council, clock, { id: a.id, adjustments: [] });
    }
    // Within the contest window the appraised ones cannot be published yet.
    expect((await rejectionOf(publishParYear(t.db, noiVu, clock, yearId), AppError)).message).toContain(
      'Chưa hết thời hạn kiến nghị',
    );
    // After the deadline (15/01/2027) it may no longer submit, and is appraised on what it entered: nothing, so
    // its entered leaves score 0 while its computed ones are frozen at the appraisal.
    const afterDue = fixedClock('2027-01-18T03:00:00Z');
    await addUser(t.db, 'canbo.silent', 'agency_officer', silent.agencyId);
    const late = await rejectionOf(submitParAssessment(t.db, await actor(t.db, 'canbo.silent'), afterDue, silent.id), AppError);
    expect(late.message).toBe('Đã quá hạn tự đánh giá (15/01/2027): Hội đồng thẩm định trên nội dung đã nhập.');
    await appraiseParAssessment(t.db, council, afterDue, { id: silent.id, adjustments: [] });
    expect(
      (await t.db.selectFrom('parAssessment').select('computed').where('id', '=', silent.id).executeTakeFirstOrThrow()).computed,
    ).not.toBeNull();
    const later = fixedClock('2027-01-27T03:00:00Z');
    expect(await publishParYear(t.db, noiVu, later, yearId)).toEqual({ published: rest.length + 1 });

    const silentResult = (
      await t.db.selectFrom('parAssessment').select('result').where('id', '=', silent.id).executeTakeFirstOrThrow()
    ).result as { leaves: { code: string; points: number | null; note: string }[] };
    expect(silentResult.leaves.find((l) => l.code === '2.1.1')).toMatchObject({ points: 0, note: 'Chưa tự đánh giá.' });
    const results = await parYearResults(t.db, yearId);
    expect(results.every((r) => r.state === 'published' && r.index !== null && r.grade !== null)).toBe(true);
    // Ranks: 1 first, ties share a rank, none skipped beyond the ties.
    const ranks = results.map((r) => r.rank as number);
    expect(ranks[0]).toBe(1);
    for (let i = 1; i < results.length; i++) {
      const same = results[i]?.index === results[i - 1]?.index;
      expect(ranks[i]).toBe(same ? ranks[i - 1] : i + 1);
    }
    const stp = results.find((r) => r.id === stpAssessment);
    const stored = await t.db
      .selectFrom('parAssessment')
      .select(['result', 'index'])
      .where('id', '=', stpAssessment)
      .executeTakeFirstOrThrow();
    const result = stored.result as { leaves: { code: string; points: number | null }[]; index: number };
    expect(result.leaves.find((l) => l.code === '2.1.1')?.points).toBe(3);
    expect(result.leaves.find((l) => l.code === '8.1.1')?.points).toBe(8.5);
    expect(Number(stored.index)).toBe(result.index);
    expect(stp?.grade).toMatch(/^(Xuất sắc|Tốt|Khá|Trung bình|Yếu)$/);
    // A published year is closed.
    expect((await rejectionOf(publishParYear(t.db, noiVu, later, yearId), AppError)).message).toBe('Kết quả năm này đã công bố.');
  });
});
