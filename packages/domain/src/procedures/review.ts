/** The review of a dormant procedure: who proposes what, who decides, and what the decision does to the procedure. */
export const REVIEW_PROPOSALS = ['keep', 'simplify', 'abolish', 'propose_competent'] as const;
export type ReviewProposal = (typeof REVIEW_PROPOSALS)[number];

export const REVIEW_STATUSES = ['open', 'proposed', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const PROCEDURE_STATUSES = ['active', 'simplified', 'abolished'] as const;
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];

/** The procedure's status after an approved proposal; null = unchanged. */
export function statusAfterApproval(proposal: ReviewProposal): ProcedureStatus | null {
  if (proposal === 'abolish') return 'abolished';
  if (proposal === 'simplify') return 'simplified';
  return null;
}

/** Working days the agency has to propose, and the approver to decide (configurable defaults). */
export const REVIEW_DEADLINES = { proposeWorkingDays: 10, decideWorkingDays: 10 } as const;
