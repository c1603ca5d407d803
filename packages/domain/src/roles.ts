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

// Who may do what, on which agencies, and the modules each role sees: access.ts (the one access policy).

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}
