/**
 * The access policy as a specification: who may do every action. The table below is the permissions as
 * they stood before the policy moved into this module (issue 15), so a change to who may do what shows up
 * here as a one-line diff a reviewer can read. 'authenticated' = every role.
 */
import { describe, expect, it } from 'vitest';
import { grantsOf, HTTP_POLICY, MODULE_OPENING_ACTION, may, modulesForRole, PROCEDURE_POLICY, rolesOf } from './access';
import { MODULES, ROLES, type Role } from './roles';

type Expected = 'public' | 'authenticated' | readonly Role[];

const ADMIN_ONLY = ['admin'] as const;
const MANAGERS = ['working_group', 'home_affairs'] as const;
const ALL_ROLES = ['admin', 'home_affairs', 'working_group', 'agency_head', 'agency_officer'] as const;

/** Who may call what. A new procedure must be added here, with a reason to allow anyone at all. */
const POLICY: Record<string, Expected> = {
  'auth.me': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'authenticated',
  'auth.changePassword': 'authenticated',
  'auth.sessions': 'authenticated',
  'auth.revokeSession': 'authenticated',
  'auth.revokeOtherSessions': 'authenticated',
  'auth.twoFactor': 'authenticated',
  'auth.startTwoFactor': ['admin', 'home_affairs'],
  'auth.confirmTwoFactor': ['admin', 'home_affairs'],
  'auth.disableTwoFactor': ['admin', 'home_affairs'],
  'org.children': 'authenticated',
  'org.search': 'authenticated',
  'org.agency': 'authenticated',
  'org.importCsv': ADMIN_ONLY,
  // Which successor of a split unit carries its history: the Sở Nội vụ decides, as for schemes.
  'org.setSplitHeir': ['admin', 'home_affairs'],
  'org.importRuns': ADMIN_ONLY,
  'org.importRunErrors': ADMIN_ONLY,
  'users.list': ['admin', 'home_affairs', 'agency_head'],
  'users.create': ADMIN_ONLY,
  'users.update': ADMIN_ONLY,
  'users.setActive': ADMIN_ONLY,
  'users.resetPassword': ADMIN_ONLY,
  'audit.list': ['admin', 'home_affairs'],
  'audit.facets': ['admin', 'home_affairs'],
  // The holiday calendar is reference data everyone's deadlines depend on; the Sở Nội vụ keeps it.
  'calendar.years': 'authenticated',
  'calendar.year': 'authenticated',
  'calendar.dueDate': 'authenticated',
  'calendar.prefill': ['admin', 'home_affairs'],
  'calendar.saveYear': ['admin', 'home_affairs'],
  // Plans are public within the administration; tasks are filtered to the viewer's agency by the service.
  'plans.list': 'authenticated',
  'plans.get': 'authenticated',
  'plans.tasks': 'authenticated',
  'plans.taskPage': 'authenticated',
  'plans.task': 'authenticated',
  'plans.create': MANAGERS,
  'plans.update': MANAGERS,
  'plans.delete': MANAGERS,
  'plans.createGroup': MANAGERS,
  'plans.changes': MANAGERS,
  'plans.createTask': MANAGERS,
  'plans.importTasks': MANAGERS,
  'plans.updateTask': MANAGERS,
  'plans.cancelTask': MANAGERS,
  'plans.updateGroup': MANAGERS,
  'plans.deleteGroup': MANAGERS,
  'plans.reopenTask': MANAGERS,
  'plans.reportProgress': ['agency_officer', 'working_group', 'home_affairs'],
  // Sessions: the secretariat (working_group) manages; every role reads, agency roles only their own records.
  'meetings.groups': ALL_ROLES,
  'meetings.createGroup': ['working_group', 'home_affairs'],
  'meetings.sessions': ALL_ROLES,
  'meetings.session': ALL_ROLES,
  'meetings.createSession': ['working_group'],
  'meetings.updateSession': ['working_group'],
  'meetings.markAttendance': ['working_group'],
  'meetings.markAllPresent': ['working_group'],
  'meetings.finalise': ['working_group'],
  'meetings.addConclusion': ['working_group'],
  'meetings.attachDocument': ['working_group'],
  'meetings.removeDocument': ['working_group'],
  'meetings.conclusionToTask': ['working_group'],
  'meetings.attendance': ALL_ROLES,
  'meetings.matrix': ALL_ROLES,
  // Procedures: everyone reads the catalogue and the dormancy lists; imports and scans by the province-wide roles.
  'procedures.search': ALL_ROLES,
  'procedures.get': ALL_ROLES,
  'procedures.importCatalogue': ['admin', 'home_affairs', 'working_group'],
  'procedures.importFile': ['admin', 'home_affairs', 'working_group'],
  'procedures.importRun': ['admin', 'home_affairs', 'working_group'],
  'procedures.importRuns': ['admin', 'home_affairs', 'working_group'],
  'procedures.dormant': ALL_ROLES,
  'procedures.dormantPairs': ALL_ROLES,
  'procedures.dormantXlsx': ALL_ROLES,
  'procedures.scan': ['admin', 'home_affairs', 'working_group'],
  'procedures.scans': ALL_ROLES,
  'procedures.reviews': ALL_ROLES,
  'procedures.openReview': ['home_affairs', 'working_group'],
  'procedures.openReviews': ['home_affairs', 'working_group'],
  'procedures.proposeReview': ['agency_officer', 'home_affairs', 'working_group'],
  'procedures.decideReview': ['home_affairs', 'working_group'],
  'feedback.list': ALL_ROLES,
  'feedback.get': ALL_ROLES,
  'feedback.create': ['admin', 'home_affairs', 'working_group'],
  'feedback.act': ALL_ROLES,
  'feedback.figures': ALL_ROLES,
  'feedback.agencyPage': ALL_ROLES,
  'feedback.limits': ALL_ROLES,
  'feedback.saveLimit': ['admin', 'home_affairs'],
  'feedback.deleteLimit': ['admin', 'home_affairs'],
  'feedback.importPreview': ['admin', 'home_affairs', 'working_group'],
  'feedback.importProfiles': ['admin', 'home_affairs', 'working_group'],
  'feedback.deleteImportProfile': ['admin', 'home_affairs', 'working_group'],
  'feedback.importStart': ['admin', 'home_affairs', 'working_group'],
  'feedback.importRun': ['admin', 'home_affairs', 'working_group'],
  'feedback.importRuns': ['admin', 'home_affairs', 'working_group'],
  'feedback.retention': ['admin', 'home_affairs'],
  'feedback.saveRetention': ['admin', 'home_affairs'],
  'scores.schemes': ALL_ROLES,
  'scores.saveScheme': ['admin', 'home_affairs'],
  'scores.previewScheme': ['admin', 'home_affairs'],
  'scores.compute': ['admin', 'home_affairs'],
  'scores.runs': ['admin', 'home_affairs', 'working_group'],
  'scores.run': ['admin', 'home_affairs', 'working_group'],
  'scores.rankings': ['admin', 'home_affairs', 'working_group'],
  'scores.scorecard': ALL_ROLES,
  'scores.componentItems': ALL_ROLES,
  'overview.province': ['admin', 'home_affairs', 'working_group'],
  'reports.regimes': ALL_ROLES,
  'reports.saveRegime': ['admin', 'home_affairs'],
  'reports.calendar': ALL_ROLES,
  'reports.period': ['admin', 'home_affairs', 'working_group'],
  'reports.generate': ['admin', 'home_affairs'],
  'reports.progress': ['admin', 'home_affairs', 'working_group'],
  'reports.view': ['admin', 'home_affairs', 'working_group'],
  'reports.finalise': ['home_affairs'],
  // Numbering and the signed original belong to the Sở Nội vụ's văn thư; the document format to it and the admin.
  'reports.nextNumber': ['home_affairs'],
  'reports.attachSigned': ['home_affairs'],
  'reports.documentSettings': ['admin', 'home_affairs'],
  'reports.saveDocumentSettings': ['admin', 'home_affairs'],
  'reports.mine': ['agency_head', 'agency_officer'],
  'reports.submission': ALL_ROLES,
  'reports.saveSubmission': ['agency_head', 'agency_officer'],
  'reports.submit': ['agency_head', 'agency_officer'],
  'reports.acceptSubmission': ['admin', 'home_affairs'],
  'reports.returnSubmission': ['admin', 'home_affairs'],
  'notifications.mine': 'authenticated',
  'notifications.markRead': 'authenticated',
  'notifications.work': 'authenticated',
  'notifications.outbox': ADMIN_ONLY,
  'system.clock': 'authenticated',
  'system.setClockOffset': ADMIN_ONLY,
  'system.runTaskChasing': ['admin', 'home_affairs'],
  'system.chasingSettings': 'authenticated',
  'system.saveChasingSettings': ['admin', 'home_affairs'],
  // Keys of other systems and what is published: the system's administrator only.
  'integrations.apiKeys': ADMIN_ONLY,
  'integrations.issueApiKey': ADMIN_ONLY,
  'integrations.revokeApiKey': ADMIN_ONLY,
  'integrations.publication': ADMIN_ONLY,
  // Citizens' challenges go to the reviewing agency; the Sở Nội vụ and the working group follow all of them.
  'integrations.challenges': ['agency_officer', 'agency_head', 'home_affairs', 'working_group'],
  'integrations.answerChallenge': ['agency_officer', 'agency_head', 'home_affairs', 'working_group'],
  'integrations.savePublication': ADMIN_ONLY,
  // The annual PAR Index: the Sở Nội vụ runs the year, agencies their own assessment, the council appraises.
  'par.schemes': 'authenticated',
  'par.saveScheme': ['admin', 'home_affairs'],
  'par.openYear': ['admin', 'home_affairs'],
  'par.years': 'authenticated',
  'par.results': ['admin', 'home_affairs', 'working_group'],
  'par.mine': ['agency_head', 'agency_officer'],
  'par.assessment': 'authenticated',
  'par.saveEntry': ['agency_head', 'agency_officer'],
  'par.submit': ['agency_head', 'agency_officer'],
  'par.contest': ['agency_head', 'agency_officer'],
  'par.appraise': ['home_affairs', 'working_group'],
  'par.decide': ['home_affairs', 'working_group'],
  'par.importSurvey': ['admin', 'home_affairs'],
  'par.publish': ['admin', 'home_affairs'],
};

