import { describe, expect, it } from 'vitest';
import { nextAssessmentState } from './assessment';
import {
  adjustmentProblems,
  type CriteriaLeaf,
  type CriteriaTree,
  criteriaProblems,
  leafDescriptions,
  leavesOf,
  rankIndices,
  scoreChanges,
  scoreTree,
  treeMaxPoints,
} from './criteria';
import { bandShare, LEAF_KINDS, LEAF_METHODS } from './methods';
import { COMMUNE_PAR_TREE, DEPARTMENT_PAR_TREE } from './seeds';

/** A small tree: 40 computed by steps, 20 computed linearly, 10 yes/no, 20 self-assessed, 10 survey, a deduction. */
const leaf = (
  code: string,
  maxPoints: number,
  method: CriteriaLeaf['method'],
  na: CriteriaLeaf['na'] = 'drop',
): CriteriaLeaf => ({
  code,
  title: `Tiêu chí ${code}`,
  maxPoints,
  method,
  na,
});
const TREE: CriteriaTree = {
  source: 'test',
  groups: [
    { name: 'Tốt', min: 80 },
    { name: 'Khá', min: 65 },
    { name: 'Yếu', min: 0 },
  ],
  fields: [
    {
      code: '1',
      title: 'Chỉ đạo',
      criteria: [
        {
          code: '1.1',
          title: 'Kế hoạch',
          leaves: [
            leaf('1.1.1', 40, {
              kind: 'figure_bands',
              figure: 'tasks_on_time',
              bands: [
                { min: 100, share: 1 },
                { min: 80, share: 0.5 },
              ],
            }),
            leaf('1.1.2', 20, { kind: 'figure_linear', figure: 'feedback_on_time', threshold: 90 }, 'full'),
          ],
        },
      ],
    },
    {
      code: '2',
      title: 'Tự đánh giá',
      criteria: [
        {
          code: '2.1',
          title: 'Tự chấm',
          leaves: [
            leaf('2.1.1', 10, { kind: 'yes_no' }, 'full'),
            leaf('2.1.2', 20, { kind: 'self_assessed', evidenceRequired: true }),
            leaf('2.1.3', 10, { kind: 'survey' }),
            leaf('2.1.4', 5, { kind: 'deduction', perCase: 2 }),
          ],
        },
      ],
    },
  ],
};

const FULL_INPUTS = {
  '1.1.1': { numerator: 9, denominator: 10 },
  '1.1.2': { numerator: 9, denominator: 10 },
  '2.1.1': { done: true, evidence: 1 },
  '2.1.2': { points: 15, explanation: 'Đã ban hành 3 văn bản.', evidence: 2 },
  '2.1.3': { score: 80 },
  '2.1.4': { cases: 1 },
};

