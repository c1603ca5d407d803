/**
 * How a leaf of the PAR Index criteria tree (tiêu chí thành phần) earns its points: one registry entry per
 * scoring method, each with its settings, what the assessment gives it, its checks and its "Cách tính".
 * `LEAF_METHODS` is typed as a complete record over `LeafKind`, so the compiler refuses a new kind until
 * it has all of these — a new kind is one entry here, its two type lines above it, and its form in the app.
 *
 * A method returns `null` points when the duty the leaf measures did not arise for the agency (no task was
 * due, no feedback came in, "không phát sinh"): the leaf's N/A rule (criteria.ts) then decides.
 */
import { ratePercent } from '../rates';
import { componentPoints, SCORE_COMPONENT_KEYS, type ScoreComponentKey } from '../scores/scheme';

/** A share of the leaf's points from a rate: at or above `min` % the leaf earns `share` (0–1) of its points. */
export interface Band {
  min: number;
  share: number;
}

/** The settings of each method. */
export interface LeafConfigs {
  /** A figure the product computes (a score component's rate), scaled as QĐ 766: min(rate ÷ threshold, 1). */
  figure_linear: { figure: ScoreComponentKey; threshold: number };
  /** A figure the product computes, by steps (thang điểm theo mức): e.g. 100 % → 1, ≥ 80 % → 0,5, else 0. */
  figure_bands: { figure: ScoreComponentKey; bands: Band[] };
  /** Done or not (có / không), with its evidence: full points or none. */
  yes_no: { readonly _?: never };
  /** Points the agency gives itself (then appraised), with an explanation and, when required, evidence. */
  self_assessed: { evidenceRequired: boolean };
  /** A survey result (0–100 %) imported per agency, e.g. SIPAS satisfaction, scaled to the leaf's points. */
  survey: { readonly _?: never };
  /** Points taken off per case (e.g. per official disciplined), up to the leaf's points; outside the 100. */
  deduction: { perCase: number };
}
export type LeafKind = keyof LeafConfigs;
export const LEAF_KINDS = [
  'figure_linear',
  'figure_bands',
  'yes_no',
  'self_assessed',
  'survey',
  'deduction',
] as const satisfies readonly LeafKind[];

/** What the assessment holds for a leaf of each method. */
export interface LeafInputs {
  figure_linear: { numerator: number; denominator: number };
  figure_bands: { numerator: number; denominator: number };
  /** null: the duty did not arise. */
  yes_no: { done: boolean | null; evidence: number };
  /** null points: the duty did not arise. */
  self_assessed: { points: number | null; explanation: string; evidence: number };
  /** null: not surveyed. */
  survey: { score: number | null };
  deduction: { cases: number };
}

export type LeafMethodConfig = { [K in LeafKind]: { kind: K } & LeafConfigs[K] }[LeafKind];

export interface LeafOutcome {
  /** Points earned (negative for a deduction); null when the duty did not arise. */
  points: number | null;
  /** Why, in Vietnamese: the rate, the band, the answer. */
  note: string;
  /** What the agency still has to give before it may submit (e.g. "Thiếu tài liệu kiểm chứng."). */
  missing?: string;
}

