/** vitest globalSetup shared by every package that tests against PostgreSQL. */
import type { TestProject } from 'vitest/node';
import { setupTestPostgres } from './testing';

export default function setup(project: TestProject) {
  return setupTestPostgres(project as unknown as Parameters<typeof setupTestPostgres>[0]);
}
