/**
 * The annual PAR Index assessment (issue 18; rules in domain/par): the Sở Nội vụ opens a year for
 * departments or communes on a versioned criteria tree; each agency self-assesses the leaves someone
 * enters (with explanations and evidence files) while the leaves computed from this product's data are
 * filled in for it; at submission the computed figures are frozen into the assessment (later edits of
 * tasks, feedback or dossiers no longer move them); the council appraises, adjusting leaves with reasons;
 * the agency may contest once within its working days; the council decides; publication scores every
 * assessment, grades and ranks it. Every step is audited.
 */
import type { Database, ParTargetKind } from '@cchc/db/schema';
import { type AssessmentAction, nextAssessmentState } from '@cchc/domain/par/assessment';
import {
  type Adjustment,
  adjustmentProblems,
  type CriteriaLeaf,
  type CriteriaTree,
  criteriaProblems,
  isComputedLeaf,
  leafDescriptions,
  leavesOf,
  rankIndices,
  scoreTree,
} from '@cchc/domain/par/criteria';
import type { LeafInputs } from '@cchc/domain/par/methods';
import { COMMUNE_PAR_TREE, DEPARTMENT_PAR_TREE } from '@cchc/domain/par/seeds';
import type { ComponentInput, ScoreComponentKey } from '@cchc/domain/scores/scheme';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor, AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { isAgencyInScope } from '../org/scope';
import { gatherInputs } from '../scores/inputs';

type Db = Kysely<Database> | Transaction<Database>;

/** The seed trees: the first version of each kind's scheme. */
export const SEED_TREES: Record<ParTargetKind, { name: string; tree: CriteriaTree }> = {
  department: { name: 'Chỉ số CCHC của các sở, ban, ngành', tree: DEPARTMENT_PAR_TREE },
  commune: { name: 'Chỉ số CCHC của UBND cấp xã', tree: COMMUNE_PAR_TREE },
};

