/**
 * The one access policy (issue 15, item 1; OWASP ASVS 4.1.1, 4.1.3, 4.2.1). For every action — each tRPC
 * procedure by its dotted path, each HTTP route by `METHOD /url` — which roles may do it, and on which
 * agencies' data:
 * - `all`: the whole province;
 * - `subtree`: the user's agency and its sub-agencies;
 * - `own`: the user's agency only (or, for personal actions, the user's own records).
 * Province-wide roles (admin, home_affairs, working_group) always act on `all`. Deny by default: an action
 * missing here is refused by the tRPC middleware and the file routes, and the policy test fails.
 *
 * Readers: the tRPC middleware (packages/api/src/trpc.ts), the file and export routes (apps/server/src/http.ts),
 * the agency checks in core (core/org/scope.ts), and the admin app's menus and buttons (`may`, `modulesForRole`).
 */
import { type ApiKeyScope, type AppModule, isAgencyScoped, MODULES, ROLES, type Role } from './roles';

export type AgencyScope = 'own' | 'subtree' | 'all';
export type Grants = Readonly<Partial<Record<Role, AgencyScope>>>;

export type Rule =
  /** Anyone, signed in or not; `why` says why that is safe. */
  | { readonly kind: 'public'; readonly why: string }
  /** Signed-in users of the roles named, each on the agencies named. */
  | { readonly kind: 'roles'; readonly grants: Grants }
  /** Another system with an API key carrying the scope (issue 19); `optional`: also anyone, with less. */
  | { readonly kind: 'api_key'; readonly scope: ApiKeyScope; readonly optional: boolean }
  /** The tRPC endpoint itself: each procedure by its own rule. */
  | { readonly kind: 'procedures' };

const PROVINCE: readonly Role[] = ['admin', 'home_affairs', 'working_group'];
const EVERYONE: readonly Role[] = ROLES;

/** Roles on actions; province-wide roles on `all`, agency roles on `agencies` (default: their subtree). */
function roles(who: readonly Role[], agencies: AgencyScope = 'subtree'): Rule {
  const grants: Partial<Record<Role, AgencyScope>> = {};
  for (const role of who) grants[role] = isAgencyScoped(role) ? agencies : 'all';
  return { kind: 'roles', grants };
}
const pub = (why: string): Rule => ({ kind: 'public', why });

const ADMIN = ['admin'] as const satisfies readonly Role[];
const NOI_VU = ['admin', 'home_affairs'] as const satisfies readonly Role[];
const PLAN_MANAGERS = ['working_group', 'home_affairs'] as const satisfies readonly Role[];
const SESSION_MANAGERS = ['working_group'] as const satisfies readonly Role[];
const DECIDERS = ['home_affairs', 'working_group'] as const satisfies readonly Role[];
const AGENCY = ['agency_head', 'agency_officer'] as const satisfies readonly Role[];
/** Citizens' challenges go to the reviewing agency; the Sở Nội vụ and the working group follow all of them. */
const CHALLENGE_ANSWERERS = ['agency_officer', 'agency_head', 'home_affairs', 'working_group'] as const satisfies readonly Role[];