describe('the access policy', () => {
  it('grants every procedure exactly the roles of the specification', () => {
    const actual = Object.fromEntries(
      Object.keys(PROCEDURE_POLICY).map((action) => {
        const who = rolesOf(action);
        return [action, who === 'public' ? 'public' : who.length === ROLES.length ? 'authenticated' : who];
      }),
    );
    const expected = Object.fromEntries(
      Object.entries(POLICY).map(([action, who]) => [
        action,
        who === 'public' || who === 'authenticated' || who.length === ROLES.length
          ? who === 'public'
            ? who
            : 'authenticated'
          : ROLES.filter((r) => who.includes(r)),
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('puts province-wide roles on all agencies and agency roles on theirs (never all, except reference data)', () => {
    for (const rule of [...Object.values(PROCEDURE_POLICY), ...Object.values(HTTP_POLICY)]) {
      if (rule.kind !== 'roles') continue;
      const grants = rule.grants as Partial<Record<Role, string>>;
      for (const role of ['admin', 'home_affairs', 'working_group'] as const) {
        if (grants[role] !== undefined) expect(grants[role]).toBe('all');
      }
    }
    expect(grantsOf('feedback.list')).toMatchObject({ agency_officer: 'subtree', admin: 'all' });
    expect(grantsOf('users.list')).toEqual({ admin: 'all', home_affairs: 'all', agency_head: 'own' });
    expect(grantsOf('procedures.search')).toMatchObject({ agency_officer: 'all' });
  });

  it('denies an action it does not know', () => {
    for (const role of ROLES) expect(may(role, 'plans.nonexistent' as never)).toBe(false);
    expect(rolesOf('GET /api/unknown')).toEqual([]);
  });

  it('shows a role only modules whose first screen it may open', () => {
    for (const role of ROLES) {
      const refused = modulesForRole(role).filter((m) => !may(role, MODULE_OPENING_ACTION[m]));
      expect({ role, refused }).toEqual({ role, refused: [] });
    }
    expect(Object.keys(MODULE_OPENING_ACTION).sort()).toEqual([...MODULES].sort());
  });

  it('keeps the province’s report files and rankings to the coordinators', () => {
    expect(rolesOf('GET /api/reports/:id.:format')).toEqual(['admin', 'home_affairs', 'working_group']);
    expect(rolesOf('GET /api/exports/scores/:id.xlsx')).toEqual(['admin', 'home_affairs', 'working_group']);
    expect(may('agency_officer', 'GET /api/files/:id')).toBe(true);
  });
});
