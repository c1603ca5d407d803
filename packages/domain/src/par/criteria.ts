/**
 * The annual PAR Index (Chỉ số cải cách hành chính) of a department or commune: a criteria tree — lĩnh vực
 * → tiêu chí → tiêu chí thành phần — as in the Bộ Nội vụ's method (QĐ 1150/QĐ-BNV: self-assessment with
 * verification documents, appraisal by a council, a sociological survey) and the provinces' own sets.
 *
 * Each leaf has its points, a scoring method (methods.ts) and an N/A rule for when its duty did not arise:
 * - `drop`: the leaf leaves the maximum (the index is earned ÷ available × 100), as the quarterly score does;
 * - `full`: the leaf earns its full points, as many provincial indices give when "không phát sinh".
 * Deduction leaves (điểm trừ) take points off and are outside the 100.
 *
 * The final points of a leaf are the council's (thẩm định) where it adjusted them, else the agency's own
 * or the computed ones; an adjustment needs a reason, and the agency may contest it once.
 */
import type { SchemeGroup } from '../scores/scheme';
import { groupOf, rankTotals } from '../scores/scheme';
import {
  describeLeafMethod,
  LEAF_METHODS,
  type LeafKind,
  type LeafMethodConfig,
  leafMethodProblems,
  scoreLeafMethod,
} from './methods';

export type NaRule = 'drop' | 'full';

export interface CriteriaLeaf {
  /** "3.3.1": unique in the tree. */
  code: string;
  title: string;
  /** Its points in the 100 (the cap of a deduction). */
  maxPoints: number;
  method: LeafMethodConfig;
  na: NaRule;
  /** What evidence the council expects (tài liệu kiểm chứng), shown to the agency. */
  evidenceHint?: string;
}

export interface Criterion {
  code: string;
  title: string;
  leaves: CriteriaLeaf[];
}

export interface CriteriaField {
  code: string;
  title: string;
  criteria: Criterion[];
}

export interface CriteriaTree {
  fields: CriteriaField[];
  /** Grades by index (e.g. Xuất sắc ≥ 90, Tốt ≥ 80 …). */
  groups: SchemeGroup[];
  /** Where the criteria come from: the province's decision, cited. */
  source: string;
}