/** Every tRPC procedure. */
export const PROCEDURE_POLICY = {
  'auth.me': pub('says only whether the caller is signed in, and as whom'),
  'auth.signIn': pub('signing in; throttled before the password is checked'),
  'auth.signOut': roles(EVERYONE, 'own'),
  'auth.changePassword': roles(EVERYONE, 'own'),
  // One's own sessions only (the service filters by the signed-in user).
  'auth.sessions': roles(EVERYONE, 'own'),
  'auth.revokeSession': roles(EVERYONE, 'own'),
  'auth.revokeOtherSessions': roles(EVERYONE, 'own'),
  // Two-factor sign-in: one's own, for the accounts that run the province's data (admin, Sở Nội vụ).
  'auth.twoFactor': roles(EVERYONE, 'own'),
  'auth.startTwoFactor': roles(NOI_VU, 'own'),
  'auth.confirmTwoFactor': roles(NOI_VU, 'own'),
  'auth.disableTwoFactor': roles(NOI_VU, 'own'),
  // The agency tree is reference data everyone picks agencies from.
  'org.children': roles(EVERYONE, 'all'),
  'org.search': roles(EVERYONE, 'all'),
  'org.agency': roles(EVERYONE, 'all'),
  'org.importCsv': roles(ADMIN),
  // Which successor of a split unit carries its history: the Sở Nội vụ decides, as for schemes.
  'org.setSplitHeir': roles(NOI_VU),
  'org.importRuns': roles(ADMIN),
  'org.importRunErrors': roles(ADMIN),
  // Agency heads see their own agency's accounts.
  'users.list': roles(['admin', 'home_affairs', 'agency_head'], 'own'),
  'users.create': roles(ADMIN),
  'users.update': roles(ADMIN),
  'users.setActive': roles(ADMIN),
  'users.resetPassword': roles(ADMIN),
  'audit.list': roles(NOI_VU),
  'audit.facets': roles(NOI_VU),
  // The holiday calendar is reference data everyone's deadlines depend on; the Sở Nội vụ keeps it.
  'calendar.years': roles(EVERYONE, 'all'),
  'calendar.year': roles(EVERYONE, 'all'),
  'calendar.dueDate': roles(EVERYONE, 'all'),
  'calendar.prefill': roles(NOI_VU),
  'calendar.saveYear': roles(NOI_VU),
  // Plans are public within the administration; tasks are limited to the viewer's agencies.
  'plans.list': roles(EVERYONE, 'all'),
  'plans.get': roles(EVERYONE, 'all'),
  'plans.tasks': roles(EVERYONE),
  'plans.taskPage': roles(EVERYONE),
  'plans.task': roles(EVERYONE),
  'plans.create': roles(PLAN_MANAGERS),
  'plans.update': roles(PLAN_MANAGERS),
  'plans.delete': roles(PLAN_MANAGERS),
  'plans.createGroup': roles(PLAN_MANAGERS),
  'plans.changes': roles(PLAN_MANAGERS),
  'plans.createTask': roles(PLAN_MANAGERS),
  'plans.importTasks': roles(PLAN_MANAGERS),
  'plans.updateTask': roles(PLAN_MANAGERS),
  'plans.cancelTask': roles(PLAN_MANAGERS),
  'plans.updateGroup': roles(PLAN_MANAGERS),
  'plans.deleteGroup': roles(PLAN_MANAGERS),
  'plans.reopenTask': roles(PLAN_MANAGERS),
  'plans.reportProgress': roles(['agency_officer', ...PLAN_MANAGERS]),
  // Sessions: the secretariat (working_group) manages; every role reads, agency roles only their own records.
  'meetings.groups': roles(EVERYONE, 'all'),
  'meetings.createGroup': roles(['working_group', 'home_affairs']),
  'meetings.sessions': roles(EVERYONE),
  'meetings.session': roles(EVERYONE),
  'meetings.createSession': roles(SESSION_MANAGERS),
  'meetings.updateSession': roles(SESSION_MANAGERS),
  'meetings.markAttendance': roles(SESSION_MANAGERS),
  'meetings.markAllPresent': roles(SESSION_MANAGERS),
  'meetings.finalise': roles(SESSION_MANAGERS),
  'meetings.addConclusion': roles(SESSION_MANAGERS),
  'meetings.attachDocument': roles(SESSION_MANAGERS),
  'meetings.removeDocument': roles(SESSION_MANAGERS),
  'meetings.conclusionToTask': roles(SESSION_MANAGERS),
  'meetings.attendance': roles(EVERYONE),
  'meetings.matrix': roles(EVERYONE),
  // Procedures: everyone reads the catalogue and the dormancy lists; imports and scans by the province-wide roles.
  'procedures.search': roles(EVERYONE, 'all'),
  'procedures.get': roles(EVERYONE, 'all'),
  'procedures.importCatalogue': roles(PROVINCE),
  'procedures.importFile': roles(PROVINCE),
  'procedures.importRun': roles(PROVINCE),
  'procedures.importRuns': roles(PROVINCE),
  'procedures.dormant': roles(EVERYONE, 'all'),
  'procedures.dormantPairs': roles(EVERYONE, 'all'),
  'procedures.dormantXlsx': roles(EVERYONE, 'all'),
  'procedures.scan': roles(PROVINCE),
  'procedures.scans': roles(EVERYONE, 'all'),
  'procedures.reviews': roles(EVERYONE),
  'procedures.openReview': roles(DECIDERS),
  'procedures.openReviews': roles(DECIDERS),
  'procedures.proposeReview': roles(['agency_officer', ...DECIDERS]),
  'procedures.decideReview': roles(DECIDERS),
  // Feedback: agency roles see and act on their agencies' items, personal data masked by the service.
  'feedback.list': roles(EVERYONE),
  'feedback.get': roles(EVERYONE),
  'feedback.create': roles(PROVINCE),
  'feedback.act': roles(EVERYONE),
  'feedback.figures': roles(EVERYONE),
  'feedback.agencyPage': roles(EVERYONE),
  'feedback.limits': roles(EVERYONE, 'all'),
  'feedback.saveLimit': roles(NOI_VU),
  'feedback.deleteLimit': roles(NOI_VU),
  'feedback.importPreview': roles(PROVINCE),
  'feedback.importProfiles': roles(PROVINCE),
  'feedback.deleteImportProfile': roles(PROVINCE),
  'feedback.importStart': roles(PROVINCE),
  'feedback.importRun': roles(PROVINCE),
  'feedback.importRuns': roles(PROVINCE),
  // The retention of submitters' personal data (Nghị định 13/2023): the Sở Nội vụ and the admin.
  'feedback.retention': roles(NOI_VU),
  'feedback.saveRetention': roles(NOI_VU),
  'scores.schemes': roles(EVERYONE, 'all'),
  'scores.saveScheme': roles(NOI_VU),
  'scores.previewScheme': roles(NOI_VU),
  'scores.compute': roles(NOI_VU),
  'scores.runs': roles(PROVINCE),
  'scores.run': roles(PROVINCE),
  'scores.rankings': roles(PROVINCE),
  'scores.scorecard': roles(EVERYONE),
  'scores.componentItems': roles(EVERYONE),
  'overview.province': roles(PROVINCE),
  'reports.regimes': roles(EVERYONE, 'all'),
  'reports.saveRegime': roles(NOI_VU),
  'reports.calendar': roles(EVERYONE),
  'reports.period': roles(PROVINCE),
  'reports.generate': roles(NOI_VU),
  'reports.progress': roles(PROVINCE),
  'reports.view': roles(PROVINCE),
  'reports.finalise': roles(['home_affairs']),
  // Numbering and the signed original belong to the Sở Nội vụ's văn thư; the document format to it and the admin.
  'reports.nextNumber': roles(['home_affairs']),
  'reports.attachSigned': roles(['home_affairs']),
  'reports.documentSettings': roles(NOI_VU),
  'reports.saveDocumentSettings': roles(NOI_VU),
  'reports.mine': roles(AGENCY),
  'reports.submission': roles(EVERYONE),
  'reports.saveSubmission': roles(AGENCY),
  'reports.submit': roles(AGENCY),
  'reports.acceptSubmission': roles(NOI_VU),
  'reports.returnSubmission': roles(NOI_VU),
  'notifications.mine': roles(EVERYONE, 'own'),
  'notifications.markRead': roles(EVERYONE, 'own'),
  'notifications.work': roles(EVERYONE),
  'notifications.outbox': roles(ADMIN),
  'system.clock': roles(EVERYONE, 'all'),
  'system.setClockOffset': roles(ADMIN),
  'system.runTaskChasing': roles(NOI_VU),
  'system.chasingSettings': roles(EVERYONE, 'all'),
  'system.saveChasingSettings': roles(NOI_VU),
  // Keys of other systems and what is published: the system's administrator only.
  'integrations.apiKeys': roles(ADMIN),
  'integrations.issueApiKey': roles(ADMIN),
  'integrations.revokeApiKey': roles(ADMIN),
  'integrations.publication': roles(ADMIN),
  'integrations.savePublication': roles(ADMIN),
  'integrations.challenges': roles(CHALLENGE_ANSWERERS),
  'integrations.answerChallenge': roles(CHALLENGE_ANSWERERS),
  // The annual PAR Index (issue 18): the Sở Nội vụ runs the year; each agency its own assessment; the
  // council (Sở Nội vụ, working group) appraises and decides contests.
  'par.schemes': roles(EVERYONE, 'all'),
  'par.saveScheme': roles(NOI_VU),
  'par.openYear': roles(NOI_VU),
  'par.years': roles(EVERYONE, 'all'),
  'par.results': roles(PROVINCE),
  'par.mine': roles(AGENCY, 'own'),
  'par.assessment': roles([...PROVINCE, ...AGENCY], 'own'),
  'par.saveEntry': roles(AGENCY, 'own'),
  'par.submit': roles(AGENCY, 'own'),
  'par.contest': roles(AGENCY, 'own'),
  'par.appraise': roles(DECIDERS),
  'par.decide': roles(DECIDERS),
  'par.importSurvey': roles(NOI_VU),
  'par.publish': roles(NOI_VU),
} as const satisfies Record<string, Rule>;