describe('scoring methods, one per leaf kind', () => {
  it('has a registry entry for every kind, each with a Vietnamese label', () => {
    for (const kind of LEAF_KINDS) expect(LEAF_METHODS[kind].label).toMatch(/\S/);
  });

  it('stepped bands: 100 % → full, ≥ 80 % → half, below → 0, and the highest band reached counts', () => {
    const bands = [
      { min: 100, share: 1 },
      { min: 80, share: 0.5 },
    ];
    expect(bandShare(100, bands)).toBe(1);
    expect(bandShare(99.9, bands)).toBe(0.5);
    expect(bandShare(80, bands)).toBe(0.5);
    expect(bandShare(79.9, bands)).toBe(0);
    expect(scoreTree(TREE, { ...FULL_INPUTS, '1.1.1': { numerator: 10, denominator: 10 } }).leaves[0]?.points).toBe(40);
    expect(scoreTree(TREE, FULL_INPUTS).leaves[0]).toMatchObject({ points: 20, note: '9/10 = 90 %' });
  });

  it('linear: min(rate ÷ threshold, 1) of the points (QĐ 766)', () => {
    expect(scoreTree(TREE, FULL_INPUTS).leaves[1]?.points).toBe(20);
    expect(scoreTree(TREE, { ...FULL_INPUTS, '1.1.2': { numerator: 45, denominator: 100 } }).leaves[1]?.points).toBe(10);
  });

  it('yes/no: full points only when done and backed by evidence', () => {
    const of = (input: unknown) => scoreTree(TREE, { ...FULL_INPUTS, '2.1.1': input }).leaves[2];
    expect(of({ done: true, evidence: 1 })).toMatchObject({ points: 10 });
    expect(of({ done: false, evidence: 0 })).toMatchObject({ points: 0 });
    expect(of({ done: true, evidence: 0 })).toMatchObject({ points: 0, missing: 'Thiếu tài liệu kiểm chứng.' });
    expect(of(undefined)).toMatchObject({ points: 0, missing: 'Chưa tự đánh giá.' });
  });

  it('self-assessed: the agency’s points with an explanation and, when required, evidence — never above the leaf', () => {
    const of = (input: unknown) => scoreTree(TREE, { ...FULL_INPUTS, '2.1.2': input }).leaves[3];
    expect(of({ points: 15, explanation: 'Có kết quả.', evidence: 1 })).toMatchObject({ points: 15 });
    expect(of({ points: 15, explanation: ' ', evidence: 1 })).toMatchObject({ points: 0, missing: 'Thiếu giải trình.' });
    expect(of({ points: 15, explanation: 'Có.', evidence: 0 })).toMatchObject({
      points: 0,
      missing: 'Thiếu tài liệu kiểm chứng.',
    });
    expect(of({ points: 25, explanation: 'Có.', evidence: 1 })).toMatchObject({
      points: 0,
      missing: 'Điểm tự chấm phải từ 0 đến 20.',
    });
    // Zero points need no evidence.
    expect(of({ points: 0, explanation: 'Chưa thực hiện.', evidence: 0 })).toMatchObject({ points: 0 });
  });

  it('survey: the survey result scales the points; no result is N/A', () => {
    expect(scoreTree(TREE, FULL_INPUTS).leaves[4]?.points).toBe(8);
    expect(scoreTree(TREE, { ...FULL_INPUTS, '2.1.3': { score: null } }).leaves[4]).toMatchObject({ points: null, na: 'drop' });
  });

  it('deduction: points off per case up to its cap, outside the 100', () => {
    expect(scoreTree(TREE, FULL_INPUTS).leaves[5]?.points).toBe(-2);
    expect(scoreTree(TREE, { ...FULL_INPUTS, '2.1.4': { cases: 9 } }).leaves[5]?.points).toBe(-5);
    expect(treeMaxPoints(TREE)).toBe(100);
  });
});

describe('N/A: when the duty did not arise', () => {
  it('"drop" leaves the leaf out of the maximum: the index is earned ÷ available × 100', () => {
    const score = scoreTree(TREE, { ...FULL_INPUTS, '1.1.1': { numerator: 0, denominator: 0 } });
    expect(score.leaves[0]).toMatchObject({ points: null, na: 'drop' });
    // 20 + 10 + 15 + 8 = 53 earned of 60 available, minus 2 deducted: 51 ÷ 60.
    expect(score).toMatchObject({ earned: 53, deducted: 2, available: 60, index: 85, grade: 'Tốt' });
  });

  it('"full" gives the leaf its full points instead', () => {
    const score = scoreTree(TREE, { ...FULL_INPUTS, '1.1.2': { numerator: 0, denominator: 0 } });
    expect(score.leaves[1]).toMatchObject({ points: 20, computed: null, na: 'full' });
    expect(score.available).toBe(100);
  });

  it('the same agency can be graded differently by the rule: the example the issue gives', () => {
    // Nothing was due for its tasks (1.1.1) and no feedback came in (1.1.2); the rest as above.
    const nothingDue = { ...FULL_INPUTS, '1.1.1': { numerator: 0, denominator: 0 }, '1.1.2': { numerator: 0, denominator: 0 } };
    const dropped = scoreTree({ ...TREE, fields: TREE.fields.map((f) => ({ ...f })) }, nothingDue);
    expect(dropped.index).toBe(85);
    const allDrop = scoreTree(
      {
        ...TREE,
        fields: TREE.fields.map((f) => ({
          ...f,
          criteria: f.criteria.map((c) => ({ ...c, leaves: c.leaves.map((l) => ({ ...l, na: 'drop' as const })) })),
        })),
      },
      nothingDue,
    );
    // 33 − 2 of 40: 77.5 one way, 85 the other.
    expect(allDrop.index).toBe(77.5);
    expect(allDrop.grade).toBe('Khá');
    expect(dropped.grade).toBe('Tốt');
  });

  it('everything N/A under "drop" has no index', () => {
    const tree: CriteriaTree = {
      ...TREE,
      fields: [
        { code: '1', title: 'x', criteria: [{ code: '1.1', title: 'x', leaves: [leaf('1.1.1', 100, { kind: 'survey' })] }] },
      ],
    };
    expect(scoreTree(tree, {})).toMatchObject({ index: null, grade: null });
  });
});

