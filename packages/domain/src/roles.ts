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