export type ProcedureAction = keyof typeof PROCEDURE_POLICY;

/**
 * Every HTTP route the server registers, as `METHOD /url` in Fastify's route syntax. The session routes
 * (files and exports) are checked by the server against these rules; the service behind each applies the scope.
 */
export const HTTP_POLICY = {
  // tRPC answers every method at /trpc/:path (its adapter refuses all but GET and POST).
  'ALL /trpc/:path': { kind: 'procedures' },
  // Evidence files: any signed-in user uploads (per-agency and per-user quotas); reading follows the task or meeting.
  'POST /api/files': roles(EVERYONE, 'own'),
  'GET /api/files/:id': roles(EVERYONE),
  'GET /api/exports/sessions/:id/:file': roles(EVERYONE),
  'GET /api/exports/task-template.xlsx': roles(EVERYONE, 'all'),
  'GET /api/exports/tasks.:format': roles(EVERYONE),
  'GET /api/exports/feedback.:format': roles(EVERYONE),
  // The same people as the report's and the rankings' pages: the province's coordinators.
  'GET /api/reports/:id.:format': roles(PROVINCE),
  'GET /api/exports/scores/:id.xlsx': roles(PROVINCE),
  'GET /health': pub('for load balancers: says only whether the database and the worker answer'),
  'GET /': pub('the admin app (or a note that it is not built); its data comes through /trpc'),
  // Every file of the built admin app (index.html, scripts, styles): fastify-static registers one route each.
  'GET <admin app file>': pub('the admin app itself; its data comes through /trpc'),
  // Open311 and the API for other systems (issue 19).
  'GET /open311/v2/services.:format': pub('the public list of feedback services'),
  'GET /open311/v2/requests.:format': { kind: 'api_key', scope: 'published:read', optional: true },
  'GET /open311/v2/requests/:id.:format': { kind: 'api_key', scope: 'published:read', optional: true },
  'POST /open311/v2/requests.:format': { kind: 'api_key', scope: 'feedback:submit', optional: false },
  'GET /api/v1/indicators': { kind: 'api_key', scope: 'figures:read', optional: false },
  'GET /api/v1/openapi.json': pub('the description of the public API'),
  // Public pages and open data: only what the admin chose to publish (integrations.savePublication).
  'GET /cong-khai': pub('public pages: published data only'),
  'GET /cong-khai/tra-loi-pakn': pub('published answers to feedback, personal data removed'),
  'GET /cong-khai/tra-loi-pakn/:number': pub('one published answer, personal data removed'),
  'GET /cong-khai/ket-qua': pub('published results'),
  'GET /cong-khai/ra-soat-thu-tuc': pub('procedures under review, as published'),
  'GET /cong-khai/ra-soat-thu-tuc/:id': pub('one procedure under review, as published'),
  'POST /cong-khai/ra-soat-thu-tuc/:id': pub('a citizen challenges a review (throttled per address)'),
  'GET /cong-khai/du-lieu/:name.:format': pub('open data files of what is published'),
} as const satisfies Record<string, Rule>;

