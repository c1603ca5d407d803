/** The five roles of the app, as DOMAIN.md names them. */
export const ROLES = ['admin', 'home_affairs', 'working_group', 'agency_head', 'agency_officer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose data is limited to their own agency (and its sub-agencies). */
export const AGENCY_SCOPED_ROLES: readonly Role[] = ['agency_head', 'agency_officer'];

export function isAgencyScoped(role: Role): boolean {
  return AGENCY_SCOPED_ROLES.includes(role);
}

/** The app's modules, in navigation order. */
export const MODULES = [
  'overview',
  'plans',
  'meetings',
  'procedures',
  'feedback',
  'scores',
  'reports',
  'agencies',
  'calendar',
  'users',
  'audit',
  'integrations',
] as const;
export type AppModule = (typeof MODULES)[number];

const MODULES_BY_ROLE: Record<Role, readonly AppModule[]> = {
  admin: MODULES,
  home_affairs: ['overview', 'plans', 'meetings', 'procedures', 'feedback', 'scores', 'reports', 'agencies', 'calendar', 'audit'],
  working_group: ['overview', 'plans', 'meetings', 'procedures', 'feedback', 'scores', 'reports', 'agencies'],
  agency_head: ['scores', 'plans', 'meetings', 'feedback', 'reports', 'agencies'],
  agency_officer: ['plans', 'meetings', 'procedures', 'feedback', 'reports', 'agencies'],
};

/** Which modules a role sees in navigation; the server enforces the same on every procedure. */
export function modulesForRole(role: Role): readonly AppModule[] {
  return MODULES_BY_ROLE[role];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * What an API key of another system may do (issue 19). Keys are issued by an admin per system;
 * a request with a key is allowed only the scopes the key carries.
 */
export const API_KEY_SCOPES = ['figures:read', 'published:read', 'feedback:submit'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Scopes that write: every use of one is audited. */
export const WRITE_SCOPES: readonly ApiKeyScope[] = ['feedback:submit'];

/** Who issues and revokes API keys and chooses what the public pages publish. */
export const INTEGRATION_MANAGERS: readonly Role[] = ['admin'];

/** Who reads and answers citizens' challenges to a procedure under review (agency roles: their own agency's). */
export const CHALLENGE_ANSWERERS: readonly Role[] = ['agency_officer', 'agency_head', 'home_affairs', 'working_group'];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}
