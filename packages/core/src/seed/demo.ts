/**
 * Demo data for a first run: the 34 real provinces, Hưng Yên expanded with its departments and
 * communes, and one user per role. Written through the same services as everything else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '@cchc/db/schema';
import { ADMIN_UNITS_DIR } from '@cchc/db/seed-data';
import type { Role } from '@cchc/domain/roles';
import { foldVietnamese } from '@cchc/domain/text';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { type AuditActor, SYSTEM_ACTOR } from '../actor';
import { recordAudit } from '../audit/service';
import { hashPassword } from '../auth/password';
import { parseCsv } from '../imports/csv';
import { ADMIN_UNIT_FILES, provincesAfter, REORGANISATION_DATE, wardsAfter } from '../org/admin-units';
import { type AgencyImportRow, importAgencies } from '../org/import';
import { seedRegimes } from '../reports/regimes';
import { seedDemoActivity } from './demo-activity';
import { seedDemoFeedback } from './demo-feedback';
import { seedDemoHistory } from './demo-history';
import { seedDemoProcedures } from './demo-procedures';

export const DEMO_PROVINCE_CODE = '33';
export const DEMO_PASSWORD = 'CCHC-demo-2026';

/** Hưng Yên's departments after Nghị định 150/2025 (12 common ones plus the provincial office and inspectorate). */
const DEPARTMENTS: [code: string, name: string][] = [
  ['VP', 'Văn phòng UBND tỉnh'],
  ['SNV', 'Sở Nội vụ'],
  ['STC', 'Sở Tài chính'],
  ['STP', 'Sở Tư pháp'],
  ['SCT', 'Sở Công Thương'],
  ['SNNMT', 'Sở Nông nghiệp và Môi trường'],
  ['SXD', 'Sở Xây dựng'],
  ['SKHCN', 'Sở Khoa học và Công nghệ'],
  ['SGDDT', 'Sở Giáo dục và Đào tạo'],
  ['SYT', 'Sở Y tế'],
  ['SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'],
  ['SDTTG', 'Sở Dân tộc và Tôn giáo'],
  ['TTT', 'Thanh tra tỉnh'],
];

export const DEMO_USERS: { username: string; displayName: string; role: Role; agencyCode: string }[] = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', agencyCode: `${DEMO_PROVINCE_CODE}.VP` },
  {
    username: 'sonoivu',
    displayName: 'Nguyễn Thị Hương (Sở Nội vụ)',
    role: 'home_affairs',
    agencyCode: `${DEMO_PROVINCE_CODE}.SNV`,
  },
  {
    username: 'totongtac',
    displayName: 'Trần Văn Minh (Tổ công tác)',
    role: 'working_group',
    agencyCode: `${DEMO_PROVINCE_CODE}.VP`,
  },
  {
    username: 'giamdoc.stp',
    displayName: 'Lê Văn Đức (Giám đốc Sở Tư pháp)',
    role: 'agency_head',
    agencyCode: `${DEMO_PROVINCE_CODE}.STP`,
  },
  {
    username: 'canbo.stp',
    displayName: 'Phạm Thu Trang (Sở Tư pháp)',
    role: 'agency_officer',
    agencyCode: `${DEMO_PROVINCE_CODE}.STP`,
  },
];

const SEED_ACTOR: AuditActor = { ...SYSTEM_ACTOR, username: 'seed' };

export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('appUser').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Seeds on an empty database only; returns false when users already exist. `today` (Vietnam date) anchors
 * the demo activity and feedback; with a `pool` too (the app's first start), the procedure catalogue,
 * filings, dormancy, reviews and a computed score run are seeded as well (demo-procedures.ts).
 */
export async function seedDemo(db: Kysely<Database>, today?: string, { pool }: { pool?: pg.Pool } = {}): Promise<boolean> {
  if (await isSeeded(db)) return false;
  const provinces = parseCsv(readFileSync(join(ADMIN_UNITS_DIR, ADMIN_UNIT_FILES.provincesAfter), 'utf8'), ['code', 'name']);
  const wards = parseCsv(readFileSync(join(ADMIN_UNITS_DIR, ADMIN_UNIT_FILES.wardsAfter), 'utf8'), ['code', 'province_code']);
  const departments: AgencyImportRow[] = DEPARTMENTS.map(([code, name], i) => ({
    line: i + 2,
    code: `${DEMO_PROVINCE_CODE}.${code}`,
    name,
    fullName: `${name} tỉnh Hưng Yên`
      .replace('Văn phòng UBND tỉnh tỉnh', 'Văn phòng UBND tỉnh')
      .replace('Thanh tra tỉnh tỉnh', 'Thanh tra tỉnh'),
    nameEn: null,
    kind: 'department',
    parent: { kind: 'province', code: DEMO_PROVINCE_CODE },
    validFrom: REORGANISATION_DATE,
    validTo: null,
  }));
  const result = await importAgencies(db, SEED_ACTOR, {
    kind: 'demo_seed',
    fileName: null,
    rows: [...provincesAfter(provinces), ...departments, ...wardsAfter(wards, DEMO_PROVINCE_CODE)],
  });
  if (!result.ok) throw new Error(`Demo seed failed: ${JSON.stringify(result.errors.slice(0, 5))}`);

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    for (const u of DEMO_USERS) {
      const agency = await trx
        .selectFrom('agency')
        .select('id')
        .where('code', '=', u.agencyCode)
        .where('kind', '=', 'department')
        .executeTakeFirstOrThrow();
      const { id } = await trx
        .insertInto('appUser')
        .values({
          username: u.username,
          displayName: u.displayName,
          role: u.role,
          agencyId: agency.id,
          passwordHash,
          searchText: foldVietnamese(`${u.username} ${u.displayName}`),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, SEED_ACTOR, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        after: { username: u.username, role: u.role, agencyCode: u.agencyCode },
      });
    }
  });
  await db.transaction().execute(async (trx) => {
    const group = await trx
      .insertInto('workingGroup')
      .values({
        name: 'Tổ công tác cải cách thủ tục hành chính tỉnh Hưng Yên',
        description: 'Thành lập theo quyết định của Chủ tịch UBND tỉnh',
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, SEED_ACTOR, {
      action: 'meeting.group_create',
      entityType: 'working_group',
      entityId: group.id,
      after: group,
    });
  });
  await seedRegimes(db, SEED_ACTOR, DEMO_PROVINCE_CODE);
  if (today) {
    await seedDemoActivity(db, SEED_ACTOR, DEMO_PROVINCE_CODE, today);
    await seedDemoFeedback(db, SEED_ACTOR, DEMO_PROVINCE_CODE, today);
    await seedDemoHistory(db, SEED_ACTOR, DEMO_PROVINCE_CODE, today);
    if (pool) await seedDemoProcedures(db, pool, SEED_ACTOR, DEMO_PROVINCE_CODE, today);
  }
  return true;
}
