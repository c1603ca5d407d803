/** The review of dormant procedures as a story: opened by the Sở Nội vụ, proposed by the agency, decided by the working group. */
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../actor';
import { ensureCalendarSeeded } from '../calendar/service';
import { fixedClock } from '../clock';
import { seedDemo } from '../seed/demo';
import { actor, addUser, appErrorOf, departmentIds, type IdsByCode, procedureIds } from '../testing/fixtures';
import { importCatalogue } from './catalogue';
import { dormantPairs, dormantProcedures } from './dormancy';
import { decideReview, listReviews, openReview, proposeReview, ZReviewDecide, ZReviewOpen, ZReviewPropose } from './reviews';

const SAMPLE = new URL('../../../../../shared/data/procedures/tthc_national_sample.csv', import.meta.url);

/** Friday 13/2/2026, 10:00 in Hà Nội: the last working day before the Tết holidays (16–20/2). */
const OPENED = fixedClock('2026-02-13T03:00:00Z');
/** Monday 2/3/2026. */
const PROPOSED = fixedClock('2026-03-02T03:00:00Z');
/** Monday 9/3/2026. */
const DECIDED = fixedClock('2026-03-09T03:00:00Z');

let t: TestDatabase;
let agency: IdsByCode;
let procedureId: IdsByCode;
let manager: Actor; // sonoivu, Sở Nội vụ
let group: Actor; // totongtac, tổ công tác
let officer: Actor; // canbo.stp, Sở Tư pháp
let financeOfficer: Actor; // canbo.stc, Sở Tài chính

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  await ensureCalendarSeeded(t.db);
  const catalogue = await importCatalogue(
    t.db,
    { userId: null, username: 'test' },
    {
      fileName: 'tthc.csv',
      content: readFileSync(SAMPLE),
    },
  );
  expect(catalogue.ok).toBe(true);
  agency = await departmentIds(t.db);
  procedureId = await procedureIds(t.db, ['1.000005', '1.000010', '1.000014']);
  await addUser(t.db, 'canbo.stc', 'agency_officer', agency('33.STC'));
  // Sở Tư pháp last received a dossier of 1.000005 in May 2022: dormant for three years and more.
  await t.db
    .insertInto('procedureLastFiling')
    .values({ procedureId: procedureId('1.000005'), agencyId: agency('33.STP'), lastFiling: '2022-05-10' })
    .execute();
  await t.db
    .insertInto('procedureAgency')
    .values({ procedureId: procedureId('1.000005'), agencyId: agency('33.STP') })
    .execute();
  manager = await actor(t.db, 'sonoivu');
  group = await actor(t.db, 'totongtac');
  officer = await actor(t.db, 'canbo.stp');
  financeOfficer = await actor(t.db, 'canbo.stc');
});
afterAll(async () => t.drop());

const open = (procedureCode: string, agencyCode: string, clock = OPENED) =>
  openReview(t.db, manager, clock, ZReviewOpen.parse({ procedureId: procedureId(procedureCode), agencyId: agency(agencyCode) }));

const propose = (by: Actor, reviewId: string, proposal: string, justification = '', clock = PROPOSED) =>
  proposeReview(t.db, by, clock, ZReviewPropose.parse({ id: reviewId, proposal, justification }));

const decide = (reviewId: string, fields: Record<string, unknown>, clock = DECIDED) =>
  decideReview(t.db, group, clock, ZReviewDecide.parse({ id: reviewId, ...fields }));

async function review(reviewId: string) {
  return t.db.selectFrom('procedureReview').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
}

async function procedure(code: string) {
  return t.db
    .selectFrom('procedure')
    .select(['status', 'statusSince'])
    .where('id', '=', procedureId(code))
    .executeTakeFirstOrThrow();
}

// The three reviews of the story.
let abolition: string; // 1.000005 at Sở Tư pháp: proposed for abolition, approved
let second: string; // 1.000010 at Sở Tư pháp: a proposal rejected, then proposed again
let waiting: string; // 1.000005 at Sở Nội vụ: never proposed

describe('openReview', () => {
  it('gives the agency 10 working days to propose, skipping Tết: opened Friday 13/2/2026, due Friday 6/3/2026', async () => {
    abolition = (await open('1.000005', '33.STP')).id;
    expect(await review(abolition)).toMatchObject({
      status: 'open',
      proposeDue: '2026-03-06',
      decideDue: null,
      lastFiling: '2022-05-10',
      openedBy: manager.userId,
    });
  });

  it('refuses a second review of a procedure at an agency already reviewing it, while another agency may review it', async () => {
    const error = await appErrorOf(open('1.000005', '33.STP'));
    expect(error).toMatchObject({ kind: 'conflict', code: 'procedures.review_exists' });
    waiting = (await open('1.000005', '33.SNV')).id;
    second = (await open('1.000010', '33.STP')).id;
    const reviews = await t.db.selectFrom('procedureReview').select('id').execute();
    expect(reviews).toHaveLength(3);
    // The agency now counts as implementing the procedure, so the per-agency dormancy list sees the pair.
    const pairs = await dormantPairs(t.db, { months: 36, agencyId: agency('33.SNV') }, '2026-11-21');
    expect(pairs.items.map((p) => p.code)).toEqual(['1.000005']);
  });
});

