/**
 * Issue 15, item 1: every HTTP route the real server registers — file and export routes, tRPC, public
 * pages, Open311, the API for other systems, health, the admin app's files — has a rule in the one access
 * policy (domain/access.ts), and the session routes enforce theirs: 401 to a stranger, 403 to a role the
 * rule does not name, past the check (any other answer) for one it names.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_COOKIE } from '@cchc/core/auth/session';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '@cchc/core/seed/demo';
import { createTestDatabase, type TestDatabase } from '@cchc/db/testing';
import { HTTP_POLICY, rolesOf } from '@cchc/domain/access';
import { ROLES, type Role } from '@cchc/domain/roles';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from './http';

const STATIC = 'GET <admin app file>';
let t: TestDatabase;
let app: FastifyInstance;
let dist: string;
const staticFiles = ['/index.html', '/assets/index-abc123.js', '/assets/index-abc123.css', '/favicon.svg'];
/** Routes as registered: `METHOD /url`, HEAD folded into its GET, every method as ALL. */
const routes = new Set<string>();
const tokens = new Map<Role, string>();

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  dist = mkdtempSync(join(tmpdir(), 'cchc-dist-'));
  mkdirSync(join(dist, 'assets'));
  for (const file of staticFiles) writeFileSync(join(dist, file), 'x');
  app = await buildHttpServer({
    db: t.db,
    logLevel: 'silent',
    adminDistDir: dist,
    sessionTtlDays: 30,
    secureCookies: 'auto',
    trustProxy: false,
    onRoute: ({ method, url }) => {
      // A route for every method (tRPC's) is one `ALL` route.
      const methods = [method].flat();
      if (methods.length > 2) routes.add(`ALL ${url}`);
      else for (const m of methods) if (m !== 'HEAD') routes.add(`${m} ${url}`);
    },
  });
  await app.ready();
  for (const role of ROLES) {
    const username = DEMO_USERS.find((u) => u.role === role)?.username;
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'x-cchc-csrf': '1' },
      payload: { username, password: DEMO_PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    if (!cookie) throw new Error(`sign-in failed for ${role}: ${response.body}`);
    tokens.set(role, cookie.value);
  }
});
afterAll(async () => {
  await app.close();
  await t.drop();
  rmSync(dist, { recursive: true, force: true });
});

/** The policy's name for a registered route: the route itself, or the admin app's files as one. */
const actionOf = (route: string) => (staticFiles.some((f) => route === `GET ${f}`) ? STATIC : route);

/** A concrete URL for a route pattern (ids as a real-looking UUID, formats as xlsx). */
function urlOf(pattern: string): string {
  return pattern
    .replace(':id', '00000000-0000-4000-8000-000000000000')
    .replace(':format', 'xlsx')
    .replace(':file', 'attendance.pdf')
    .replace(':path', 'auth.me');
}

describe('every HTTP route against the access policy', () => {
  it('registers the routes it should', () => {
    expect(routes.size).toBeGreaterThan(20);
    expect(routes).toContain('GET /api/files/:id');
    expect(routes).toContain('POST /api/files');
    expect(routes).toContain('GET /api/reports/:id.:format');
  });

  it('has a rule for every route (a new route without one fails here)', () => {
    const undeclared = [...routes].filter((route) => !Object.hasOwn(HTTP_POLICY, actionOf(route)));
    expect(undeclared).toEqual([]);
  });

  it('has no rule for a route that does not exist', () => {
    const actions = new Set([...routes].map(actionOf));
    expect(Object.keys(HTTP_POLICY).filter((action) => !actions.has(action))).toEqual([]);
  });

  const sessionRoutes = Object.entries(HTTP_POLICY)
    .filter(([, rule]) => rule.kind === 'roles')
    .map(([action]) => action);

  it('checks the file and export routes by the policy', () => {
    expect(sessionRoutes.length).toBeGreaterThanOrEqual(8);
  });

  it.each(sessionRoutes)('%s: 401 to a stranger, 403 exactly to the roles its rule does not name', async (action) => {
    const [method, pattern] = action.split(' ') as ['GET' | 'POST', string];
    const allowed = rolesOf(action);
    const request = (token?: string) =>
      app.inject({
        method,
        url: urlOf(pattern),
        headers: { 'x-cchc-csrf': '1', 'content-type': 'application/octet-stream', 'x-file-name': 'a.txt' },
        ...(token ? { cookies: { [SESSION_COOKIE]: token } } : {}),
        ...(method === 'POST' ? { payload: Buffer.from('') } : {}),
      });
    expect((await request()).statusCode).toBe(401);
    const refused: Record<string, boolean> = {};
    const expected: Record<string, boolean> = {};
    for (const role of ROLES) {
      const response = await request(tokens.get(role));
      refused[role] = response.statusCode === 403 && response.json().error === 'forbidden';
      expected[role] = allowed === 'public' || !allowed.includes(role);
    }
    expect(refused).toEqual(expected);
  });
});