export type HttpAction = keyof typeof HTTP_POLICY;
export type Action = ProcedureAction | HttpAction;

const ALL_RULES: Readonly<Record<string, Rule>> = { ...PROCEDURE_POLICY, ...HTTP_POLICY };

/** The rule of an action, or undefined when none is declared (deny). */
export function ruleOf(action: string): Rule | undefined {
  return Object.hasOwn(ALL_RULES, action) ? ALL_RULES[action] : undefined;
}

/** On which agencies a role may do an action; null when it may not do it at all (or the action is unknown). */
export function agencyScopeOf(action: string, role: Role): AgencyScope | null {
  const rule = ruleOf(action);
  if (!rule) return null;
  if (rule.kind === 'public') return 'all';
  if (rule.kind !== 'roles') return null;
  return rule.grants[role] ?? null;
}

/** Who may do an action on which agencies ({} when no role may, or the action is public or unknown). */
export function grantsOf(action: string): Grants {
  const rule = ruleOf(action);
  return rule?.kind === 'roles' ? rule.grants : {};
}

/** Whether a signed-in user of this role may do the action (deny when undeclared). */
export function may(role: Role, action: Action): boolean {
  return agencyScopeOf(action, role) !== null;
}

/** The roles a rule admits ('public' for anyone). */
export function rolesOf(action: string): 'public' | readonly Role[] {
  const rule = ruleOf(action);
  if (rule?.kind === 'public') return 'public';
  if (rule?.kind !== 'roles') return [];
  return ROLES.filter((r) => rule.grants[r] !== undefined);
}

