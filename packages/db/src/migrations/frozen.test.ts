/**
 * Applied migrations are frozen: a database that ran a migration never runs it again, so an edit
 * to its file reaches only new databases and the two drift apart silently (it happened to 0004
 * and 0007). Each file's hash is recorded here; a change needs a new migration instead.
 * Adding a migration: add its name and `sha256sum` here in the same commit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';

const RECORDED: Record<string, string> = {
  '2026-11-21_0001_foundation': '9dbdf8cdb228669da0fa92720f0458e3e4008c458b6fedf273844bda62de3c85',
  '2026-11-21_0002_plans_tasks_calendar': '938882fc023c8f07d0e571b0a35e5bca50e20adf47808374443654006aef229a',
  '2026-11-21_0003_meetings': '90061c7078b54021d5c4c10d3024a5c19b50209d4d161b7fddd0c0d76932eb24',
  '2026-11-21_0004_procedures': 'b569f1cdacaceab919e71e037ddad852df49303c0afa1458818cd98e57bd820e',
  '2026-11-21_0005_feedback': '3bc3959aa121ed27b78da71c2efc3f2d4bc4876e418bdf140289729fbd9e4a6f',
  '2026-11-21_0006_scores': 'a3b032e11ad580b12db5c69760aac76368739c7780d8347df19a21b3db15dcae',
  '2026-11-21_0007_reports': '946f092aabcc16c166ba6182ce9f6c2aebe42264fb4ead648dd025cb85339f31',
  '2026-12-07_0008_repair_edited_migrations': 'a1d276e77ac859df6adea6a01790f59b6c57e637ec73b659de7e042b58f61f56',
  '2026-12-07_0009_worker_registry': 'e64d7f00f8d5b819b0308f35892a6be8ea393e6fcbd9a81bc65e8f7aca653150',
  '2026-12-07_0010_overview_indexes': '32de36062bd0758ab633561dc021f0fdffd4a9def73755c8e52bcb8f51fbe0b3',
  '2026-12-07_0011_calendar_sources': '67f74f308782a148a017445b724cec79d883c2e358649d05cb6299c144170687',
  '2026-12-07_0012_feedback_register_index': '90dce9fa78ac709bafed4be6ec5b6d543c6d2782c85540a1b61317d3b70bdcdd',
  '2026-12-07_0013_feedback_source_key': 'd62aa73803fd3cebc61fb44807afbc9e5db7323624f55581487b875f66098253',
  '2026-12-07_0015_security_hardening': 'c7e992517da141a204e1ece6cece3d49b75f91783588c8bd0411f9849cb19a35',
  '2026-12-07_0019_official_documents': '1d42798e0b236d16fe430171be440839d465b310ea71333fa7803e6b70e4b6f9',
  '2026-12-07_0021_api_keys': '24df715677f562c9674bf7cd6bc69cee1b7b1bca961e852ac9602d1459cee019',
  '2026-12-07_0022_procedure_challenges': 'd4fa95936f4e12b3d2d7f6d645cd56f2962bf640797f5e4917042eb6482a712d',
  '2026-12-07_0023_feedback_rule': 'f935920255daf651fd919623874917f010b79303b98b58dcd4adfe706ca3f4b7',
  '2026-12-07_0024_dossier_rule': '41a863c43cd7fd202d9767bb09dcdddd716a4fef8ce8098a3f53236a7971e4a3',
  '2026-12-07_0025_dossier_versions': 'a750944bbc1893091163706b87294bd43e5a998f23cefedd90df646292bf21df',
  '2026-12-07_0026_split_heirs': '7a55cd4977b876812ea93a247d30dbada31663374975202b38d64865aa2ef761',
  '2026-12-07_0027_feedback_provisional_dues': '90cb8802c3709da419415ea8e7e07181b2f363ed13e127272302081a6beec3ab',
  '2026-12-07_0029_session_devices': '703602f3a83da7415a46429afc1d304a9c370909c80a09e1c90ecdbba4b82a66',
  '2026-12-07_0030_stored_file_uploader': '9dda99b9e6f5fb503c2ef9896c6fccd8821d86ffdb0245db3388a8332960e822',
  '2026-12-07_0031_par_index': 'ddd5998cd17bb60466e66373299f93b7b29138c24acdcc880e5a369720cd45ce',
  '2026-12-07_0032_two_factor': '9261b0fcd31b08ab8d98381b4a8b7ffbca1d59415200568f70a694468bb45105',
};

describe('migrations', () => {
  it('are all recorded, in order', () => {
    expect(Object.keys(migrations)).toEqual(Object.keys(RECORDED));
    expect(Object.keys(migrations)).toEqual(Object.keys(migrations).sort());
  });

  it.each(Object.entries(RECORDED))('%s is unchanged since it was recorded (write a new migration instead)', (name, hash) => {
    const text = readFileSync(new URL(`./${name}.ts`, import.meta.url));
    expect(createHash('sha256').update(text).digest('hex')).toBe(hash);
  });
});
