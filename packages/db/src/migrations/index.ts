/** Static, ordered registry of migrations: adding one means adding a file and a line here. */
import type { Migration } from 'kysely';
import * as m0001 from './2026-11-21_0001_foundation';
import * as m0002 from './2026-11-21_0002_plans_tasks_calendar';
import * as m0003 from './2026-11-21_0003_meetings';
import * as m0004 from './2026-11-21_0004_procedures';
import * as m0005 from './2026-11-21_0005_feedback';
import * as m0006 from './2026-11-21_0006_scores';
import * as m0007 from './2026-11-21_0007_reports';
import * as m0008 from './2026-12-07_0008_repair_edited_migrations';
import * as m0009 from './2026-12-07_0009_worker_registry';
import * as m0010 from './2026-12-07_0010_overview_indexes';
import * as m0011 from './2026-12-07_0011_calendar_sources';
import * as m0012 from './2026-12-07_0012_feedback_register_index';
import * as m0013 from './2026-12-07_0013_feedback_source_key';
import * as m0015 from './2026-12-07_0015_security_hardening';
import * as m0019 from './2026-12-07_0019_official_documents';
import * as m0021 from './2026-12-07_0021_api_keys';
import * as m0022 from './2026-12-07_0022_procedure_challenges';
import * as m0023 from './2026-12-07_0023_feedback_rule';
import * as m0024 from './2026-12-07_0024_dossier_rule';
import * as m0025 from './2026-12-07_0025_dossier_versions';
import * as m0026 from './2026-12-07_0026_split_heirs';
import * as m0027 from './2026-12-07_0027_feedback_provisional_dues';
import * as m0029 from './2026-12-07_0029_session_devices';
import * as m0030 from './2026-12-07_0030_stored_file_uploader';
import * as m0031 from './2026-12-07_0031_par_index';
import * as m0032 from './2026-12-07_0032_two_factor';

export const migrations: Record<string, Migration> = {
  '2026-11-21_0001_foundation': m0001,
  '2026-11-21_0002_plans_tasks_calendar': m0002,
  '2026-11-21_0003_meetings': m0003,
  '2026-11-21_0004_procedures': m0004,
  '2026-11-21_0005_feedback': m0005,
  '2026-11-21_0006_scores': m0006,
  '2026-11-21_0007_reports': m0007,
  '2026-12-07_0008_repair_edited_migrations': m0008,
  '2026-12-07_0009_worker_registry': m0009,
  '2026-12-07_0010_overview_indexes': m0010,
  '2026-12-07_0011_calendar_sources': m0011,
  '2026-12-07_0012_feedback_register_index': m0012,
  '2026-12-07_0013_feedback_source_key': m0013,
  '2026-12-07_0015_security_hardening': m0015,
  '2026-12-07_0019_official_documents': m0019,
  '2026-12-07_0021_api_keys': m0021,
  '2026-12-07_0022_procedure_challenges': m0022,
  '2026-12-07_0023_feedback_rule': m0023,
  '2026-12-07_0024_dossier_rule': m0024,
  '2026-12-07_0025_dossier_versions': m0025,
  '2026-12-07_0026_split_heirs': m0026,
  '2026-12-07_0027_feedback_provisional_dues': m0027,
  '2026-12-07_0029_session_devices': m0029,
  '2026-12-07_0030_stored_file_uploader': m0030,
  '2026-12-07_0031_par_index': m0031,
  '2026-12-07_0032_two_factor': m0032,
};