/**
 * The menu: which modules a role sees in navigation. Each module opens on one action (its first screen's
 * read); the policy test holds that every module shown is one whose opening action the role may do.
 */
const MODULES_BY_ROLE: Record<Role, readonly AppModule[]> = {
  admin: MODULES,
  home_affairs: ['overview', 'plans', 'meetings', 'procedures', 'feedback', 'scores', 'reports', 'agencies', 'calendar', 'audit'],
  working_group: ['overview', 'plans', 'meetings', 'procedures', 'feedback', 'scores', 'reports', 'agencies'],
  agency_head: ['scores', 'plans', 'meetings', 'feedback', 'reports', 'agencies'],
  agency_officer: ['plans', 'meetings', 'procedures', 'feedback', 'reports', 'agencies'],
};

/** The action each module's first screen needs. */
export const MODULE_OPENING_ACTION: Record<AppModule, ProcedureAction> = {
  overview: 'overview.province',
  plans: 'plans.list',
  meetings: 'meetings.sessions',
  procedures: 'procedures.search',
  feedback: 'feedback.list',
  scores: 'scores.scorecard',
  reports: 'reports.calendar',
  agencies: 'org.children',
  calendar: 'calendar.year',
  users: 'users.list',
  audit: 'audit.list',
  integrations: 'integrations.apiKeys',
};

/** Which modules a role sees in navigation; the server enforces each module's actions by the policy above. */
export function modulesForRole(role: Role): readonly AppModule[] {
  return MODULES_BY_ROLE[role];
}