describe('totals, appraisal, ranks and changes', () => {
  it('sums leaves into criteria and fields', () => {
    const score = scoreTree(TREE, FULL_INPUTS);
    expect(score.criteria).toEqual([
      { code: '1.1', earned: 40, available: 60 },
      { code: '2.1', earned: 31, available: 40 },
    ]);
    expect(score).toMatchObject({ earned: 73, deducted: 2, available: 100, index: 71, grade: 'Khá' });
  });

  it("the council's adjustment replaces a leaf's points, with its reason, and clears what was missing", () => {
    const score = scoreTree(
      TREE,
      { ...FULL_INPUTS, '2.1.1': { done: true, evidence: 0 } },
      {
        '2.1.2': { points: 10, reason: 'Tài liệu kiểm chứng chỉ chứng minh 2 văn bản.' },
        '2.1.1': { points: 10, reason: 'Đã bổ sung tài liệu khi thẩm định.' },
      },
    );
    expect(score.leaves[3]).toMatchObject({
      points: 10,
      computed: 15,
      adjusted: true,
      note: 'Tài liệu kiểm chứng chỉ chứng minh 2 văn bản.',
    });
    expect(score.missing).toEqual([]);
    const [leaf211] = leavesOf(TREE).filter((l) => l.code === '2.1.1');
    expect(adjustmentProblems(leaf211 as CriteriaLeaf, { points: 12, reason: 'x' })).toEqual([
      'Điểm thẩm định của 2.1.1 phải từ 0 đến 10.',
    ]);
    expect(adjustmentProblems(leaf211 as CriteriaLeaf, { points: 5, reason: '' })).toEqual([
      'Vui lòng ghi lý do điều chỉnh điểm 2.1.1.',
    ]);
  });

  it('ranks by index within a group, ties sharing a rank, no index no rank', () => {
    const rows = [{ index: 80 }, { index: 92.5 }, { index: 80 }, { index: null }];
    const ranks = rankIndices(rows);
    expect(rows.map((r) => ranks.get(r) ?? null)).toEqual([2, 1, 2, null]);
  });

  it('says why a score moved: the index, then fields and leaves by the size of their change', () => {
    const last = scoreTree(TREE, FULL_INPUTS);
    const now = scoreTree(TREE, { ...FULL_INPUTS, '1.1.1': { numerator: 10, denominator: 10 }, '2.1.4': { cases: 2 } });
    expect(scoreChanges(last, now)).toEqual({
      index: 18,
      fields: [
        { code: '1', change: 20 },
        { code: '2', change: -2 },
      ],
      leaves: [
        { code: '1.1.1', change: 20 },
        { code: '2.1.4', change: -2 },
      ],
    });
  });
});

