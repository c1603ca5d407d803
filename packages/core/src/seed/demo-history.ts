/**
 * Demo history across the 1/7/2025 reorganisation: the six wards and communes of the former city of
 * Hưng Yên that became today's Phường Phố Hiến (real units and mapping, from the shipped admin-units data),
 * with the feedback they received in spring 2025. A report for a period before 1/7/2025 then lists each of
 * them with its own figures and where it went, as the reports do for any province that loads the full
 * admin-units data (`pnpm import:admin-units`). The items are invented; deterministic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, FeedbackTable } from '@cchc/db/schema';
import { ADMIN_UNITS_DIR } from '@cchc/db/seed-data';
import { addDays, type IsoDate } from '@cchc/domain/calendar/dates';
import type { Insertable, Kysely } from 'kysely';
import type { AuditActor } from '../actor';
import { recordAudit } from '../audit/service';
import { loadWorkingCalendar } from '../calendar/service';
import { refreshRollups } from '../feedback/figures-sql';
import { duesFor, feedbackSearchText, loadLimitRules } from '../feedback/service';
import { parseCsv } from '../imports/csv';
import { ADMIN_UNIT_FILES, LAST_DAY_BEFORE, REORGANISATION_DATE } from '../org/admin-units';
import { importAgencies } from '../org/import';

/** Today's Phường Phố Hiến (Hưng Yên): six former units merged into it on 1/7/2025. */
export const HISTORY_WARD = '11953';

export async function seedDemoHistory(db: Kysely<Database>, actor: AuditActor, provinceCode: string, today: IsoDate) {
  const read = (file: string, columns: string[]) => parseCsv(readFileSync(join(ADMIN_UNITS_DIR, file), 'utf8'), columns);
  const map = read(ADMIN_UNIT_FILES.wardMap, ['old_ward_code', 'new_ward_code', 'old_province_code']).filter(
    (r) => r.new_ward_code === HISTORY_WARD && r.old_province_code === provinceCode,
  );
  if (!map.length) return 0;
  const oldCodes = new Set(map.map((r) => r.old_ward_code ?? ''));
  const wards = read(ADMIN_UNIT_FILES.wardsBefore, ['code', 'name', 'full_name', 'district_code']).filter((r) =>
    oldCodes.has(r.code ?? ''),
  );
  const districtCodes = new Set(wards.map((w) => w.district_code));
  const districts = read(ADMIN_UNIT_FILES.districtsBefore, ['code', 'name', 'full_name', 'province_code']).filter((r) =>
    districtCodes.has(r.code ?? ''),
  );
  const province = read(ADMIN_UNIT_FILES.provincesBefore, ['code', 'name', 'full_name']).find((r) => r.code === provinceCode);
  if (!province) return 0;
  const unit = (r: Record<string, string>, line: number) => ({
    line,
    code: r.code ?? '',
    // As the admin-units import names units: the short name, the full one beside it.
    name: r.name || r.full_name || '',
    fullName: r.full_name || r.name || '',
    nameEn: null,
    validFrom: null,
    validTo: LAST_DAY_BEFORE,
  });
  const result = await importAgencies(db, actor, {
    kind: 'demo_seed',
    fileName: null,
    today,
    rows: [
      { ...unit(province, 1), kind: 'province', parent: null },
      ...districts.map((d, i) => ({
        ...unit(d, i + 2),
        kind: 'district' as const,
        parent: { kind: 'province' as const, code: provinceCode },
      })),
      ...wards.map((w, i) => ({
        ...unit(w, i + 10),
        kind: 'commune' as const,
        parent: { kind: 'district' as const, code: w.district_code ?? '' },
      })),
    ],
    lineage: [
      {
        line: 100,
        kind: 'merge',
        from: { kind: 'province', code: provinceCode, validFrom: null },
        to: { kind: 'province', code: provinceCode, validFrom: REORGANISATION_DATE },
        effectiveDate: REORGANISATION_DATE,
      },
      ...wards.map((w, i) => ({
        line: 101 + i,
        kind: 'merge' as const,
        from: { kind: 'commune' as const, code: w.code ?? '', validFrom: null },
        to: { kind: 'commune' as const, code: HISTORY_WARD, validFrom: REORGANISATION_DATE },
        effectiveDate: REORGANISATION_DATE,
      })),
    ],
  });
  if (!result.ok) throw new Error(`Demo history failed: ${JSON.stringify(result.errors.slice(0, 5))}`);

  // Their feedback of April–June 2025: a few items each, most answered, some late, a few never answered.
  const agencies = await db
    .selectFrom('agency')
    .select(['id', 'code', 'name'])
    .where('kind', '=', 'commune')
    .where('code', 'in', [...oldCodes])
    .where('validTo', '=', LAST_DAY_BEFORE)
    .orderBy('code')
    .execute();
  const calendar = await loadWorkingCalendar(db);
  const rules = await loadLimitRules(db);
  const rows: Insertable<FeedbackTable>[] = [];
  agencies.forEach((agency, a) => {
    for (let k = 0; k < 3 + (a % 3); k++) {
      // Every unit has items in each monthly reporting period of spring 2025, all before it ceased on 30/6.
      const receivedOn = addDays('2025-04-02', a * 5 + k * 13);
      const dues = duesFor(calendar, rules, agency.id, 'in_person', receivedOn);
      // Answered after 5, 9 or 25 working days, or (one in five) never.
      const spent = [5, 9, 25, 5, 0][(a + k) % 5] as number;
      const answeredOn = spent ? calendar.addWorkingDays(receivedOn, spent) : null;
      const externalId = `PAKN-2025-${agency.code}-${k + 1}`;
      const subject = k % 2 ? 'Chậm trả kết quả chứng thực bản sao' : 'Đề nghị niêm yết công khai thủ tục hộ tịch';
      rows.push({
        externalId,
        receivedAt: new Date(`${receivedOn}T09:00:00+07:00`),
        receivedOn,
        channel: 'in_person',
        submitterType: 'citizen',
        submitterName: 'Người dân (nội dung minh họa)',
        subject,
        content: `${subject} tại ${agency.name} (nội dung minh họa).`,
        classification: 'regulation',
        field: k % 2 ? 'Chứng thực' : 'Hộ tịch',
        competentAgencyId: agency.id,
        status: answeredOn ? 'answered' : 'assigned',
        clockStart: receivedOn,
        ...dues,
        answerText: answeredOn ? 'Ủy ban nhân dân đã tiếp thu và trả lời (nội dung minh họa).' : null,
        answeredAt: answeredOn ? new Date(`${answeredOn}T10:00:00+07:00`) : null,
        answeredOn,
        answerWorkingDays: answeredOn ? calendar.workingDaysBetween(receivedOn, answeredOn) : null,
        satisfaction: 'not_rated',
        recomplaint: false,
        searchText: feedbackSearchText(externalId, subject),
      });
    }
  });
  await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('feedback').values(rows).returning(['id', 'status', 'competentAgencyId']).execute();
    await trx
      .insertInto('feedbackEvent')
      .values(inserted.map((r) => ({ feedbackId: r.id, action: 'created', toStatus: r.status, toAgencyId: r.competentAgencyId })))
      .execute();
    await refreshRollups(trx, null);
    await recordAudit(trx, actor, {
      action: 'feedback.demo_seeded',
      entityType: 'feedback',
      entityId: null,
      after: { items: rows.length, before: REORGANISATION_DATE },
    });
  });
  return rows.length;
}