export function leavesOf(tree: CriteriaTree): CriteriaLeaf[] {
  return tree.fields.flatMap((f) => f.criteria.flatMap((c) => c.leaves));
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The points of a tree's leaves in the 100 (deductions aside). */
export function treeMaxPoints(tree: CriteriaTree): number {
  return round2(
    leavesOf(tree)
      .filter((l) => l.method.kind !== 'deduction')
      .reduce((s, l) => s + l.maxPoints, 0),
  );
}

/** What is wrong with a tree (Vietnamese), empty when it can be used. */
export function criteriaProblems(tree: CriteriaTree): string[] {
  const problems: string[] = [];
  const codes = [...tree.fields.map((f) => f.code), ...tree.fields.flatMap((f) => f.criteria.map((c) => c.code))];
  const leaves = leavesOf(tree);
  codes.push(...leaves.map((l) => l.code));
  if (new Set(codes).size !== codes.length) problems.push('Mã lĩnh vực, tiêu chí, tiêu chí thành phần không được trùng.');
  if (!leaves.length) problems.push('Bộ tiêu chí cần ít nhất một tiêu chí thành phần.');
  for (const f of tree.fields) {
    if (!f.criteria.length) problems.push(`Lĩnh vực ${f.code} chưa có tiêu chí.`);
    for (const c of f.criteria) if (!c.leaves.length) problems.push(`Tiêu chí ${c.code} chưa có tiêu chí thành phần.`);
  }
  const max = treeMaxPoints(tree);
  if (max !== 100) problems.push(`Tổng điểm tối đa phải bằng 100 (hiện là ${max.toLocaleString('vi-VN')}).`);
  for (const l of leaves) {
    if (!(l.maxPoints > 0)) problems.push(`Điểm tối đa của ${l.code} phải lớn hơn 0.`);
    for (const p of leafMethodProblems(l.method, l.maxPoints)) problems.push(`${l.code}: ${p}`);
  }
  const mins = tree.groups.map((g) => g.min);
  if (new Set(tree.groups.map((g) => g.name)).size !== tree.groups.length) problems.push('Tên nhóm xếp loại bị trùng.');
  if (!mins.includes(0)) problems.push('Cần một nhóm xếp loại bắt đầu từ 0.');
  return [...new Set(problems)];
}

/** The council's change to a leaf's points, with its reason. */
export interface Adjustment {
  points: number;
  reason: string;
}

export interface LeafScore {
  code: string;
  kind: LeafKind;
  maxPoints: number;
  /** What the method gave (null: the duty did not arise). */
  computed: number | null;
  /** The points that count: the council's where adjusted, else the method's, else the N/A rule's. */
  points: number | null;
  /** How N/A was applied, if it was. */
  na: NaRule | null;
  adjusted: boolean;
  note: string;
  missing?: string;
}

export interface NodeScore {
  code: string;
  earned: number;
  /** Points in play once dropped leaves are left out. */
  available: number;
}

export interface TreeScore {
  leaves: LeafScore[];
  criteria: NodeScore[];
  fields: NodeScore[];
  earned: number;
  deducted: number;
  available: number;
  /** (earned − deducted) ÷ available × 100, one decimal, never below 0; null when nothing is in play. */
  index: number | null;
  grade: string | null;
  /** Leaves still missing something the agency must give before submitting. */
  missing: { code: string; message: string }[];
}

/**
 * Scores an agency on a tree: each leaf by its method, N/A by its rule, the council's adjustments over
 * the rest; totals per criterion and field; the index and its grade.
 */
export function scoreTree(
  tree: CriteriaTree,
  inputs: Readonly<Record<string, unknown>>,
  adjustments: Readonly<Record<string, Adjustment>> = {},
): TreeScore {
  const leafScores = new Map<string, LeafScore>();
  for (const leaf of leavesOf(tree)) {
    const outcome = scoreLeafMethod(leaf.method, leaf.maxPoints, inputs[leaf.code]);
    const na = outcome.points === null ? leaf.na : null;
    const byRule = outcome.points ?? (leaf.na === 'full' ? leaf.maxPoints : null);
    const adjustment = adjustments[leaf.code];
    leafScores.set(leaf.code, {
      code: leaf.code,
      kind: leaf.method.kind,
      maxPoints: leaf.maxPoints,
      computed: outcome.points,
      points: adjustment ? adjustment.points : byRule,
      na: adjustment ? null : na,
      adjusted: Boolean(adjustment),
      note: adjustment ? adjustment.reason : outcome.note,
      ...(outcome.missing && !adjustment ? { missing: outcome.missing } : {}),
    });
  }
  const node = (code: string, leaves: readonly CriteriaLeaf[]): NodeScore => {
    let earned = 0;
    let available = 0;
    for (const l of leaves) {
      const s = leafScores.get(l.code) as LeafScore;
      if (s.kind === 'deduction') {
        earned += s.points ?? 0;
        continue;
      }
      if (s.points === null) continue;
      earned += s.points;
      available += s.maxPoints;
    }
    return { code, earned: round2(earned), available: round2(available) };
  };
  const criteria = tree.fields.flatMap((f) => f.criteria.map((c) => node(c.code, c.leaves)));
  const fields = tree.fields.map((f) =>
    node(
      f.code,
      f.criteria.flatMap((c) => c.leaves),
    ),
  );
  const all = [...leafScores.values()];
  const earned = round2(all.filter((s) => s.kind !== 'deduction').reduce((s, l) => s + (l.points ?? 0), 0));
  const deducted = round2(-all.filter((s) => s.kind === 'deduction').reduce((s, l) => s + (l.points ?? 0), 0));
  const available = round2(all.filter((s) => s.kind !== 'deduction' && s.points !== null).reduce((s, l) => s + l.maxPoints, 0));
  const index = available === 0 ? null : round1((Math.max(0, earned - deducted) / available) * 100);
  return {
    leaves: all,
    criteria,
    fields,
    earned,
    deducted,
    available,
    index,
    grade: groupOf(index, tree.groups),
    missing: all.filter((s) => s.missing).map((s) => ({ code: s.code, message: s.missing as string })),
  };
}

/** Checks the council's adjustment of a leaf: within the leaf's range, with a reason. */
export function adjustmentProblems(leaf: CriteriaLeaf, adjustment: Adjustment): string[] {
  const problems: string[] = [];
  const [low, high] = leaf.method.kind === 'deduction' ? [-leaf.maxPoints, 0] : [0, leaf.maxPoints];
  if (!(adjustment.points >= low && adjustment.points <= high))
    problems.push(`Điểm thẩm định của ${leaf.code} phải từ ${low.toLocaleString('vi-VN')} đến ${high.toLocaleString('vi-VN')}.`);
  if (!adjustment.reason.trim()) problems.push(`Vui lòng ghi lý do điều chỉnh điểm ${leaf.code}.`);
  return problems;
}

/** "Cách tính" of each leaf, by code. */
export function leafDescriptions(tree: CriteriaTree): Map<string, string> {
  const na = { drop: 'Không phát sinh: không tính vào điểm tối đa.', full: 'Không phát sinh: đạt điểm tối đa.' };
  return new Map(
    leavesOf(tree).map((l) => [
      l.code,
      `${describeLeafMethod(l.method, l.maxPoints)}${l.method.kind === 'deduction' ? '' : ` ${na[l.na]}`}`,
    ]),
  );
}

/** Whether the product fills a leaf from its data (the agency cannot change it). */
export function isComputedLeaf(leaf: CriteriaLeaf): boolean {
  return LEAF_METHODS[leaf.method.kind].source === 'computed';
}

/** Ranks by index within a group of agencies (1, 2, 2, 4 …); no index, no rank. */
export function rankIndices<T extends { index: number | null }>(rows: readonly T[]): Map<T, number> {
  const wrapped = rows.map((row) => ({ row, total: row.index }));
  const ranks = rankTotals(wrapped);
  return new Map(wrapped.filter((w) => ranks.has(w)).map((w) => [w.row, ranks.get(w) as number]));
}

/** Why the score moved: the change of each field and leaf against last year, largest first. */
export function scoreChanges(
  previous: TreeScore,
  current: TreeScore,
): { index: number | null; fields: { code: string; change: number }[]; leaves: { code: string; change: number }[] } {
  const diff = (a: readonly { code: string; value: number }[], b: readonly { code: string; value: number }[]) => {
    const before = new Map(a.map((x) => [x.code, x.value]));
    return b
      .map((x) => ({ code: x.code, change: round2(x.value - (before.get(x.code) ?? 0)) }))
      .filter((x) => x.change !== 0)
      .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.code.localeCompare(y.code));
  };
  const fieldValues = (s: TreeScore) => s.fields.map((f) => ({ code: f.code, value: f.earned }));
  const leafValues = (s: TreeScore) => s.leaves.map((l) => ({ code: l.code, value: l.points ?? 0 }));
  return {
    index: previous.index === null || current.index === null ? null : round1(current.index - previous.index),
    fields: diff(fieldValues(previous), fieldValues(current)),
    leaves: diff(leafValues(previous), leafValues(current)),
  };
}