describe('the seed trees and the checks of a tree', () => {
  it('the departments and communes trees are valid, out of 100, with computed and self-assessed leaves', () => {
    for (const tree of [DEPARTMENT_PAR_TREE, COMMUNE_PAR_TREE]) {
      expect(criteriaProblems(tree)).toEqual([]);
      expect(treeMaxPoints(tree)).toBe(100);
      const kinds = new Set(leavesOf(tree).map((l) => l.method.kind));
      expect(kinds).toEqual(new Set(['figure_bands', 'figure_linear', 'yes_no', 'self_assessed', 'survey', 'deduction']));
      expect(tree.source).toContain('QĐ 1150/QĐ-BNV');
    }
  });

  it('names what is wrong with a tree in Vietnamese', () => {
    const broken: CriteriaTree = {
      ...TREE,
      groups: [{ name: 'A', min: 50 }],
      fields: [
        {
          code: '1',
          title: 'x',
          criteria: [
            {
              code: '1.1',
              title: 'x',
              leaves: [
                leaf('1.1.1', 50, {
                  kind: 'figure_bands',
                  figure: 'tasks_on_time',
                  bands: [
                    { min: 80, share: 1 },
                    { min: 100, share: 0.5 },
                  ],
                }),
                leaf('1.1.1', 30, { kind: 'figure_linear', figure: 'nope' as never, threshold: 0 }),
              ],
            },
          ],
        },
      ],
    };
    expect(criteriaProblems(broken)).toEqual([
      'Mã lĩnh vực, tiêu chí, tiêu chí thành phần không được trùng.',
      'Tổng điểm tối đa phải bằng 100 (hiện là 80).',
      '1.1.1: Mức cao hơn không được ít điểm hơn mức thấp hơn.',
      '1.1.1: Chỉ số "nope" không có trong sản phẩm.',
      '1.1.1: Ngưỡng phải trong khoảng (0, 100] %.',
      'Cần một nhóm xếp loại bắt đầu từ 0.',
    ]);
  });

  it('writes each leaf’s "Cách tính" with its N/A rule', () => {
    const text = leafDescriptions(TREE);
    expect(text.get('1.1.1')).toBe(
      '100 %: 40 điểm; ≥ 80 %: 20 điểm; thấp hơn: 0 điểm Không phát sinh: không tính vào điểm tối đa.',
    );
    expect(text.get('2.1.4')).toBe('Trừ 2 điểm mỗi trường hợp, tối đa 5 điểm.');
  });
});

describe('the assessment year, step by step', () => {
  const ctx = { today: '2027-02-10', contestDue: '2027-02-14', contestedBefore: false, selfDue: '2027-01-15' };
  it('goes self-assessing → submitted → appraised → contested → decided → published', () => {
    expect(nextAssessmentState('self_assessing', 'submit', { ...ctx, today: '2027-01-10' })).toEqual({
      ok: true,
      state: 'submitted',
    });
    expect(nextAssessmentState('submitted', 'appraise', ctx)).toEqual({ ok: true, state: 'appraised' });
    expect(nextAssessmentState('appraised', 'contest', ctx)).toEqual({ ok: true, state: 'contested' });
    expect(nextAssessmentState('contested', 'decide', ctx)).toEqual({ ok: true, state: 'decided' });
    expect(nextAssessmentState('decided', 'publish', ctx)).toEqual({ ok: true, state: 'published' });
  });

  it('refuses a submission after the deadline; appraises an agency that did not submit only once it has passed', () => {
    expect(nextAssessmentState('self_assessing', 'submit', ctx)).toEqual({
      ok: false,
      message: 'Đã quá hạn tự đánh giá (15/01/2027): Hội đồng thẩm định trên nội dung đã nhập.',
    });
    expect(nextAssessmentState('self_assessing', 'appraise', ctx)).toEqual({ ok: true, state: 'appraised' });
    expect(nextAssessmentState('self_assessing', 'appraise', { ...ctx, today: '2027-01-15' })).toMatchObject({ ok: false });
  });

  it('refuses a second contest, a late one, and publishing before the contest window closes', () => {
    expect(nextAssessmentState('appraised', 'contest', { ...ctx, contestedBefore: true })).toEqual({
      ok: false,
      message: 'Mỗi cơ quan chỉ được kiến nghị một lần.',
    });
    expect(nextAssessmentState('appraised', 'contest', { ...ctx, today: '2027-02-15' })).toEqual({
      ok: false,
      message: 'Đã hết thời hạn kiến nghị về kết quả thẩm định.',
    });
    expect(nextAssessmentState('appraised', 'publish', ctx)).toMatchObject({ ok: false });
    expect(nextAssessmentState('appraised', 'publish', { ...ctx, today: '2027-02-15' })).toEqual({
      ok: true,
      state: 'published',
    });
    expect(nextAssessmentState('published', 'submit', ctx)).toEqual({
      ok: false,
      message: 'Không thực hiện được khi kết quả "Đã công bố".',
    });
  });
});
