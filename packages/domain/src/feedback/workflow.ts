/**
 * Feedback (phản ánh, kiến nghị — PAKN) and its workflow (DOMAIN.md "Feedback"): received →
 * classified → assigned to the competent agency → (more information requested) → answered →
 * published; it may be refused, returned, or forwarded to another agency (forwarding restarts
 * the clock). Who may take which step is decided here, once, for the API and the screens.
 */
export const FEEDBACK_CHANNELS = ['national_portal', 'provincial_portal', 'hotline', 'letter', 'email', 'in_person'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const SUBMITTER_TYPES = ['citizen', 'business'] as const;
export type SubmitterType = (typeof SUBMITTER_TYPES)[number];

/** Regulations, policies and procedures vs officials' conduct. */
export const FEEDBACK_CLASSIFICATIONS = ['regulation', 'conduct'] as const;
export type FeedbackClassification = (typeof FEEDBACK_CLASSIFICATIONS)[number];

export const SATISFACTIONS = ['satisfied', 'unsatisfied', 'not_rated'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

export const FEEDBACK_STATUSES = [
  'received',
  'classified',
  'assigned',
  'forwarded',
  'info_requested',
  'answered',
  'published',
  'refused',
  'returned',
] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Refused or returned items are outside the agency's competence and leave the on-time denominators. */
export function isWithinCompetence(status: FeedbackStatus): boolean {
  return status !== 'refused' && status !== 'returned';
}

/** How far along the workflow a status is: a re-import never moves an item back. */
export const STATUS_RANK: Record<FeedbackStatus, number> = {
  received: 0,
  classified: 1,
  assigned: 2,
  forwarded: 2,
  info_requested: 3,
  answered: 4,
  published: 5,
  refused: 5,
  returned: 5,
};

/** Closed: nothing more is expected of the agency. */
export function isClosed(status: FeedbackStatus): boolean {
  return status === 'published' || status === 'refused' || status === 'returned';
}

/** Statuses in which the competent agency holds the item and the answer clock runs. */
export const WITH_AGENCY: readonly FeedbackStatus[] = ['assigned', 'forwarded', 'info_requested'];

export const FEEDBACK_ACTIONS = [
  'classify',
  'assign',
  'request_info',
  'info_received',
  'answer',
  'send_back',
  'publish',
  'refuse',
  'return',
  'forward',
  'rate',
] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/**
 * How the viewer stands to an item: the provincial coordinators (Văn phòng UBND / Sở Nội vụ / admin)
 * receive, classify, assign, publish; the competent agency's people handle and answer.
 */
export type FeedbackStanding = 'coordinator' | 'competent' | 'other';

interface Step {
  from: readonly FeedbackStatus[];
  to: FeedbackStatus | null; // null: the status does not change
  by: readonly FeedbackStanding[];
}

const OPEN_BEFORE_ANSWER: readonly FeedbackStatus[] = ['received', 'classified', ...WITH_AGENCY];

export const FEEDBACK_STEPS: Record<FeedbackAction, Step> = {
  classify: { from: ['received', 'classified'], to: 'classified', by: ['coordinator'] },
  assign: { from: ['received', 'classified'], to: 'assigned', by: ['coordinator'] },
  request_info: { from: ['assigned', 'forwarded'], to: 'info_requested', by: ['competent'] },
  info_received: { from: ['info_requested'], to: 'assigned', by: ['competent', 'coordinator'] },
  answer: { from: WITH_AGENCY, to: 'answered', by: ['competent'] },
  // QĐ 31/2021: an unfit answer is sent back before publication.
  send_back: { from: ['answered'], to: 'assigned', by: ['coordinator'] },
  publish: { from: ['answered'], to: 'published', by: ['coordinator'] },
  refuse: { from: OPEN_BEFORE_ANSWER, to: 'refused', by: ['coordinator', 'competent'] },
  return: { from: OPEN_BEFORE_ANSWER, to: 'returned', by: ['coordinator', 'competent'] },
  forward: { from: ['classified', ...WITH_AGENCY], to: 'forwarded', by: ['coordinator', 'competent'] },
  rate: { from: ['answered', 'published'], to: null, by: ['coordinator'] },
};

/** The actions a viewer may take on an item in `status`, in display order. */
export function allowedFeedbackActions(status: FeedbackStatus, standing: FeedbackStanding): FeedbackAction[] {
  return FEEDBACK_ACTIONS.filter((a) => FEEDBACK_STEPS[a].from.includes(status) && FEEDBACK_STEPS[a].by.includes(standing));
}

/** The status after `action`, or null when the action is not allowed from `status` for `standing`. */
export function nextFeedbackStatus(
  status: FeedbackStatus,
  action: FeedbackAction,
  standing: FeedbackStanding,
): FeedbackStatus | null {
  const step = FEEDBACK_STEPS[action];
  if (!step.from.includes(status) || !step.by.includes(standing)) return null;
  return step.to ?? status;
}

/** Time limits in working days (national index defaults; a province, agency or channel may set its own). */
export interface FeedbackLimits {
  refuseDays: number;
  infoDays: number;
  answerDays: number;
  publishDays: number;
}
export const NATIONAL_FEEDBACK_LIMITS: FeedbackLimits = { refuseDays: 2, infoDays: 5, answerDays: 15, publishDays: 2 };

export interface FeedbackLimitRule extends FeedbackLimits {
  agencyId: string | null;
  channel: FeedbackChannel | null;
}

/**
 * The rule that applies to an item: agency + channel, then agency, then channel, then the province
 * default (agency and channel empty), then the national defaults.
 */
export function resolveFeedbackLimits(
  rules: readonly FeedbackLimitRule[],
  agencyId: string | null,
  channel: FeedbackChannel,
): FeedbackLimits {
  const find = (a: string | null, c: FeedbackChannel | null) => rules.find((r) => r.agencyId === a && r.channel === c);
  const rule =
    (agencyId ? (find(agencyId, channel) ?? find(agencyId, null)) : undefined) ?? find(null, channel) ?? find(null, null);
  if (!rule) return NATIONAL_FEEDBACK_LIMITS;
  const { refuseDays, infoDays, answerDays, publishDays } = rule;
  return { refuseDays, infoDays, answerDays, publishDays };
}

/**
 * Masks a personal name or contact for viewers without the right to see it (Nghị định 13/2023): a name
 * becomes "***" whatever its length (no initials, no word lengths to guess from), an e-mail keeps only
 * its domain, a phone number its last three digits.
 */
export const MASKED = '***';

export function maskPersonal(value: string | null): string | null {
  if (value === null || value === '') return value;
  const email = /^([^@\s]+)@(.+)$/.exec(value);
  if (email) return `${MASKED}@${email[2]}`;
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 7 && digits.length >= value.replace(/\s/g, '').length - 2) return `*******${digits.slice(-3)}`;
  return MASKED;
}
