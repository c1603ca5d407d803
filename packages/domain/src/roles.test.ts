import { describe, expect, it } from 'vitest';
import { modulesForRole } from './access';
import { isAgencyScoped, ROLES } from './roles';

describe('modulesForRole', () => {
  it('gives user management and the audit log to admin only (audit also to home_affairs)', () => {
    const withUsers = ROLES.filter((r) => modulesForRole(r).includes('users'));
    expect(withUsers).toEqual(['admin']);
    const withAudit = ROLES.filter((r) => modulesForRole(r).includes('audit'));
    expect(withAudit).toEqual(['admin', 'home_affairs']);
  });

  it('lands an agency head on the scores module', () => {
    expect(modulesForRole('agency_head')[0]).toBe('scores');
  });
});

describe('isAgencyScoped', () => {
  it('scopes agency heads and officers, not the province-wide roles', () => {
    expect(ROLES.filter(isAgencyScoped)).toEqual(['agency_head', 'agency_officer']);
  });
});
