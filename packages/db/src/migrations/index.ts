/** Static, ordered registry of migrations: adding one means adding a file and a line here. */
import type { Migration } from 'kysely';
import * as m0001 from './2026-11-21_0001_foundation';

export const migrations: Record<string, Migration> = {
  '2026-11-21_0001_foundation': m0001,
};