/** The scheme in force for a kind: its latest version, the seed's when there is none yet. */
export async function currentParScheme(db: Kysely<Database>, actor: AuditActor, kind: ParTargetKind) {
  const latest = await db
    .selectFrom('parScheme')
    .selectAll()
    .where('targetKind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest) return { ...latest, tree: latest.tree as CriteriaTree };
  return db.transaction().execute(async (trx) => {
    const seed = SEED_TREES[kind];
    const row = await trx
      .insertInto('parScheme')
      .values({ targetKind: kind, version: 1, name: seed.name, tree: JSON.stringify(seed.tree), note: seed.tree.source })
      .onConflict((oc) => oc.columns(['targetKind', 'version']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) {
      await recordAudit(trx, actor, { action: 'par.scheme_seeded', entityType: 'par_scheme', entityId: row.id, after: { kind } });
      return { ...row, tree: row.tree as CriteriaTree };
    }
    const again = await trx
      .selectFrom('parScheme')
      .selectAll()
      .where('targetKind', '=', kind)
      .where('version', '=', 1)
      .executeTakeFirstOrThrow();
    return { ...again, tree: again.tree as CriteriaTree };
  });
}

/** A new version of a kind's tree (old years keep theirs). Refused with every problem named. */
export async function saveParScheme(
  db: Kysely<Database>,
  actor: Actor,
  input: { kind: ParTargetKind; name: string; tree: CriteriaTree },
) {
  const problems = criteriaProblems(input.tree);
  if (problems.length)
    throw new AppError('bad_request', 'par.scheme_invalid', problems.join(' '), { details: problems.join(' ') });
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`par_scheme:${input.kind}`}))`.execute(trx);
    const last = await trx
      .selectFrom('parScheme')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('targetKind', '=', input.kind)
      .executeTakeFirst();
    const row = await trx
      .insertInto('parScheme')
      .values({
        targetKind: input.kind,
        version: Number(last?.v ?? 0) + 1,
        name: input.name,
        tree: JSON.stringify(input.tree),
        note: input.tree.source,
        createdBy: actor.userId,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'par.scheme_save', entityType: 'par_scheme', entityId: row.id, after: row });
    return row;
  });
}

export const ZParYearOpen = z.object({
  year: z.number().int().min(2000).max(2100),
  kind: z.enum(['department', 'commune']),
  selfDue: z.iso.date('Hạn tự đánh giá không hợp lệ.'),
  contestWorkingDays: z.number().int().min(1, 'Thời hạn kiến nghị từ 1 ngày làm việc.').max(60).default(5),
});

/** Opens a year for every agency of the kind that existed in it, on the kind's current tree. */
export async function openParYear(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZParYearOpen>) {
  const scheme = await currentParScheme(db, actor, input.kind);
  return db.transaction().execute(async (trx) => {
    const year = await trx
      .insertInto('parYear')
      .values({
        year: input.year,
        targetKind: input.kind,
        schemeId: scheme.id,
        selfDue: input.selfDue,
        contestWorkingDays: input.contestWorkingDays,
        openedBy: actor.userId,
      })
      .onConflict((oc) => oc.columns(['year', 'targetKind']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!year)
      throw new AppError('conflict', 'par.year_open', `Năm ${input.year} đã được mở đánh giá cho nhóm cơ quan này.`, {
        year: input.year,
      });
    const agencies = await trx
      .selectFrom('agency')
      .select('id')
      .where('kind', '=', input.kind)
      .where(sql<boolean>`(valid_from is null or valid_from <= ${`${input.year}-12-31`}::date)`)
      .where(sql<boolean>`(valid_to is null or valid_to >= ${`${input.year}-12-31`}::date)`)
      .execute();
    if (agencies.length)
      await trx
        .insertInto('parAssessment')
        .values(agencies.map((a) => ({ yearId: year.id, agencyId: a.id })))
        .execute();
    await recordAudit(trx, actor, {
      action: 'par.year_open',
      entityType: 'par_year',
      entityId: year.id,
      after: { ...input, schemeVersion: scheme.version, agencies: agencies.length },
    });
    return { id: year.id, agencies: agencies.length, schemeVersion: scheme.version };
  });
}

async function loadAssessment(db: Db, id: string) {
  const row = await db
    .selectFrom('parAssessment as a')
    .innerJoin('parYear as y', 'y.id', 'a.yearId')
    .innerJoin('parScheme as s', 's.id', 'y.schemeId')
    .innerJoin('agency as g', 'g.id', 'a.agencyId')
    .select([
      'a.id',
      'a.yearId',
      'a.agencyId',
      'a.state',
      'a.computed',
      'a.contestDue',
      'a.contestedAt',
      'a.result',
      'a.index',
      'a.grade',
      'a.rank',
      'y.year',
      'y.targetKind',
      'y.selfDue',
      'y.contestWorkingDays',
      's.tree',
      's.version as schemeVersion',
      'g.name as agencyName',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('kết quả tự đánh giá');
  return { ...row, tree: row.tree as CriteriaTree };
}

/** The figures each computed leaf reads, for the agency over the calendar year. */
async function computedInputs(db: Kysely<Database>, tree: CriteriaTree, agencyId: string, year: number, today: string) {
  const inputs = await gatherInputs(db, { from: `${year}-01-01`, to: `${year}-12-31` }, today);
  const own: Partial<Record<ScoreComponentKey, ComponentInput>> = inputs.get(agencyId) ?? {};
  const out: Record<string, ComponentInput> = {};
  for (const leaf of leavesOf(tree)) {
    if (leaf.method.kind === 'figure_linear' || leaf.method.kind === 'figure_bands')
      out[leaf.code] = own[leaf.method.figure] ?? { numerator: 0, denominator: 0 };
  }
  return out;
}

async function entriesOf(db: Db, assessmentId: string) {
  return db.selectFrom('parEntry').selectAll().where('assessmentId', '=', assessmentId).orderBy('leafCode').execute();
}

async function surveysOf(db: Db, yearId: string, agencyId: string) {
  const rows = await db
    .selectFrom('parSurvey')
    .select(['leafCode', 'score'])
    .where('yearId', '=', yearId)
    .where('agencyId', '=', agencyId)
    .execute();
  return new Map(rows.map((r) => [r.leafCode, Number(r.score)]));
}

/** Every leaf's input: frozen or live figures, the agency's entries (evidence counted), survey results. */
function inputsOf(
  tree: CriteriaTree,
  computed: Record<string, ComponentInput>,
  entries: Awaited<ReturnType<typeof entriesOf>>,
  surveys: Map<string, number>,
) {
  const byCode = new Map(entries.map((e) => [e.leafCode, e]));
  const inputs: Record<string, unknown> = {};
  const adjustments: Record<string, Adjustment> = {};
  for (const leaf of leavesOf(tree)) {
    const entry = byCode.get(leaf.code);
    if (isComputedLeaf(leaf)) inputs[leaf.code] = computed[leaf.code];
    else if (leaf.method.kind === 'survey') inputs[leaf.code] = { score: surveys.get(leaf.code) ?? null };
    else if (entry?.input) inputs[leaf.code] = { ...(entry.input as object), evidence: entry.evidenceFileIds.length };
    if (entry?.adjustmentPoints !== null && entry?.adjustmentPoints !== undefined)
      adjustments[leaf.code] = { points: Number(entry.adjustmentPoints), reason: entry.adjustmentReason ?? '' };
  }
  return { inputs, adjustments };
}

async function assertMayAct(db: Db, actor: Actor, action: string, agencyId: string) {
  if (!(await isAgencyInScope(db as Kysely<Database>, actor, action as never, agencyId)))
    throw new AppError('forbidden', 'par.not_your_assessment', 'Bạn không có quyền với kết quả đánh giá của cơ quan này.');
}

/** One agency's assessment as its people and the council see it: the tree, each leaf's input, points and "Cách tính". */
export async function getParAssessment(db: Kysely<Database>, viewer: Actor, id: string, clock: Clock) {
  const a = await loadAssessment(db, id);
  await assertMayAct(db, viewer, 'par.assessment', a.agencyId);
  const computed =
    (a.computed as Record<string, ComponentInput> | null) ??
    (await computedInputs(db, a.tree, a.agencyId, a.year, clock.today()));
  const entries = await entriesOf(db, id);
  const { inputs, adjustments } = inputsOf(a.tree, computed, entries, await surveysOf(db, a.yearId, a.agencyId));
  const score = scoreTree(a.tree, inputs, adjustments);
  return {
    ...a,
    frozen: a.computed !== null,
    entries,
    score,
    howComputed: Object.fromEntries(leafDescriptions(a.tree)),
  };
}

const ZInputs = {
  yes_no: z.object({ done: z.boolean().nullable() }),
  self_assessed: z.object({ points: z.number().min(0).max(1000).nullable(), explanation: z.string().trim().max(4000) }),
  deduction: z.object({ cases: z.number().int().min(0).max(1000) }),
} as const;

export const ZParEntrySave = z.object({
  assessmentId: z.uuid(),
  leafCode: z.string().trim().min(1).max(20),
  input: z.record(z.string(), z.unknown()),
  evidenceFileIds: z.array(z.uuid()).max(50).default([]),
});

/** The agency's own entry for a leaf someone enters (not a computed or survey one), while it self-assesses. */
export async function saveParEntry(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZParEntrySave>) {
  return db.transaction().execute(async (trx) => {
    const a = await loadAssessment(trx, input.assessmentId);
    await assertMayAct(trx, actor, 'par.saveEntry', a.agencyId);
    if (a.state !== 'self_assessing')
      throw new AppError('conflict', 'par.not_self_assessing', 'Kết quả đã nộp: không sửa được nữa.');
    const leaf = leavesOf(a.tree).find((l) => l.code === input.leafCode);
    if (!leaf) throw notFound(`tiêu chí ${input.leafCode}`);
    const schema = ZInputs[leaf.method.kind as keyof typeof ZInputs];
    if (!schema)
      throw new AppError('bad_request', 'par.leaf_not_entered', `Tiêu chí ${leaf.code} do hệ thống tính hoặc lấy từ khảo sát.`, {
        code: leaf.code,
      });
    const parsed = schema.safeParse(input.input);
    if (!parsed.success)
      throw new AppError('bad_request', 'par.entry_invalid', `Nội dung tự đánh giá tiêu chí ${leaf.code} không hợp lệ.`, {
        code: leaf.code,
      });
    if (input.evidenceFileIds.length) {
      const files = await trx.selectFrom('storedFile').select('id').where('id', 'in', input.evidenceFileIds).execute();
      if (files.length !== new Set(input.evidenceFileIds).size)
        throw new AppError('bad_request', 'par.evidence_missing', 'Có tài liệu kiểm chứng không tồn tại.');
    }
    const before = await trx
      .selectFrom('parEntry')
      .select(['input', 'evidenceFileIds'])
      .where('assessmentId', '=', a.id)
      .where('leafCode', '=', leaf.code)
      .executeTakeFirst();
    await trx
      .insertInto('parEntry')
      .values({
        assessmentId: a.id,
        leafCode: leaf.code,
        input: JSON.stringify(parsed.data),
        evidenceFileIds: input.evidenceFileIds,
        updatedBy: actor.userId,
      })
      .onConflict((oc) =>
        oc.columns(['assessmentId', 'leafCode']).doUpdateSet({
          input: JSON.stringify(parsed.data),
          evidenceFileIds: input.evidenceFileIds,
          updatedBy: actor.userId,
          updatedAt: new Date(),
        }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'par.entry_save',
      entityType: 'par_assessment',
      entityId: a.id,
      before: before ?? null,
      after: { leaf: leaf.code, input: parsed.data, evidence: input.evidenceFileIds.length },
    });
  });
}

/** The state an action leads to now, or the step refused with its reason. */
function step(a: Awaited<ReturnType<typeof loadAssessment>>, action: AssessmentAction, clock: Clock) {
  const next = nextAssessmentState(a.state, action, {
    today: clock.today(),
    contestDue: a.contestDue,
    contestedBefore: a.contestedAt !== null,
    selfDue: a.selfDue,
  });
  if (!next.ok) throw new AppError('conflict', 'par.step_refused', next.message, { details: next.message });
  return next.state;
}

/** Submission: refused while a leaf lacks what the agency must give; freezes the computed figures. */
export async function submitParAssessment(db: Kysely<Database>, actor: Actor, clock: Clock, id: string) {
  const a = await loadAssessment(db, id);
  await assertMayAct(db, actor, 'par.submit', a.agencyId);
  const computed = await computedInputs(db, a.tree, a.agencyId, a.year, clock.today());
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('parAssessment')
      .select('state')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const state = step({ ...a, state: locked.state }, 'submit', clock);
    const { inputs } = inputsOf(a.tree, computed, await entriesOf(trx, id), await surveysOf(trx, a.yearId, a.agencyId));
    const missing = scoreTree(a.tree, inputs).missing;
    if (missing.length)
      throw new AppError(
        'bad_request',
        'par.incomplete',
        `Chưa nộp được: ${missing.map((m) => `${m.code} — ${m.message}`).join('; ')}`,
        { count: missing.length, details: missing.map((m) => `${m.code} — ${m.message}`).join('; ') },
      );
    await trx
      .updateTable('parAssessment')
      .set({ state, computed: JSON.stringify(computed), submittedAt: clock.now(), submittedBy: actor.userId })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'par.submit',
      entityType: 'par_assessment',
      entityId: id,
      after: { state, computed },
    });
    return { state };
  });
}

export const ZParAdjust = z.object({
  id: z.uuid(),
  adjustments: z
    .array(
      z.object({
        leafCode: z.string().trim().min(1).max(20),
        points: z.number().min(-1000).max(1000),
        reason: z.string().trim().max(2000),
      }),
    )
    .max(500),
});

function checkAdjustments(tree: CriteriaTree, adjustments: z.output<typeof ZParAdjust>['adjustments']) {
  const leaves = new Map(leavesOf(tree).map((l) => [l.code, l]));
  const problems: string[] = [];
  for (const adj of adjustments) {
    const leaf = leaves.get(adj.leafCode) as CriteriaLeaf | undefined;
    if (!leaf) problems.push(`Không có tiêu chí ${adj.leafCode}.`);
    else problems.push(...adjustmentProblems(leaf, { points: adj.points, reason: adj.reason }));
  }
  if (problems.length)
    throw new AppError('bad_request', 'par.adjustment_invalid', problems.join(' '), { details: problems.join(' ') });
}

async function writeAdjustments(
  trx: Transaction<Database>,
  actor: Actor,
  id: string,
  adjustments: z.output<typeof ZParAdjust>['adjustments'],
  decision: boolean,
) {
  for (const adj of adjustments) {
    const values = decision
      ? { adjustmentPoints: String(adj.points), adjustmentReason: adj.reason, decisionReason: adj.reason }
      : { adjustmentPoints: String(adj.points), adjustmentReason: adj.reason };
    await trx
      .insertInto('parEntry')
      .values({ assessmentId: id, leafCode: adj.leafCode, ...values, updatedBy: actor.userId })
      .onConflict((oc) =>
        oc.columns(['assessmentId', 'leafCode']).doUpdateSet({ ...values, updatedBy: actor.userId, updatedAt: new Date() }),
      )
      .execute();
  }
}

/** The council's appraisal (thẩm định): adjustments with reasons; opens the agency's contest window. */
export async function appraiseParAssessment(
  db: Kysely<Database>,
  actor: Actor,
  clock: Clock,
  input: z.output<typeof ZParAdjust>,
) {
  const a = await loadAssessment(db, input.id);
  await assertMayAct(db, actor, 'par.appraise', a.agencyId);
  checkAdjustments(a.tree, input.adjustments);
  const calendar = await loadWorkingCalendar(db);
  // An agency that never submitted: its figures are frozen now, at the appraisal.
  const computed = a.computed === null ? await computedInputs(db, a.tree, a.agencyId, a.year, clock.today()) : null;
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('parAssessment')
      .select('state')
      .where('id', '=', a.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const state = step({ ...a, state: locked.state }, 'appraise', clock);
    await writeAdjustments(trx, actor, a.id, input.adjustments, false);
    const contestDue = calendar.addWorkingDays(clock.today(), a.contestWorkingDays);
    await trx
      .updateTable('parAssessment')
      .set({ state, appraisedAt: clock.now(), contestDue, ...(computed ? { computed: JSON.stringify(computed) } : {}) })
      .where('id', '=', a.id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'par.appraise',
      entityType: 'par_assessment',
      entityId: a.id,
      after: { state, contestDue, adjustments: input.adjustments },
    });
    return { state, contestDue };
  });
}

export const ZParContest = z.object({
  id: z.uuid(),
  leaves: z
    .array(
      z.object({
        leafCode: z.string().trim().min(1).max(20),
        text: z.string().trim().min(1, 'Vui lòng nêu nội dung kiến nghị.').max(4000),
      }),
    )
    .min(1)
    .max(200),
});

/** The agency's one contest of the council's adjustments, within its working days. */
export async function contestParAssessment(
  db: Kysely<Database>,
  actor: Actor,
  clock: Clock,
  input: z.output<typeof ZParContest>,
) {
  const a = await loadAssessment(db, input.id);
  await assertMayAct(db, actor, 'par.contest', a.agencyId);
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('parAssessment')
      .select(['state', 'contestedAt'])
      .where('id', '=', a.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const state = step({ ...a, ...locked }, 'contest', clock);
    const adjusted = new Set((await entriesOf(trx, a.id)).filter((e) => e.adjustmentPoints !== null).map((e) => e.leafCode));
    const notAdjusted = input.leaves.filter((l) => !adjusted.has(l.leafCode)).map((l) => l.leafCode);
    if (notAdjusted.length)
      throw new AppError(
        'bad_request',
        'par.contest_unadjusted',
        `Chỉ kiến nghị được điểm đã điều chỉnh khi thẩm định (không phải ${notAdjusted.join(', ')}).`,
        { details: notAdjusted.join(', ') },
      );
    for (const l of input.leaves)
      await trx
        .updateTable('parEntry')
        .set({ contestText: l.text })
        .where('assessmentId', '=', a.id)
        .where('leafCode', '=', l.leafCode)
        .execute();
    await trx.updateTable('parAssessment').set({ state, contestedAt: clock.now() }).where('id', '=', a.id).execute();
    await recordAudit(trx, actor, {
      action: 'par.contest',
      entityType: 'par_assessment',
      entityId: a.id,
      after: { state, leaves: input.leaves },
    });
    return { state };
  });
}

/** The council's decision on a contest: the points that stand, each with its reason. */
export async function decideParContest(db: Kysely<Database>, actor: Actor, clock: Clock, input: z.output<typeof ZParAdjust>) {
  const a = await loadAssessment(db, input.id);
  await assertMayAct(db, actor, 'par.decide', a.agencyId);
  checkAdjustments(a.tree, input.adjustments);
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('parAssessment')
      .select('state')
      .where('id', '=', a.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const state = step({ ...a, state: locked.state }, 'decide', clock);
    await writeAdjustments(trx, actor, a.id, input.adjustments, true);
    await trx.updateTable('parAssessment').set({ state, decidedAt: clock.now() }).where('id', '=', a.id).execute();
    await recordAudit(trx, actor, {
      action: 'par.decide',
      entityType: 'par_assessment',
      entityId: a.id,
      after: { state, adjustments: input.adjustments },
    });
    return { state };
  });
}

export const ZParSurveyImport = z.object({
  yearId: z.uuid(),
  rows: z
    .array(
      z.object({ agencyCode: z.string().trim().min(1).max(40), leafCode: z.string().trim().min(1).max(20), score: z.number() }),
    )
    .min(1)
    .max(20_000),
});

/** Survey results per agency (SIPAS and the like): all or nothing, every bad row named. */
export async function importParSurvey(db: Kysely<Database>, actor: Actor, input: z.output<typeof ZParSurveyImport>) {
  return db.transaction().execute(async (trx) => {
    const year = await trx
      .selectFrom('parYear as y')
      .innerJoin('parScheme as s', 's.id', 'y.schemeId')
      .select(['y.id', 'y.targetKind', 'y.publishedAt', 's.tree'])
      .where('y.id', '=', input.yearId)
      .executeTakeFirst();
    if (!year) throw notFound('năm đánh giá');
    if (year.publishedAt) throw new AppError('conflict', 'par.published', 'Kết quả năm này đã công bố.');
    const surveyLeaves = new Set(
      leavesOf(year.tree as CriteriaTree)
        .filter((l) => l.method.kind === 'survey')
        .map((l) => l.code),
    );
    const agencies = await trx
      .selectFrom('parAssessment as a')
      .innerJoin('agency as g', 'g.id', 'a.agencyId')
      .select(['g.code', 'a.agencyId'])
      .where('a.yearId', '=', year.id)
      .execute();
    const byCode = new Map(agencies.map((a) => [a.code, a.agencyId]));
    const errors: string[] = [];
    input.rows.forEach((r, i) => {
      const line = `Dòng ${i + 2}`;
      if (!byCode.has(r.agencyCode)) errors.push(`${line}: cơ quan ${r.agencyCode} không thuộc đợt đánh giá.`);
      if (!surveyLeaves.has(r.leafCode)) errors.push(`${line}: ${r.leafCode} không phải tiêu chí khảo sát.`);
      if (!(r.score >= 0 && r.score <= 100)) errors.push(`${line}: kết quả khảo sát phải từ 0 đến 100.`);
    });
    if (errors.length)
      throw new AppError('bad_request', 'par.survey_invalid', errors.slice(0, 50).join(' '), {
        count: errors.length,
        details: errors.slice(0, 50).join(' '),
      });
    for (const r of input.rows) {
      await trx
        .insertInto('parSurvey')
        .values({
          yearId: year.id,
          agencyId: byCode.get(r.agencyCode) as string,
          leafCode: r.leafCode,
          score: String(r.score),
          importedBy: actor.userId,
        })
        .onConflict((oc) =>
          oc
            .columns(['yearId', 'agencyId', 'leafCode'])
            .doUpdateSet({ score: String(r.score), importedBy: actor.userId, importedAt: new Date() }),
        )
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'par.survey_import',
      entityType: 'par_year',
      entityId: year.id,
      after: { rows: input.rows.length },
    });
    return { rows: input.rows.length };
  });
}

/** Publication: every assessment scored on its frozen figures, entries, surveys and adjustments; graded and ranked. */
export async function publishParYear(db: Kysely<Database>, actor: Actor, clock: Clock, yearId: string) {
  return db.transaction().execute(async (trx) => {
    const year = await trx.selectFrom('parYear').selectAll().where('id', '=', yearId).forUpdate().executeTakeFirst();
    if (!year) throw notFound('năm đánh giá');
    if (year.publishedAt) throw new AppError('conflict', 'par.published', 'Kết quả năm này đã công bố.');
    const ids = await trx
      .selectFrom('parAssessment')
      .select('id')
      .where('yearId', '=', yearId)
      .orderBy('id')
      .forUpdate()
      .execute();
    const scored: { id: string; index: number | null; grade: string | null; result: unknown; state: string }[] = [];
    const blocked: string[] = [];
    for (const { id } of ids) {
      const a = await loadAssessment(trx, id);
      const next = nextAssessmentState(a.state, 'publish', {
        today: clock.today(),
        contestDue: a.contestDue,
        contestedBefore: a.contestedAt !== null,
        selfDue: a.selfDue,
      });
      if (!next.ok) {
        blocked.push(`${a.agencyName}: ${next.message}`);
        continue;
      }
      const { inputs, adjustments } = inputsOf(
        a.tree,
        (a.computed as Record<string, ComponentInput>) ?? {},
        await entriesOf(trx, id),
        await surveysOf(trx, a.yearId, a.agencyId),
      );
      const result = scoreTree(a.tree, inputs, adjustments);
      scored.push({ id, index: result.index, grade: result.grade, result, state: next.state });
    }
    if (blocked.length)
      throw new AppError(
        'conflict',
        'par.not_ready',
        `Chưa công bố được (${blocked.length} cơ quan): ${blocked.slice(0, 10).join('; ')}`,
        { count: blocked.length, details: blocked.slice(0, 10).join('; ') },
      );
    const ranks = rankIndices(scored);
    for (const s of scored)
      await trx
        .updateTable('parAssessment')
        .set({
          state: 'published',
          result: JSON.stringify(s.result),
          index: s.index === null ? null : String(s.index),
          grade: s.grade,
          rank: ranks.get(s) ?? null,
          publishedAt: clock.now(),
        })
        .where('id', '=', s.id)
        .execute();
    await trx.updateTable('parYear').set({ publishedAt: clock.now() }).where('id', '=', yearId).execute();
    await recordAudit(trx, actor, {
      action: 'par.publish',
      entityType: 'par_year',
      entityId: yearId,
      after: { assessments: scored.length },
    });
    return { published: scored.length };
  });
}

/** A year's results, ranked (published) — or every assessment's state while it runs. */
export async function parYearResults(db: Kysely<Database>, yearId: string) {
  return db
    .selectFrom('parAssessment as a')
    .innerJoin('agency as g', 'g.id', 'a.agencyId')
    .select(['a.id', 'a.agencyId', 'g.code', 'g.name', 'a.state', 'a.index', 'a.grade', 'a.rank'])
    .where('a.yearId', '=', yearId)
    .orderBy(sql`a.rank nulls last`)
    .orderBy('g.code')
    .execute();
}

export type { LeafInputs };