describe('proposeReview', () => {
  it('lets the officer of the assigned agency propose, and the decision is due 10 working days later', async () => {
    expect(await propose(officer, abolition, 'abolish', 'Không phát sinh hồ sơ từ tháng 5/2022.')).toEqual({ ok: true });
    expect(await review(abolition)).toMatchObject({
      status: 'proposed',
      proposal: 'abolish',
      justification: 'Không phát sinh hồ sơ từ tháng 5/2022.',
      proposedBy: officer.userId,
      proposedAt: new Date('2026-03-02T03:00:00Z'),
      decideDue: '2026-03-16',
    });
  });

  it('refuses an officer of another agency, and the review stays as it was', async () => {
    const error = await appErrorOf(propose(financeOfficer, second, 'abolish'));
    expect(error).toMatchObject({ kind: 'forbidden', code: 'procedures.not_your_review' });
    expect(await review(second)).toMatchObject({ status: 'open', proposal: null, proposedBy: null });
  });

  it('refuses a second proposal while the first awaits its decision', async () => {
    const error = await appErrorOf(propose(officer, abolition, 'simplify'));
    expect(error).toMatchObject({ kind: 'conflict', code: 'procedures.review_state' });
    expect((await review(abolition)).proposal).toBe('abolish');
  });

  it('asks for a justification of at least 10 characters to keep a procedure, and for none otherwise', () => {
    const reviewId = '00000000-0000-4000-8000-000000000001';
    const short = ZReviewPropose.safeParse({ id: reviewId, proposal: 'keep', justification: '   cần giữ    ' });
    expect(short.success).toBe(false);
    expect(short.error?.issues).toEqual([
      expect.objectContaining({ path: ['justification'], message: 'Giữ nguyên thủ tục cần nêu lý do (ít nhất 10 ký tự).' }),
    ]);
    expect(
      ZReviewPropose.safeParse({ id: reviewId, proposal: 'keep', justification: 'Phát sinh hồ sơ theo mùa vụ.' }).success,
    ).toBe(true);
    expect(ZReviewPropose.safeParse({ id: reviewId, proposal: 'simplify' }).success).toBe(true);
    expect(ZReviewPropose.safeParse({ id: reviewId, proposal: 'delete' }).error?.issues[0]?.message).toBe(
      'Vui lòng chọn phương án.',
    );
  });
});

describe('decideReview', () => {
  it('refuses to approve an abolition without the number and date of the decision, changing nothing', async () => {
    for (const fields of [{}, { decisionNo: '125/QĐ-UBND' }, { decisionDate: '2026-03-05' }]) {
      const error = await appErrorOf(decide(abolition, { approve: true, ...fields }));
      expect(error).toMatchObject({ kind: 'bad_request', code: 'procedures.decision_required' });
    }
    expect((await review(abolition)).status).toBe('proposed');
    expect(await procedure('1.000005')).toEqual({ status: 'active', statusSince: null });
  });

  it('abolishes the procedure from the decision date, records the history, and drops it from the dormancy lists', async () => {
    const before = await dormantProcedures(t.db, { months: 36, limit: 5000 }, '2026-11-21');
    expect(before.items.some((p) => p.code === '1.000005')).toBe(true);

    const result = await decide(abolition, {
      approve: true,
      decisionNo: '125/QĐ-UBND',
      decisionDate: '2026-03-05',
      note: 'Bãi bỏ',
    });
    expect(result).toEqual({ ok: true, procedureStatus: 'abolished' });
    expect(await review(abolition)).toMatchObject({
      status: 'approved',
      decisionNo: '125/QĐ-UBND',
      decisionDate: '2026-03-05',
      decidedBy: group.userId,
    });
    expect(await procedure('1.000005')).toEqual({ status: 'abolished', statusSince: '2026-03-05' });
    const history = await t.db
      .selectFrom('procedureStatusHistory')
      .select(['status', 'effectiveDate', 'decisionNo', 'createdBy'])
      .where('procedureId', '=', procedureId('1.000005'))
      .execute();
    expect(history).toEqual([
      { status: 'abolished', effectiveDate: '2026-03-05', decisionNo: '125/QĐ-UBND', createdBy: group.userId },
    ]);

    const after = await dormantProcedures(t.db, { months: 36, limit: 5000 }, '2026-11-21');
    expect(after.items.some((p) => p.code === '1.000005')).toBe(false);
    expect(after.items).toHaveLength(before.items.length - 1);
    const pairs = await dormantPairs(t.db, { months: 36, limit: 5000 }, '2026-11-21');
    expect(pairs.items.some((p) => p.code === '1.000005')).toBe(false);
  });

  it('refuses to open a review of an abolished procedure', async () => {
    const error = await appErrorOf(open('1.000005', '33.STC'));
    expect(error).toMatchObject({ kind: 'conflict', code: 'procedures.abolished' });
  });

  it('refuses a decision on a review with no proposal yet', async () => {
    const error = await appErrorOf(decide(second, { approve: false }));
    expect(error).toMatchObject({ kind: 'conflict', code: 'procedures.review_state' });
  });

  it('rejects a proposal, leaving the procedure active, and gives the agency 10 working days to propose again', async () => {
    await propose(officer, second, 'simplify', 'Gộp thành phần hồ sơ.');
    expect(await decide(second, { approve: false, note: 'Cần đánh giá tác động' })).toEqual({ ok: true, procedureStatus: null });
    // Rejected on Monday 9/3/2026: a new proposal is due Monday 23/3/2026.
    expect(await review(second)).toMatchObject({
      status: 'rejected',
      decisionNote: 'Cần đánh giá tác động',
      proposeDue: '2026-03-23',
    });
    expect(await procedure('1.000010')).toEqual({ status: 'active', statusSince: null });
    const history = await t.db
      .selectFrom('procedureStatusHistory')
      .select('id')
      .where('procedureId', '=', procedureId('1.000010'))
      .execute();
    expect(history).toEqual([]);
  });

  it('keeps the rejected review as the one to answer: no second review of the pair is opened', async () => {
    const error = await appErrorOf(open('1.000010', '33.STP', DECIDED));
    expect(error).toMatchObject({ kind: 'conflict', code: 'procedures.review_exists' });
  });

  it('lets the agency propose again after a rejection', async () => {
    const clock = fixedClock('2026-03-11T03:00:00Z');
    await propose(officer, second, 'keep', 'Thủ tục cần cho doanh nghiệp vận tải biển.', clock);
    expect(await review(second)).toMatchObject({ status: 'proposed', proposal: 'keep', decideDue: '2026-03-25' });
  });
});

