/**
 * The year's assessment of one agency, step by step (QĐ 1150/QĐ-BNV's process as provinces run it):
 * the Sở Nội vụ opens the year → the agency self-assesses (computed leaves pre-filled and locked) →
 * submits by the deadline → the council appraises (thẩm định), adjusting leaves with a reason → the agency
 * may contest adjustments once, within its working days → the council decides → results are published.
 */
export const ASSESSMENT_STATES = ['self_assessing', 'submitted', 'appraised', 'contested', 'decided', 'published'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];

export const ASSESSMENT_ACTIONS = ['submit', 'appraise', 'contest', 'decide', 'publish', 'reopen'] as const;
export type AssessmentAction = (typeof ASSESSMENT_ACTIONS)[number];

/** Who acts at each step: the agency itself, or the council (Sở Nội vụ, working group). */
export const ACTION_BY: Record<AssessmentAction, 'agency' | 'council'> = {
  submit: 'agency',
  appraise: 'council',
  contest: 'agency',
  decide: 'council',
  publish: 'council',
  reopen: 'council',
};

const NEXT: Record<AssessmentAction, { from: readonly AssessmentState[]; to: AssessmentState }> = {
  submit: { from: ['self_assessing'], to: 'submitted' },
  // An agency that did not submit by the deadline is appraised on what it entered (what it did not scores 0).
  appraise: { from: ['submitted', 'self_assessing'], to: 'appraised' },
  contest: { from: ['appraised'], to: 'contested' },
  decide: { from: ['contested'], to: 'decided' },
  // Uncontested results are published once the contest window has closed; contested ones once decided.
  publish: { from: ['appraised', 'decided'], to: 'published' },
  // The council sends a submission back for the agency to complete (before appraising it).
  reopen: { from: ['submitted'], to: 'self_assessing' },
};

export const STATE_LABELS: Record<AssessmentState, string> = {
  self_assessing: 'Đang tự đánh giá',
  submitted: 'Đã nộp, chờ thẩm định',
  appraised: 'Đã thẩm định',
  contested: 'Đang giải trình, kiến nghị',
  decided: 'Đã xem xét kiến nghị',
  published: 'Đã công bố',
};

/** The state after an action, or the Vietnamese reason it is not allowed now. */
export function nextAssessmentState(
  state: AssessmentState,
  action: AssessmentAction,
  context: { today: string; contestDue: string | null; contestedBefore: boolean; selfDue: string },
): { ok: true; state: AssessmentState } | { ok: false; message: string } {
  const step = NEXT[action];
  if (!step.from.includes(state)) return { ok: false, message: `Không thực hiện được khi kết quả "${STATE_LABELS[state]}".` };
  const due = context.selfDue.split('-').reverse().join('/');
  if (action === 'submit' && context.today > context.selfDue)
    return { ok: false, message: `Đã quá hạn tự đánh giá (${due}): Hội đồng thẩm định trên nội dung đã nhập.` };
  if (action === 'appraise' && state === 'self_assessing' && context.today <= context.selfDue)
    return { ok: false, message: `Cơ quan chưa nộp; chỉ thẩm định được khi đã nộp hoặc đã quá hạn tự đánh giá (${due}).` };
  if (action === 'contest') {
    if (context.contestedBefore) return { ok: false, message: 'Mỗi cơ quan chỉ được kiến nghị một lần.' };
    if (context.contestDue && context.today > context.contestDue)
      return { ok: false, message: 'Đã hết thời hạn kiến nghị về kết quả thẩm định.' };
  }
  if (action === 'publish' && state === 'appraised' && context.contestDue && context.today <= context.contestDue)
    return { ok: false, message: 'Chưa hết thời hạn kiến nghị: chưa công bố được.' };
  return { ok: true, state: step.to };
}