export interface LeafMethod<K extends LeafKind> {
  /** The method's name in the scheme editor. */
  label: string;
  /** Whether the product fills the leaf from its own data (locked for the agency) or someone enters it. */
  source: 'computed' | 'entered' | 'imported';
  /** "Cách tính" of a leaf with these settings and points. */
  describe(config: LeafConfigs[K], maxPoints: number): string;
  /** What is wrong with these settings (Vietnamese), empty when fine. */
  problems(config: LeafConfigs[K], maxPoints: number): string[];
  score(config: LeafConfigs[K], maxPoints: number, input: LeafInputs[K] | undefined): LeafOutcome;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const pts = (x: number) => x.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
const figureProblems = (figure: string) =>
  (SCORE_COMPONENT_KEYS as readonly string[]).includes(figure) ? [] : [`Chỉ số "${figure}" không có trong sản phẩm.`];

function rateNote(input: { numerator: number; denominator: number }) {
  const rate = ratePercent(input.numerator, input.denominator);
  return `${input.numerator}/${input.denominator} = ${rate?.toLocaleString('vi-VN')} %`;
}

/** The share a rate earns under bands (highest band it reaches), 0 below every band. */
export function bandShare(rate: number, bands: readonly Band[]): number {
  const reached = [...bands].sort((a, b) => b.min - a.min).find((b) => rate >= b.min);
  return reached?.share ?? 0;
}

export const LEAF_METHODS: { [K in LeafKind]: LeafMethod<K> } = {
  figure_linear: {
    label: 'Tính từ dữ liệu, tỷ lệ tuyến tính',
    source: 'computed',
    describe: (c, max) => `${pts(max)} điểm × min(tỷ lệ ÷ ${c.threshold} %, 1); không phát sinh: theo quy tắc N/A.`,
    problems: (c) => [
      ...figureProblems(c.figure),
      ...(c.threshold > 0 && c.threshold <= 100 ? [] : ['Ngưỡng phải trong khoảng (0, 100] %.']),
    ],
    score: (c, max, input) => {
      if (!input || input.denominator === 0) return { points: null, note: 'Không phát sinh.' };
      // The QĐ 766 scaling of the quarterly score, the same function.
      return { points: componentPoints((input.numerator / input.denominator) * 100, c.threshold, max), note: rateNote(input) };
    },
  },
  figure_bands: {
    label: 'Tính từ dữ liệu, thang điểm theo mức',
    source: 'computed',
    describe: (c, max) =>
      [...c.bands]
        .sort((a, b) => b.min - a.min)
        .map((b) => `${b.min === 100 ? '100 %' : `≥ ${b.min} %`}: ${pts(round2(b.share * max))} điểm`)
        .concat('thấp hơn: 0 điểm')
        .join('; '),
    problems: (c) => [
      ...figureProblems(c.figure),
      ...(c.bands.length ? [] : ['Cần ít nhất một mức.']),
      ...(c.bands.some((b) => b.min < 0 || b.min > 100) ? ['Mức phải trong khoảng 0–100 %.'] : []),
      ...(c.bands.some((b) => b.share < 0 || b.share > 1) ? ['Tỷ lệ điểm của mỗi mức phải trong khoảng 0–1.'] : []),
      ...(new Set(c.bands.map((b) => b.min)).size !== c.bands.length ? ['Các mức bị trùng.'] : []),
      // A higher rate never earns fewer points.
      ...([...c.bands].sort((a, b) => a.min - b.min).some((b, i, all) => i > 0 && b.share < (all[i - 1] as Band).share)
        ? ['Mức cao hơn không được ít điểm hơn mức thấp hơn.']
        : []),
    ],
    score: (c, max, input) => {
      if (!input || input.denominator === 0) return { points: null, note: 'Không phát sinh.' };
      const rate = (input.numerator / input.denominator) * 100;
      return { points: round2(bandShare(rate, c.bands) * max), note: rateNote(input) };
    },
  },
  yes_no: {
    label: 'Có / không',
    source: 'entered',
    describe: (_c, max) => `Có, kèm tài liệu kiểm chứng: ${pts(max)} điểm; không: 0 điểm.`,
    problems: () => [],
    score: (_c, max, input) => {
      if (!input) return { points: 0, note: 'Chưa tự đánh giá.', missing: 'Chưa tự đánh giá.' };
      if (input.done === null) return { points: null, note: 'Không phát sinh.' };
      if (!input.done) return { points: 0, note: 'Không thực hiện.' };
      if (input.evidence === 0) return { points: 0, note: 'Thiếu tài liệu kiểm chứng.', missing: 'Thiếu tài liệu kiểm chứng.' };
      return { points: max, note: 'Có thực hiện.' };
    },
  },
  self_assessed: {
    label: 'Tự đánh giá, chấm điểm',
    source: 'entered',
    describe: (c, max) =>
      `Cơ quan tự chấm từ 0 đến ${pts(max)} điểm, có giải trình${c.evidenceRequired ? ' và tài liệu kiểm chứng' : ''}; Hội đồng thẩm định.`,
    problems: () => [],
    score: (c, max, input) => {
      if (!input) return { points: 0, note: 'Chưa tự đánh giá.', missing: 'Chưa tự đánh giá.' };
      if (input.points === null) return { points: null, note: 'Không phát sinh.' };
      if (input.points < 0 || input.points > max)
        return { points: 0, note: `Điểm tự chấm phải từ 0 đến ${pts(max)}.`, missing: `Điểm tự chấm phải từ 0 đến ${pts(max)}.` };
      if (!input.explanation.trim()) return { points: 0, note: 'Thiếu giải trình.', missing: 'Thiếu giải trình.' };
      if (c.evidenceRequired && input.points > 0 && input.evidence === 0)
        return { points: 0, note: 'Thiếu tài liệu kiểm chứng.', missing: 'Thiếu tài liệu kiểm chứng.' };
      return { points: round2(input.points), note: input.explanation.trim() };
    },
  },
  survey: {
    label: 'Kết quả điều tra xã hội học',
    source: 'imported',
    describe: (_c, max) => `${pts(max)} điểm × kết quả khảo sát (%) ÷ 100.`,
    problems: () => [],
    score: (_c, max, input) => {
      if (!input || input.score === null) return { points: null, note: 'Chưa có kết quả khảo sát.' };
      const score = Math.max(0, Math.min(100, input.score));
      return { points: round2((score / 100) * max), note: `Kết quả khảo sát ${score.toLocaleString('vi-VN')} %` };
    },
  },
  deduction: {
    label: 'Điểm trừ',
    source: 'entered',
    describe: (c, max) => `Trừ ${pts(c.perCase)} điểm mỗi trường hợp, tối đa ${pts(max)} điểm.`,
    problems: (c) => (c.perCase > 0 ? [] : ['Điểm trừ mỗi trường hợp phải lớn hơn 0.']),
    score: (c, max, input) => {
      const cases = input?.cases ?? 0;
      return { points: -round2(Math.min(cases * c.perCase, max)), note: `${cases} trường hợp` };
    },
  },
};

/** The outcome of one leaf, whatever its method (the registry entry of its kind). */
export function scoreLeafMethod(method: LeafMethodConfig, maxPoints: number, input: unknown): LeafOutcome {
  const entry = LEAF_METHODS[method.kind] as LeafMethod<LeafKind>;
  return entry.score(method as never, maxPoints, input as never);
}

export function describeLeafMethod(method: LeafMethodConfig, maxPoints: number): string {
  const entry = LEAF_METHODS[method.kind] as LeafMethod<LeafKind>;
  return entry.describe(method as never, maxPoints);
}

export function leafMethodProblems(method: LeafMethodConfig, maxPoints: number): string[] {
  const entry = LEAF_METHODS[method.kind] as LeafMethod<LeafKind> | undefined;
  if (!entry) return [`Cách chấm "${String((method as { kind: unknown }).kind)}" không có.`];
  return entry.problems(method as never, maxPoints);
}