describe('listReviews', () => {
  const overdue = async (viewer: Actor, today: string) =>
    Object.fromEntries((await listReviews(t.db, viewer, fixedClock(`${today}T03:00:00Z`), {})).map((r) => [r.id, r.overdue]));

  it('marks a review overdue the day after its deadline, by the clock', async () => {
    // `waiting` was due Friday 6/3; `second` awaits a decision due Wednesday 25/3.
    expect(await overdue(manager, '2026-03-06')).toEqual({ [abolition]: false, [second]: false, [waiting]: false });
    expect(await overdue(manager, '2026-03-09')).toEqual({ [abolition]: false, [second]: false, [waiting]: true });
    expect(await overdue(manager, '2026-03-26')).toEqual({ [abolition]: false, [second]: true, [waiting]: true });
  });

  it('marks a rejected review overdue when the agency has not proposed again in time', async () => {
    const rejected = (await open('1.000014', '33.STP', DECIDED)).id;
    await propose(officer, rejected, 'abolish', '', fixedClock('2026-03-10T03:00:00Z'));
    await decide(rejected, { approve: false }, fixedClock('2026-03-10T03:00:00Z'));
    // Rejected Tuesday 10/3: a new proposal is due Tuesday 24/3.
    expect((await overdue(manager, '2026-03-24'))[rejected]).toBe(false);
    expect((await overdue(manager, '2026-03-25'))[rejected]).toBe(true);
  });

  it('shows an agency only its own reviews, and the Sở Nội vụ all of them', async () => {
    const mine = await listReviews(t.db, officer, DECIDED, {});
    expect(new Set(mine.map((r) => r.agencyName))).toEqual(new Set(['Sở Tư pháp']));
    expect(mine.map((r) => r.id)).not.toContain(waiting);
    expect(await listReviews(t.db, financeOfficer, DECIDED, {})).toEqual([]);
    const all = await listReviews(t.db, manager, DECIDED, {});
    expect(new Set(all.map((r) => r.agencyName))).toEqual(new Set(['Sở Tư pháp', 'Sở Nội vụ']));
    const abolished = await listReviews(t.db, manager, DECIDED, { procedureId: procedureId('1.000005'), status: 'approved' });
    expect(abolished.map((r) => [r.id, r.procedureStatus])).toEqual([[abolition, 'abolished']]);
  });
});

describe('audit of a review', () => {
  it('records who opened, proposed and approved the abolition, with the decision', async () => {
    const rows = await t.db
      .selectFrom('auditLog')
      .select(['action', 'actorUsername', 'requestId', 'after'])
      .where('entityType', '=', 'procedure_review')
      .where('entityId', '=', abolition)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.actorUsername, r.requestId])).toEqual([
      ['procedure.review_open', 'sonoivu', 'req-sonoivu'],
      ['procedure.review_propose', 'canbo.stp', 'req-canbo.stp'],
      ['procedure.review_approve', 'totongtac', 'req-totongtac'],
    ]);
    expect(rows[2]?.after).toEqual({
      status: 'approved',
      decisionNo: '125/QĐ-UBND',
      decisionDate: '2026-03-05',
      procedureStatus: 'abolished',
    });
  });
});
